#!/bin/sh
# run-target.sh replay|fuzz TARGET CORPUS [SECONDS]: the meson tests of
# the fuzz suite. The tree's corpus is only read: a short run fuzzes a
# copy in a temporary directory, and its crash artifacts go there too.
set -eu
mode=$1 exe=$2 corpus=$3 seconds=${4:-15}
work=$(mktemp -d "${TMPDIR:-/tmp}/mnr-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
dict=$(dirname "$0")/$(basename "$exe" | sed 's/^fuzz-//').dict
dictarg=
[ -f "$dict" ] && dictarg="-dict=$dict"
case $mode in
  # -error_exitcode: libFuzzer's own 77 would read as "skipped" to meson.
  replay) "$exe" -error_exitcode=1 -rss_limit_mb=2048 -artifact_prefix="$work/" -runs=0 "$corpus" ;;
  fuzz) mkdir "$work/corpus"; cp -r "$corpus"/. "$work/corpus/"
        "$exe" -error_exitcode=1 -rss_limit_mb=2048 -artifact_prefix="$work/" $dictarg -max_total_time="$seconds" \
          -print_final_stats=1 "$work/corpus" ;;
  *) echo "usage: $0 replay|fuzz TARGET CORPUS [SECONDS]" >&2; exit 2 ;;
esac
