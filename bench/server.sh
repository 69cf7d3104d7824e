#!/usr/bin/env bash
# `limber serve` under load, side by side with the peer baseline (wger 2.1 on
# gunicorn, ../shared/bench/wger/run.sh) in the same run, with the same wrk
# settings, and the ratios between them.
#
#   bash bench/server.sh                  # about 4 minutes: limber, then wger
#   SKIP_WGER=1 bash bench/server.sh      # limber alone
#
# limber serves ten years of daily use (3,650 sessions, 7,300 diary entries,
# made by crates/limber-store-sqlite/examples/ten_years.rs) on 127.0.0.1:
#   GET  /api/v1/history?limit=20   the History page's first page
#   POST /api/v1/pain               a new diary entry, a fresh client id each time
# After the POST run every entry the server acknowledged (any answer under
# 400: 201, or 200 for a retry) is counted in
# the database. Every load phase is bounded (wrk -d); the script only ever
# kills the server it started. Raw outputs go to $RAW (default
# bench/.data/server-raw), never into the repository.
set -euo pipefail
# $RAW as the caller named it, from where they called: the peer's run.sh
# works in a directory of its own, so it is passed on absolute.
[[ -n ${RAW:-} ]] && RAW=$(realpath -m "$RAW")
cd "$(dirname "$0")/.."
ROOT=$PWD

DUR=${DURATION:-20}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
COLD_RUNS=${COLD_RUNS:-3}
RAW=${RAW:-$ROOT/bench/.data/server-raw}
WGER_RUN=${WGER_RUN:-$ROOT/../shared/bench/wger/run.sh}

need=()
command -v wrk >/dev/null || need+=(wrk)
[[ -x /usr/bin/time ]] || need+=(time)
command -v curl >/dev/null || need+=(curl)
if [[ ${#need[@]} -gt 0 ]]; then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"
fi

mkdir -p "$RAW"
find "$RAW" -maxdepth 1 -type f -delete
log() { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$RAW/run.log"; }

# One build for both, so the dependencies are compiled once.
cargo build --release --locked -p limber-cli -p limber-store-sqlite --bin limber --example ten_years
BIN=$ROOT/target/release/limber
tenyears=$ROOT/bench/.data/ten-years
if [[ ! -f $tenyears/limber.db ]]; then
    mkdir -p "$tenyears"
    log "making ten years of data in $tenyears"
    target/release/examples/ten_years "$tenyears" 10
fi

# Each run works on a copy, so POSTs never grow the shared ten years.
home=$(mktemp -d)
trap 'stop_server; rm -rf "$home"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
SPID=""

stop_server() {
    if [[ -n $SPID ]] && kill -0 "$SPID" 2>/dev/null; then
        kill -TERM "$SPID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.05; done
        kill -KILL "$SPID" 2>/dev/null || true
        wait "$SPID" 2>/dev/null || true
    fi
    SPID=""
}

# The generator writes through the Store trait, not the use cases, so its
# diary has no rules' standing yet, as one written by an older limber: its
# first write works one out from the whole diary, once. One `limber log`
# does that here, so the load measures a diary this version has written.
fresh_data() {
    rm -rf "$home/data"
    mkdir -p "$home/data"
    cp "$tenyears/limber.db" "$home/data/"
    "$BIN" --data-dir "$home/data" log --leg 3 --note "before the benchmark" >/dev/null
}

start_server() {
    "$BIN" --data-dir "$home/data" serve --addr "127.0.0.1:$PORT" >>"$RAW/serve.log" 2>&1 &
    SPID=$!
}

rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$SPID/status" 2>/dev/null || echo 0; }

# Milliseconds from launching the server to its first 200 on the GET,
# polling every millisecond (python, so no process start per poll).
first_ok_ms() {
    python3 - "$BASE/api/v1/history?limit=20" "$BIN" "$home/data" "$PORT" <<'EOF'
import subprocess, sys, time, urllib.request
url, binary, data, port = sys.argv[1:]
t0 = time.perf_counter()
p = subprocess.Popen([binary, "--data-dir", data, "serve", "--addr", f"127.0.0.1:{port}"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    print(round((time.perf_counter() - t0) * 1000, 1)); break
        except OSError:
            pass
        if time.perf_counter() - t0 > 30:
            sys.exit("the server did not answer within 30 s")
        time.sleep(0.001)
finally:
    p.terminate(); p.wait()
EOF
}

# One wrk phase against the running server: $1 tag, $2 lua script, $3 path,
# $4 seconds. Samples the server's RSS every 0.2 s.
run_wrk() {
    local tag=$1 script=$2 path=$3 dur=$4 peak=0 r spid
    (while :; do rss_kb; sleep 0.2; done) >"$RAW/rss-$tag.samples" &
    spid=$!
    LIMBER_ORIGIN=$BASE wrk -t"$THREADS" -c"$CONNS" -d"${dur}s" --timeout 10s --latency \
        -s "$ROOT/bench/wrk/$script" "$BASE$path" >"$RAW/wrk-$tag.txt" 2>&1 || true
    kill "$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
    for r in $(cat "$RAW/rss-$tag.samples"); do ((r > peak)) && peak=$r; done
    echo "$peak" >"$RAW/rss-$tag.peak"
    log "$tag: $(grep '^WRKJSON' "$RAW/wrk-$tag.txt" | cut -c9-) peak_rss_kb=$peak"
}

# ------------------------------------------------------------ cold start
fresh_data
COLD=()
for i in $(seq 1 "$COLD_RUNS"); do
    sync
    COLD+=("$(first_ok_ms)")
    log "cold start #$i: ${COLD[-1]} ms to the first 200 on GET /api/v1/history?limit=20"
done

# ------------------------------------------------------------ load
start_server
for _ in $(seq 1 500); do curl -fs -o /dev/null "$BASE/api/v1/history?limit=20" && break; sleep 0.01; done
curl -fsS "$BASE/api/v1/history?limit=20" -o "$RAW/sample-history.json"
log "sample GET: $(head -c 200 "$RAW/sample-history.json")..."
before=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from pain_entries').fetchone()[0])" "$home/data/limber.db")
run_wrk warmup get.lua "/api/v1/history?limit=20" "$WARMUP"
run_wrk get get.lua "/api/v1/history?limit=20" "$DUR"
run_wrk post post_pain.lua "/api/v1/pain" "$DUR"
RSS_AFTER=$(rss_kb)
stop_server
after=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from pain_entries').fetchone()[0])" "$home/data/limber.db")
acked=$(sed -n 's/.*"acknowledged":\([0-9]*\).*/\1/p' "$RAW/wrk-post.txt")
stored=$((after - before))
log "POST: $acked acknowledged, $stored stored"

# ------------------------------------------------------------ the peer, same run
if [[ ${SKIP_WGER:-0} != 1 ]]; then
    if [[ -f $WGER_RUN ]]; then
        log "running the wger baseline ($WGER_RUN)"
        REUSE_VENV=${REUSE_VENV:-1} DURATION=$DUR WARMUP=$WARMUP THREADS=$THREADS CONNS=$CONNS \
            RAW="$RAW/wger" bash "$WGER_RUN" >"$RAW/wger.out" 2>&1 || log "the wger baseline failed: see $RAW/wger.out"
    else
        log "no wger baseline at $WGER_RUN: limber's figures only"
    fi
fi

CONNS=$CONNS python3 - "$RAW" "$acked" "$stored" "$RSS_AFTER" "${COLD[@]}" <<'EOF' | tee "$RAW/summary.txt"
import json, os, re, statistics, sys
raw, acked, stored, rss_after, *cold = sys.argv[1:]
def wrk(path):
    for line in open(path):
        if line.startswith("WRKJSON "):
            return json.loads(line[8:])
    sys.exit(f"no wrk summary in {path}")
def peak(tag): return int(open(f"{raw}/rss-{tag}.peak").read())
get, post = wrk(f"{raw}/wrk-get.txt"), wrk(f"{raw}/wrk-post.txt")
cold_ms = statistics.median(float(c) for c in cold)
rss_mib = max(peak("get"), peak("post"), int(rss_after)) / 1024
print(f"limber GET  /api/v1/history?limit=20: {get['rps']:.0f} req/s, p50 {get['p50_ms']:.2f} ms, p99 {get['p99_ms']:.2f} ms, errors {get['err_non2xx3xx'] + get['err_timeout'] + get['err_read'] + get['err_connect']}")
print(f"limber POST /api/v1/pain:             {post['rps']:.0f} req/s, p50 {post['p50_ms']:.2f} ms, p99 {post['p99_ms']:.2f} ms, errors {post['err_non2xx3xx'] + post['err_timeout'] + post['err_read'] + post['err_connect']}")
# wrk stops with up to one request per connection in flight: stored, but
# never acknowledged. Every acknowledged entry must be stored.
conns = int(os.environ.get("CONNS", "64"))
stored_ok = int(acked) <= int(stored) <= int(acked) + conns
print(f"limber POST: {acked} acknowledged, {stored} stored ({'every acknowledged entry stored' if stored_ok else 'MISMATCH'})")
print(f"limber server RSS peak: {rss_mib:.1f} MiB; first 200 after launch: {cold_ms:.1f} ms (median of {len(cold)}: {', '.join(cold)})")
summary = f"{raw}/wger/summary.txt"
if os.path.exists(summary):
    w = {}
    for line in open(summary):
        k, _, v = line.strip().partition("=")
        w[k] = v
    def wj(key): return json.loads(re.match(r"(\{.*?\})", w[key]).group(1))
    wget, wpost = wj("get-log"), wj("post-log")
    wrss = max(int(re.search(r"peak_rss_kb=(\d+)", w[k]).group(1)) for k in ("get-log", "post-log")) / 1024
    wcold = statistics.median(float(c) for c in w["cold_start_ms"].split())
    print(f"wger   GET  /api/v2/workoutlog/?limit=20: {wget['rps']:.0f} req/s, p99 {wget['p99_ms']:.1f} ms")
    print(f"wger   POST /api/v2/workoutlog/:          {wpost['rps']:.0f} req/s, p99 {wpost['p99_ms']:.1f} ms")
    print(f"wger   RSS peak {wrss:.0f} MiB; first 200 after launch {wcold:.0f} ms")
    print(f"ratio GET req/s:  {get['rps'] / wget['rps']:.0f}x  (goal >= 100x)")
    print(f"ratio POST req/s: {post['rps'] / wpost['rps']:.0f}x  (goal >= 50x)")
    print(f"ratio RSS:        {wrss / rss_mib:.1f}x smaller")
    print(f"ratio first 200:  {wcold / cold_ms:.0f}x sooner")
goals = [("p99 GET < 5 ms", get["p99_ms"] < 5), ("p99 POST < 5 ms", post["p99_ms"] < 5),
         ("RSS < 40 MiB", rss_mib < 40), ("first 200 < 20 ms", cold_ms < 20),
         ("every acknowledged entry stored", stored_ok)]
for name, ok in goals:
    print(f"goal {name}: {'met' if ok else 'NOT met'}")
EOF
