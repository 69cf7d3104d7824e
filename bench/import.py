#!/usr/bin/env python3
"""Parse throughput and memory peak of limber's importer against Python's
gpxpy and fitparse, on the same ~10 MB GPX and FIT files, in one run.

Each parser runs in its own child process; wall time is the mean over a few
parses inside that process, the memory peak is the child's max RSS (wait4).
Run through bench/import.sh, which builds the helper and the venv."""

import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", ".data")
HELPER = os.path.join(ROOT, "target", "release", "examples", "import_bench")
VENV_PY = os.path.join(ROOT, "bench", ".venv", "bin", "python")
SIZE = 10 * 1024 * 1024

PY_GPX = r"""
import sys, time, gpxpy
path, n = sys.argv[1], int(sys.argv[2])
t = time.perf_counter()
for _ in range(n):
    with open(path) as f:
        g = gpxpy.parse(f)
    km = g.length_2d() / 1000
    g.get_moving_data()
    g.get_uphill_downhill()
print("%.6f %.3f" % ((time.perf_counter() - t) / n, km))
"""

PY_FIT = r"""
import sys, time, fitparse
path, n = sys.argv[1], int(sys.argv[2])
t = time.perf_counter()
for _ in range(n):
    f = fitparse.FitFile(path)
    km = 0.0
    for m in f.get_messages():
        if m.name == "session":
            km = m.get_value("total_distance") / 1000
        elif m.name == "record":
            m.get_value("timestamp"); m.get_value("position_lat")
print("%.6f %.3f" % ((time.perf_counter() - t) / n, km))
"""


def child(cmd):
    """(seconds per parse, km, max RSS in MiB) of one child process."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out = p.stdout.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{cmd[0]} failed")
    per, km = out.split()
    return float(per), float(km), usage.ru_maxrss / 1024


def main():
    os.makedirs(DATA, exist_ok=True)
    files = {}
    for kind in ("gpx", "fit"):
        path = os.path.join(DATA, f"bench-10mb.{kind}")
        if not os.path.exists(path):
            subprocess.check_call([HELPER, f"gen-{kind}", path, str(SIZE)])
        files[kind] = path
    rows = []
    for kind, py in (("gpx", PY_GPX), ("fit", PY_FIT)):
        path = files[kind]
        mb = os.path.getsize(path) / 1024 / 1024
        rust = child([HELPER, "parse", path, "10"])
        python = child([VENV_PY, "-c", py, path, "2" if kind == "gpx" else "1"])
        rows.append((kind.upper(), mb, rust, python))
    print(f"{'format':<6} {'file':>8} {'limber':>22} {'python':>22} {'speed-up':>9} {'memory':>16}")
    for kind, mb, (rt, rkm, rmem), (pt, pkm, pmem) in rows:
        lib = "gpxpy" if kind == "GPX" else "fitparse"
        print(
            f"{kind:<6} {mb:6.1f}MB {rt*1000:8.1f} ms {mb/rt:6.0f} MB/s "
            f"{pt*1000:8.0f} ms {mb/pt:5.1f} MB/s {pt/rt:8.0f}x "
            f"{rmem:5.0f} vs {pmem:5.0f} MiB  ({lib}; distance {rkm:.2f} vs {pkm:.2f} km)"
        )


if __name__ == "__main__":
    main()
