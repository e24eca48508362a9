#!/usr/bin/env bash
# Build MNR Tracker and run it from the build tree, without installing.
#
#   build-aux/run-app.sh [APP ARGS...]
#
# Installs missing Debian packages, configures and compiles build/, then
# starts build/app/mnr-tracker. Without a graphical session (no DISPLAY and
# no WAYLAND_DISPLAY, e.g. over ssh or in CI) it renders the main window on a
# private X server instead and saves it as build/mnr-tracker.png.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build"
APP="$BUILD/app/mnr-tracker"

say() { printf 'run-app: %s\n' "$*"; }

cd "$ROOT"

bash "$ROOT/build-aux/install-deps.sh"

if [ ! -f "$BUILD/meson-private/coredata.dat" ]; then
  say "configuring $BUILD"
  meson setup "$BUILD"
elif ! meson introspect "$BUILD" --projectinfo >/dev/null 2>&1; then
  say "reconfiguring $BUILD"
  meson setup --reconfigure "$BUILD" || meson setup --wipe "$BUILD"
fi
meson compile -C "$BUILD"

# Uninstalled: compiled settings schema from the build tree, the application
# icon from the source tree (data/icons/hicolor/...).
export GSETTINGS_SCHEMA_DIR="$BUILD/data"
export XDG_DATA_DIRS="$ROOT/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  say "starting $APP"
  exec "$APP" "$@"
fi

SHOT="$BUILD/mnr-tracker.png"
say "no graphical session: neither DISPLAY nor WAYLAND_DISPLAY is set, so the"
say "window cannot be shown here. Rendering it on a virtual X server instead."
rm -f "$SHOT"
GSK_RENDERER=cairo GDK_BACKEND=x11 GSETTINGS_BACKEND=memory \
  xvfb-run -a -s '-screen 0 1920x1200x24 -noreset' \
  "$APP" --screenshot="$SHOT" --size=1280x800 "$@" </dev/null
if [ ! -s "$SHOT" ]; then
  say "the screenshot was not written" >&2
  exit 1
fi
say "screenshot of the main window: $SHOT"
say "to use the app, run this script again from a desktop session."
