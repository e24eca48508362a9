#!/bin/sh
# fuzz/run-campaign.sh [--build DIR] [--target NAME] [--execs N | --seconds S] [--jobs J]
# Long libFuzzer campaigns on the targets of a -Dfuzzing=true build. Each
# target fuzzes a copy of its corpus in a work directory (default
# DIR/fuzz-campaign), where crash artifacts and logs go; the tree is
# never written. Prints per target: executions, exec/s, cov, ft, crashes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build-asan target= execs= seconds=600 jobs=1
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --execs) execs=$2; seconds=; shift 2 ;;
    --seconds) seconds=$2; execs=; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--target NAME] [--execs N | --seconds S] [--jobs J]" >&2; exit 2 ;;
  esac
done
# Fastest first, the store-backed ones last.
targets=${target:-"csv groups framework sample sync-record changes-page server-put server-batch ratings-sheet ratings-csv bundle"}
work=$build/fuzz-campaign
mkdir -p "$work"
printf '%-14s %12s %8s %6s %6s %7s\n' target executions exec/s cov ft crashes
status=0
for t in $targets; do
  exe=$build/fuzz/fuzz-$t
  [ -x "$exe" ] || { echo "$exe: not built (meson setup with -Dfuzzing=true)" >&2; exit 1; }
  dir=$work/$t; rm -rf "$dir"; mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -r "$here/corpus/$t/." "$dir/corpus/"
  dict=; [ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"
  limit=; [ -n "$execs" ] && limit="-runs=$execs"; [ -n "$seconds" ] && limit="-max_total_time=$seconds"
  # With more than one job each runs its share of -runs / the whole time.
  if [ "$jobs" -gt 1 ]; then par="-jobs=$jobs -workers=$jobs"; else par=; fi
  rc=0
  "$exe" -rss_limit_mb=2048 -artifact_prefix="$dir/artifacts/" -print_final_stats=1 $dict $limit $par \
    "$dir/corpus" > "$dir/log" 2>&1 || rc=$?
  logs="$dir/log"; [ -n "$par" ] && logs="$dir/log fuzz-*.log"
  n=$(grep -h '^stat::number_of_executed_units' $logs 2>/dev/null | awk '{s+=$2} END {print s+0}')
  secs=$(grep -h '^stat::slowest_unit_time_sec\|Done [0-9]* runs in' $logs 2>/dev/null | sed -n 's/.*runs in \([0-9]*\) second.*/\1/p' | tail -1)
  speed=$(grep -h '^stat::average_exec_per_sec' $logs | awk '{s+=$2} END {print s+0}')
  last=$(grep -h -E '^#[0-9]+' "$dir/log" | tail -1)
  cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p') ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  # slow-unit-* files are libFuzzer's note of its slowest input, not a finding.
  crashes=$(find "$dir/artifacts" -type f ! -name 'slow-unit-*' | wc -l)
  printf '%-14s %12s %8s %6s %6s %7s\n' "$t" "$n" "$speed" "${cov:--}" "${ft:--}" "$crashes"
  [ "$crashes" -eq 0 ] && [ "$rc" -eq 0 ] || status=1
done
echo "work directory: $work"
exit $status
