#!/usr/bin/env bash
# Cold start of `limber exercises` (goal: under 5 ms), release build.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked -p limber-cli
home=$(mktemp -d)
hyperfine --warmup 20 --runs 300 -N \
    "target/release/limber --data-dir $home exercises" \
    "target/release/limber --data-dir $home exercises --json"
rm -rf "$home"
