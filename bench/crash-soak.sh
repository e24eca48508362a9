#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Crash soaks (by hand, not in CI; README "Crash soak"):
#  store:  build/bench/mnr-crash-soak-store: a writer making every kind of
#          write the app makes through MnrStore is killed with SIGKILL N
#          times; the store is checked after each kill.
#  server: build/bench/mnr-crash-soak-server: the real server is killed
#          with SIGKILL N times while the real client pushes its outbox,
#          started again on the same data; the client syncs again until
#          it succeeds; nothing may be lost or doubled.
#
#   bench/crash-soak.sh [--kills N] [--seed S] [--seconds T] [--only store|server] [BUILD_DIR]
set -eu
kills=1000
seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
seconds=0
only=
build=build
while [ $# -gt 0 ]; do
  case "$1" in
    --kills|--iterations) kills=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    -h|--help) sed -n '3,12p' "$0"; exit 0 ;;
    *) build=$1; shift ;;
  esac
done
[ -x "$build/bench/mnr-crash-soak-store" ] || { echo "build first: ninja -C $build" >&2; exit 2; }
status=0
if [ "$only" != server ]; then
  "$build/bench/mnr-crash-soak-store" --kills "$kills" --seed "$seed" || status=1
fi
if [ "$only" != store ]; then
  "$build/bench/mnr-crash-soak-server" --kills "$kills" --seed "$seed" --seconds "$seconds" \
    --server "$build/server/mnr-sync-server" || status=1
fi
exit $status
