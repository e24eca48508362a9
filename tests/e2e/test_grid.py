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
import sys
import time
import traceback

# First: it adjusts G_DEBUG before anything loads GLib.
from atspi_helpers import (  # noqa: E402
    APPEAR_TIMEOUT, TILE_ROLES, CheckFailed, activate, check, find_tile,
    is_pressed, is_showing, labels_showing, log, n_checks, probe_environment,
    safe_name, safe_role, start_app, states, stop_app, wait_for, wait_for_app,
    walk, window_of,
)

CAP4_NAME = "Capability 4: Dedicated Law Enforcement"
CAP4_DESCRIPTION = (
    "National remit; trained officers; proactive and reactive investigations; "
    "victim-focused; international cooperation"
)
OUTCOME_NAME = "Outcome: CSEA prevented"
OUTCOME_DESCRIPTION_START = "Children and young people are informed and empowered"
CLOSE_NAME = "Close panel"


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

    proc, t0 = start_app(app_path)
    status = 1
    try:
        app = wait_for_app(proc, t0, APPEAR_TIMEOUT)
        run_checks(app, proc)
        status = 0
        log(f"# all {n_checks()} checks passed in {time.monotonic() - t0:.1f} s")
    except CheckFailed as e:
        log(f"FAIL: {e}")
    except Exception:
        traceback.print_exc()
        log("FAIL: unexpected error")
    finally:
        if not stop_app(proc) and status == 0:
            status = 1
            log(f"FAIL: the application exited with status {proc.returncode} during the test")
    return status


if __name__ == "__main__":
    sys.exit(main())
