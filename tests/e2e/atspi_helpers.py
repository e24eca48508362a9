"""Helpers shared by the e2e tests: the real application, driven through
the accessibility tree (AT-SPI) the way a screen reader sees it.

Import this module before anything imports gi: it takes fatal-warnings out
of this process's G_DEBUG (keeping the original for the application).

Uses libatspi through GObject introspection (the library pyatspi wraps),
which must come from the system Python: run the tests with /usr/bin/python3.

Quirks of GTK 4.8 handled here:
- a GtkToggleButton is a "push button" carrying the "pressed" state;
- only toplevels report "showing", so on-screen checks use extents in
  window coordinates (screen coordinates make GTK 4 on X11 print a warning,
  which fatal-warnings turns into a crash: never ask for them);
- Text.get_text (0, -1) answers "": ask for the character count first;
- a button whose label has a mnemonic may be named "_Save Save": compare
  names with name_matches ();
- list rows (GtkListItemWidget) have no action; the keyboard reaches them.
"""

import os
import re
import shutil
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

# GTK 4.8 exposes a GtkToggleButton as a "push button" carrying the "pressed"
# state; newer GTK versions use the "toggle button" role.
TILE_ROLES = ("toggle button", "push button")
BUTTON_ROLES = ("push button", "toggle button")
WINDOW_ROLES = ("frame", "window", "dialog", "file chooser", "alert")

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


_n_checks = 0


def n_checks():
    return _n_checks


def check(cond, what, detail=None):
    global _n_checks
    _n_checks += 1
    if cond:
        log(f"ok {_n_checks} - {what}")
    else:
        log(f"not ok {_n_checks} - {what}" + (f": {detail}" if detail else ""))
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
# Starting and stopping the application

def app_environment(app_path, extra=None):
    """The environment for the application: the test's own, with G_DEBUG as
    given, accessibility on and settings in memory."""
    env = dict(os.environ)
    if APP_G_DEBUG is not None:
        env["G_DEBUG"] = APP_G_DEBUG
    # Unit tests turn accessibility off; these tests need it on.
    for var in ("NO_AT_BRIDGE", "GTK_A11Y"):
        env.pop(var, None)
    env["GSETTINGS_BACKEND"] = "memory"
    if "GSETTINGS_SCHEMA_DIR" not in env:
        build_root = os.environ.get("MNR_BUILD_ROOT") or \
            os.path.dirname(os.path.dirname(app_path))
        env["GSETTINGS_SCHEMA_DIR"] = os.path.join(build_root, "data")
    env.setdefault("GSK_RENDERER", "cairo")
    if extra:
        env.update(extra)
    return env


def start_app(app_path, args=(), env=None, timeout=APPEAR_TIMEOUT):
    """Starts the application; returns (process, its accessible application).
    The caller must stop the process (stop_app) whatever happens."""
    log(f"# starting {app_path} {' '.join(args)}".rstrip())
    t0 = time.monotonic()
    proc = subprocess.Popen([app_path, *args], env=env or app_environment(app_path),
                            stdin=subprocess.DEVNULL)
    return proc, t0


def wait_for_app(proc, t0, timeout=APPEAR_TIMEOUT):
    app = None
    deadline = t0 + timeout
    while app is None and time.monotonic() < deadline:
        if proc.poll() is not None:
            raise CheckFailed(f"the application exited early with status {proc.returncode}")
        try:
            app = find_app(proc.pid)
            if app is not None and app.get_child_count() == 0:
                app = None
        except Exception:
            app = None
        if app is None:
            time.sleep(0.2)
    check(app is not None,
          f"the application appears on the AT-SPI bus within {timeout:.0f} s",
          f"pid {proc.pid} not found")
    log(f"# appeared after {time.monotonic() - t0:.1f} s as {safe_name(app)!r}")
    return app


def stop_app(proc, timeout=10):
    """Ends the process if it still runs. Returns True if it had to."""
    if proc is None or proc.poll() is not None:
        return False
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return True


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


def safe_description(obj):
    try:
        obj.clear_cache()
    except Exception:
        pass
    try:
        return obj.get_description() or ""
    except Exception:
        return ""


def safe_role(obj):
    try:
        return obj.get_role_name() or ""
    except Exception:
        return ""


def name_matches(name, wanted):
    """Whether an accessible name is wanted, allowing for GTK 4.8 naming a
    button with a mnemonic after both its label and its text
    ("_Save Save"), and for the mnemonic underline itself."""
    if name == wanted:
        return True
    plain = name.replace("_", "")
    return plain == wanted or plain == f"{wanted} {wanted}"


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


def windows_of(app):
    """The application's toplevels: its direct children. (An AdwWindow, as
    libadwaita 1.2 exposes it, has the role "filler", not "frame".)"""
    out = []
    for i in range(app.get_child_count()):
        try:
            child = app.get_child_at_index(i)
        except Exception:
            continue
        if child is not None:
            out.append(child)
    return out


def window_of(app):
    windows = [w for w in windows_of(app) if safe_role(w) in WINDOW_ROLES]
    return windows[0] if windows else None


def window_named(app, name):
    for w in windows_of(app):
        if safe_name(w) == name:
            return w
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


def find_all(root, name=None, roles=None, pred=None):
    out = []
    for o in walk(root):
        if roles is not None and safe_role(o) not in roles:
            continue
        if name is not None and not name_matches(safe_name(o), name):
            continue
        if pred is not None and not pred(o):
            continue
        out.append(o)
    return out


def find_one(root, name=None, roles=None, pred=None):
    found = find_all(root, name, roles, pred)
    return found[0] if found else None


def action_names(obj):
    Action = Atspi().Action
    if "Action" not in obj.get_interfaces():
        return []
    with warnings.catch_warnings():
        # libatspi marks some action getters deprecated in favour of others
        # that older versions lack; both work.
        warnings.simplefilter("ignore", DeprecationWarning)
        return [Action.get_action_name(obj, i) for i in range(Action.get_n_actions(obj))]


def activate(obj):
    Action = Atspi().Action
    if "Action" not in obj.get_interfaces() or Action.get_n_actions(obj) < 1:
        raise CheckFailed(f"{safe_name(obj)!r} has no action")
    names = action_names(obj)
    for wanted in ("click", "press", "activate", "toggle"):
        if wanted in names:
            return Action.do_action(obj, names.index(wanted))
    return Action.do_action(obj, 0)


def do_named_action(obj, name):
    """Runs the action called name (e.g. a widget's own GAction such as
    "window.close", which GTK 4.8 lists as an AT-SPI action)."""
    names = action_names(obj)
    if name not in names:
        raise CheckFailed(f"{safe_name(obj)!r} has no action {name!r} (has {names})")
    return Atspi().Action.do_action(obj, names.index(name))


def find_tile(app, name):
    for o in walk(app):
        if safe_role(o) in TILE_ROLES and safe_name(o) == name:
            return o
    return None


def text_of(obj):
    """The whole text of an object with the Text interface."""
    Text = Atspi().Text
    n = Text.get_character_count(obj)
    return Text.get_text(obj, 0, n) if n > 0 else ""


def set_text(obj, text):
    """Replaces the text of an editable object (EditableText)."""
    return Atspi().EditableText.set_text_contents(obj, text)


# --------------------------------------------------------------------------
# Keyboard (XTest through the AT-SPI registry daemon; goes to the window
# that has the keyboard focus)

KEY_RETURN = 0xff0d
KEY_DOWN = 0xff54


SHIFT_MASK = 1 << 0  # X11's ShiftMask
CONTROL_MASK = 1 << 2  # X11's ControlMask
ALT_MASK = 1 << 3  # X11's Mod1Mask


def press_key(keysym, ctrl=False, mask=0):
    """Presses and releases a key; with ctrl, while Control is held, with
    mask (SHIFT_MASK | ALT_MASK ...), while those are (locked as modifiers:
    KeySynthType values are not flags, and PRESS | SYM is SYM, a press and
    release)."""
    Atspi_ = Atspi()
    synth = Atspi_.KeySynthType
    if ctrl:
        mask |= CONTROL_MASK
    if mask:
        Atspi_.generate_keyboard_event(mask, None, synth.LOCKMODIFIERS)
    try:
        Atspi_.generate_keyboard_event(keysym, None, synth.SYM)
    finally:
        if mask:
            Atspi_.generate_keyboard_event(mask, None, synth.UNLOCKMODIFIERS)
    time.sleep(0.2)


def focused(root):
    """The object under root that has the keyboard focus, or None."""
    for obj in walk(root):
        if "focused" in states(obj):
            return obj
    return None


def focused_name(root):
    obj = focused(root)
    return safe_name(obj) if obj is not None else ""


def type_string(text):
    """Types text as key presses."""
    Atspi_ = Atspi()
    Atspi_.generate_keyboard_event(0, text, Atspi_.KeySynthType.STRING)
    time.sleep(0.3)


# --------------------------------------------------------------------------
# Quitting

# The application quitting; closing every window takes longer under
# AddressSanitizer (run-tests.sh --sanitize sets MNR_SANITIZE=1).
EXIT_TIMEOUT = 60.0 if os.environ.get("MNR_SANITIZE") == "1" else 20.0


def wait_exit(proc, what):
    try:
        code = proc.wait(timeout=EXIT_TIMEOUT)
    except Exception:
        code = None
    check(code == 0, f"{what}: the application exits with status 0 within "
          f"{EXIT_TIMEOUT:.0f} s", f"status {code}")


def quit_app(app, proc):
    # GTK 4.8 lists a widget's own GActions as AT-SPI actions: "window.close"
    # on the main window does what its close button does (the app then quits,
    # having no window left). Keyboard shortcuts (Ctrl+Q) depend on which X
    # window has the focus, which nothing manages here.
    window = window_of(app)
    check(window is not None, "the main window is there to close")
    try:
        done = do_named_action(window, "window.close")
    except Exception as e:
        # The application may quit before it answers, or answer only once
        # every window is gone, later than D-Bus waits (25 s) when it is
        # slow (under AddressSanitizer, on a loaded machine): whether it
        # then exits, and how, is for wait_exit to tell.
        if not any(why in str(e) for why in ("disconnected", "no longer exists",
                                              "Did not receive a reply")):
            raise
        log(f"# window.close: {e}")
        done = True
    check(done, "close the main window (window.close)")


def fresh_data_folder(app_path, prefix):
    """An empty data folder (run_main removes it) and the application's
    environment using it: (folder, env)."""
    import tempfile
    work = tempfile.mkdtemp(prefix=prefix)
    return work, app_environment(app_path, {"MNR_TRACKER_DATA_DIR": work})


def run_app(app_path, args, env, procs, checks):
    """Starts the application with args, runs checks(app), then closes its
    main window and waits for it to exit (procs as run_main gives it)."""
    proc, started = start_app(app_path, args, env=env)
    procs.append(proc)
    app = wait_for_app(proc, started)
    checks(app)
    quit_app(app, proc)
    wait_exit(proc, "closing the window")


def export_minutes_text(app_path, env, pdf, country):
    """Runs mnr-tracker --export-minutes=pdf --country=country (checked to
    exit 0) and returns the PDF's text (pdftotext) on one line, or None
    without pdftotext."""
    done = subprocess.run([app_path, f"--export-minutes={pdf}", f"--country={country}"], env=env)
    check(done.returncode == 0, "--export-minutes writes the minutes", f"status {done.returncode}")
    if shutil.which("pdftotext") is None:
        log("# pdftotext missing: the minutes' text is not read")
        return None
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    return " ".join(text.split())


def run_main(body, work=None):
    """Runs body(procs), where body appends each application process it
    starts to procs; reports the checks, stops what is left running (a
    failure if the test had passed) and removes the folder work.

    Returns the exit status for the test."""
    t0 = time.monotonic()
    procs = []
    status = 1
    try:
        body(procs)
        status = 0
        log(f"# all {n_checks()} checks passed in {time.monotonic() - t0:.1f} s")
    except CheckFailed as e:
        log(f"FAIL: {e}")
    except Exception:
        traceback.print_exc()
        log("FAIL: unexpected error")
    finally:
        for proc in procs:
            if stop_app(proc) and status == 0:
                status = 1
                log("FAIL: the application was still running at the end")
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return status


# --------------------------------------------------------------------------
# Names in words

# Roles a person reaches with the keyboard or a screen reader's review:
# each must have a name in words.
NAMED_ROLES = {
    "push button", "toggle button", "check box", "radio button", "entry",
    "combo box", "link", "list", "list item", "menu item", "page tab",
    "slider", "spin button", "frame", "expander",
}
TYPE_NAME = re.compile(r"^(Gtk|Adw|Mnr)[A-Z][A-Za-z]+$")
MNEMONIC = re.compile(r"(^|[^_])_[^_ ]")


def unnamed_objects(app):
    """What a screen reader would read badly: a control with no name, a
    name that is a widget type ("GtkToggleButton", "MnrWindow"), or a
    mnemonic underscore in a name ("_Add Evidence")."""
    bad = []
    for obj in walk(app):
        role = safe_role(obj)
        if role not in NAMED_ROLES:
            continue
        name = safe_name(obj)
        st = states(obj)
        if TYPE_NAME.match(name):
            bad.append(f"{role} named by its type {name!r}")
        elif MNEMONIC.search(name):
            bad.append(f"{role} {name!r} shows its mnemonic")
        elif not name.strip() and ("focusable" in st or role in ("frame", "list")):
            # GTK 4.8 cannot name a GtkListView's own item (its AT-SPI
            # bridge fails on one off screen): the row inside carries it.
            if role == "list item" and any(safe_name(obj.get_child_at_index(i)).strip()
                                           for i in range(obj.get_child_count())):
                continue
            bad.append(f"{role} with no name")
    return bad



def main_with_app(args, checks, prefix):
    """The whole of a test that starts the application once, on a fresh
    data folder, with args and runs checks(app): its exit status. The
    command line names the application."""
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} PATH/TO/mnr-tracker", file=sys.stderr)
        return 2
    app_path = os.path.abspath(sys.argv[1])
    probe_environment()
    work, env = fresh_data_folder(app_path, prefix)
    return run_main(lambda procs: run_app(app_path, args, env, procs, checks), work)
