#!/usr/bin/python3
"""End-to-end test as a new user: a focal point for Ghana installs the app,
explores it with the sample data, rates a capability of her own, connects
to her region's fresh server by the root URL it prints, syncs, and removes
the sample data.

Usage: test_new_user.py PATH/TO/mnr-tracker

1. Starts build/server/mnr-sync-server with a fresh data folder and one
   writer token for Ghana. It prints "listening on http://127.0.0.1:PORT/":
   that root URL, not the endpoint under it, is what she types.
2. Starts the app on an empty data folder. The banner invites her to
   explore with sample data; she does. She chooses Ghana: the banner says
   the country shows sample data, never synced.
3. She rates capability 4 with a rationale: her own, real rating.
4. Through the sync indicator's "Set Up…" she types the root URL and her
   token, saves, and syncs: the sync succeeds.
5. The server holds her round and her rating, and no evidence at all: none
   of the 66 sample records (6 of them Ghana's) left her computer.
6. "Remove Sample Data…" in the banner asks first, then removes them; the
   banner goes, her rating is still on the tile, and a second sync sends
   nothing about the examples either.
7. She closes the window: the app ends with status 0; her store holds no
   sample record, and her one rating.

Every step acts through the accessibility tree (AT-SPI); the server's feed
is read over HTTP and the store's file with sqlite3, read-only, only to
check what the windows say.

Exit status: 0 on success, 1 on failure, 77 (meson's "skip") only when there
is no display or no accessibility bus to talk to.
"""

import glob
import json
import os
import sqlite3
import sys
import tempfile
import urllib.request

# First: it adjusts G_DEBUG before anything loads GLib.
from atspi_helpers import (  # noqa: E402
    BUTTON_ROLES, action_names, activate, check, find_all, find_one, log, probe_environment,
    run_main, safe_name, safe_role, states, wait_for, walk, window_named, windows_of,
)
from test_sync import (  # noqa: E402
    CAP4, TOKEN_A, WAIT, Instance, Server, server_path,
)

RATIONALE = "A specialised unit exists in Accra; regional units are planned."


def step(msg):
    log(f"# --- {msg}")


def server_feed(endpoint, token):
    """Every record the server holds, from its changes feed."""
    out, since = [], None
    for _ in range(100):
        url = endpoint + "changes?limit=1000" + (f"&since={since}" if since else "")
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=10) as reply:
            page = json.load(reply)
        out += page["changes"]
        since = page["cursor"]
        if not page["more"]:
            break
    return out


def banner_button(inst, name):
    found = wait_for(f"the banner's {name!r}", lambda: find_one(
        inst.window, name, BUTTON_ROLES, lambda o: {"visible", "sensitive"} <= states(o)), WAIT)
    if found is None:
        log(f"# buttons: {sorted({safe_name(o) for o in find_all(inst.window, roles=BUTTON_ROLES)})}")
    return found


def banner_text(inst, start):
    found = wait_for(f"a banner starting {start!r}", lambda: next(
        (safe_name(o) for o in walk(inst.window) if safe_name(o).startswith(start)), None), WAIT)
    if found is None:
        log(f"# texts: {sorted({safe_name(o)[:40] for o in walk(inst.window) if safe_name(o)})}")
    return found


def store_counts(data_dir):
    paths = glob.glob(os.path.join(data_dir, "**", "mnr-tracker.db"), recursive=True)
    check(len(paths) == 1, "the app's store is one file, mnr-tracker.db", f"found {paths}")
    db = sqlite3.connect(f"file:{paths[0]}?mode=ro", uri=True)
    try:
        def one(sql):
            return db.execute(sql).fetchone()[0]
        return {
            "sample": sum(one(f"SELECT count(*) FROM {t} WHERE sample = 1")
                          for t in ("rounds", "ratings", "evidence", "attachments", "groups")),
            "evidence": one("SELECT count(*) FROM evidence WHERE deleted_at IS NULL"),
            "ratings": one("SELECT count(*) FROM ratings WHERE deleted_at IS NULL"),
        }
    finally:
        db.close()


def body(procs, app_path, work):
    binary = server_path(app_path)
    check(os.access(binary, os.X_OK), "the sync server is built", binary)

    step("a fresh server, as her region runs it")
    server = Server(binary, work)
    server.start()
    try:
        root = server.endpoint[: -len("mnr/v1/")]
        log(f"# the server prints {root!r}")

        step("a new user opens the app and explores with sample data")
        me = Instance("new user", app_path, work, TOKEN_A, server)
        me.start()
        procs.append(me.proc)
        said = banner_text(me, "Start by choosing a country")
        check(said is not None, "a first run's banner invites her to start")
        explore = banner_button(me, "Explore with Sample Data")
        check(explore is not None, "a first run offers 'Explore with Sample Data'")
        check(activate(explore), "activate 'Explore with Sample Data'")
        # The examples loaded, a country that has some is shown.
        check(wait_for("a country with examples", lambda: safe_name(me.country_button())
                       == "Country: Philippines", WAIT),
              "the sample data loads and shows the Philippines",
              f"country button {safe_name(me.country_button())!r}")
        me.choose_ghana(shown="Country: Philippines")
        said = banner_text(me, "This country shows sample data")
        check(said is not None and "never synced" in said,
              "the banner says Ghana shows sample data that is never synced", f"says {said!r}")

        step("she rates a capability of her own")
        me.rate(CAP4, "Developing", RATIONALE)
        counts = store_counts(me.data_dir)
        log(f"# her store: {counts}")
        check(counts["sample"] >= 6 and counts["ratings"] == 1,
              "her store holds the sample examples and her one rating", f"{counts}")

        step("she connects by the root URL the server printed, and syncs")
        me.set_up_sync(root, after="2 changes waiting to be sent")
        state = me.sync_and_wait()
        check(state.startswith("Synced"), "the sync with the root URL succeeds", f"indicator {state!r}")

        feed = server_feed(server.endpoint, TOKEN_A)
        kinds = sorted(r["type"] for r in feed)
        log(f"# the server holds {kinds}")
        check(kinds == ["rating", "round"], "the server holds her round and her rating, nothing else",
              f"holds {kinds}")
        rating = next(r for r in feed if r["type"] == "rating")
        check(rating["data"]["element"] == "capability-4" and rating["data"]["rationale"] == RATIONALE,
              "the server's rating is hers", f"{rating['data']}")
        check(not any(r["type"] in ("evidence", "attachment") for r in feed),
              "the server holds 0 sample records")

        step("Remove Sample Data")
        remove = banner_button(me, "Remove Sample Data…")
        check(remove is not None, "the banner offers 'Remove Sample Data…'")
        check(activate(remove), "activate 'Remove Sample Data…'")
        dialog = wait_for("the question", lambda: window_named(me.app, "Remove Sample Data?"), WAIT)
        check(dialog is not None, "it asks first: 'Remove Sample Data?'",
              f"windows {[safe_name(w) for w in windows_of(me.app)]}")
        yes = find_one(dialog, "Remove", BUTTON_ROLES)
        check(yes is not None and activate(yes), "answer 'Remove'")
        check(wait_for("the question to close",
                       lambda: window_named(me.app, "Remove Sample Data?") is None, WAIT),
              "the question closes")
        check(wait_for("the banner to go", lambda: find_one(
            me.window, "Remove Sample Data…", BUTTON_ROLES, lambda o: "showing" in states(o)) is None, WAIT),
            "the sample-data banner is gone")
        check(me.wait_tile_level(CAP4, "Developing"), "her rating is still on the tile",
              f"description {me.tile_description(CAP4)!r}")

        state = me.sync_and_wait()
        check(state.startswith("Synced"), "the next sync succeeds", f"indicator {state!r}")
        kinds = sorted(r["type"] for r in server_feed(server.endpoint, TOKEN_A))
        check(kinds == ["rating", "round"], "the server still holds only her round and rating",
              f"holds {kinds}")

        step("and from the main menu, the sample data of every country")
        menu = find_one(me.window, "Main menu", BUTTON_ROLES)
        toggle = menu and find_one(menu, roles=BUTTON_ROLES, pred=lambda o: "click" in action_names(o))
        check(toggle is not None and activate(toggle), "open the main menu")
        item = wait_for("'Remove Sample Data…' in the menu", lambda: find_one(
            me.app, pred=lambda o: safe_name(o).replace("_", "") == "Remove Sample Data…"
            and safe_role(o) in ("menu item", "push button") and "visible" in states(o)), WAIT)
        if item is None:
            log(f"# menu: {sorted({(safe_role(o), safe_name(o)) for o in walk(me.app) if safe_name(o)})}")
        check(item is not None and activate(item), "activate 'Remove Sample Data…' in the main menu")
        dialog = wait_for("the question", lambda: window_named(me.app, "Remove Sample Data?"), WAIT)
        check(dialog is not None, "it asks first again")
        said = [safe_name(o) for o in walk(dialog) if "every country" in safe_name(o)]
        check(said and said[0].startswith("60 working examples will be removed from every country"),
              "it says how many examples go, from every country", f"says {said}")
        yes = find_one(dialog, "Remove", BUTTON_ROLES)
        check(yes is not None and activate(yes), "answer 'Remove'")
        check(wait_for("the question to close",
                       lambda: window_named(me.app, "Remove Sample Data?") is None, WAIT),
              "the question closes")
        check(me.wait_tile_level(CAP4, "Developing"), "her rating is still on the tile")

        step("she closes the app")
        me.quit()
        counts = store_counts(me.data_dir)
        log(f"# her store: {counts}")
        check(counts == {"sample": 0, "evidence": 0, "ratings": 1},
              "her store holds no sample record, and her one rating", f"{counts}")
    finally:
        server.stop()


def main():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} PATH/TO/mnr-tracker", file=sys.stderr)
        return 2
    app_path = os.path.abspath(sys.argv[1])
    probe_environment()
    work = tempfile.mkdtemp(prefix="mnr-e2e-new-user-")
    return run_main(lambda procs: body(procs, app_path, work), work)


if __name__ == "__main__":
    sys.exit(main())
