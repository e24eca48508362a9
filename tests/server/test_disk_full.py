#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A full disk on the server, over loopback, as TAP.

The data dir is a 4 MiB tmpfs (when this runs as root and may mount),
filled up but for a little room; records and blobs are written until the
server answers 507 Insufficient Storage, a real SQLITE_FULL or ENOSPC.
Where mounting is not permitted the database is held to a few pages with
MNR_SERVER_MAX_PAGE_COUNT (PRAGMA max_page_count), SQLite's own
SQLITE_FULL. Either way: every write answered 201 is there and readable,
reads go on, nothing half-written is stored, and once there is room again
writes succeed.

Usage: test_disk_full.py PATH-TO-mnr-sync-server
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_server as ts  # noqa: E402
from test_server import SECRETARIAT, WRITER_PH, Server, body, expect_problem, new_id  # noqa: E402

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def mount_tmpfs(path):
    if os.geteuid() != 0 or os.environ.get("MNR_TEST_NO_MOUNT"):
        return False
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", path],
                       capture_output=True)
    return p.returncode == 0


def big_round(i):
    return body("round", data={"name": f"Round {i}", "date": "2024-05-01",
                               "note": os.urandom(12 * 1024).hex()})


def put_blob(srv, data):
    return srv.request("PUT", f"/mnr/v1/blobs/{hashlib.sha256(data).hexdigest()}", data,
                       token=WRITER_PH, content_type="application/octet-stream")


def fill(srv):
    """Writes records until a 507; the ids answered 201."""
    stored = []
    for i in range(2000):
        rid = new_id()
        r = srv.put_record("round", rid, big_round(i), create=True)
        if r.status == 507:
            p = expect_problem(r, 507, "insufficient-storage")
            assert "nothing" in p["detail"], p
            return stored
        assert r.status == 201, r
        stored.append(rid)
    raise AssertionError("the disk never filled")


def check_all_readable(srv, stored):
    for rid in stored:
        assert srv.get(f"/mnr/v1/records/round/{rid}").status == 200, rid
    assert [c["id"] for c in srv.feed()] == stored


def check_audit(srv, stored):
    with open(os.path.join(srv.data_dir, "audit.log")) as f:
        text = f.read()
    for rid in stored:
        assert text.count(rid) == 1, rid


@test
def a_full_disk_answers_507_and_loses_nothing():
    tmp = tempfile.TemporaryDirectory(prefix="mnr-disk-full-")
    data_dir = os.path.join(tmp.name, "data")
    os.mkdir(data_dir)
    mounted = mount_tmpfs(data_dir)
    filler = os.path.join(data_dir, "filler")
    srv = None
    try:
        if mounted:
            print("# data dir on a 4 MiB tmpfs")
            srv = Server(data_dir=data_dir)
            # Leave about 600 KiB of room.
            st = os.statvfs(data_dir)
            with open(filler, "wb") as f:
                f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - 600 * 1024))
        else:
            print("# no mount permitted: PRAGMA max_page_count = 200")
            os.environ["MNR_SERVER_MAX_PAGE_COUNT"] = "200"
            srv = Server(data_dir=data_dir)
            del os.environ["MNR_SERVER_MAX_PAGE_COUNT"]

        stored = fill(srv)
        assert len(stored) >= 3, len(stored)
        print(f"# {len(stored)} records stored before the first 507")
        # Still full: writes are refused 507, single or batched, never 500.
        expect_problem(srv.put_record("round", new_id(), big_round(0), create=True), 507,
                       "insufficient-storage")
        writes = [{"type": "round", "id": new_id(), "if_none_match": "*", "body": big_round(i)}
                  for i in range(3)]
        expect_problem(srv.request("POST", "/mnr/v1/batch", {"writes": writes},
                                   token=SECRETARIAT), 507, "insufficient-storage")
        if mounted:
            # A blob larger than the room left: ENOSPC, 507, no file left.
            blob = os.urandom(1024 * 1024)
            expect_problem(put_blob(srv, blob), 507, "insufficient-storage")
            for root, dirs, files in os.walk(os.path.join(data_dir, "blobs")):
                assert files == [], files
        # Reads go on, and every acknowledged write is there.
        check_all_readable(srv, stored)

        # Room again: writes succeed.
        if mounted:
            os.unlink(filler)
        else:
            srv.stop()
            srv.start()
        rid = new_id()
        assert srv.put_record("round", rid, big_round(0), create=True).status == 201
        stored.append(rid)
        r = srv.request("POST", "/mnr/v1/batch", {"writes": writes}, token=SECRETARIAT)
        assert [x["status"] for x in r.json["results"]] == [201, 201, 201], r
        stored += [w["id"] for w in writes]
        if mounted:
            assert put_blob(srv, blob).status == 201
        check_all_readable(srv, stored)
        check_audit(srv, stored)

        # After a restart too, in a database that passes its check.
        srv.stop()
        db = sqlite3.connect(os.path.join(data_dir, "server.db"))
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        srv.start()
        check_all_readable(srv, stored)
        text = srv.output()
        assert "storage full" in text, text[-2000:]
    finally:
        if srv is not None:
            srv.close()
        if mounted:
            subprocess.run(["umount", data_dir])
        tmp.cleanup()


def main():
    if len(sys.argv) != 2:
        print("usage: test_disk_full.py PATH-TO-mnr-sync-server", file=sys.stderr)
        return 2
    ts.SERVER = os.path.abspath(sys.argv[1])
    return ts.run_tests(TESTS)


if __name__ == "__main__":
    sys.exit(main())
