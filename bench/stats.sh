#!/usr/bin/env bash
# `limber stats --json` over ten years of daily data (goal: under 50 ms).
# Generates the data once into bench/.data/ten-years (3,650 sessions with
# ratings, 7,300 diary entries) through the Store trait, then times the command.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked -p limber-cli
cargo build --release --locked -p limber-store-sqlite --example ten_years
home=bench/.data/ten-years
if [ ! -f "$home/limber.db" ]; then
    mkdir -p "$home"
    time target/release/examples/ten_years "$home" 10
fi
TZ=UTC hyperfine --warmup 5 --runs 50 -N "target/release/limber --data-dir $home stats --json"
