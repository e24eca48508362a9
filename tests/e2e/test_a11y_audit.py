#!/usr/bin/python3
"""End-to-end test: an accessibility audit of every screen.

Usage: test_a11y_audit.py PATH/TO/mnr-tracker

Starts the real application on a fresh data folder with the sample data of
Greece and capability 4's panel open, then opens each screen as a user
does (keys where the app has them, the main menu otherwise): the main
window in each view, the evidence editor, the round dialog, Meetings,
Regional Groups, Preferences, Conflicts, backups, the shortcuts window,
the user guide and About. On each it reads the AT-SPI tree as a screen
reader does and fails on:

  - an interactive control with no name, a name that is a widget type
    ("GtkButton"), a name showing its mnemonic ("_Save") or saying the
    same words twice ("Add Evidence Add Evidence", GTK 4.8's label plus
    content);
  - an image with no text alternative that no named control carries;
  - a focusable control on screen that Tab cannot reach: Tab is pressed
    round the whole window; a control inside a list, where the arrows
    move, counts as reached when Tab reached its list.

Exit status: 0 on success, 1 on failure, 77 when there is no display or no
accessibility bus.
"""

import re
import sys
import time

# First: it adjusts G_DEBUG before anything loads GLib.
from atspi_helpers import (  # noqa: E402
    ALT_MASK, BUTTON_ROLES, CheckFailed, SHIFT_MASK, action_names, activate, check, do_named_action,
    find_one, find_tile, is_showing, log, main_with_app, press_key, safe_name, safe_role, states,
    unnamed_objects, wait_for, walk, window_named, windows_of,
)

KEY_TAB = 0xff09
KEY_ESCAPE = 0xff1b
KEY_F1 = 0xffbe
MAX_TABS = 250
WAIT = 15.0

# Roles whose children the arrow keys move between, once Tab is in.
ARROW_CONTAINERS = ("list", "list box", "table", "tree", "tree table", "page tab list", "menu")
# Controls that are reached by Tab.
FOCUS_ROLES = {"push button", "toggle button", "check box", "radio button", "entry", "text",
               "password text", "combo box", "link", "page tab", "slider", "spin button",
               "list item", "menu item", "expander", "switch"}
IMAGE_ROLES = ("image", "icon", "animation")
TYPE_NAME = re.compile(r"^(Gtk|Adw|Mnr)[A-Z][A-Za-z]+$")


def path_of(obj):
    """A stable key for an object: its index path from the window."""
    out = []
    o = obj
    for _ in range(80):
        try:
            parent = o.get_parent()
            index = o.get_index_in_parent()
        except Exception:
            break
        if parent is None or safe_role(o) in ("frame", "dialog", "window", "alert", "file chooser"):
            break
        out.append(index)
        o = parent
    return tuple(reversed(out))


def ancestors(obj):
    o = obj
    for _ in range(80):
        try:
            o = o.get_parent()
        except Exception:
            return
        if o is None:
            return
        yield o


def doubled(name):
    """'Add Evidence Add Evidence': the same words twice."""
    words = name.split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def name_problems(window):
    bad = list(unnamed_objects(window))
    for o in walk(window):
        role = safe_role(o)
        name = safe_name(o)
        if role in FOCUS_ROLES and doubled(name):
            bad.append(f"{role} {name!r} says its name twice")
        if role in IMAGE_ROLES and (not name.strip() or TYPE_NAME.match(name)) and is_showing(o, window):
            carried = any(safe_role(a) in FOCUS_ROLES | {"page tab"} and safe_name(a).strip()
                          and not TYPE_NAME.match(safe_name(a)) for a in ancestors(o))
            if not carried:
                bad.append(f"{role} {name!r} has no text alternative")
    return bad


def focusable_on_screen(window):
    out = []
    for o in walk(window):
        if safe_role(o) not in FOCUS_ROLES:
            continue
        st = states(o)
        if "focusable" not in st or "sensitive" not in st:
            continue
        # An insensitive drop-down's button says it is sensitive (GTK 4.8).
        if any("sensitive" not in states(a) for a in list(ancestors(o))[:3]):
            continue
        if is_showing(o, window):
            out.append(o)
    return out


def tab_round(window, candidates, trapped):
    """Presses Tab until the focus comes back to where it started; returns
    the paths of the objects it was on."""
    reached = []
    seen = set()
    first = None
    names = []
    previous, stuck = None, 0
    for _ in range(MAX_TABS):
        press_key(KEY_TAB)
        on = next((o for o in candidates if "focused" in states(o)), None)
        if on is None:
            on = next((o for o in walk(window) if "focused" in states(o)), None)
        if on is None:
            continue
        key = path_of(on)
        names.append(f"{safe_role(on)} {safe_name(on)!r}")
        if key == first:
            break
        stuck = stuck + 1 if key == previous else 0
        previous = key
        if stuck >= 3:
            trapped.append(names[-1])
            break
        if first is None:
            first = key
        if key not in seen:
            seen.add(key)
            reached.append(key)
    log("# Tab order: " + " → ".join(names))
    return reached


# The window's own buttons: GTK 4 leaves them out of the Tab order, as
# GNOME does; the window manager's keys (Super+Up, Alt+F4) do their work.
WINDOW_CONTROLS = ("Minimize", "Maximize", "Restore", "Close")


def is_window_controls(box):
    """A box of nothing but the window's own buttons (GtkWindowControls)."""
    names = [safe_name(box.get_child_at_index(i)) for i in range(box.get_child_count())]
    return bool(names) and all(n in WINDOW_CONTROLS for n in names)


def unreached(window, candidates, reached):
    reached = set(reached)
    out = []
    for o in candidates:
        key = path_of(o)
        if key in reached:
            continue
        if safe_name(o) in WINDOW_CONTROLS and is_window_controls(o.get_parent()):
            continue
        # Inside a list, the arrows move: reached when Tab reached the list
        # or anything in it.
        inside = None
        for a in ancestors(o):
            if safe_role(a) in ARROW_CONTAINERS:
                inside = path_of(a)
                break
        if inside is not None and any(r[:len(inside)] == inside for r in reached):
            continue
        out.append(f"{safe_role(o)} {safe_name(o)!r}")
    return out


failures = []


def soft_check(cond, what, detail):
    """Every screen is audited before the test fails: the log lists all."""
    try:
        check(cond, what, detail)
    except CheckFailed:
        failures.append(what)


def audit(window, what):
    time.sleep(0.8)
    bad = name_problems(window)
    soft_check(not bad, f"{what}: every control and image has a name in words", "; ".join(sorted(set(bad))))
    candidates = focusable_on_screen(window)
    trapped = []
    reached = tab_round(window, candidates, trapped)
    soft_check(not trapped, f"{what}: Tab never stays on one control", f"Tab stays on {trapped}")
    missing = unreached(window, candidates, reached)
    log(f"# {what}: {len(candidates)} focusable on screen, Tab reached {len(reached)}")
    soft_check(not missing, f"{what}: Tab reaches every control on screen", "; ".join(missing))


def window_titled(app, name):
    """The window named name, or "name of …" (as "Meetings of Greece")."""
    for w in windows_of(app):
        title = safe_name(w)
        if title == name or title.startswith(name + " of "):
            return w
    return None


def wait_window(app, name):
    w = wait_for(f"the window {name!r}", lambda: window_titled(app, name), WAIT)
    check(w is not None, f"the window {name!r} opens", f"windows {[safe_name(x) for x in windows_of(app)]}")
    return w


def close_window(app, window, name):
    press_key(KEY_ESCAPE)
    if wait_for(f"{name!r} to close", lambda: None if window_titled(app, name) else True, 3.0) is None:
        if "window.close" in action_names(window):
            do_named_action(window, "window.close")
    check(wait_for(f"{name!r} to close", lambda: None if window_titled(app, name) else True, WAIT) is not None,
          f"{name!r} closes")


def from_menu(app, item_name):
    main = window_named(app, "MNR Tracker")
    menu = find_one(main, "Main menu", BUTTON_ROLES)
    toggle = menu and find_one(menu, roles=BUTTON_ROLES, pred=lambda o: "click" in action_names(o))
    check(toggle is not None and activate(toggle), f"open the main menu for {item_name!r}")
    item = wait_for(f"{item_name!r} in the menu", lambda: find_one(
        app, item_name, pred=lambda o: safe_role(o) in ("menu item", "push button") and "visible" in states(o)),
        WAIT)
    check(item is not None and activate(item), f"choose {item_name!r} in the main menu")


def run_checks(app):
    main = window_named(app, "MNR Tracker")
    check(wait_for("capability 4's tile", lambda: find_tile(app, "Capability 4: Dedicated Law Enforcement"))
          is not None, "the grid is there with sample data")
    audit(main, "the main window, Grid view, capability 4's panel open")

    press_key(ord("2"), mask=ALT_MASK)
    audit(main, "the main window, Evidence view")
    press_key(ord("3"), mask=ALT_MASK)
    audit(main, "the main window, Compare view")
    press_key(ord("1"), mask=ALT_MASK)

    press_key(ord("n"), ctrl=True)
    editor = wait_window(app, "Add Evidence")
    audit(editor, "the evidence editor")
    close_window(app, editor, "Add Evidence")

    press_key(ord("m"), ctrl=True)
    meetings = wait_window(app, "Meetings")
    audit(meetings, "Meetings")
    close_window(app, meetings, "Meetings")

    press_key(ord(","), ctrl=True)
    prefs = wait_window(app, "Preferences")
    audit(prefs, "Preferences")
    close_window(app, prefs, "Preferences")

    press_key(ord("?"), ctrl=True, mask=SHIFT_MASK)
    shortcuts = wait_window(app, "Keyboard Shortcuts")
    audit(shortcuts, "the shortcuts window")
    close_window(app, shortcuts, "Keyboard Shortcuts")

    press_key(KEY_F1)
    guide = wait_window(app, "MNR Tracker Help")
    audit(guide, "the user guide")
    close_window(app, guide, "MNR Tracker Help")

    for item, title in (("Regional Groups", "Regional Groups"),
                        ("Review Conflicts…", "Conflicts"),
                        ("Restore a Backup…", "Restore a Backup"),
                        ("About MNR Tracker", "About")):
        from_menu(app, item)
        w = wait_window(app, title)
        audit(w, title)
        close_window(app, w, title)

    # The round dialog, from the round switcher.
    switcher = find_one(main, roles=BUTTON_ROLES, pred=lambda o: safe_name(o).startswith("Assessment round"))
    toggle = switcher and find_one(switcher, roles=BUTTON_ROLES, pred=lambda o: "click" in action_names(o))
    check(toggle is not None and activate(toggle), "open the round switcher")
    new = wait_for("'New Round…'", lambda: find_one(app, pred=lambda o: safe_name(o) == "New assessment round"
                                                   and safe_role(o) in BUTTON_ROLES and "visible" in states(o)),
                   WAIT)
    check(new is not None and activate(new), "choose 'New Round…'")
    dialog = wait_window(app, "New Assessment Round")
    audit(dialog, "the round dialog")
    close_window(app, dialog, "New Assessment Round")

    check(not failures, "every screen passes the audit", "; ".join(failures))


if __name__ == "__main__":
    sys.exit(main_with_app(["--country=GR", "--sample-data", "--select=4"], run_checks, "mnr-e2e-audit-"))
