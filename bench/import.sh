#!/usr/bin/env bash
# Parse throughput and memory peak: limber's GPX and FIT import against
# Python's gpxpy and fitparse, side by side on the same ~10 MB files.
# Makes bench/.venv (pip from PyPI) and bench/.data/ on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p limber-formats --example import_bench
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q gpxpy==1.6.2 fitparse==1.2.0
fi
exec python3 bench/import.py
