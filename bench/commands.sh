#!/usr/bin/env bash
# Per-command time at one week and at ten years of daily data: `limber log`,
# `limber history --limit 20`, `limber plan` and `limber start --plain` (up
# to its first cue, then `q`). Goal: each command's ten-year time about its
# one-week time (ratio near 1), since each reads a bounded part of the diary.
# A third data dir of two months (the rules' 60-day window, full) shows what
# is left of the ratio once the window is full: the window, not the diary.
#
# Both data dirs are made fresh by the same generator as `bench/stats.sh`
# (one default-routine session and two diary entries a day, fixed seed),
# ending yesterday so the recent window is as full as in real use; then
# screened, given one diary entry (the first write keeps the rules'
# standing, as it would after an upgrade) and any pause acknowledged.
# Usage: bench/commands.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --locked -p limber-cli
cargo build --release --locked -p limber-store-sqlite --example ten_years
limber=$PWD/target/release/limber
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo q >"$work/quit"

for span in week:7d two-months:60d ten-years:10; do
    home=$work/${span%%:*}
    mkdir -p "$home"
    target/release/examples/ten_years "$home" "${span#*:}" --ending-today
    "$limber" --data-dir "$home" screen --none-apply >/dev/null
    "$limber" --data-dir "$home" log --leg 3 >/dev/null
    # The generated diary may hold a pause: taken as read, so that `start`
    # runs (it stays blocked otherwise, as it should).
    "$limber" --data-dir "$home" screen --acknowledge >/dev/null || true
done

# Each command on both data dirs in one hyperfine run, back to back, so a
# change in the machine's load touches both sides of a ratio alike.
bench() {
    TZ=UTC hyperfine --warmup 3 --runs "$runs" --export-json "$work/$1.json" \
        -n week "$limber --data-dir $work/week $2" \
        -n two-months "$limber --data-dir $work/two-months $2" \
        -n ten-years "$limber --data-dir $work/ten-years $2"
}
bench log 'log --leg 3 --note bench'
bench history 'history --limit 20 >/dev/null'
bench plan 'plan >/dev/null'
bench start "start --plain --speed 1000 <$work/quit >/dev/null"

python3 - "$work" <<'PY'
import json, sys
ms = lambda r: f'{r["mean"] * 1e3:6.1f} ± {r["stddev"] * 1e3:4.1f} ms'
print(f'\n{"command":<24}{"one week":>17}{"two months":>17}{"ten years":>17}'
      f'{"10y/1w":>8}{"10y/2m":>8}')
for name, shown in [("log", "log --leg 3"), ("history", "history --limit 20"),
                    ("plan", "plan"), ("start", "start --plain (to q)")]:
    r = {x["command"]: x for x in json.load(open(f"{sys.argv[1]}/{name}.json"))["results"]}
    w, m, t = r["week"], r["two-months"], r["ten-years"]
    print(f'{shown:<24}{ms(w):>17}{ms(m):>17}{ms(t):>17}'
          f'{t["mean"] / w["mean"]:>8.2f}{t["mean"] / m["mean"]:>8.2f}')
PY
