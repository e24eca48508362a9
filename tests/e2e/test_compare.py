#!/usr/bin/python3
"""End-to-end test: the Compare view of ASEAN, by keyboard alone, as a
regional secretariat reads it and a screen reader says it.

Usage: test_compare.py PATH/TO/mnr-tracker PATH/TO/mnr-test-seed-compare

Seeds a fresh data folder with rounds of three ASEAN members (Viet Nam:
2016 and 2018; Thailand: 2019; the Philippines: 2018), starts the real
application on the ASEAN group, and with key presses only (XTest through
the AT-SPI registry): Alt+3 opens Compare; every member has a row and 28
named cells; the arrows move between cells; Show Change (Alt+H) turns the
names into changes; Return opens a cell in the Grid with its country,
round and tile; Alt+Left comes back to the same cell.

Exit status: 0 on success, 1 on failure, 77 when there is no display or no
accessibility bus.
"""

import os
import subprocess
import sys
import tempfile
import time

# First: it adjusts G_DEBUG before anything loads GLib.
from atspi_helpers import (  # noqa: E402
    KEY_RETURN, Atspi, app_environment, check, find_tile, log, probe_environment, quit_app,
    run_main, safe_description, safe_name, safe_role, start_app, states, unnamed_objects, wait_exit,
    wait_for, wait_for_app, walk,
)

ALT_MASK = 1 << 3  # X11's Mod1Mask
CONTROL_MASK = 1 << 2
KEY_LEFT, KEY_UP, KEY_RIGHT, KEY_DOWN = 0xff51, 0xff52, 0xff53, 0xff54
KEY_HOME, KEY_END = 0xff50, 0xff57

ASEAN = ["Brunei Darussalam", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar",
         "Philippines", "Singapore", "Thailand", "Timor-Leste", "Vietnam"]
VN_CAP4 = "Vietnam, capability 4, Dedicated Law Enforcement: Developing, Review 2018"
VN_CAP4_CHANGE = VN_CAP4 + "; up from Building, Baseline 2016"
CAP4_TILE = "Capability 4: Dedicated Law Enforcement"


def key(keysym, mask=0, what=None):
    """Presses a key, with modifiers held (locked) around it."""
    A = Atspi()
    synth = A.KeySynthType
    log(f"# key {what or hex(keysym)}")
    if mask:
        A.generate_keyboard_event(mask, None, synth.LOCKMODIFIERS)
    try:
        A.generate_keyboard_event(keysym, None, synth.SYM)
    finally:
        if mask:
            A.generate_keyboard_event(mask, None, synth.UNLOCKMODIFIERS)
    time.sleep(0.25)


def focused(app):
    for obj in walk(app):
        if "focused" in states(obj):
            return obj
    return None


def focused_name(app):
    obj = focused(app)
    return safe_name(obj) if obj is not None else ""


def wait_focus(app, pred, what):
    found = wait_for(what, lambda: focused(app) if pred(focused_name(app)) else None)
    check(found is not None, what, f"the focus is on {focused_name(app)!r}")
    return found


def cells_of(app):
    """Every cell of a country the tree holds: name → object."""
    out = {}
    for obj in walk(app):
        name = safe_name(obj)
        if ", capability " in name or ", enabler " in name:
            out[name] = obj
    return out


def run_checks(app):
    time.sleep(0.5)
    key(ord("3"), ALT_MASK, "Alt+3")
    first = wait_focus(app, lambda n: n.startswith("Brunei Darussalam, capability 1, Leadership"),
                       "Alt+3 opens Compare with the focus on the first member's first cell")
    check(safe_name(first) == "Brunei Darussalam, capability 1, Leadership: no round shared",
          "a member with no round says so", safe_name(first))

    # Every member's row, and its 28 cells, named for a screen reader.
    rows = {}
    for obj in walk(app):
        name = safe_name(obj)
        for country in ASEAN:
            if name.startswith(country + ", ") and ", capability " not in name and ", enabler " not in name:
                rows[country] = name
    missing = [c for c in ASEAN if c not in rows]
    check(not missing, "every ASEAN member has a row", f"missing {missing}; rows {rows}")
    check(rows["Vietnam"] == "Vietnam, Review 2018", "Viet Nam's row names its latest round", rows["Vietnam"])
    check(rows["Indonesia"] == "Indonesia, No round shared", "a member with no round shared says so",
          rows["Indonesia"])
    cells = cells_of(app)
    for country in ASEAN:
        n = sum(1 for name in cells if name.startswith(country + ", "))
        check(n == 28, f"{country} has 28 named cells", f"{n}")
    check(VN_CAP4 in cells, "Viet Nam's capability 4 cell reads its level and round",
          [n for n in cells if n.startswith("Vietnam, capability 4")])
    check("Thailand, capability 1, Leadership: Mature, Review 2019" in cells, "Thailand's capability 1 is Mature")
    check("Vietnam, enabler 2, Willingness to prosecute, functioning justice system and rule of law: "
          "Mature, Review 2018" in cells, "an enabler's cell reads as an enabler")

    # The arrows: Ctrl+End to the last member's last cell, Home, then right.
    key(KEY_END, CONTROL_MASK, "Ctrl+End")
    wait_focus(app, lambda n: n.startswith("Vietnam, enabler 7"), "Ctrl+End reaches the last member's last cell")
    key(KEY_HOME, 0, "Home")
    wait_focus(app, lambda n: n.startswith("Vietnam, capability 1,"), "Home goes to capability 1")
    for _ in range(3):
        key(KEY_RIGHT, 0, "Right")
    wait_focus(app, lambda n: n == VN_CAP4, "Right three times reaches capability 4")
    key(KEY_UP, 0, "Up")
    wait_focus(app, lambda n: n.startswith("Timor-Leste, capability 4"), "Up goes to the member above")
    key(KEY_DOWN, 0, "Down")
    wait_focus(app, lambda n: n == VN_CAP4, "Down comes back")

    # Change mode: against each member's previous round.
    key(ord("h"), ALT_MASK, "Alt+H")
    check(wait_for("the cells in change mode", lambda: VN_CAP4_CHANGE in cells_of(app)) is not None,
          "Show Change: Viet Nam's capability 4 went up from Building", 
          [n for n in cells_of(app) if n.startswith("Vietnam, capability 4")])
    check(wait_for("Viet Nam's row counts", lambda: any(
        safe_name(o) == "Vietnam, Review 2018, against Baseline 2016: 1 up, 1 down, 1 same" for o in walk(app))),
        "Viet Nam's row counts 1 up, 1 down, 1 same")
    check(any(safe_name(o) == "Capability 4: Dedicated Law Enforcement: 1 up, 0 down, 0 same" for o in walk(app)),
          "the summary counts the changes of capability 4")
    key(ord("3"), ALT_MASK, "Alt+3")
    wait_focus(app, lambda n: n == VN_CAP4_CHANGE, "Alt+3 puts the focus back on the cell")

    # Return: the Grid, on Viet Nam's capability 4 in Review 2018.
    key(KEY_RETURN, 0, "Return")
    wait_focus(app, lambda n: n == CAP4_TILE, "Return opens the cell in the Grid, on capability 4's tile")
    tile = find_tile(app, CAP4_TILE)
    check("Level: Developing" in safe_description(tile), "the tile shows Viet Nam's level in Review 2018",
          safe_description(tile))
    check(wait_for("the panel", lambda: next((o for o in walk(app) if safe_name(o) == "Level: Developing"
                                                and "visible" in states(o)), None)) is not None,
          "capability 4's panel is open")
    back = [o for o in walk(app) if safe_name(o) == "Back to Compare"]
    check(back and "visible" in states(back[0]), "a Back to Compare button is shown")

    key(KEY_LEFT, ALT_MASK, "Alt+Left")
    wait_focus(app, lambda n: n == VN_CAP4_CHANGE, "Alt+Left returns to Compare, on the same cell")

    view = next((o for o in walk(app) if safe_name(o) == "Compare" and safe_role(o) == "filler"), None)
    check(view is not None, "the Compare view is named")
    bad = unnamed_objects(view)
    check(not bad, "every control of the Compare view has a name in words", "; ".join(sorted(set(bad))))


def main():
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} PATH/TO/mnr-tracker PATH/TO/mnr-test-seed-compare", file=sys.stderr)
        return 2
    app_path = os.path.abspath(sys.argv[1])
    probe_environment()

    work = tempfile.mkdtemp(prefix="mnr-e2e-compare-")
    subprocess.run([sys.argv[2], work], check=True)
    env = app_environment(app_path, {"MNR_TRACKER_DATA_DIR": work})

    def body(procs):
        proc, started = start_app(app_path, ["--group=asean"], env=env)
        procs.append(proc)
        app = wait_for_app(proc, started)
        run_checks(app)
        quit_app(app, proc)
        wait_exit(proc, "closing the window")

    return run_main(body, work)


if __name__ == "__main__":
    sys.exit(main())
