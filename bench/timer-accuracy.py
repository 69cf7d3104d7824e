#!/usr/bin/env python3
"""Timer accuracy: runs a 2-minute routine in real time and measures how far
the final cue lands from its schedule (goal: within 50 ms).

The first cue (00:00) is the reference; the last cue is scheduled at the
routine's estimate (`limber plan --json`'s `estimated_seconds`). Lines are
time-stamped as they arrive on a pipe, so the figure includes the process's
own output latency.
"""
import json, os, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["cargo", "build", "--release", "--locked", "-p", "limber-cli"], cwd=root, check=True)
limber = os.path.join(root, "target", "release", "limber")
program = os.path.join(root, "bench", "two-minute.toml")
home = tempfile.mkdtemp()
base = [limber, "--data-dir", home]
subprocess.run(base + ["screen", "--none-apply"], check=True, stdout=subprocess.DEVNULL)
plan = json.loads(subprocess.run(base + ["plan", "--json", "--program", program], check=True, capture_output=True).stdout)
expected = plan["estimated_seconds"]

proc = subprocess.Popen(base + ["start", "--plain", "--program", program], stdout=subprocess.PIPE, text=True, bufsize=1)
first = last = None
for line in proc.stdout:
    now = time.monotonic()
    if len(line) > 6 and line[2] == ":" and line[:2].isdigit():
        if first is None:
            first = now
        last = now
proc.wait()
elapsed = last - first
error_ms = (elapsed - expected) * 1000
print(f"scheduled {expected:.3f} s, measured {elapsed:.3f} s, error {error_ms:+.1f} ms")
sys.exit(0 if abs(error_ms) <= 50 else 1)
