#!/usr/bin/env bash
# `limber report` over ten years of daily data (goals: under 200 ms, the
# file under 1 MB), and `limber restore` of that data's JSON backup into a
# new data dir (goal: under 2 s). Uses the data of bench/stats.sh
# (bench/.data/ten-years, generated once through the Store trait).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked -p limber-cli
cargo build --release --locked -p limber-store-sqlite --example ten_years
home=bench/.data/ten-years
if [ ! -f "$home/limber.db" ]; then
    mkdir -p "$home"
    target/release/examples/ten_years "$home" 10
fi
out=bench/.data/report
mkdir -p "$out"
limber="target/release/limber"

TZ=UTC hyperfine --warmup 3 --runs 30 -N --export-json "$out/report.json" \
    "$limber --data-dir $home report -o $out/report.html"
echo "report size: $(stat -c %s "$out/report.html") bytes"

$limber --data-dir "$home" export --format json -o "$out/backup.json"
echo "backup size: $(stat -c %s "$out/backup.json") bytes"
TZ=UTC hyperfine --warmup 1 --runs 10 --export-json "$out/restore.json" \
    --prepare "rm -rf $out/restored" \
    "$limber --data-dir $out/restored restore $out/backup.json"
# The restored data dir exports the same backup.
$limber --data-dir "$out/restored" export --format json | cmp - "$out/backup.json" && echo "restored export is identical"
