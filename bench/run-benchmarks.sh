#!/usr/bin/env bash
# Runs MNR Tracker's benchmarks and prints their figures (quoted in the
# README). Builds first; generates the world-size store once, in
# build/bench-world (195 countries, 3 rounds each, 50,000 evidence items).
# The sync benchmarks (bench/SYNC-FIGURES.md) take about ten minutes,
# most of it the first full push of the world store.
#
#   bench/run-benchmarks.sh [RUNS]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build"
RUNS=${1:-5}
WORLD="$BUILD/bench-world"

if [ "${1:-}" != "--inner" ]; then
  bash "$ROOT/build-aux/install-deps.sh" >/dev/null
  [ -f "$BUILD/meson-private/coredata.dat" ] || meson setup "$BUILD" >/dev/null
  meson compile -C "$BUILD" >/dev/null

  if [ ! -f "$WORLD/mnr-tracker.db" ]; then
    rm -rf "$WORLD"
    "$BUILD/bench/mnr-bench-generate" "$WORLD"
  fi

  echo "== the Compare view's data on the world-size store"
  "$BUILD/bench/mnr-bench-compare" "$WORLD" 50

  echo "== reports and exchange on the world-size store's biggest country"
  bash "$ROOT/bench/bench-exchange.sh" "$BUILD" "$WORLD" "$RUNS"

  echo "== evidence search on the world-size store"
  "$BUILD/bench/mnr-bench-search" "$WORLD" 1000

  # The real mnr-sync-server on loopback, started by each benchmark with
  # its own data dir and tokens; the world store is copied, never changed.
  echo "== sync"
  echo "-- the server under concurrent small reads and writes, 1 client"
  "$BUILD/bench/mnr-bench-sync-server" --clients 1 --seconds 10
  echo "-- the same, 8 clients"
  "$BUILD/bench/mnr-bench-sync-server" --clients 8 --seconds 10
  echo "-- the same, 32 clients"
  "$BUILD/bench/mnr-bench-sync-server" --clients 32 --seconds 10
  echo "-- the sync client with the world-size store"
  "$BUILD/bench/mnr-bench-sync-client" "$WORLD" --repeat "$RUNS"

  home=$(mktemp -d /tmp/mnr-bench.XXXXXX)
  mkdir -p "$home/config" "$home/cache" "$home/runtime"
  chmod 700 "$home/runtime"
  export XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime"
  xvfb-run -a -s '-screen 0 1920x1200x24 -noreset' dbus-run-session -- bash "$0" --inner "$RUNS"
  rm -rf "$home"
  exit 0
fi

RUNS=$2
export GSK_RENDERER=cairo GDK_BACKEND=x11 GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$BUILD/data"

median () { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run () {
  local label=$1; shift
  local frames=() memory=()
  for _ in $(seq "$RUNS"); do
    out=$("$@" 2>/dev/null)
    frames+=("$(sed -n 's/^first-frame-ms: //p' <<<"$out")")
    memory+=("$(sed -n 's/^peak-memory-kib: //p' <<<"$out")")
  done
  printf '%s: first frame %s ms (median of %s), peak memory %s MiB\n' "$label" \
    "$(printf '%s\n' "${frames[@]}" | median)" "$RUNS" \
    "$(printf '%s\n' "${memory[@]}" | median | awk '{ printf "%.0f", $1 / 1024 }')"
}

echo "== time to the first frame (Xvfb, cairo renderer)"
# On a copy of the world store, so that the generated one stays as it was
# made; opened once first, so that every measured run finds it in the same
# state (page cache warm, nothing left to migrate). Ghana is one of its
# countries: three rated rounds and 256 items of evidence.
FRAME_WORLD=$(mktemp -d /tmp/mnr-bench-world.XXXXXX)
cp -r "$WORLD"/. "$FRAME_WORLD"
MNR_TRACKER_DATA_DIR="$FRAME_WORLD" "$BUILD/app/mnr-tracker" --benchmark --country=GH >/dev/null 2>&1 || true
run "minimal libadwaita window      " "$BUILD/bench/mnr-bench-minimal-window"
run "MNR Tracker, no data           " env MNR_TRACKER_DATA_DIR="$(mktemp -d)" "$BUILD/app/mnr-tracker" --benchmark
run "MNR Tracker, world store, GH   " env MNR_TRACKER_DATA_DIR="$FRAME_WORLD" "$BUILD/app/mnr-tracker" --benchmark --country=GH
echo "== the Compare view on the world store (load, build, one frame; 16 ms budget)"
MNR_TRACKER_DATA_DIR="$FRAME_WORLD" "$BUILD/app/mnr-tracker" --benchmark-compare --size=1920x1080 2>/dev/null
rm -rf "$FRAME_WORLD"
