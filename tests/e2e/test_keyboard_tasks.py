#!/usr/bin/python3
"""End-to-end test: every task by keyboard alone (issue 12, item 4).

Usage: test_keyboard_tasks.py PATH/TO/mnr-tracker

Starts the reference server (build/server/mnr-sync-server) on loopback with
a writer token for Ghana, then the real application on an empty data
folder, and with key presses only (XTest through the AT-SPI registry; no
click, no AT-SPI action on a control):

1. Ctrl+K opens the country switcher; "ghana" is typed in its search,
   Down goes into the list, Return chooses Ghana.
2. Down enters the grid, Down reaches capability 4, Return opens its
   panel, 3 rates it Developing; F6 goes into the panel, Tab reaches
   Rationale, a rationale is typed.
3. Ctrl+N opens the evidence editor; a title is typed; Alt+S saves.
4. Ctrl+F searches the evidence for a word of that title: the Evidence
   view lists it.
5. F6 to the header bar, Tab to the round switcher, its New Round… and the
   round dialog: a round is started with a typed name.
6. Ctrl+, opens Preferences: the server address and the token are typed,
   saved; Escape closes; Ctrl+R syncs.
7. A conflict, resolved: capability 4 is rated Established (4) in the new
   round and synced (Ctrl+R); the server's copy is changed to Mature by
   another client (an HTTP PUT with If-Match), the app's to Not in place
   (1); Ctrl+R meets the conflict. F10 opens the main menu, the arrows
   reach Review Conflicts…, Return opens the Conflicts window; Tab reaches
   "Use the server’s: Level", space takes it, Tab reaches Save Merged,
   Return saves: the window says No Conflicts, the store holds Mature and
   the server's rationale; Tab to Close, Return closes the window.

Each step is checked in the real store on disk (SQLite, read-only), on the
server's feed, or in what the windows show through the accessibility tree.

Exit status: 0 on success, 1 on failure, 77 when there is no display or no
accessibility bus.
"""

import glob
import json
import os
import sqlite3
import sys
import tempfile
import time
import urllib.request

# First: it adjusts G_DEBUG before anything loads GLib.
from atspi_helpers import (  # noqa: E402
    ALT_MASK, BUTTON_ROLES, CONTROL_MASK, KEY_DOWN, KEY_RETURN, SHIFT_MASK, check, find_one, find_tile,
    focused, is_pressed, focused_name, fresh_data_folder, log, press_key, probe_environment, run_app,
    run_main, safe_description, safe_name, safe_role, text_of, type_string, wait_for, walk,
    window_named, windows_of, action_names, states,
)
from test_sync import TOKEN_A, Server, server_path  # noqa: E402

KEY_TAB = 0xff09
KEY_ESCAPE = 0xff1b
KEY_F6 = 0xffc3
KEY_F10 = 0xffc7
KEY_SPACE = 0x20
WAIT = 20.0
SYNC_WAIT = 40.0
MAX_TABS = 60

CAP4 = "Capability 4: Dedicated Law Enforcement"
RATIONALE = "A cybercrime unit exists in Accra only"
EVIDENCE = "Cybercrime unit establishment order"
SEARCH_WORD = "establishment"
ROUND = "Mid-term review"
SERVER_RATIONALE = "Edited on the server: the unit now covers Kumasi too"


def key(keysym, what, mask=0):
    log(f"# key {what}")
    press_key(keysym, mask=mask)


def where(root):
    obj = focused(root)
    return "nothing focused" if obj is None else f"{safe_role(obj)} {safe_name(obj)!r}"


def wait_focus(root, pred, what, timeout=WAIT):
    found = wait_for(what, lambda: focused(root) if pred(focused(root)) else None, timeout)
    check(found is not None, what, f"the focus is on {where(root)}")
    return found


def tab_to(root, pred, what, back=False):
    """Presses Tab (Shift+Tab with back) until the focus satisfies pred."""
    for _ in range(MAX_TABS):
        obj = focused(root)
        if obj is not None and pred(obj):
            check(True, what)
            return obj
        key(KEY_TAB, "Shift+Tab" if back else "Tab", mask=SHIFT_MASK if back else 0)
    check(False, what, f"the focus is on {where(root)}")


def named(name):
    return lambda o: safe_name(o) == name or safe_name(o).startswith(name + " ")


def wait_window(app, name, what):
    w = wait_for(name, lambda: window_named(app, name), WAIT)
    check(w is not None, what, f"windows {[safe_name(x) for x in windows_of(app)]}")
    return w


def wait_gone(app, name, what):
    check(wait_for(f"{name} to close", lambda: None if window_named(app, name) else True, WAIT)
          is not None, what, f"windows {[safe_name(x) for x in windows_of(app)]}")


class Store:
    """The app's SQLite store, read-only."""

    def __init__(self, data_dir):
        self.data_dir = data_dir

    def rows(self, sql, *args):
        paths = glob.glob(os.path.join(self.data_dir, "**", "mnr-tracker.db"), recursive=True)
        if len(paths) != 1:
            return []
        db = sqlite3.connect(f"file:{paths[0]}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute(sql, args).fetchall()
        except sqlite3.Error as e:
            log(f"# sqlite: {e}")
            return []
        finally:
            db.close()

    def ratings(self):
        return self.rows("SELECT r.element, r.level, r.rationale, o.name FROM ratings r"
                         " JOIN rounds o ON o.id = r.round WHERE r.deleted_at IS NULL")


def http(endpoint, token, method, path, body=None, headers=None):
    req = urllib.request.Request(endpoint + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {token}", **(headers or {})})
    if body is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as reply:
        return reply.status, dict(reply.headers), json.load(reply)


def server_rating(endpoint, element):
    """The server's live rating of element: (id, record)."""
    since, found = None, None
    for _ in range(100):
        _, _, page = http(endpoint, TOKEN_A, "GET", "changes?limit=1000" + (f"&since={since}" if since else ""))
        for record in page["changes"]:
            if record.get("type") == "rating" and not record.get("deleted") \
                    and record["data"].get("element") == element:
                found = record
        since = page["cursor"]
        if not page["more"]:
            break
    return found


def choose_country(app, main):
    key(ord("k"), "Ctrl+K", mask=CONTROL_MASK)
    wait_focus(main, lambda o: safe_name(o) == "Search countries", "Ctrl+K opens the country search")
    type_string("ghana")
    # As a user does: look at the list once it is down to Ghana.
    check(wait_for("the list down to Ghana", lambda: [o for o in walk(main) if safe_name(o) == "Ghana, GH"]
                   and not [o for o in walk(main) if safe_name(o) == "Ghana, GH"
                            or safe_name(o).endswith(", GR")][1:], WAIT),
          "typing “ghana” lists Ghana")
    key(KEY_DOWN, "Down")
    wait_focus(main, lambda o: "Ghana, GH" in [safe_name(x) for x in walk(o)],
               "Down goes from the search into the list, on Ghana")
    key(KEY_RETURN, "Return")
    check(wait_for("the country", lambda: find_one(main, "Country: Ghana"), WAIT) is not None,
          "Return chooses Ghana: the country button says so")


def rate(app, main, store):
    time.sleep(0.5)
    key(KEY_DOWN, "Down")
    wait_focus(main, lambda o: safe_name(o).startswith("Capability "), "Down enters the grid")
    for _ in range(6):
        if focused_name(main) == CAP4:
            break
        key(KEY_DOWN, "Down")
    wait_focus(main, named(CAP4), "Down reaches capability 4")
    key(KEY_RETURN, "Return")
    check(wait_for("the panel", lambda: find_one(main, "Level: Developing")) is not None,
          "Return opens capability 4's panel")
    key(ord("3"), "3")
    check(wait_for("the tile rated", lambda: "Level: Developing" in safe_description(find_tile(app, CAP4))),
          "3 rates capability 4 Developing (its tile says so)")
    key(KEY_F6, "F6")
    wait_focus(main, named("Level: Developing"), "F6 goes into the panel, on the chosen level")
    tab_to(main, lambda o: safe_name(o).startswith("Rationale"), "Tab reaches the rationale")
    type_string(RATIONALE)
    # A text view keeps Tab; Ctrl+Tab leaves it, which saves the rationale.
    key(KEY_TAB, "Ctrl+Tab", mask=CONTROL_MASK)
    check(wait_for("the rationale stored", lambda: [r for r in store.ratings()
                                                   if r[1] == "developing" and r[2] == RATIONALE], WAIT),
          "the store holds capability 4's level and rationale", f"ratings {store.ratings()}")
    log(f"# ratings: {store.ratings()}")


def add_evidence(app, main, store):
    key(ord("n"), "Ctrl+N", mask=CONTROL_MASK)
    editor = wait_window(app, "Add Evidence", "Ctrl+N opens the evidence editor")
    time.sleep(0.5)
    type_string(EVIDENCE)
    key(ord("s"), "Alt+S", mask=ALT_MASK)
    wait_gone(app, "Add Evidence", "Alt+S saves the evidence and closes the editor")
    check(wait_for("the evidence stored", lambda: store.rows(
        "SELECT title FROM evidence WHERE title = ? AND deleted_at IS NULL", EVIDENCE), WAIT),
        "the store holds the new evidence", f"{store.rows('SELECT title FROM evidence')}")
    wait_focus(main, lambda o: safe_name(o) != "", "the focus is back in the main window")
    log(f"# after the editor: {where(main)}")


def search_evidence(app, main):
    key(ord("f"), "Ctrl+F", mask=CONTROL_MASK)
    wait_focus(main, lambda o: safe_role(o) in ("entry", "text") and "EditableText" in o.get_interfaces(),
               "Ctrl+F puts the focus in the evidence search")
    type_string(SEARCH_WORD)
    check(wait_for("the result", lambda: [o for o in walk(main) if safe_role(o) == "label"
                                          and safe_name(o) == EVIDENCE], WAIT) is not None,
          "the search lists the new evidence")
    key(ord("1"), "Alt+1", mask=ALT_MASK)


def start_round(app, main, store):
    # F6 goes from region to region: to the header bar, where Tab moves.
    for _ in range(3):
        key(KEY_F6, "F6")
        name = focused_name(main)
        if name and not name.startswith(("Capability ", "Enabler ", "Outcome", "Level: ")):
            break
    log(f"# in the header bar: {where(main)}")
    tab_to(main, lambda o: safe_name(o).startswith("Assessment round")
           or safe_name(o.get_parent()).startswith("Assessment round"), "Tab reaches the round switcher")
    key(KEY_SPACE, "space")
    tab_to(main, lambda o: safe_name(o) == "New assessment round", "Tab reaches “New Round…”")
    key(KEY_RETURN, "Return")
    dialog = wait_window(app, "New Assessment Round", "Return opens the round dialog")
    time.sleep(0.5)
    log(f"# in the round dialog: {where(dialog)}")
    # The name comes suggested, selected or not: Ctrl+A, then the new one.
    key(ord("a"), "Ctrl+A", mask=CONTROL_MASK)
    type_string(ROUND)
    key(KEY_RETURN, "Return")
    wait_gone(app, "New Assessment Round", "Return starts the round and closes the dialog")
    check(wait_for("the round stored", lambda: store.rows("SELECT name FROM rounds WHERE name = ?", ROUND), WAIT),
          "the store holds the new round", f"rounds {store.rows('SELECT name FROM rounds')}")
    check(wait_for("the round button", lambda: find_one(main, pred=lambda o: safe_name(o).startswith(
        "Assessment round: ") and ROUND in safe_name(o))), "the round button names the new round")


def set_up_sync(app, main, endpoint, server):
    key(ord(","), "Ctrl+,", mask=CONTROL_MASK)
    prefs = wait_window(app, "Preferences", "Ctrl+, opens Preferences")
    tab_to(prefs, lambda o: safe_name(o).startswith("Sync server address"), "Tab reaches the server address")
    type_string(endpoint)
    tab_to(prefs, lambda o: safe_name(o).startswith("Access token"), "Tab reaches the access token")
    type_string(TOKEN_A)
    tab_to(prefs, lambda o: safe_name(o) == "Save", "Tab reaches Save")
    key(KEY_RETURN, "Return")
    check(wait_for("the token kept", lambda: [o for o in walk(prefs) if safe_name(o).startswith("Access token: ")
                                              and "Not set" not in safe_name(o)], WAIT),
          "Preferences says the token is kept")
    # The first Escape dismisses the toast that says so (libadwaita's
    # toast overlay takes it), the second closes the window.
    toast = lambda: [o for o in walk(prefs) if safe_role(o) == "label" and safe_name(o) == "Sync settings saved"]
    check(wait_for("the toast", toast, WAIT), "a toast says the settings are saved")
    key(KEY_ESCAPE, "Escape")
    check(wait_for("the toast gone", lambda: not toast(), WAIT), "Escape dismisses the toast")
    key(KEY_ESCAPE, "Escape")
    wait_gone(app, "Preferences", "Escape closes Preferences")
    before = server.n_pulls()
    key(ord("r"), "Ctrl+R", mask=CONTROL_MASK)
    check(wait_for("the sync", lambda: server.n_pulls() > before, SYNC_WAIT), "Ctrl+R syncs")
    check(wait_for("the rating on the server", lambda: server_rating(endpoint, "C4") or
                   server_rating(endpoint, "capability-4"), SYNC_WAIT), "the server holds the rating")


def level_rows(store, element_ids, round_name):
    return [r for r in store.ratings() if r[0] in element_ids and r[3] == round_name]


def server_rating_in(endpoint, round_id, level):
    """The server's live rating of capability 4 in round_id at level."""
    for element in ("C4", "capability-4"):
        record = server_rating(endpoint, element)
        if record and record["data"].get("round") == round_id and record["data"].get("level") == level:
            return record
    return None


def sync_state(main):
    """What the header bar's sync indicator says (its menu button's name)."""
    ind = find_one(main, roles=("filler", "panel"), pred=lambda o: "sync-indicator.sync-now" in action_names(o))
    button = ind and find_one(ind, roles=BUTTON_ROLES, pred=lambda o: o is not ind
                              and "click" not in action_names(o))
    if not button:
        return ""
    button.clear_cache()
    return safe_name(button)


def sync_now(server, what):
    before = server.n_pulls()
    key(ord("r"), "Ctrl+R", mask=CONTROL_MASK)
    check(wait_for("the sync", lambda: server.n_pulls() > before, SYNC_WAIT), what)


def resolve_conflict(app, main, endpoint, server, store):
    caps = ("C4", "capability-4")
    # F6 from region to region, back to the grid.
    for _ in range(4):
        if focused_name(main).startswith(("Capability ", "Enabler ", "Outcome")):
            break
        key(KEY_F6, "F6")
    for _ in range(6):
        if focused_name(main) == CAP4:
            break
        key(KEY_DOWN, "Down")
    tile = wait_focus(main, named(CAP4), "F6 and Down go back to capability 4 in the grid")
    # Its panel is still open from step 2 (Return would close it).
    if not is_pressed(tile):
        key(KEY_RETURN, "Return")
    check(wait_for("the panel", lambda: is_pressed(find_tile(app, CAP4))), "capability 4's panel is open")
    # The new round began with the last round's ratings: 4, Established.
    key(ord("4"), "4")
    check(wait_for("the new round's rating", lambda: [r for r in level_rows(store, caps, ROUND)
                                                       if r[1] == "established"], WAIT),
          "4 rates capability 4 Established in the new round", f"ratings {store.ratings()}")
    sync_now(server, "Ctrl+R syncs the new round's rating")
    round_id = store.rows("SELECT id FROM rounds WHERE name = ?", ROUND)[0][0]
    record = wait_for("the new round's rating on the server",
                      lambda: server_rating_in(endpoint, round_id, "established"), SYNC_WAIT)
    check(record is not None, "the server holds the new round's rating")

    # Another client changes the server's copy.
    body = {"country": record.get("country", "GH"), "updated_by": "another focal point", "deleted": False,
            "data": {**record["data"], "level": "mature", "rationale": SERVER_RATIONALE}}
    status, _, _ = http(endpoint, TOKEN_A, "PUT", f"records/rating/{record['id']}", body,
                        {"If-Match": f'"{record["rev"]}"'})
    check(status == 200, "another client changes the server's copy to Mature", f"status {status}")
    # And the app its own.
    key(ord("1"), "1")
    check(wait_for("the local change", lambda: [r for r in level_rows(store, caps, ROUND)
                                                 if r[1] not in ("established", "mature")], WAIT),
          "1 rates capability 4 Not in place in the app", f"ratings {store.ratings()}")
    sync_now(server, "Ctrl+R syncs again")
    check(wait_for("the conflict", lambda: sync_state(main) == "1 conflict to resolve", SYNC_WAIT),
          "the sync indicator says “1 conflict to resolve”", f"says {sync_state(main)!r}")

    key(KEY_F10, "F10")
    # The menu's item, looked up once; then only its state is read.
    item = wait_for("the menu's “Review Conflicts…”", lambda: find_one(
        main, "Review Conflicts…", pred=lambda o: safe_role(o) in ("menu item", "push button")
        and "visible" in states(o)), WAIT)
    check(item is not None, "F10 opens the main menu, with “Review Conflicts…”")
    for _ in range(25):
        if "focused" in states(item):
            break
        key(KEY_DOWN, "Down")
    check("focused" in states(item), "Down reaches “Review Conflicts…”", f"on {where(main)}")
    key(KEY_RETURN, "Return")
    win = wait_window(app, "Conflicts", "Return opens the Conflicts window")
    time.sleep(0.5)
    log(f"# in the Conflicts window: {where(win)}")
    tab_to(win, lambda o: safe_name(o) == "Use the server’s: Level", "Tab reaches “Use the server’s: Level”")
    key(KEY_SPACE, "space")
    tab_to(win, lambda o: safe_name(o) == "Save Merged", "Tab reaches Save Merged")
    key(KEY_RETURN, "Return")
    check(wait_for("No Conflicts", lambda: any(safe_name(o) == "No Conflicts" for o in walk(win)), WAIT),
          "Return saves the merged version: the window says No Conflicts")
    check(wait_for("the server's level kept", lambda: [r for r in level_rows(store, caps, ROUND)
                                                        if r[1] == "mature"], WAIT),
          "the store holds the server's level, Mature", f"ratings {store.ratings()}")
    check([r for r in level_rows(store, caps, ROUND) if r[2] == SERVER_RATIONALE],
          "and the server's rationale, changed on its side only", f"ratings {store.ratings()}")
    # The toast saying so would take the first Escape: Close, by Tab and Return.
    tab_to(win, lambda o: safe_name(o) == "Close", "Tab reaches Close")
    key(KEY_RETURN, "Return")
    wait_gone(app, "Conflicts", "Return on Close closes the Conflicts window")


def main():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} PATH/TO/mnr-tracker", file=sys.stderr)
        return 2
    app_path = os.path.abspath(sys.argv[1])
    probe_environment()
    work, env = fresh_data_folder(app_path, "mnr-e2e-keyboard-tasks-")
    store = Store(work)
    server = Server(server_path(app_path), work)

    def checks(app):
        main = wait_for("the main window", lambda: window_named(app, "MNR Tracker"), WAIT)
        check(main is not None, "the main window is there")
        time.sleep(1.0)
        choose_country(app, main)
        rate(app, main, store)
        add_evidence(app, main, store)
        search_evidence(app, main)
        start_round(app, main, store)
        set_up_sync(app, main, server.endpoint, server)
        resolve_conflict(app, main, server.endpoint, server, store)

    def body(procs):
        server.start()
        try:
            run_app(app_path, [], env, procs, checks)
        finally:
            server.stop()

    return run_main(body, work)


if __name__ == "__main__":
    sys.exit(main())
