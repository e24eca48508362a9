#!/usr/bin/python3
"""End-to-end test: a store damaged while the app was closed.

Usage: test_damaged_store.py PATH/TO/mnr-tracker PATH/TO/mnr-test-seed-compare

The app opens a store that was closed cleanly without checking it whole
first, and checks it after its first frame (MNR_STORE_OPEN_DEFER_CHECK).
This seeds a store, closes it, scribbles over one of its pages, starts the
real application on it and checks that the outcome is the one a store
refused on opening always had: the bar under the header says the data
could not be opened and why, offers to restore a backup, the Evidence and
Compare views are gone, and not one byte of the folder changed (no
write-ahead log either: nothing ever wrote to it).

Exit status: 0 on success, 1 on failure, 77 when there is no display or no
accessibility bus.
"""

import hashlib
import os
import subprocess
import sys
import tempfile

# First: it adjusts G_DEBUG before anything loads GLib.
from atspi_helpers import (  # noqa: E402
    BUTTON_ROLES, app_environment, check, find_one, log, probe_environment, quit_app, run_main,
    safe_name, start_app, states, wait_exit, wait_for, wait_for_app, walk, window_of,
)

BANNER = "Your data could not be opened, so nothing can be saved and nothing was changed."
WAIT = 30.0


def snapshot(folder):
    """Every file under folder with the SHA-256 of its bytes."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return out


def damage(db_path):
    """Scribbles over the third page, as a failing disk or a bad copy would."""
    with open(db_path, "r+b") as f:
        f.seek(8192)
        f.write(b"\xa5" * 4096)


def main():
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} PATH/TO/mnr-tracker PATH/TO/mnr-test-seed-compare", file=sys.stderr)
        return 2
    app_path = os.path.abspath(sys.argv[1])
    probe_environment()

    work = tempfile.mkdtemp(prefix="mnr-e2e-damaged-")
    subprocess.run([sys.argv[2], work], check=True)
    db_path = os.path.join(work, "mnr-tracker.db")
    check(not os.path.exists(db_path + "-wal"), "the seeded store was closed cleanly (no write-ahead log)")
    check(os.path.getsize(db_path) > 16384, "the store is larger than the pages scribbled over",
          f"{os.path.getsize(db_path)} bytes")
    damage(db_path)
    before = snapshot(work)
    env = app_environment(app_path, {"MNR_TRACKER_DATA_DIR": work})

    def body(procs):
        proc, started = start_app(app_path, ["--country=VN"], env=env)
        procs.append(proc)
        app = wait_for_app(proc, started)

        said = wait_for("the bar saying the data could not be opened", lambda: next(
            (safe_name(o) for o in walk(app) if safe_name(o).startswith(BANNER)), None), WAIT)
        check(said is not None, "the bar under the header says the data could not be opened")
        check(said is not None and "is damaged" in said and "restore a backup" in said,
              "and why: the file is damaged, left as it is, a backup can be restored", f"says {said!r}")

        window = window_of(app)
        restore = find_one(window, "Restore a Backup…", BUTTON_ROLES,
                           lambda o: {"visible", "sensitive"} <= states(o))
        check(restore is not None, "the bar offers Restore a Backup…")
        views = {safe_name(o) for o in walk(window) if "showing" in states(o)}
        check("Evidence" not in views and "Compare" not in views,
              "without data there is only the framework to read: no Evidence or Compare view",
              f"showing {sorted(v for v in views if v in ('Grid', 'Evidence', 'Compare'))}")

        quit_app(app, proc)
        wait_exit(proc, "closing the window")

        after = snapshot(work)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        check(not changed, "not a byte of the data folder changed, and no file was added",
              f"changed: {changed}")
        log(f"# {len(after)} files, all as they were")

    return run_main(body, work)


if __name__ == "__main__":
    sys.exit(main())
