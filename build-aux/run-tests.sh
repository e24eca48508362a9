#!/usr/bin/env bash
# Build MNR Tracker and run all its test suites.
#
#   build-aux/run-tests.sh [--sanitize] [--build-dir DIR] [MESON TEST ARGS...]
#
# e.g. build-aux/run-tests.sh --suite e2e, or -v, or a test name.
# --build-dir DIR (or MNR_BUILD_DIR=DIR) runs another build directory
# than build/. --sanitize runs the AddressSanitizer + UBSan build,
# build-asan/ unless told otherwise, configured with clang if needed:
# leaks are reported for the unit, server, data and i18n suites (with
# build-aux/lsan.supp), not for the GTK widget and e2e suites (see
# README, "Sanitizers"); any ASan or UBSan error fails the test.
# Works from any directory, as root or not, without a terminal or stdin.
#
# 1. installs missing Debian packages (build-aux/install-deps.sh),
# 2. configures build/ if needed and compiles it,
# 3. runs `meson test` on a private X server (Xvfb) inside a private D-Bus
#    session, with accessibility on, and settings/cache/runtime directories
#    inside build/test-home so nothing touches the real home directory.
#
# Exits with meson test's status (0 all passed, 1 some failed, 125 the
# rebuild failed); build/meson-logs/testlog.json holds the per-test results.

set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF="$ROOT/build-aux/run-tests.sh"
SANITIZE=${MNR_SANITIZE:-0}
BUILD=${MNR_BUILD_DIR:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) SANITIZE=1; shift ;;
    --build-dir) BUILD=$2; shift 2 ;;
    --build-dir=*) BUILD=${1#--build-dir=}; shift ;;
    *) break ;;
  esac
done
if [ -z "$BUILD" ]; then
  if [ "$SANITIZE" = 1 ]; then BUILD=build-asan; else BUILD=build; fi
fi
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
export MNR_SANITIZE=$SANITIZE MNR_BUILD_DIR=$BUILD
TESTLOG="$BUILD/meson-logs/testlog.json"
# The sanitizer run writes the GTK suites' results apart (leak detection off).
GUI_TESTLOG="$BUILD/meson-logs/testlog-gui.json"

say() { printf 'run-tests: %s\n' "$*"; }

# ---------------------------------------------------------------------------
# Inner part: runs inside xvfb-run and dbus-run-session.
if [ "${1:-}" = "--inner" ]; then
  shift
  export GSK_RENDERER=cairo
  export GDK_BACKEND=x11
  unset WAYLAND_DISPLAY AT_SPI_BUS_ADDRESS NO_AT_BRIDGE GTK_A11Y
  # dogtail refuses to start unless this is on; GTK 4 itself does not need it.
  if ! gsettings set org.gnome.desktop.interface toolkit-accessibility true 2>/dev/null; then
    say "warning: could not enable toolkit-accessibility (no gsettings-desktop-schemas?)" >&2
  fi
  # Where gnome-keyring is installed this bus would activate it on the
  # first libsecret call, and its first save would ask, through a prompt
  # nobody answers, for a new keyring's password. Start one here instead,
  # its keyrings in the private data folder, created and unlocked with a
  # known password. (tests/keyring/session.sh tests both the keyring and
  # the no-keyring paths on purpose, each on a bus of its own.)
  if command -v gnome-keyring-daemon >/dev/null 2>&1; then
    if eval "$(printf 'mnr-test' | gnome-keyring-daemon --unlock --components=secrets)"; then
      # Until it holds its bus name, a call would start a second daemon.
      for _ in $(seq 50); do
        gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
          --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null |
          grep -q true && break
        sleep 0.1
      done
      say "a private keyring, unlocked, in $XDG_DATA_HOME/keyrings"
    else
      say "warning: could not start a private keyring" >&2
    fi
  fi
  say "display $DISPLAY, session bus ${DBUS_SESSION_BUS_ADDRESS%%,*}"
  cd "$ROOT" || exit 1
  if [ "$SANITIZE" != 1 ]; then
    exec meson test -C "$BUILD" --print-errorlogs "$@"
  fi
  # GLib's slice allocator hides blocks from LSan; GIO's libproxy module is
  # C++ and its exceptions abort ASan in a C program without libstdc++
  # (the tests only talk to loopback, so no proxy resolver is needed).
  export G_SLICE=always-malloc GIO_USE_PROXY_RESOLVER=dummy
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  export LSAN_OPTIONS="suppressions=$ROOT/build-aux/lsan.supp:print_suppressions=0"
  # intercept_tls_get_addr=0: clang 14's (up to LLVM 16) __tls_get_addr
  # interceptor takes a dynamic TLS block that malloc placed 16 bytes into
  # a page for a pre-2.25 glibc header and reads the two words before it
  # (ASan's chunk header) as the block's address and size; LSan's tracer
  # then dies reading that "DTLS" at exit (Tracer caught signal 11). Which
  # run hits it depends on the heap layout only. The blocks are still
  # scanned: they are reached from the DTV, itself reached from the TCB.
  asan=abort_on_error=0:fast_unwind_on_malloc=0:check_initialization_order=1:strict_string_checks=1
  asan+=:intercept_tls_get_addr=0
  run=(meson test -C "$BUILD" --print-errorlogs --timeout-multiplier 4)
  if [ $# -gt 0 ]; then
    ASAN_OPTIONS="$asan:detect_leaks=${MNR_DETECT_LEAKS:-1}" exec "${run[@]}" "$@"
  fi
  status=0
  # The fuzz targets' corpus replays (fuzz) and short runs (fuzz-short,
  # 10 s each), where configured with -Dfuzzing=true (fuzz/meson.build).
  fuzz_suite=
  [ -d "$BUILD/fuzz" ] && fuzz_suite="--suite fuzz --suite fuzz-short"
  ASAN_OPTIONS="$asan:detect_leaks=1" "${run[@]}" \
    --suite unit --suite server --suite data --suite i18n $fuzz_suite || status=$?
  # The GTK suites, the real app in e2e included: no leak report (GTK's own
  # allocations), and malloc's stacks taken by frame pointers, as
  # ASan does by default; the slow unwinder above made the app answer
  # AT-SPI calls later than their 25 s D-Bus timeout.
  ASAN_OPTIONS="${asan/fast_unwind_on_malloc=0/fast_unwind_on_malloc=1}:detect_leaks=0" \
    "${run[@]}" --logbase testlog-gui --suite widget --suite e2e ||
    { s=$?; [ "$s" -gt "$status" ] && status=$s; }
  exit "$status"
fi

# ---------------------------------------------------------------------------
# Outer part.
cd "$ROOT" || exit 1
exec </dev/null   # nothing below may wait for input

bash "$ROOT/build-aux/install-deps.sh" || { say "installing dependencies failed"; exit 1; }

# A build directory meson cannot read any more (e.g. made by another meson
# version) is reconfigured, and wiped only if that fails too. Changed
# meson.build files need nothing here: `meson compile` regenerates by itself.
setup=(meson setup "$BUILD")
if [ "$SANITIZE" = 1 ]; then
  # clang, so that the fuzz targets (-Dfuzzing=true, where the option
  # exists) build in the same directory.
  setup=(env CC=clang meson setup "$BUILD" -Db_sanitize=address,undefined -Db_lundef=false
         -Dc_args=-fno-sanitize-recover=undefined)
  if grep -qs "option('fuzzing'" "$ROOT/meson_options.txt"; then
    setup+=(-Dfuzzing=true)
  fi
fi
if [ ! -f "$BUILD/meson-private/coredata.dat" ]; then
  say "configuring $BUILD"
  "${setup[@]}" || { say "meson setup failed"; exit 1; }
elif ! meson introspect "$BUILD" --projectinfo >/dev/null 2>&1; then
  say "reconfiguring $BUILD"
  "${setup[@]}" --reconfigure || "${setup[@]}" --wipe ||
    { say "meson setup failed"; exit 1; }
fi

# Remove the previous results first: a failed rebuild must not leave old
# results behind looking like a test run.
rm -f "$TESTLOG" "$GUI_TESTLOG"

if ! meson compile -C "$BUILD"; then
  say "build failed; no tests were run"
  exit 125
fi

# Private, empty settings/cache/runtime directories, set before the session
# bus starts so every service it launches (dconf, the accessibility bus) uses
# them too.
TEST_HOME="$BUILD/test-home"
rm -rf "$TEST_HOME"
mkdir -p "$TEST_HOME/config" "$TEST_HOME/cache" "$TEST_HOME/runtime"
RUNTIME="$TEST_HOME/runtime"
# Sockets live in XDG_RUNTIME_DIR and a socket path is limited to 107 bytes:
# with a deep checkout use a short directory in /tmp instead.
TMP_RUNTIME=
if [ ${#RUNTIME} -gt 60 ]; then
  TMP_RUNTIME=$(mktemp -d /tmp/mnr-runtime.XXXXXX)
  RUNTIME=$TMP_RUNTIME
fi
chmod 700 "$RUNTIME"
export XDG_CONFIG_HOME="$TEST_HOME/config"
export XDG_CACHE_HOME="$TEST_HOME/cache"
export XDG_RUNTIME_DIR="$RUNTIME"
export XDG_DATA_HOME="$TEST_HOME/data"
unset DBUS_SESSION_BUS_ADDRESS AT_SPI_BUS_ADDRESS WAYLAND_DISPLAY

# -noreset: by default Xvfb resets whenever its last client disconnects and
# drops connections that arrive meanwhile; short-lived clients (the
# accessibility bus launcher, libatspi reading a root window property) then
# make the next application fail with "cannot open display".
say "running meson test under Xvfb and a private D-Bus session"
xvfb-run -a -s '-screen 0 1920x1200x24 -noreset' \
  dbus-run-session -- bash "$SELF" --inner "$@"
status=$?

[ -n "$TMP_RUNTIME" ] && rm -rf "$TMP_RUNTIME"

# ---------------------------------------------------------------------------
# Summary.
echo
if [ -f "$TESTLOG" ] || [ -f "$GUI_TESTLOG" ]; then
  python3 - "$TESTLOG" "$GUI_TESTLOG" <<'EOF' || true
import json, os, sys
counts, bad = {}, []
for path in sys.argv[1:]:
  if not os.path.exists(path):
    continue
  with open(path, encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        t = json.loads(line)
        r = t.get("result", "?")
        counts[r] = counts.get(r, 0) + 1
        if r in ("FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS"):
            bad.append(f"{t.get('name', '?')} ({r})")
order = ["OK", "EXPECTEDFAIL", "SKIP", "FAIL", "UNEXPECTEDPASS", "TIMEOUT", "ERROR"]
parts = [f"{counts[k]} {k}" for k in order + sorted(set(counts) - set(order)) if counts.get(k)]
print("run-tests: summary: " + (", ".join(parts) if parts else "no tests ran"))
for b in bad:
    print("run-tests:   failed: " + b)
EOF
  say "full log: $BUILD/meson-logs/testlog.txt"
else
  say "summary: no test results ($TESTLOG missing)"
fi
say "exit status $status"
exit "$status"
