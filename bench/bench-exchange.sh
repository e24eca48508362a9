#!/usr/bin/env bash
# Times the exports and the bundle on a copy of the world-size store, for
# its biggest country (the most records): the report (PDF), the ratings
# and the evidence as CSV, a bundle written, and that bundle imported into
# an empty store and then again (nothing to change). Median of RUNS runs.
#
#   bench/bench-exchange.sh BUILD WORLD [RUNS]
set -euo pipefail

BUILD=$1
WORLD=$2
RUNS=${3:-5}
APP="$BUILD/app/mnr-tracker"
work=$(mktemp -d /tmp/mnr-bench-exchange.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$WORLD"/. "$work/store"

country=$(python3 - "$work/store/mnr-tracker.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT country FROM evidence GROUP BY country ORDER BY count(*) DESC, country LIMIT 1").fetchone()[0])
PY
)

median () { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# time_ms LABEL DATADIR -- COMMAND…: the median wall time of RUNS runs.
time_ms () {
  local label=$1 dir=$2; shift 3
  local times=()
  for _ in $(seq "$RUNS"); do
    [ "$label" = "bundle, imported into an empty store" ] && rm -rf "$work/empty" && mkdir "$work/empty"
    local t0 t1
    t0=$(date +%s%N)
    MNR_TRACKER_DATA_DIR="$dir" "$@" >/dev/null
    t1=$(date +%s%N)
    times+=("$(( (t1 - t0) / 1000000 ))")
  done
  printf '%-44s %6s ms (median of %s)\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "$RUNS"
}

echo "country: $country"
time_ms "report, PDF" "$work/store" -- "$APP" --export-report="$work/report.pdf" --country="$country"
echo "  $(pdfinfo "$work/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p') pages, $(stat -c %s "$work/report.pdf") bytes"
time_ms "ratings, CSV" "$work/store" -- "$APP" --export-csv="$work/ratings.csv" --country="$country"
time_ms "evidence, CSV" "$work/store" -- "$APP" --export-evidence-csv="$work/evidence.csv" --country="$country"
time_ms "bundle, written" "$work/store" -- "$APP" --export-bundle="$work/bundle" --country="$country"
echo "  $(stat -c %s "$work/bundle") bytes"
time_ms "bundle, imported into an empty store" "$work/empty" -- "$APP" --import-bundle="$work/bundle"
time_ms "bundle, imported again (nothing to change)" "$work/empty" -- "$APP" --import-bundle="$work/bundle"
