#!/usr/bin/python3
"""End-to-end test: presentation mode by real key presses, as a chair with a
presentation clicker drives it and a screen reader reads it.

Usage: test_presentation.py PATH/TO/mnr-tracker PATH/TO/mnr-test-seed-meeting

Seeds a fresh data folder with a meeting of Ghana's oversight committee
(three agenda items), starts the real application on Ghana, and with key
presses only (XTest through the AT-SPI registry): F5 presents the meeting;
Page Down, Page Up, Right and Left move between the slides, the position
read in words; D opens Record Decision over the slides, typed text and
Return save it and the slide shows it; Escape leaves. Then
--export-minutes writes the minutes, whose text (pdftotext) holds the
decision.

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
    KEY_RETURN, app_environment, check, export_minutes_text, log, probe_environment, run_app,
    run_main, safe_name, safe_role, type_string, unnamed_objects, wait_for, walk, windows_of,
    press_key,
)

KEY_F5 = 0xffc2
KEY_ESCAPE = 0xff1b
KEY_PAGE_UP, KEY_PAGE_DOWN = 0xff55, 0xff56
KEY_LEFT, KEY_RIGHT = 0xff51, 0xff53
TITLE = "Presenting “Oversight committee, March”"
DECISION = "The committee agreed the level of the cybercrime unit"


def key(keysym, what):
    log(f"# key {what}")
    press_key(keysym)
    time.sleep(0.2)


def presentation(app):
    return next((w for w in windows_of(app) if safe_name(w) == TITLE), None)


def label_named(root, name):
    return next((o for o in walk(root) if safe_role(o) == "label" and safe_name(o) == name), None)


def wait_position(app, text, what):
    found = wait_for(what, lambda: presentation(app) and label_named(presentation(app), text))
    check(found is not None, what, f"no label {text!r}")


def run_checks(app):
    time.sleep(0.5)
    key(KEY_F5, "F5")
    window = wait_for("the presentation window", lambda: presentation(app))
    check(window is not None, "F5 presents the country's latest meeting",
          [safe_name(w) for w in windows_of(app)])
    wait_position(app, "Opening · 3 items", "the opening slide says where it is")
    check(label_named(window, "Kwame Mensah (Ghana Police Service)") is not None,
          "the opening slide lists who came")

    key(KEY_PAGE_DOWN, "Page Down")
    wait_position(app, "Item 1 of 3", "Page Down goes to the first item")
    check(label_named(presentation(app), "Current level: Developing") is not None, "its level is read in words")
    key(KEY_PAGE_DOWN, "Page Down")
    wait_position(app, "Item 2 of 3", "Page Down goes on")
    key(KEY_PAGE_UP, "Page Up")
    wait_position(app, "Item 1 of 3", "Page Up goes back")
    key(KEY_RIGHT, "Right")
    wait_position(app, "Item 2 of 3", "Right goes on")
    key(KEY_LEFT, "Left")
    wait_position(app, "Item 1 of 3", "Left goes back")

    # D: the dialog, its text field focused; Return saves.
    key(ord("d"), "d")
    field = wait_for("Record Decision", lambda: next(
        (o for o in walk(app) if safe_name(o) == "What the committee decided"), None))
    check(field is not None, "D opens Record Decision")
    type_string(DECISION)
    key(KEY_RETURN, "Return")
    shown = wait_for("the decision on the slide", lambda: presentation(app) and label_named(
        presentation(app), f"Decision: {DECISION}"))
    check(shown is not None, "Return saves the decision and the slide shows it")
    wait_position(app, "Item 1 of 3", "the presentation stays on the same item")

    bad = unnamed_objects(presentation(app))
    check(not bad, "every control of the presentation has a name in words", "; ".join(sorted(set(bad))))

    key(KEY_ESCAPE, "Escape")
    gone = wait_for("the presentation to close", lambda: presentation(app) is None or None)
    check(gone is not None and presentation(app) is None, "Escape leaves presentation mode")


def main():
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} PATH/TO/mnr-tracker PATH/TO/mnr-test-seed-meeting", file=sys.stderr)
        return 2
    app_path = os.path.abspath(sys.argv[1])
    probe_environment()

    work = tempfile.mkdtemp(prefix="mnr-e2e-presentation-")
    subprocess.run([sys.argv[2], work], check=True)
    env = app_environment(app_path, {"MNR_TRACKER_DATA_DIR": work})

    def body(procs):
        run_app(app_path, ["--country=GH"], env, procs, run_checks)
        # The minutes have the decision recorded while presenting.
        text = export_minutes_text(app_path, env, os.path.join(work, "minutes.pdf"), "GH")
        if text is not None:
            check(f"Decision: {DECISION}" in text, "the minutes hold the decision", text[:2000])

    return run_main(body, work)


if __name__ == "__main__":
    sys.exit(main())
