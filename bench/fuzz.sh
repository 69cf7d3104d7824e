#!/usr/bin/env bash
# Runs each run-file fuzz target (fuzz/, cargo-fuzz on the nightly toolchain)
# for a fixed time, seeded with the committed fixtures and the files the
# tests make. Usage: bench/fuzz.sh [SECONDS_PER_TARGET] (default 60).
# A crash is saved under fuzz/artifacts/TARGET/ and this script exits 1:
# turn it into a regression test in crates/limber-formats/tests/import.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || { echo "bench/fuzz.sh needs the nightly toolchain (rustup toolchain install nightly)" >&2; exit 2; }
fx=crates/limber-formats/tests/fixtures
status=0
for target in gpx tcx fit import; do
    seeds=fuzz/corpus/$target
    mkdir -p "$seeds"
    case $target in
        gpx) cp -n $fx/gpxpy/*.gpx "$seeds"/ ;;
        fit) cp -n $fx/fitparser/*.fit "$seeds"/ ;;
        tcx) printf '<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2026-11-30T07:00:00Z</Id><Lap StartTime="2026-11-30T07:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>200</DistanceMeters><Track><Trackpoint><Time>2026-11-30T07:00:00Z</Time><Position><LatitudeDegrees>47</LatitudeDegrees><LongitudeDegrees>8</LongitudeDegrees></Position><AltitudeMeters>400</AltitudeMeters><DistanceMeters>0</DistanceMeters></Trackpoint><Trackpoint><Time>2026-11-30T07:01:00Z</Time><DistanceMeters>200</DistanceMeters></Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>' > "$seeds/seed.tcx" ;;
        import) cp -n $fx/gpxpy/*.gpx $fx/fitparser/*.fit "$seeds"/ ;;
    esac
    echo "== $target: ${secs}s"
    (cd fuzz && cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 2>&1 \
        | grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|Done)" ) || status=1
done
exit $status
