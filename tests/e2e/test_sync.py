#!/usr/bin/python3
"""End-to-end test of sync: two instances of the app, each with its own
store, sync through one real mnr-sync-server and see each other's edits.

Usage: test_sync.py PATH/TO/mnr-tracker

1. Starts build/server/mnr-sync-server on 127.0.0.1 with an ephemeral port
   (it prints "listening on http://127.0.0.1:PORT/"), a fresh data folder
   and a tokens file holding the SHA-256 of two writer tokens for Ghana.
2. Starts two app instances, A and B, each with its own data folder
   (MNR_TRACKER_DATA_DIR, which makes an instance its own process rather
   than a window of a running one).
3. In each, like a user: the sync indicator's "Set Up…" opens Preferences,
   the server address and that person's token are typed and saved.
   Both choose Ghana before any sync, each starting Ghana's first round
   offline; after syncing, both work in the one same round (a country's
   first round has a name-based id: see first_rounds()).
4. A rates capability 4 with a rationale and syncs; B syncs and its window
   shows A's level and rationale. B raises A's capability 4 (an edit of a
   synced record) and rates capability 5, syncs; A syncs and shows both.
5. Both rate capability 6 differently before syncing. A syncs first; B's
   sync meets A's version: B's indicator says there is a conflict, B's
   window still shows B's level, A's window and the server keep A's.
   B opens Review Conflicts… from the indicator: the Conflicts window names
   the rating and shows both levels; B takes the server's level and saves;
   the window says No Conflicts, B's tile shows the level chosen, and the
   indicator no longer speaks of a conflict.
6. B starts a new round and syncs; A syncs: A's round switcher lists B's
   round, but A's window stays in the round A was working in.
7. Both windows are closed: each instance must end with status 0.

Every step acts through the accessibility tree (AT-SPI), as a screen
reader would, and checks what the windows show. The server's changes feed
is read over HTTP only to check that it holds what the windows say.

Exit status: 0 on success, 1 on failure, 77 (meson's "skip") only when there
is no display or no accessibility bus to talk to.
"""

import hashlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

# First: it adjusts G_DEBUG before anything loads GLib.
from atspi_helpers import (  # noqa: E402
    BUTTON_ROLES, KEY_DOWN, KEY_RETURN, TILE_ROLES, CheckFailed, action_names,
    activate, app_environment, check, do_named_action, find_all, find_one,
    find_tile, is_pressed, is_showing, log, n_checks, press_key, probe_environment,
    safe_description, safe_name, safe_role, set_text, start_app, states,
    stop_app, text_of, wait_for, wait_for_app, walk, window_named, window_of,
    windows_of,
)

WAIT = 20.0          # any one step
SYNC_WAIT = 40.0     # one sync (the client's own timeout is 30 s)
EXIT_TIMEOUT = 20.0  # an instance quitting

COUNTRY = "GH"
COUNTRY_ROW = "Ghana, GH"
COUNTRY_NAME = "Country: Ghana"
NO_ROUND = "Assessment round: none yet; the first rating starts one"
# Two people, two writer tokens for the same country (never real tokens).
TOKEN_A = "e2e-sync-writer-gh-amina-4c1f9d"
TOKEN_B = "e2e-sync-writer-gh-kwame-7b20e5"

CAP1 = "Capability 1: Leadership"
CAP2 = "Capability 2: Research, Analysis and Monitoring"
CAP4 = "Capability 4: Dedicated Law Enforcement"
CAP5 = "Capability 5: Judiciary and Prosecutors"
CAP6 = "Capability 6: Offender Management Process"
RATIONALE_A = "A national cybercrime unit exists; it covers Accra and Kumasi only."


def step(msg):
    log(f"# --- {msg}")


# --------------------------------------------------------------------------
# The server

def server_path(app_path):
    build_root = os.environ.get("MNR_BUILD_ROOT") or \
        os.path.dirname(os.path.dirname(app_path))
    return os.path.join(build_root, "server", "mnr-sync-server")


class Server:
    """The reference server on a free loopback port, logging one line per
    request ("GET /mnr/v1/changes 200": method, path, status; never a
    header, so never a token) to a file the test reads."""

    def __init__(self, binary, work):
        self.binary = binary
        self.work = work
        self.proc = None
        self.endpoint = None
        self.log_path = os.path.join(work, "server.log")

    def start(self):
        tokens = os.path.join(self.work, "tokens")
        with open(tokens, "w", encoding="utf-8") as f:
            f.write("# e2e-sync: two writers for Ghana (SHA-256 of each token)\n")
            for token in (TOKEN_A, TOKEN_B):
                f.write(f"{hashlib.sha256(token.encode()).hexdigest()} writer {COUNTRY}\n")
        log(f"# starting {self.binary}")
        with open(self.log_path, "wb") as err:
            self.proc = subprocess.Popen([self.binary, "--listen", "127.0.0.1:0", "--verbose",
                                          "--data-dir", os.path.join(self.work, "server-data"),
                                          "--tokens", tokens],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=err)
        # Its first line says where it listens (PORT 0: the system chose).
        line = b""
        deadline = time.monotonic() + WAIT
        while not line.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 256)
                if not chunk:
                    break
                line += chunk
        text = line.decode("utf-8", "replace").strip()
        m = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+/)", text)
        check(m is not None, "the sync server starts and says where it listens",
              f"first line {text!r}, status {self.proc.poll()}, log {self.log_tail()!r}")
        self.endpoint = m.group(1) + "mnr/v1/"

    def requests(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return [l.split() for l in f if re.match(r"[A-Z]+ /\S* \d{3}$", l.strip())]
        except OSError:
            return []

    def n_pulls(self):
        """How many changes-feed requests were answered: every sync pulls
        before it pushes (docs/sync-protocol.md 7.4)."""
        return sum(1 for r in self.requests() if r[0] == "GET" and r[1] == "/mnr/v1/changes")

    def log_tail(self, n=12):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read().splitlines()[-n:]
        except OSError:
            return []

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


def server_ratings(endpoint, token):
    """The server's live ratings, {element: (level, rationale)}, from its
    changes feed."""
    out, since = {}, None
    for _ in range(100):
        url = endpoint + "changes?limit=1000" + (f"&since={since}" if since else "")
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=10) as reply:
            page = json.load(reply)
        for record in page["changes"]:
            if record.get("type") == "rating" and not record.get("deleted"):
                data = record["data"]
                out[data["element"]] = (data["level"], data["rationale"])
        since = page["cursor"]
        if not page["more"]:
            break
    return out


# --------------------------------------------------------------------------
# One instance of the app

class Instance:
    def __init__(self, label, app_path, work, token, server):
        self.label = label
        self.server = server
        self.app_path = app_path
        self.token = token
        self.data_dir = os.path.join(work, f"data-{label}")
        os.mkdir(self.data_dir)
        self.proc = None
        self.app = None
        self.window = None

    def start(self):
        env = app_environment(self.app_path, {"MNR_TRACKER_DATA_DIR": self.data_dir})
        self.proc, started = start_app(self.app_path, env=env)
        self.app = wait_for_app(self.proc, started)
        self.window = wait_for(f"{self.label}'s main window", lambda: window_of(self.app), WAIT)
        check(self.window is not None, f"{self.label}: the application has a main window")

    def alive(self):
        check(self.proc.poll() is None, f"{self.label}: the application is still running",
              f"exited with status {self.proc.returncode}")

    # -- the header bar's sync indicator

    def indicator(self):
        """The MnrSyncIndicator (its only AT-SPI actions are its own)."""
        return find_one(self.window, roles=("filler", "panel"),
                        pred=lambda o: "sync-indicator.sync-now" in action_names(o))

    def indicator_button(self):
        """The indicator's menu button, whose name says the state in words."""
        ind = self.indicator()
        if ind is None:
            return None
        return find_one(ind, roles=BUTTON_ROLES, pred=lambda o: o is not ind
                        and "click" not in action_names(o))

    def sync_state(self):
        button = self.indicator_button()
        if button is None:
            return ""
        button.clear_cache()
        return safe_name(button)

    def wait_state(self, what, pred, timeout=SYNC_WAIT):
        return wait_for(f"{self.label}'s sync indicator: {what}",
                        lambda: pred(self.sync_state()), timeout)

    def open_indicator_popover(self):
        ind = self.indicator()
        check(ind is not None, f"{self.label}: the header bar has the sync indicator")
        toggle = find_one(ind, roles=BUTTON_ROLES, pred=lambda o: "click" in action_names(o))
        check(toggle is not None, f"{self.label}: the sync indicator can be clicked")
        check(activate(toggle), f"{self.label}: open the sync indicator's popover")
        return ind

    def popover_button(self, ind, name):
        return wait_for(f"{name!r} in the popover", lambda: find_one(
            ind, name, BUTTON_ROLES,
            lambda o: {"visible", "sensitive"} <= states(o)), WAIT)

    def sync_now(self):
        """Sync Now in the indicator's popover, as a user would."""
        ind = self.open_indicator_popover()
        button = self.popover_button(ind, "Sync Now")
        check(button is not None, f"{self.label}: the popover shows a 'Sync Now' button",
              f"buttons {[safe_name(o) for o in find_all(ind, roles=BUTTON_ROLES)]}")
        check(activate(button), f"{self.label}: activate 'Sync Now'")

    def sync_and_wait(self):
        """Syncs and waits until it is over: the server answered this
        sync's pull, and the indicator no longer says "Syncing…". Returns
        what the indicator then says."""
        before = self.server.n_pulls()
        self.sync_now()
        pulled = wait_for(f"{self.label}'s sync to reach the server",
                          lambda: self.server.n_pulls() > before, SYNC_WAIT)
        check(pulled, f"{self.label}: the sync reaches the server (it pulls the changes feed)",
              f"server log {self.server.log_tail()}, indicator {self.sync_state()!r}")
        done = self.wait_state("the sync to end", lambda s: s and s != "Syncing…")
        state = self.sync_state()
        check(done is not None and self.proc.poll() is None,
              f"{self.label}: the sync ends", f"the indicator says {state!r}")
        log(f"# {self.label}'s indicator says {state!r}")
        return state

    # -- Preferences

    def set_up_sync(self, endpoint, after="Not synced yet"):
        check(self.sync_state() == "Sync is not set up",
              f"{self.label}: the sync indicator says 'Sync is not set up'",
              f"says {self.sync_state()!r}")
        ind = self.open_indicator_popover()
        button = self.popover_button(ind, "Set Up…")
        check(button is not None, f"{self.label}: the popover shows a 'Set Up…' button",
              f"buttons {[safe_name(o) for o in find_all(ind, roles=BUTTON_ROLES)]}")
        check(activate(button), f"{self.label}: activate 'Set Up…'")
        prefs = wait_for("the Preferences window", lambda: window_named(self.app, "Preferences"), WAIT)
        check(prefs is not None, f"{self.label}: 'Set Up…' opens the Preferences window",
              f"windows {[safe_name(w) for w in windows_of(self.app)]}")

        # GTK 4.8 names an AdwEntryRow after its accessible label and its
        # title ("Sync server address Server address"): match the start.
        def editable_in(row_name):
            row = find_one(prefs, pred=lambda o: safe_name(o) == row_name
                           or safe_name(o).startswith(row_name + " "))
            if row is None:
                return None
            return find_one(row, pred=lambda o: "EditableText" in o.get_interfaces()
                            and "editable" in states(o))

        address = wait_for("the server address entry", lambda: editable_in("Sync server address"), WAIT)
        check(address is not None, f"{self.label}: Preferences has an editable 'Sync server address'",
              f"named objects {sorted({safe_name(o) for o in walk(prefs) if safe_name(o)})}")
        token = editable_in("Access token")
        check(token is not None, f"{self.label}: Preferences has an editable 'Access token'")

        check(set_text(address, endpoint), f"{self.label}: type the server address")
        check(wait_for("the address", lambda: text_of(address) == endpoint, WAIT),
              f"{self.label}: the address entry holds {endpoint!r}", f"holds {text_of(address)!r}")
        check(set_text(token, self.token), f"{self.label}: type the access token")
        check(wait_for("the token", lambda: len(text_of(token)) == len(self.token), WAIT),
              f"{self.label}: the token entry holds {len(self.token)} characters",
              f"holds {len(text_of(token))}")

        save = find_one(prefs, "Save", BUTTON_ROLES)
        check(save is not None and "sensitive" in states(save),
              f"{self.label}: Preferences has a sensitive 'Save' button",
              f"states {sorted(states(save)) if save else 'no such button'}")
        check(activate(save), f"{self.label}: activate 'Save'")

        def status():
            return [safe_name(o) for o in find_all(prefs, roles=("label",))
                    if safe_name(o).startswith("Access token: ")]

        kept = wait_for("the token's status", lambda: [s for s in status()
                        if "Not set" not in s], WAIT)
        check(kept, f"{self.label}: Preferences says where the token is kept", f"says {status()}")
        log(f"# {self.label}: {kept[0]!r}")
        check(wait_for("the token entry to empty", lambda: text_of(token) == "", WAIT),
              f"{self.label}: the token entry is emptied once saved (never shown back)")
        check(self.wait_state(repr(after), lambda s: s == after, WAIT),
              f"{self.label}: the sync indicator now says {after!r}",
              f"says {self.sync_state()!r}")

        check(do_named_action(prefs, "window.close"), f"{self.label}: close Preferences")
        check(wait_for("Preferences to close",
                       lambda: window_named(self.app, "Preferences") is None, WAIT),
              f"{self.label}: the Preferences window closes")

    # -- country

    def country_button(self):
        for o in walk(self.window):
            if safe_role(o) != "push button":
                continue
            n = safe_name(o)
            if n.startswith("Country: ") or n.lower() == "choose country":
                return o
        return None

    def choose_ghana(self, shown="choose country"):
        button = wait_for("the country button", self.country_button, WAIT)
        check(button is not None and safe_name(button).lower() == shown.lower(),
              f"{self.label}: the country button says {shown!r}",
              f"named {safe_name(button)!r}")
        toggle = find_one(button, roles=BUTTON_ROLES,
                          pred=lambda o: o is not button and "click" in action_names(o))
        check(toggle is not None and activate(toggle), f"{self.label}: open the country popover")
        entry = wait_for("the search entry", lambda: find_one(
            self.window, "Search countries", ("entry", "text"),
            lambda o: "EditableText" in o.get_interfaces() and is_showing(o, self.window)), WAIT)
        check(entry is not None, f"{self.label}: the popover shows a 'Search countries' entry")
        check(set_text(entry, "ghana"), f"{self.label}: type 'ghana' into the search")

        def rows():
            return [o for o in walk(self.window) if safe_role(o) == "panel"
                    and re.fullmatch(r".+, [A-Z]{2}", safe_name(o))]

        # Ghana is listed once, or twice (under "Your countries" too) once
        # a sync brought it into the store.
        found = wait_for("the list to filter down to Ghana", lambda: (
            lambda r: r if r and all(safe_name(o) == COUNTRY_ROW for o in r) else None)(rows()), WAIT)
        check(found is not None, f"{self.label}: the list shows only {COUNTRY_ROW!r}",
              f"rows {[safe_name(o) for o in rows()]}")
        # List rows have no AT-SPI action in GTK 4.8: the keyboard reaches
        # them (the popover holds the keyboard grab, so this goes to this
        # instance whichever window is on top).
        press_key(KEY_DOWN)
        press_key(KEY_RETURN)
        check(wait_for("the country button to say Ghana",
                       lambda: safe_name(self.country_button()) == COUNTRY_NAME, WAIT),
              f"{self.label}: Ghana is chosen: the country button is named {COUNTRY_NAME!r}",
              f"named {safe_name(self.country_button())!r}")

    def round_button(self):
        return find_one(self.window, roles=("push button",),
                        pred=lambda o: safe_name(o).startswith("Assessment round: "))

    def round_toggle(self):
        button = self.round_button()
        if button is None:
            return None
        return find_one(button, roles=BUTTON_ROLES,
                        pred=lambda o: o is not button and "click" in action_names(o))

    def round_popover(self, shown):
        """Opens or closes the round switcher's popover (its rows join the
        accessibility tree only once it has been shown)."""
        toggle = self.round_toggle()
        check(toggle is not None, f"{self.label}: the header bar has the round button")
        if is_pressed(toggle) != shown:
            activate(toggle)
        check(wait_for("the round popover", lambda: is_pressed(toggle) == shown, WAIT),
              f"{self.label}: the round popover is {'open' if shown else 'closed'}",
              f"states {sorted(states(toggle))}")

    def round_rows(self):
        """The round switcher's rows, as a user opening it sees them:
        "NAME, DATE", with ", current round" after the one shown."""
        self.round_popover(True)
        try:
            found = wait_for("the round list", lambda: find_one(
                self.window, "Assessment rounds", pred=lambda o: "visible" in states(o)), WAIT)
            check(found is not None, f"{self.label}: the popover shows the 'Assessment rounds' list")
            return [safe_name(o) for o in walk(found)[1:] if safe_role(o) == "list item"]
        finally:
            self.round_popover(False)

    def new_round(self):
        """Starts a new round through the round switcher's "New Round…"."""
        self.round_popover(True)
        # GTK 4.8 names it "New assessment round New Round…" (label, text).
        new = wait_for("'New assessment round'", lambda: find_one(
            self.window, roles=BUTTON_ROLES, pred=lambda o:
            safe_name(o).startswith("New assessment round")
            and {"visible", "sensitive"} <= states(o)), WAIT)
        check(new is not None, f"{self.label}: the popover has a 'New assessment round' button")
        check(activate(new), f"{self.label}: activate 'New assessment round'")
        dialog = wait_for("the round dialog",
                          lambda: window_named(self.app, "New Assessment Round"), WAIT)
        check(dialog is not None, f"{self.label}: a 'New Assessment Round' window opens",
              f"windows {[safe_name(w) for w in windows_of(self.app)]}")
        name_row = find_one(dialog, pred=lambda o: safe_name(o).startswith("Round name"))
        entry = name_row and find_one(name_row, pred=lambda o: "EditableText" in o.get_interfaces())
        check(entry is not None, f"{self.label}: the dialog has a 'Round name' entry")
        name = text_of(entry)
        check(name == f"Review {time.localtime().tm_year}",
              f"{self.label}: the new round is named 'Review {time.localtime().tm_year}'",
              f"named {name!r}")
        create = find_one(dialog, "Create", BUTTON_ROLES)
        check(create is not None and "sensitive" in states(create),
              f"{self.label}: the dialog has a sensitive 'Create' button")
        check(activate(create), f"{self.label}: activate 'Create'")
        check(wait_for("the dialog to close",
                       lambda: window_named(self.app, "New Assessment Round") is None, WAIT),
              f"{self.label}: the dialog closes")
        check(wait_for("the new round shown",
                       lambda: safe_name(self.round_button()) == f"Assessment round: {name}", WAIT),
              f"{self.label}: the window shows the new round {name!r}",
              f"round button {safe_name(self.round_button())!r}")
        return name

    def round_names(self):
        return sorted(safe_name(o) for o in find_all(self.window, roles=("push button",))
                      if safe_name(o).startswith("Assessment round: "))

    # -- ratings

    def tile_description(self, name):
        tile = find_tile(self.window, name)
        return safe_description(tile) if tile is not None else ""

    def wait_tile_level(self, name, level, timeout=WAIT):
        return wait_for(f"{self.label}'s {name!r} to say {level!r}",
                        lambda: self.tile_description(name).startswith(f"Level: {level}."), timeout)

    def open_tile(self, tile, name):
        """Shows the element's panel. A tile is a toggle: activating the one
        already open would close its panel."""
        if is_pressed(tile):
            log(f"# {self.label}: {name!r} is open already")
            return
        check(activate(tile), f"{self.label}: activate {name!r}")
        check(wait_for("the tile pressed", lambda: is_pressed(tile), WAIT),
              f"{self.label}: the tile {name!r} is pressed (its panel is open)",
              f"states {sorted(states(tile))}")

    def rate(self, name, level, rationale=None):
        tile = find_tile(self.window, name)
        check(tile is not None, f"{self.label}: the tile {name!r} is there")
        self.open_tile(tile, name)
        if rationale is not None:
            view = wait_for("the Rationale text", lambda: find_one(
                self.window, "Rationale", ("text", "entry", "paragraph"),
                lambda o: "EditableText" in o.get_interfaces() and is_showing(o, self.window)), WAIT)
            check(view is not None, f"{self.label}: the side panel shows an editable 'Rationale'")
            check(set_text(view, rationale), f"{self.label}: type the rationale")
            check(wait_for("the rationale text", lambda: text_of(view) == rationale, WAIT),
                  f"{self.label}: the rationale holds the text typed", f"holds {text_of(view)!r}")
        button = wait_for(f"'Level: {level}'", lambda: find_one(
            self.window, f"Level: {level}", TILE_ROLES, lambda o: is_showing(o, self.window)), WAIT)
        check(button is not None, f"{self.label}: a 'Level: {level}' button is on screen")
        check(activate(button), f"{self.label}: activate 'Level: {level}'")
        check(self.wait_tile_level(name, level),
              f"{self.label}: the tile {name!r} now says 'Level: {level}'",
              f"description {self.tile_description(name)!r}")

    def rationale_shown(self, name):
        """Opens the element's panel; returns the text of its Rationale."""
        tile = find_tile(self.window, name)
        check(tile is not None, f"{self.label}: the tile {name!r} is there")
        self.open_tile(tile, name)
        view = wait_for("the Rationale text", lambda: find_one(
            self.window, "Rationale", ("text", "entry", "paragraph"),
            lambda o: is_showing(o, self.window)), WAIT)
        check(view is not None, f"{self.label}: the side panel shows the 'Rationale'")
        return view

    # -- the end

    def quit(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            do_named_action(self.window, "window.close")
        except Exception as e:
            if "disconnected" not in str(e) and "no longer exists" not in str(e):
                raise
        try:
            code = self.proc.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            code = None
        check(code == 0, f"{self.label}: closing the window ends the application with status 0",
              f"status {code}")


# --------------------------------------------------------------------------

def first_rounds(a, b, endpoint):
    """A and B each choose Ghana and rate before any sync, so each starts
    Ghana's first round offline (opening a country makes none: looking is
    not writing). That round's id is made from the country and the year
    (mnr_store_create_first_round), so after syncing there is one round,
    not two with the same name: both people's ratings land in it."""
    step("A and B: set up sync, choose Ghana and rate, both before syncing")
    a.set_up_sync(endpoint)
    a.choose_ghana()
    check(wait_for("A's round button", lambda: a.round_names() == [NO_ROUND], WAIT),
          "A: opening Ghana made no round", f"round buttons {a.round_names()}")
    a.rate(CAP1, "Building")
    b.set_up_sync(endpoint)
    b.choose_ghana()
    b.rate(CAP2, "Building")
    check(wait_for("A's round", lambda: len(a.round_names()) == 1
                   and a.round_names()[0] != "Assessment round: none", WAIT),
          "A: Ghana has a first round", f"round buttons {a.round_names()}")
    round_name = a.round_names()[0]
    log(f"# A's round: {round_name!r}")
    check(wait_for("B's round", lambda: b.round_names() == [round_name], WAIT),
          f"B: started a round named {round_name!r} too", f"round buttons {b.round_names()}")

    step("A syncs, then B")
    state = a.sync_and_wait()
    check(state == "Synced just now", "A: the indicator says 'Synced just now'", f"says {state!r}")
    state = b.sync_and_wait()
    check(state == "Synced just now", "B: the indicator says 'Synced just now' (no conflict on the round)",
          f"says {state!r}")
    # The same name is no proof: the rounds must have become one.
    rows = b.round_rows()
    check(len(rows) == 1 and rows[0].startswith("Assessment ")
          and rows[0].endswith(", current round"),
          "B: its round switcher lists one round, the current one (not two of the same name)",
          f"rows {b.round_rows()}")


def a_to_b(a, b):
    step("A rates capability 4 with a rationale and syncs")
    a.rate(CAP4, "Developing", RATIONALE_A)
    check(a.wait_state("changes waiting", lambda s: re.fullmatch(
        r"\d+ changes? waiting to be sent", s or ""), WAIT),
          "A: the indicator counts the change waiting to be sent", f"says {a.sync_state()!r}")
    check(b.tile_description(CAP4).startswith("Level: Not assessed."),
          "B: before syncing, capability 4 is not assessed", f"is {b.tile_description(CAP4)!r}")
    state = a.sync_and_wait()
    check(state == "Synced just now", "A: the change is sent ('Synced just now')", f"says {state!r}")

    step("B syncs and shows A's rating")
    b.sync_and_wait()
    check(b.wait_tile_level(CAP4, "Developing"),
          "B: the capability 4 tile now says 'Level: Developing' (A's rating)",
          f"is {b.tile_description(CAP4)!r}")
    view = b.rationale_shown(CAP4)
    check(wait_for("A's rationale", lambda: text_of(view) == RATIONALE_A, WAIT),
          "B: the panel shows A's rationale", f"shows {text_of(view)!r}")
    level = find_one(b.window, "Level: Developing", TILE_ROLES, lambda o: is_showing(o, b.window))
    check(level is not None and ("pressed" in states(level) or "checked" in states(level)),
          "B: the panel's 'Level: Developing' button is pressed",
          f"states {sorted(states(level)) if level else 'no such button'}")


def b_to_a(a, b):
    step("B raises capability 4 (A's rating) and rates capability 5, then syncs")
    b.rate(CAP4, "Established")
    b.rate(CAP5, "Building")
    check(b.wait_state("changes waiting", lambda s: re.fullmatch(
        r"2 changes waiting to be sent", s or ""), WAIT),
          "B: the indicator says '2 changes waiting to be sent'", f"says {b.sync_state()!r}")
    state = b.sync_and_wait()
    check(state == "Synced just now", "B: the changes are sent ('Synced just now')", f"says {state!r}")

    step("A syncs and shows B's edits")
    check(a.tile_description(CAP5).startswith("Level: Not assessed."),
          "A: before syncing, capability 5 is not assessed", f"is {a.tile_description(CAP5)!r}")
    a.sync_and_wait()
    check(a.wait_tile_level(CAP5, "Building"),
          "A: the capability 5 tile now says 'Level: Building' (B's rating)",
          f"is {a.tile_description(CAP5)!r}")
    check(a.wait_tile_level(CAP4, "Established"),
          "A: the capability 4 tile now says 'Level: Established' (B's edit of A's rating)",
          f"is {a.tile_description(CAP4)!r}")
    ratings = server_ratings(a.server.endpoint, TOKEN_A)
    check(ratings.get("capability-4") == ("established", RATIONALE_A)
          and ratings.get("capability-5") == ("building", ""),
          "the server holds capability 4 as 'established' with A's rationale, "
          "and capability 5 as 'building'", f"server ratings {ratings}")


def conflict(a, b, endpoint):
    step("both rate capability 6 differently before syncing")
    a.rate(CAP6, "Mature")
    b.rate(CAP6, "Not in place")

    step("A syncs first, then B")
    state = a.sync_and_wait()
    check(state == "Synced just now", "A: its rating of capability 6 is sent", f"says {state!r}")
    state = b.sync_and_wait()
    check(re.search(r"\bconflicts? to resolve\b", state),
          "B: the sync indicator says there is a conflict to resolve", f"says {state!r}")
    check(state == "1 conflict to resolve", "B: exactly one: '1 conflict to resolve'",
          f"says {state!r}")

    step("neither edit is lost")
    check(b.tile_description(CAP6).startswith("Level: Not in place."),
          "B: the capability 6 tile still shows B's level, 'Not in place'",
          f"is {b.tile_description(CAP6)!r}")
    ratings = server_ratings(endpoint, TOKEN_A)
    check(ratings.get("capability-6", ("",))[0] == "mature",
          "the server keeps A's 'mature' for capability 6 (B's sync did not overwrite it)",
          f"server ratings {ratings}")
    a.sync_and_wait()
    check(a.tile_description(CAP6).startswith("Level: Mature."),
          "A: after another sync, capability 6 still shows A's 'Mature'",
          f"is {a.tile_description(CAP6)!r}")
    check(b.tile_description(CAP6).startswith("Level: Not in place."),
          "B: and B's window still shows 'Not in place'", f"is {b.tile_description(CAP6)!r}")
    # Syncing again does not make the conflict go away by itself.
    state = b.sync_and_wait()
    check(state == "1 conflict to resolve", "B: after another sync, still '1 conflict to resolve'",
          f"says {state!r}")

    step("B resolves it in the Conflicts window: the server's level")
    ind = b.open_indicator_popover()
    button = b.popover_button(ind, "Review Conflicts…")
    check(button is not None, "B: the popover offers 'Review Conflicts…'",
          f"buttons {[safe_name(o) for o in find_all(ind, roles=BUTTON_ROLES)]}")
    check(activate(button), "B: activate 'Review Conflicts…'")
    win = wait_for("the Conflicts window", lambda: window_named(b.app, "Conflicts"), WAIT)
    check(win is not None, "B: the Conflicts window opens",
          f"windows {[safe_name(w) for w in windows_of(b.app)]}")
    names = [safe_name(o) for o in find_all(win)]
    check(any(n.startswith("Rating of Capability 6") for n in names),
          "B: it names the record in words ('Rating of Capability 6 …')",
          f"names {[n for n in names if n][:40]}")
    check("Not in place" in names and "Mature" in names,
          "B: it shows both levels side by side, 'Not in place' (yours) and 'Mature' (the server's)",
          f"names {[n for n in names if n][:60]}")
    theirs = wait_for("the server's level", lambda: find_one(win, "Use the server’s: Level", BUTTON_ROLES), WAIT)
    check(theirs is not None, "B: the Level field offers 'Use the server’s: Level'",
          f"buttons {[safe_name(o) for o in find_all(win, roles=BUTTON_ROLES)]}")
    check(activate(theirs), "B: choose the server's level")
    save = wait_for("Save Merged, enabled", lambda: find_one(
        win, "Save Merged", BUTTON_ROLES, lambda o: "sensitive" in states(o)), WAIT)
    check(save is not None, "B: with every field chosen, 'Save Merged' is enabled")
    check(activate(save), "B: save the merged version")
    check(wait_for("No Conflicts", lambda: any(safe_name(o) == "No Conflicts" for o in find_all(win)), WAIT),
          "B: the window then says 'No Conflicts'")
    check(b.wait_tile_level(CAP6, "Mature"),
          "B: the capability 6 tile now shows the level chosen, 'Mature'",
          f"is {b.tile_description(CAP6)!r}")
    check(b.wait_state("no conflict", lambda s: s is not None and "conflict" not in s, WAIT),
          "B: the sync indicator no longer speaks of a conflict", f"says {b.sync_state()!r}")
    close = find_one(win, "Close", BUTTON_ROLES)
    check(close is not None and activate(close), "B: close the Conflicts window with its Close button",
          f"buttons {[safe_name(o) for o in find_all(win, roles=BUTTON_ROLES)]}")
    check(wait_for("the window closed", lambda: window_named(b.app, "Conflicts") is None, WAIT),
          "B: the Conflicts window is gone")


def sync_keeps_round(a, b):
    step("B starts a new round and syncs; A's sync must not switch A to it")
    shown = safe_name(a.round_button())
    check(shown.startswith("Assessment round: Assessment "),
          "A: shows Ghana's first round", f"round button {shown!r}")
    rows = a.round_rows()
    check(len(rows) == 1, "A: its round switcher lists one round", f"rows {rows}")
    name = b.new_round()
    b.sync_and_wait()
    a.sync_and_wait()
    rows = a.round_rows()
    check(len(rows) == 2, "A: after syncing, its round switcher lists two rounds", f"rows {rows}")
    check(any(r.startswith(f"{name}, ") and not r.endswith(", current round") for r in rows),
          f"A: B's {name!r} is listed, not as the current round", f"rows {rows}")
    check(safe_name(a.round_button()) == shown,
          f"A: the window still shows the round A was working in, {shown!r}",
          f"round button {safe_name(a.round_button())!r}")
    check(a.tile_description(CAP6).startswith("Level: Mature."),
          "A: and its capability 6 tile still says 'Level: Mature'",
          f"is {a.tile_description(CAP6)!r}")


def main():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} PATH/TO/mnr-tracker", file=sys.stderr)
        return 2
    app_path = os.path.abspath(sys.argv[1])
    if not os.access(app_path, os.X_OK):
        print(f"not an executable: {app_path}", file=sys.stderr)
        return 1
    binary = server_path(app_path)
    if not os.access(binary, os.X_OK):
        print(f"the sync server is not built: {binary}", file=sys.stderr)
        return 1

    probe_environment()

    work = tempfile.mkdtemp(prefix="mnr-e2e-sync-")
    t0 = time.monotonic()
    server = None
    instances = []
    status = 1
    try:
        step("start the sync server")
        server = Server(binary, work)
        server.start()
        endpoint = server.endpoint
        log(f"# endpoint {endpoint}")

        step("start two instances with separate stores")
        a = Instance("A", app_path, work, TOKEN_A, server)
        b = Instance("B", app_path, work, TOKEN_B, server)
        instances = [a, b]
        a.start()
        b.start()
        check(a.proc.pid != b.proc.pid and a.app is not b.app,
              "two separate application processes are on the AT-SPI bus")
        a.alive()
        b.alive()

        first_rounds(a, b, endpoint)
        a_to_b(a, b)
        b_to_a(a, b)
        conflict(a, b, endpoint)
        sync_keeps_round(a, b)

        step("quit both")
        a.alive()
        b.alive()
        a.quit()
        b.quit()
        check(server.proc.poll() is None, "the server is still running")

        status = 0
        log(f"# all {n_checks()} checks passed in {time.monotonic() - t0:.1f} s")
    except CheckFailed as e:
        log(f"FAIL: {e}")
    except Exception:
        traceback.print_exc()
        log("FAIL: unexpected error")
    finally:
        for inst in instances:
            if stop_app(inst.proc) and status == 0:
                status = 1
                log(f"FAIL: {inst.label} was still running at the end")
        if status != 0 and server is not None:
            log(f"# the server's last requests: {server.log_tail()}")
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
