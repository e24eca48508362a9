#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The server's audit trail (docs/sync-protocol.md, section 5.10), as TAP.

Every accepted write (a PUT, a tombstone, each applied write of a batch,
a blob upload) is one line of DIR/audit.log naming the token by its
label, never by the token or its hash; refused writes have none. The
secretariat reads the same lines through GET /mnr/v1/audit, page by page.

Usage: test_audit.py PATH-TO-mnr-sync-server
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_server as ts  # noqa: E402
from test_server import (READER, SECRETARIAT, WRITER_PH, Server, body, expect_problem,  # noqa: E402
                         new_id, sha)

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def tokens_text():
    return "\n".join([
        f"{sha(READER)} reader PH label=ph-reader",
        f"{sha(WRITER_PH)} writer PH label=ph-office",
        f"{sha(SECRETARIAT)} secretariat label=secretariat.desk",
        "",
    ])


def audit_lines(srv):
    with open(os.path.join(srv.data_dir, "audit.log")) as f:
        return [json.loads(line) for line in f.read().splitlines()]


def without_time(lines):
    out = []
    for line in lines:
        line = dict(line)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line.pop("time")), line
        out.append(line)
    return out


def entry(token, action, rtype, rid, rev=None, seq=None):
    e = {"token": token, "action": action, "type": rtype, "id": rid}
    if rev is not None:
        e.update(rev=rev, seq=seq)
    return e


@test
def every_accepted_write_has_its_line():
    srv = Server(tokens_text=tokens_text())
    try:
        expected = []

        def record(token, label, rtype, rid, b, **kw):
            r = srv.put_record(rtype, rid, b, token=token, **kw)
            assert r.status in (200, 201), r
            action = ("delete" if b["deleted"] else "create" if r.status == 201 else "update")
            expected.append(entry(label, action, rtype, rid, r.json["rev"], r.json["seq"]))
            return r

        rid = new_id()
        record(WRITER_PH, "ph-office", "round", rid, body("round"), create=True)
        record(WRITER_PH, "ph-office", "round", rid, body("round"), if_match=1)
        record(WRITER_PH, "ph-office", "round", rid, body("round", deleted=True, data={}),
               if_match=2)
        gid = new_id()
        record(SECRETARIAT, "secretariat.desk", "group", gid, body("group"), create=True)

        # Refused writes leave no line: a reader, a writer out of its
        # country, a stale If-Match, a body that is not I-JSON.
        assert srv.put_record("round", new_id(), body("round"), token=READER,
                              create=True).status == 403
        assert srv.put_record("round", new_id(), body("round", "VN"), token=WRITER_PH,
                              create=True).status == 403
        assert srv.put_record("group", gid, body("group"), if_match=7).status == 412
        assert srv.put_record("round", new_id(), '{"a":1,"a":2}', create=True).status == 400

        # A batch: its applied writes, in order; its refused one has none.
        a, b = new_id(), new_id()
        writes = [{"type": "round", "id": a, "if_none_match": "*", "body": body("round")},
                  {"type": "round", "id": new_id(), "if_match": 5, "body": body("round")},
                  {"type": "evidence", "id": b, "if_none_match": "*", "body": body("evidence")}]
        r = srv.request("POST", "/mnr/v1/batch", {"writes": writes}, token=SECRETARIAT)
        assert r.status == 200, r
        res = r.json["results"]
        assert [x["status"] for x in res] == [201, 404, 201], res
        for w, x in zip(writes, res):
            if x["status"] == 201:
                expected.append(entry("secretariat.desk", "create", w["type"], w["id"],
                                      x["rev"], x["seq"]))

        # Blob uploads, new or already there.
        data = os.urandom(300)
        h = hashlib.sha256(data).hexdigest()
        for status in (201, 200):
            r = srv.request("PUT", f"/mnr/v1/blobs/{h}", data, token=WRITER_PH,
                            content_type="application/octet-stream")
            assert r.status == status, r
            expected.append(entry("ph-office", "upload", "blob", h))
        assert srv.request("PUT", f"/mnr/v1/blobs/{h}", data, token=READER,
                           content_type="application/octet-stream").status == 403

        lines = audit_lines(srv)
        assert without_time(lines) == expected, (without_time(lines), expected)

        # The endpoint: the same lines, to the secretariat only, in pages.
        pages, since = [], 0
        while True:
            r = srv.get(f"/mnr/v1/audit?since={since}&limit=3")
            assert r.status == 200, r
            pages += r.json["entries"]
            assert r.json["next"] == since + len(r.json["entries"])
            since = r.json["next"]
            if not r.json["more"]:
                break
        assert pages == lines, (pages, lines)
        expect_problem(srv.get("/mnr/v1/audit", token=WRITER_PH), 403, "forbidden")
        expect_problem(srv.get("/mnr/v1/audit", token=READER), 403, "forbidden")
        expect_problem(srv.get("/mnr/v1/audit", token=None), 401, "unauthorized")
        expect_problem(srv.get("/mnr/v1/audit?since=-1"), 400, "invalid-cursor")
        expect_problem(srv.get("/mnr/v1/audit?limit=0"), 400, "invalid-cursor")
        expect_problem(srv.request("POST", "/mnr/v1/audit", {}, token=SECRETARIAT), 405,
                       "method-not-allowed")

        # It survives a restart, and is appended to, never rewritten.
        srv.stop()
        srv.start()
        record(SECRETARIAT, "secretariat.desk", "group", gid, body("group"), if_match=1)
        assert without_time(audit_lines(srv)) == expected
        assert audit_lines(srv)[:len(lines)] == lines

        # No token, nor its hash, in any file of the data dir.
        srv.stop()
        for root, dirs, files in os.walk(srv.data_dir):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    content = f.read()
                for t in (READER, WRITER_PH, SECRETARIAT):
                    assert t.encode() not in content, (name, "token")
                    assert sha(t).encode() not in content, (name, "hash")
        assert oct(os.stat(os.path.join(srv.data_dir, "audit.log")).st_mode & 0o777) == "0o600"
    finally:
        srv.close()


@test
def tokens_without_a_label_are_named_by_role_and_scope():
    srv = Server()  # the usual tokens file: no labels
    try:
        srv.create("round", token=ts.WRITER_PH_VN)
        srv.create("group")
        assert [(e["token"], e["type"]) for e in audit_lines(srv)] == [
            ("writer PH,VN", "round"), ("secretariat", "group")]
    finally:
        srv.close()


@test
def bad_labels_are_refused_at_startup():
    for bad in ("label=", "label=" + "x" * 65, "label=a/b", "label=é"):
        with tempfile.TemporaryDirectory() as tmp:
            tokens = os.path.join(tmp, "tokens")
            with open(tokens, "w") as f:
                f.write(f"{sha(WRITER_PH)} writer PH {bad}\n")
            p = subprocess.run([ts.SERVER, "--listen", "127.0.0.1:0", "--data-dir",
                                os.path.join(tmp, "d"), "--tokens", tokens],
                               capture_output=True, text=True, timeout=30)
            assert p.returncode == 1, (bad, p)
            assert "label" in p.stderr, p.stderr


def main():
    if len(sys.argv) != 2:
        print("usage: test_audit.py PATH-TO-mnr-sync-server", file=sys.stderr)
        return 2
    ts.SERVER = os.path.abspath(sys.argv[1])
    return ts.run_tests(TESTS)


if __name__ == "__main__":
    sys.exit(main())
