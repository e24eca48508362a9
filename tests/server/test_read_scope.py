#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read scope on the reference server (docs/sync-protocol.md, section 3.5).

For each role and scope, exactly which records each token can read,
through every endpoint that gives records away: the changes feed, single
reads (GET and HEAD) and blobs. A round is seen by a group's readers only
once its country shared it with the group; restricted evidence and its
files reach only the country's writers and the secretariat; what a token
could read once and no longer may is withheld in the feed, and never
named to a token that could never read it.

Usage: test_read_scope.py PATH-TO-mnr-sync-server
"""

import hashlib
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_server as ts  # noqa: E402
from test_server import Server, expect_problem, new_id, sha  # noqa: E402

FIRST_TEST = len(ts.TESTS)  # the cases of test_server.py come before this file's

W_PH = "scope-writer-ph-1a"
W_VN = "scope-writer-vn-2b"
W_GH = "scope-writer-gh-3c"
R_PH = "scope-reader-ph-4d"
R_ASEAN = "scope-reader-asean-5e"
R_SAIEVAC = "scope-reader-saievac-6f"
R_CUSTOM = "scope-reader-custom-7a"
R_MIXED = "scope-reader-mixed-8b"
SEC = "scope-secretariat-9c"
CUSTOM_GROUP = "3f0c8f1e-2a4b-4c6d-8e0f-1a2b3c4d5e6f"
TOKENS = [W_PH, W_VN, W_GH, R_PH, R_ASEAN, R_SAIEVAC, R_CUSTOM, R_MIXED, SEC]


def tokens_text():
    return "\n".join([
        f"{sha(W_PH)} writer PH",
        f"{sha(W_VN)} writer VN",
        f"{sha(W_GH)} writer GH",
        f"{sha(R_PH)} reader PH",
        f"{sha(R_ASEAN)} reader group:asean",
        f"{sha(R_SAIEVAC)} reader group:saievac",
        f"{sha(R_CUSTOM)} reader group:{CUSTOM_GROUP}",
        f"{sha(R_MIXED)} reader GH,group:asean",
        f"{sha(SEC)} secretariat",
        "",
    ])


def put(srv, rtype, rid, country, data, token=SEC, rev=None, deleted=False):
    b = {"country": country, "updated_by": "tester", "deleted": deleted, "data": data}
    r = srv.put_record(rtype, rid, b, token=token, if_match=rev, create=rev is None)
    assert r.status in (200, 201), r
    return r.json["rev"]


def put_blob(srv, payload, token=SEC):
    h = hashlib.sha256(payload).hexdigest()
    r = srv.request("PUT", f"/mnr/v1/blobs/{h}", payload, token=token,
                    content_type="application/octet-stream")
    assert r.status in (200, 201), r
    return h


def round_data(name, shared_with=None):
    d = {"name": name, "date": "2026-01-15"}
    if shared_with is not None:
        d["shared_with"] = shared_with
    return d


def rating_data(round_id, element="capability-4"):
    return {"round": round_id, "element": element, "level": "developing", "rationale": "r"}


def evidence_data(restricted):
    return {"title": "A law", "kind": "legislation", "date": "2018", "source": "", "summary": "",
            "restricted": restricted, "elements": ["capability-4"]}


def attachment_data(evidence, blob, size):
    return {"evidence": evidence, "sha256": blob, "name": "f.pdf", "size": size,
            "content_type": "application/pdf"}


def pull(srv, token, cursor=None, limit=3):
    """The feed from @cursor in small pages: (ids of records, ids withheld, cursor)."""
    seen, withheld = {}, set()
    while True:
        path = f"/mnr/v1/changes?limit={limit}" + (f"&since={cursor}" if cursor else "")
        r = srv.get(path, token=token)
        assert r.status == 200, r
        page = r.json
        assert len(page["changes"]) <= limit
        for c in page["changes"]:
            if c.get("withheld"):
                assert set(c) == {"type", "id", "seq", "withheld"}, c
                withheld.add(c["id"])
                seen.pop(c["id"], None)
            else:
                seen[c["id"]] = c
                withheld.discard(c["id"])
        cursor = page["cursor"]
        if not page["more"]:
            return seen, withheld, cursor


class World:
    """PH, VN and GH records, a group record, two blobs."""

    def __init__(self, srv):
        self.srv = srv
        self.group = CUSTOM_GROUP
        self.revs = {}
        put(srv, "group", self.group, None,
            {"name": "Custom", "short_name": "CU", "members": ["PH", "GH"]})
        self.A, self.A1 = new_id(), new_id()   # PH, shared with ASEAN
        self.B, self.B1 = new_id(), new_id()   # PH, not shared
        self.D, self.D1 = new_id(), new_id()   # PH, shared with the custom group
        self.C, self.C1 = new_id(), new_id()   # VN, not shared
        self.E1, self.T1 = new_id(), new_id()  # PH public evidence and its file
        self.E2, self.T2 = new_id(), new_id()  # PH restricted evidence and its file
        self.revs[self.A] = put(srv, "round", self.A, "PH", round_data("Review 2026", ["asean"]), token=W_PH)
        put(srv, "rating", self.A1, "PH", rating_data(self.A), token=W_PH)
        self.revs[self.B] = put(srv, "round", self.B, "PH", round_data("Baseline 2016"), token=W_PH)
        put(srv, "rating", self.B1, "PH", rating_data(self.B), token=W_PH)
        put(srv, "round", self.D, "PH", round_data("Review 2020", [self.group]), token=W_PH)
        put(srv, "rating", self.D1, "PH", rating_data(self.D), token=W_PH)
        put(srv, "round", self.C, "VN", round_data("Review 2018", []), token=W_VN)
        put(srv, "rating", self.C1, "VN", rating_data(self.C), token=W_VN)
        self.b1, self.b2 = put_blob(srv, b"public file", W_PH), put_blob(srv, b"restricted file", W_PH)
        self.revs[self.E1] = put(srv, "evidence", self.E1, "PH", evidence_data(False), token=W_PH)
        put(srv, "attachment", self.T1, "PH", attachment_data(self.E1, self.b1, 11), token=W_PH)
        put(srv, "evidence", self.E2, "PH", evidence_data(True), token=W_PH)
        put(srv, "attachment", self.T2, "PH", attachment_data(self.E2, self.b2, 15), token=W_PH)
        self.types = {self.A: "round", self.A1: "rating", self.B: "round", self.B1: "rating",
                      self.D: "round", self.D1: "rating", self.C: "round", self.C1: "rating",
                      self.E1: "evidence", self.T1: "attachment", self.E2: "evidence",
                      self.T2: "attachment", self.group: "group"}

    def check(self, token, expected, blobs):
        """@token reads exactly @expected through the feed and single reads,
        and exactly @blobs of the two files."""
        srv = self.srv
        seen, withheld, cursor = pull(srv, token)
        assert set(seen) == expected, (token, sorted(self.name(i) for i in seen),
                                       sorted(self.name(i) for i in expected))
        assert withheld == set(), (token, withheld)
        for rid, rtype in self.types.items():
            r = srv.get(f"/mnr/v1/records/{rtype}/{rid}", token=token)
            h = srv.request("HEAD", f"/mnr/v1/records/{rtype}/{rid}", token=token)
            if rid in expected:
                assert r.status == 200 and r.json == seen[rid], (token, self.name(rid), r)
                assert h.status == 200, (token, self.name(rid), h)
            else:
                expect_problem(r, 404, "not-found")
                assert h.status == 404, (token, self.name(rid), h)
        for blob in (self.b1, self.b2):
            r = srv.get(f"/mnr/v1/blobs/{blob}", token=token)
            if blob in blobs:
                assert r.status == 200, (token, blob, r)
            else:
                expect_problem(r, 404, "not-found")
        return cursor

    def name(self, rid):
        for k, v in vars(self).items():
            if v == rid and len(k) <= 3:
                return k
        return rid


READS = None  # filled by every_role_and_scope, for the other cases


def expected_reads(w):
    """What each token reads of @w: its records, and its files."""
    everything = set(w.types)
    ph = {w.A, w.A1, w.B, w.B1, w.D, w.D1, w.E1, w.T1, w.E2, w.T2}
    return {
        SEC: (everything, {w.b1, w.b2}),
        W_PH: (ph | {w.group}, {w.b1, w.b2}),
        # VN is in ASEAN: it reads what PH shared with ASEAN, nothing else of PH.
        W_VN: ({w.C, w.C1, w.A, w.A1, w.group}, set()),
        # GH is in the custom group, not in ASEAN.
        W_GH: ({w.D, w.D1, w.group}, set()),
        # A country's reader: all of it but restricted evidence and its file.
        R_PH: (ph - {w.E2, w.T2} | {w.group}, {w.b1}),
        R_ASEAN: ({w.A, w.A1, w.group}, set()),
        R_SAIEVAC: ({w.group}, set()),
        R_CUSTOM: ({w.D, w.D1, w.group}, set()),
        R_MIXED: ({w.A, w.A1, w.group}, set()),
    }


@ts.test
@ts.with_server(tokens_text=tokens_text())
def every_role_and_scope(srv):
    w = World(srv)
    for token, (records, blobs) in expected_reads(w).items():
        w.check(token, records, blobs)

    # Whether a blob is stored is told to those who upload, not to readers.
    absent = sha("never uploaded")
    for token in (W_VN, W_GH, SEC):
        assert srv.request("HEAD", f"/mnr/v1/blobs/{w.b2}", token=token).status == 200
        assert srv.request("HEAD", f"/mnr/v1/blobs/{absent}", token=token).status == 404
    for token in (R_ASEAN, R_PH):
        assert srv.request("HEAD", f"/mnr/v1/blobs/{w.b2}", token=token).status == 404
    assert srv.request("HEAD", f"/mnr/v1/blobs/{w.b1}", token=R_PH).status == 200

    # 412 never shows another country's record: 403 comes first.
    r = srv.put_record("round", w.B, {"country": "PH", "updated_by": "x", "deleted": False,
                                      "data": round_data("x")}, token=W_VN, if_match=99)
    expect_problem(r, 403, "forbidden")


@ts.test
@ts.with_server(tokens_text=tokens_text())
def sharing_changes_reach_the_right_readers(srv):
    w = World(srv)
    cursors = {t: pull(srv, t)[2] for t in TOKENS}

    # PH shares its baseline with ASEAN: the round and its rating come to
    # ASEAN's readers and VN's writers, and to no one else new.
    w.revs[w.B] = put(srv, "round", w.B, "PH", round_data("Baseline 2016", ["asean"]),
                      token=W_PH, rev=w.revs[w.B])
    for token, gained in {R_ASEAN: {w.B, w.B1}, W_VN: {w.B, w.B1}, R_MIXED: {w.B, w.B1},
                          R_SAIEVAC: set(), W_GH: set(), R_CUSTOM: set()}.items():
        seen, withheld, cursors[token] = pull(srv, token, cursors[token])
        assert set(seen) == gained and withheld == set(), (token, seen.keys(), withheld)
    assert srv.get(f"/mnr/v1/records/rating/{w.B1}", token=R_ASEAN).status == 200

    # PH takes Review 2026 back from ASEAN: those who had it are told to
    # drop it and its rating; the others hear nothing of it.
    w.revs[w.A] = put(srv, "round", w.A, "PH", round_data("Review 2026", []),
                      token=W_PH, rev=w.revs[w.A])
    for token in (R_ASEAN, W_VN, R_MIXED):
        seen, withheld, cursors[token] = pull(srv, token, cursors[token])
        assert seen == {} and withheld == {w.A, w.A1}, (token, seen.keys(), withheld)
        expect_problem(srv.get(f"/mnr/v1/records/round/{w.A}", token=token), 404, "not-found")
    for token in (R_SAIEVAC, W_GH, R_CUSTOM):
        seen, withheld, cursors[token] = pull(srv, token, cursors[token])
        assert seen == {} and withheld == set(), (token, seen.keys(), withheld)
    # PH's own readers and writers see the change as an ordinary update.
    for token in (R_PH, W_PH, SEC):
        seen, withheld, cursors[token] = pull(srv, token, cursors[token])
        assert set(seen) == {w.A, w.B, w.B1, w.A1} and withheld == set(), (token, seen.keys())

    # Evidence made restricted: PH's readers drop it and its file.
    put(srv, "evidence", w.E1, "PH", evidence_data(True), token=W_PH, rev=w.revs[w.E1])
    seen, withheld, cursors[R_PH] = pull(srv, R_PH, cursors[R_PH])
    assert seen == {} and withheld == {w.E1, w.T1}, (seen.keys(), withheld)
    expect_problem(srv.get(f"/mnr/v1/blobs/{w.b1}", token=R_PH), 404, "not-found")
    seen, withheld, cursors[R_ASEAN] = pull(srv, R_ASEAN, cursors[R_ASEAN])
    assert seen == {} and withheld == set()
    assert srv.get(f"/mnr/v1/blobs/{w.b1}", token=W_PH).status == 200

    # VN joins the custom group: its writers now read what PH shared with it.
    put(srv, "group", w.group, None, {"name": "Custom", "short_name": "CU",
                                      "members": ["PH", "GH", "VN"]}, rev=1)
    seen, withheld, cursors[W_VN] = pull(srv, W_VN, cursors[W_VN])
    assert set(seen) == {w.group, w.D, w.D1} and withheld == set(), (seen.keys(), withheld)

    # A shared round deleted: the tombstone reaches those who had it (and
    # everyone reads the group, changed above).
    put(srv, "round", w.B, "PH", {}, token=W_PH, rev=w.revs[w.B], deleted=True)
    seen, withheld, cursors[R_ASEAN] = pull(srv, R_ASEAN, cursors[R_ASEAN])
    assert set(seen) == {w.B, w.group} and seen[w.B]["deleted"] is True and withheld == set(), seen


@ts.test
@ts.with_server(tokens_text=tokens_text())
def records_before_their_parent_stay_closed(srv):
    # A rating pushed before its round, a file before its evidence: closed
    # to groups, and the file restricted, until the parent says otherwise.
    rnd, rating, ev, att = new_id(), new_id(), new_id(), new_id()
    blob = put_blob(srv, b"early file", W_PH)
    put(srv, "rating", rating, "PH", rating_data(rnd), token=W_PH)
    put(srv, "attachment", att, "PH", attachment_data(ev, blob, 10), token=W_PH)
    assert set(pull(srv, R_PH)[0]) == {rating}
    assert pull(srv, R_ASEAN)[0] == {}
    put(srv, "round", rnd, "PH", round_data("Review", ["asean"]), token=W_PH)
    put(srv, "evidence", ev, "PH", evidence_data(False), token=W_PH)
    assert set(pull(srv, R_ASEAN)[0]) == {rnd, rating}
    assert set(pull(srv, R_PH)[0]) == {rating, att, rnd, ev}
    assert srv.get(f"/mnr/v1/blobs/{blob}", token=R_PH).status == 200


@ts.test
@ts.with_server(tokens_text=tokens_text())
def a_narrow_scope_pages_through_a_wide_feed(srv):
    # 120 VN rounds, then one PH round: ASEAN's reader gets an empty page
    # or two with more = true, then the one round, never VN's.
    for i in range(120):
        put(srv, "round", new_id(), "VN", round_data(f"R{i}"), token=W_VN)
    mine = new_id()
    put(srv, "round", mine, "PH", round_data("Shared", ["asean"]), token=W_PH)
    cursor, pages, got = None, 0, []
    while True:
        path = "/mnr/v1/changes?limit=5" + (f"&since={cursor}" if cursor else "")
        page = srv.get(path, token=R_ASEAN).json
        pages += 1
        got += page["changes"]
        cursor = page["cursor"]
        if not page["more"]:
            break
        assert pages < 100
    assert [c["id"] for c in got] == [mine], got
    assert pages > 1


@ts.test
@ts.with_server(tokens_text=tokens_text())
def meetings_stay_with_their_country(srv):
    # A committee's meetings, minutes and actions: the country's writers
    # and readers read them; no group does, whatever its rounds share.
    rnd, meeting, minute, action = new_id(), new_id(), new_id(), new_id()
    put(srv, "round", rnd, "PH", round_data("Review", ["asean"]), token=W_PH)
    put(srv, "meeting", meeting, "PH", {"title": "Committee", "date": "2027-03-04", "place": "",
                                        "attendees": "A (chair)", "apologies": "",
                                        "agenda_kind": "items", "agenda": ["capability-4"]}, token=W_PH)
    put(srv, "minute", minute, "PH", {"meeting": meeting, "kind": "decision", "text": "Agreed",
                                      "level": "developing", "element": "capability-4"}, token=W_PH)
    put(srv, "action", action, "PH", {"description": "Staff the unit", "owner": "B", "due": "",
                                      "status": "open", "element": "capability-4",
                                      "meeting": meeting}, token=W_PH)
    everything = {rnd, meeting, minute, action}
    for token, expected in {SEC: everything, W_PH: everything, R_PH: everything,
                            W_VN: {rnd}, R_ASEAN: {rnd}, R_SAIEVAC: set()}.items():
        seen, _, _ = pull(srv, token)
        assert set(seen) == expected, (token, seen.keys())
        for rtype, rid in (("meeting", meeting), ("minute", minute), ("action", action)):
            r = srv.get(f"/mnr/v1/records/{rtype}/{rid}", token=token)
            assert r.status == (200 if rid in expected else 404), (token, rtype, r)
    # A writer of another country may not write them.
    r = srv.put_record("action", new_id(), {"country": "PH", "updated_by": "x", "deleted": False,
                                            "data": {"description": "x", "owner": "", "due": "",
                                                     "status": "open", "element": "capability-4",
                                                     "meeting": ""}}, token=W_VN, create=True)
    expect_problem(r, 403, "forbidden")


@ts.test
def tokens_file_scopes():
    for text, where in [
        (f"{sha(R_PH)} reader\n", ":1:"),
        (f"{sha(R_PH)} reader group:Not_A_Slug\n", ":1:"),
        (f"{sha(R_PH)} reader PH,,VN\n", ":1:"),
        (f"{sha(W_PH)} writer PH,group:asean\n", ":1:"),
        (f"{sha(SEC)} secretariat PH\n", ":1:"),
    ]:
        srv = None
        try:
            srv = Server(tokens_text=text)
        except AssertionError as e:
            assert where in str(e), (text, str(e))
        else:
            srv.close()
            raise AssertionError(f"the server started with {text!r}")


@ts.test
def an_older_database_gets_its_audience():
    # A database written before read scopes (user_version 0, no audience
    # columns): on start every record gets its audience, seqs kept.
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        os.makedirs(data)
        db = sqlite3.connect(os.path.join(data, "server.db"))
        db.executescript("""
            CREATE TABLE records (type TEXT NOT NULL, id TEXT NOT NULL, country TEXT,
              rev INTEGER NOT NULL, seq INTEGER NOT NULL UNIQUE,
              deleted INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL,
              updated_at TEXT NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (type, id));
        """)
        rnd, rating, ev = new_id(), new_id(), new_id()
        rows = [("round", rnd, "PH", '{"name":"Old","date":"2018-01-01"}'),
                ("rating", rating, "PH", '{"round":"%s","element":"capability-1","level":"developing","rationale":""}' % rnd),
                ("evidence", ev, "PH", '{"title":"T","kind":"legislation","date":"","source":"","summary":"","restricted":true,"elements":[]}')]
        for seq, (t, i, c, d) in enumerate(rows, 1):
            db.execute("INSERT INTO records VALUES (?,?,?,1,?,0,?,'2026-01-01T00:00:00Z','x')",
                       (t, i, c, seq, d))
        db.commit()
        db.close()
        srv = Server(data_dir=data, tokens_text=tokens_text())
        try:
            seen, _, _ = pull(srv, R_PH)
            assert set(seen) == {rnd, rating}, seen.keys()
            assert [seen[rnd]["seq"], seen[rating]["seq"]] == [1, 2]
            assert set(pull(srv, W_PH)[0]) == {rnd, rating, ev}
            assert pull(srv, R_ASEAN)[0] == {}
        finally:
            srv.close()
        db = sqlite3.connect(os.path.join(data, "server.db"))
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        db.close()


def main():
    if len(sys.argv) != 2:
        print("usage: test_read_scope.py PATH-TO-mnr-sync-server", file=sys.stderr)
        return 2
    ts.SERVER = os.path.abspath(sys.argv[1])
    ts.ALL_TOKENS.extend(TOKENS)
    return ts.run_tests(ts.TESTS[FIRST_TEST:])


if __name__ == "__main__":
    sys.exit(main())
