#!/usr/bin/python3
"""End-to-end test of the MNR grid, driven through the accessibility tree.

Usage: test_grid.py PATH/TO/mnr-tracker

Starts the real application on the current display, finds it on the AT-SPI
bus, and checks what a screen reader user would get: every tile of the Model
National Response grid by its accessible name, the detail panel that opens
when a tile is activated, and closing that panel again.

Exit status: 0 on success, 1 on failure, 77 (meson's "skip") only when there
is no display or no accessibility bus to talk to.

Uses libatspi through GObject introspection (the library pyatspi wraps),
which must come from the system Python: run it with /usr/bin/python3.
"""

import os
import re
import subprocess
import sys
import time
import traceback
import warnings

SKIP = 77

# The application keeps the G_DEBUG it is given (the test suites use
# fatal-warnings), but this client must not: libatspi prints harmless
# warnings, e.g. "AT-SPI: Error in GetItems ... /org/a11y/atspi/cache" because
# GTK 4 has no cache object, and a fatal one would kill the test itself.
# GLib reads G_DEBUG when it is loaded, so this must happen before "import gi".
APP_G_DEBUG = os.environ.get("G_DEBUG")
if APP_G_DEBUG is not None:
    _flags = [f for f in re.split(r"[,:; ]+", APP_G_DEBUG)
              if f and f not in ("fatal-warnings", "fatal-criticals")]
    if _flags:
        os.environ["G_DEBUG"] = ",".join(_flags)
    else:
        del os.environ["G_DEBUG"]

APP_NAME = "mnr-tracker"
CAP4_NAME = "Capability 4: Dedicated Law Enforcement"
CAP4_DESCRIPTION = (
    "National remit; trained officers; proactive and reactive investigations; "
    "victim-focused; international cooperation"
)
OUTCOME_NAME = "Outcome: CSEA prevented"
OUTCOME_DESCRIPTION_START = "Children and young people are informed and empowered"
CLOSE_NAME = "Close panel"

# GTK 4.8 exposes a GtkToggleButton as a "push button" carrying the "pressed"
# state; newer GTK versions use the "toggle button" role.
TILE_ROLES = ("toggle button", "push button")

APPEAR_TIMEOUT = 30.0
STEP_TIMEOUT = 10.0
POLL = 0.1


def log(msg):
    print(msg, flush=True)


def skip(why):
    log(f"SKIP: {why}")
    sys.exit(SKIP)


class CheckFailed(Exception):
    pass


n_checks = 0


def check(cond, what, detail=None):
    global n_checks
    n_checks += 1
    if cond:
        log(f"ok {n_checks} - {what}")
    else:
        log(f"not ok {n_checks} - {what}" + (f": {detail}" if detail else ""))
        raise CheckFailed(what)


# --------------------------------------------------------------------------
# Environment probing (decides between running and skipping)

def probe_environment():
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        skip("no DISPLAY or WAYLAND_DISPLAY; run under xvfb-run "
             "(build-aux/run-tests.sh does this)")

    try:
        import gi
        gi.require_version("Atspi", "2.0")
        gi.require_version("Gio", "2.0")
        from gi.repository import Gio, GLib  # noqa: F401
    except (ImportError, ValueError) as e:
        skip(f"AT-SPI introspection data not available ({e}); "
             "install gir1.2-atspi-2.0 and use /usr/bin/python3")

    # The accessibility bus is started on demand by the session bus: ask it
    # for its address, with a short timeout, before libatspi would hang on it.
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                              "GetAddress", None, GLib.VariantType.new("(s)"),
                              Gio.DBusCallFlags.NONE, 10000, None)
        address = reply.unpack()[0]
    except Exception as e:  # GLib.Error, or no session bus at all
        skip(f"no AT-SPI bus reachable ({e}); run inside dbus-run-session "
             "with at-spi2-core installed")
    if not address:
        skip("the AT-SPI bus reported an empty address")
    log(f"# display {os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY')}, "
        f"AT-SPI bus {address}")


# --------------------------------------------------------------------------
# AT-SPI helpers

def Atspi():
    from gi.repository import Atspi as _Atspi
    return _Atspi


def states(obj):
    try:
        obj.clear_cache()
    except Exception:
        pass
    return {s.value_nick for s in obj.get_state_set().get_states()}


def is_pressed(obj):
    st = states(obj)
    return "pressed" in st or "checked" in st


def walk(obj, depth=0, max_depth=60):
    """All descendants of obj (depth-first, obj included)."""
    out = [obj]
    if depth >= max_depth:
        return out
    try:
        n = obj.get_child_count()
    except Exception:
        return out
    for i in range(n):
        try:
            child = obj.get_child_at_index(i)
        except Exception:
            continue
        if child is not None:
            out.extend(walk(child, depth + 1, max_depth))
    return out


def safe_name(obj):
    try:
        return obj.get_name() or ""
    except Exception:
        return ""


def safe_role(obj):
    try:
        return obj.get_role_name() or ""
    except Exception:
        return ""


def find_app(pid):
    desktop = Atspi().get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is None:
            continue
        try:
            if app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def wait_for(what, fn, timeout=STEP_TIMEOUT):
    """Poll fn() until it returns something truthy; return that, or None."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = fn()
        except Exception:
            result = None
        if result:
            return result
        if time.monotonic() >= deadline:
            log(f"# timed out after {timeout:.0f} s waiting for {what}")
            return None
        time.sleep(POLL)


def window_of(app):
    for i in range(app.get_child_count()):
        child = app.get_child_at_index(i)
        if child is not None and safe_role(child) in ("frame", "window", "dialog"):
            return child
    return None


def extents(obj):
    """Extents in window coordinates. (Screen coordinates are not supported
    by GTK 4 on X11 and make it print a warning, which fatal-warnings turns
    into a crash.)"""
    if "Component" not in obj.get_interfaces():
        return None
    return Atspi().Component.get_extents(obj, Atspi().CoordType.WINDOW)


def is_showing(obj, window):
    """Whether obj is visible on screen inside the window.

    GTK 4.8 sets "showing" on the toplevel only, and keeps a closed AdwFlap's
    content "visible" (just moved out of the window), so besides the state,
    require the object to have a size and to lie within the window."""
    st = states(obj)
    if "visible" not in st and "showing" not in st:
        return False
    e = extents(obj)
    if e is None or e.width <= 0 or e.height <= 0:
        return False
    w = extents(window)
    if w is None:
        return "showing" in st
    # The window's own extents in window coordinates are (0, 0, W, H).
    return e.x >= 0 and e.y >= 0 and e.x + e.width <= w.width and e.y + e.height <= w.height


def labels_showing(app, window, match):
    return [o for o in walk(app)
            if safe_role(o) == "label" and match(safe_name(o)) and is_showing(o, window)]


def activate(obj):
    Action = Atspi().Action
    if "Action" not in obj.get_interfaces() or Action.get_n_actions(obj) < 1:
        raise CheckFailed(f"{safe_name(obj)!r} has no action")
    with warnings.catch_warnings():
        # libatspi marks some action getters deprecated in favour of others
        # that older versions lack; both work.
        warnings.simplefilter("ignore", DeprecationWarning)
        names = [Action.get_action_name(obj, i) for i in range(Action.get_n_actions(obj))]
    for wanted in ("click", "press", "activate", "toggle"):
        if wanted in names:
            return Action.do_action(obj, names.index(wanted))
    return Action.do_action(obj, 0)


def find_tile(app, name):
    for o in walk(app):
        if safe_role(o) in TILE_ROLES and safe_name(o) == name:
            return o
    return None


# --------------------------------------------------------------------------
# The test

def run_checks(app, proc):
    window = wait_for("the main window", lambda: window_of(app))
    check(window is not None, "the application has a main window on the AT-SPI bus")

    # The grid fills in asynchronously: wait until all 34 tiles are there.
    def tiles():
        found = [o for o in walk(app)
                 if safe_role(o) in TILE_ROLES
                 and re.match(r"(Capability \d+|Enabler|Outcome): ", safe_name(o))]
        return found if len(found) >= 34 else None

    all_tiles = wait_for("34 tiles", tiles) or []
    roles = sorted({safe_role(o) for o in all_tiles})
    log(f"# {len(all_tiles)} tiles found, role(s): {', '.join(roles) or 'none'}")

    names = [safe_name(o) for o in all_tiles]
    capabilities = [n for n in names if re.match(r"Capability \d+: .+", n)]
    enablers = [n for n in names if re.match(r"Enabler: .+", n)]
    outcomes = [n for n in names if re.match(r"Outcome: .+", n)]
    numbers = sorted(int(re.match(r"Capability (\d+):", n).group(1)) for n in capabilities)

    check(len(capabilities) == 21, "21 capability tiles",
          f"found {len(capabilities)}: {capabilities}")
    check(numbers == list(range(1, 22)), "capabilities are numbered 1 to 21, once each",
          f"numbers {numbers}")
    check(len(enablers) == 7, "7 enabler tiles", f"found {len(enablers)}: {enablers}")
    check(len(outcomes) == 6, "6 outcome tiles", f"found {len(outcomes)}: {outcomes}")
    cap4_names = [n for n in capabilities if n.startswith("Capability 4:")]
    check(cap4_names == [CAP4_NAME], f"capability 4 is named {CAP4_NAME!r}",
          f"got {cap4_names}")
    check(OUTCOME_NAME in outcomes, f"an outcome tile is named {OUTCOME_NAME!r}")

    cap4 = find_tile(app, CAP4_NAME)
    outcome = find_tile(app, OUTCOME_NAME)
    check(not is_pressed(cap4) and not is_pressed(outcome),
          "no tile is pressed at start",
          f"cap4 {sorted(states(cap4))}, outcome {sorted(states(outcome))}")
    check(not labels_showing(app, window, lambda n: n == CAP4_DESCRIPTION),
          "the capability 4 description is not on screen before activation")

    # Capability 4 opens the side panel with its description.
    check(activate(cap4), f"activate {CAP4_NAME!r}")
    shown = wait_for("the capability 4 description",
                     lambda: labels_showing(app, window, lambda n: n == CAP4_DESCRIPTION))
    check(bool(shown), "the side panel shows the capability 4 description")
    check(wait_for("capability 4 pressed", lambda: is_pressed(cap4), 5),
          "the capability 4 tile is pressed", f"states {sorted(states(cap4))}")

    # An outcome replaces it.
    check(activate(outcome), f"activate {OUTCOME_NAME!r}")
    shown = wait_for("the outcome description", lambda: labels_showing(
        app, window, lambda n: n.startswith(OUTCOME_DESCRIPTION_START)))
    check(bool(shown), f"the side panel shows the outcome description "
          f"({OUTCOME_DESCRIPTION_START!r}...)")
    check(wait_for("outcome pressed", lambda: is_pressed(outcome), 5),
          "the outcome tile is pressed", f"states {sorted(states(outcome))}")
    check(not labels_showing(app, window, lambda n: n == CAP4_DESCRIPTION),
          "the capability 4 description is gone from the panel")

    # Close the panel.
    def close_button():
        for o in walk(app):
            if safe_role(o) == "push button" and safe_name(o) == CLOSE_NAME \
                    and is_showing(o, window):
                return o
        return None

    close = wait_for("the Close panel button", close_button)
    check(close is not None, f"a {CLOSE_NAME!r} button is on screen")
    check(activate(close), f"activate {CLOSE_NAME!r}")
    check(wait_for("tiles released",
                   lambda: not is_pressed(cap4) and not is_pressed(outcome), 5),
          "capability 4 and the outcome tile are no longer pressed",
          f"cap4 {sorted(states(cap4))}, outcome {sorted(states(outcome))}")
    check(wait_for("the panel to close", lambda: not labels_showing(
        app, window, lambda n: n.startswith(OUTCOME_DESCRIPTION_START))),
        "the outcome description is no longer on screen")
    check(proc.poll() is None, "the application is still running")


def main():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} PATH/TO/mnr-tracker", file=sys.stderr)
        return 2
    app_path = os.path.abspath(sys.argv[1])
    if not os.access(app_path, os.X_OK):
        print(f"not an executable: {app_path}", file=sys.stderr)
        return 1

    probe_environment()

    env = dict(os.environ)
    if APP_G_DEBUG is not None:
        env["G_DEBUG"] = APP_G_DEBUG
    # Unit tests turn accessibility off; this test needs it on.
    for var in ("NO_AT_BRIDGE", "GTK_A11Y"):
        env.pop(var, None)
    env["GSETTINGS_BACKEND"] = "memory"
    if "GSETTINGS_SCHEMA_DIR" not in env:
        build_root = os.environ.get("MNR_BUILD_ROOT") or \
            os.path.dirname(os.path.dirname(app_path))
        env["GSETTINGS_SCHEMA_DIR"] = os.path.join(build_root, "data")
    env.setdefault("GSK_RENDERER", "cairo")

    log(f"# starting {app_path}")
    t0 = time.monotonic()
    proc = subprocess.Popen([app_path], env=env, stdin=subprocess.DEVNULL)
    status = 1
    try:
        def appeared():
            if proc.poll() is not None:
                raise CheckFailed(f"the application exited early with status {proc.returncode}")
            app = find_app(proc.pid)
            return app if app is not None and app.get_child_count() > 0 else None

        app = None
        deadline = t0 + APPEAR_TIMEOUT
        while app is None and time.monotonic() < deadline:
            try:
                app = appeared()
            except CheckFailed:
                raise
            except Exception:
                app = None
            if app is None:
                time.sleep(0.2)
        check(app is not None,
              f"the application appears on the AT-SPI bus within {APPEAR_TIMEOUT:.0f} s",
              f"pid {proc.pid} not found")
        log(f"# appeared after {time.monotonic() - t0:.1f} s as {safe_name(app)!r}")

        run_checks(app, proc)
        status = 0
        log(f"# all {n_checks} checks passed in {time.monotonic() - t0:.1f} s")
    except CheckFailed as e:
        log(f"FAIL: {e}")
    except Exception:
        traceback.print_exc()
        log("FAIL: unexpected error")
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        elif status == 0:
            status = 1
            log(f"FAIL: the application exited with status {proc.returncode} during the test")
    return status


if __name__ == "__main__":
    sys.exit(main())
