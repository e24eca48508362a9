#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Crash soak of the app's store (not in CI): a child writing through
# MnrStore is killed with SIGKILL N times at random moments; after each
# kill the store must open as the app opens it, pass PRAGMA
# integrity_check and hold every write the child reported committed
# (tests/unit/test-store-crash.c, with more kills and a fixed seed).
#
#   bench/crash-soak.sh [--iterations N] [--seed S] [BUILD_DIR]
set -eu
iterations=1000
seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
build=build
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) iterations=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '3,10p' "$0"; exit 0 ;;
    *) build=$1; shift ;;
  esac
done
test_bin="$build/tests/unit/test-store-crash"
[ -x "$test_bin" ] || { echo "build first: ninja -C $build" >&2; exit 2; }
start=$(date +%s)
log=$(mktemp)
status=0
MNR_CRASH_KILLS=$iterations MNR_CRASH_SEED=$seed G_DEBUG=fatal-warnings "$test_bin" --verbose >"$log" 2>&1 || status=$?
end=$(date +%s)
summary=$(grep -o '[0-9]* kills, [0-9]* writes reported committed, all found' "$log" || true)
echo "store: seed $seed, iterations $iterations, kills $iterations, failures $([ $status -eq 0 ] && echo 0 || echo 1), time $((end - start)) s"
[ -n "$summary" ] && echo "store: $summary"
[ $status -eq 0 ] || { tail -20 "$log" >&2; }
rm -f "$log"
exit $status
