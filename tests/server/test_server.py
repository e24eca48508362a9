#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of mnr-sync-server over loopback, as TAP.

Usage: test_server.py PATH-TO-mnr-sync-server

Every test starts a fresh server (--listen 127.0.0.1:0, a temporary data
dir, a tokens file holding the SHA-256 of the tokens below) and talks HTTP
to it. Standard library only.
"""

import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

SERVER = None

READER = "reader-token-5b1d"
WRITER_PH = "writer-ph-token-77c2"
WRITER_PH_VN = "writer-phvn-token-09fa"
SECRETARIAT = "secretariat-token-e3a0"
UNKNOWN = "not-a-known-token"
ALL_TOKENS = [READER, WRITER_PH, WRITER_PH_VN, SECRETARIAT]

PROBLEM = "https://mnrtracker.github.io/problems/"
RECORD_LIMIT = 1024 * 1024


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def tokens_file_text():
    return "\n".join([
        "# test tokens",
        "",
        f"{sha(READER)} reader PH,ID,group:asean",
        f"{sha(WRITER_PH)} writer PH",
        f"{sha(WRITER_PH_VN)}   writer PH,VN",
        f"{sha(SECRETARIAT)} secretariat",
        "",
    ])


def new_id():
    return str(uuid.uuid4())


def sample_data(rtype):
    if rtype == "round":
        return {"name": "Round 1", "date": "2024-05-01"}
    if rtype == "rating":
        return {"round": new_id(), "element": "capability-1", "level": "established",
                "rationale": "because"}
    if rtype == "evidence":
        return {"title": "A law", "kind": "legislation", "date": "2018", "source": "gazette",
                "summary": "", "restricted": False, "elements": ["capability-1", "enabler-data"]}
    if rtype == "attachment":
        return {"evidence": new_id(), "sha256": sha("x"), "name": "law.pdf", "size": 1,
                "content_type": "application/pdf"}
    if rtype == "group":
        return {"name": "Association", "short_name": "ASSOC", "members": ["PH", "VN"]}
    raise ValueError(rtype)


def body(rtype, country="PH", **extra):
    b = {"country": None if rtype == "group" else country, "updated_by": "tester",
         "deleted": False, "data": sample_data(rtype)}
    b.update(extra)
    return b


class Response:
    def __init__(self, status, headers, raw, reason=""):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.reason = reason

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def json(self):
        return json.loads(self.raw)

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


class Server:
    def __init__(self, data_dir=None, extra_args=(), tokens_text=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="mnr-server-test-")
        self.data_dir = data_dir or os.path.join(self.tmp.name, "data")
        self.tokens_path = os.path.join(self.tmp.name, "tokens")
        with open(self.tokens_path, "w") as f:
            f.write(tokens_text if tokens_text is not None else tokens_file_text())
        self.extra_args = list(extra_args)
        self.logs = []
        self.proc = None
        self.start()

    def start(self):
        n = len(self.logs)
        self.out_path = os.path.join(self.tmp.name, f"stdout-{n}")
        self.err_path = os.path.join(self.tmp.name, f"stderr-{n}")
        self.logs.append((self.out_path, self.err_path))
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(
                [SERVER, "--listen", "127.0.0.1:0", "--data-dir", self.data_dir,
                 "--tokens", self.tokens_path, "--verbose"] + self.extra_args,
                stdout=out, stderr=err)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(self.out_path) as f:
                line = f.readline()
            if line.endswith("\n") and line.startswith("listening on http://"):
                url = line[len("listening on http://"):].strip().rstrip("/")
                self.host, port = url.rsplit(":", 1)
                self.port = int(port)
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"server did not start: {self.output()}")

    def output(self):
        text = ""
        for out, err in self.logs:
            for p in (out, err):
                if os.path.exists(p):
                    with open(p, errors="replace") as f:
                        text += f.read()
        return text

    def request(self, method, path, data=None, token=None, headers=None,
                content_type="application/json"):
        h = dict(headers or {})
        if token is not None:
            h["Authorization"] = f"Bearer {token}"
        if data is not None and not isinstance(data, (bytes, str)) and not hasattr(data, "__next__"):
            data = json.dumps(data)
        if data is not None and content_type is not None:
            h.setdefault("Content-Type", content_type)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            if hasattr(data, "__next__"):
                conn.request(method, path, body=data, headers=h, encode_chunked=True)
            else:
                conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read(), r.reason)
        finally:
            conn.close()

    # Shortcuts
    def get(self, path, token=SECRETARIAT, **kw):
        return self.request("GET", path, token=token, **kw)

    def put_record(self, rtype, rid, data, token=SECRETARIAT, if_match=None, create=False,
                   headers=None, **kw):
        h = dict(headers or {})
        if create:
            h["If-None-Match"] = "*"
        if if_match is not None:
            h["If-Match"] = f'"{if_match}"'
        return self.request("PUT", f"/mnr/v1/records/{rtype}/{rid}", data, token=token,
                            headers=h, **kw)

    def create(self, rtype, rid=None, token=SECRETARIAT, **kw):
        rid = rid or new_id()
        r = self.put_record(rtype, rid, body(rtype, **kw), token=token, create=True)
        assert r.status == 201, r
        return rid, r.json

    def feed(self, limit=1000):
        """The whole changes feed, page by page."""
        records, cursor = [], None
        while True:
            path = f"/mnr/v1/changes?limit={limit}" + (f"&since={cursor}" if cursor else "")
            r = self.get(path)
            assert r.status == 200, r
            page = r.json
            records += page["changes"]
            cursor = page["cursor"]
            if not page["more"]:
                return records

    def stop(self, sig=signal.SIGTERM, timeout=5):
        if self.proc is None:
            return None
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"server did not stop within {timeout} s")
        self.proc = None
        return rc

    def close(self):
        try:
            if self.proc is not None:
                self.stop()
            text = self.output()
            for t in ALL_TOKENS + [UNKNOWN]:
                assert t not in text, "a token appears in the server output"
            for bad in ("CRITICAL", "WARNING", "ERROR"):
                assert bad not in text, f"server logged {bad}: {text[-2000:]}"
        finally:
            self.tmp.cleanup()


def expect_problem(r, status, slug):
    assert r.status == status, f"expected {status} {slug}, got {r}"
    ctype = r.header("Content-Type") or ""
    assert ctype.startswith("application/problem+json"), f"content type {ctype!r}"
    p = r.json
    assert p["type"] == PROBLEM + slug, p
    assert p["status"] == status, p
    assert isinstance(p["title"], str) and p["title"], p
    assert isinstance(p["detail"], str), p
    return p


# --- tests ------------------------------------------------------------------

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def with_server(*args, **kwargs):
    def wrap(fn):
        def run():
            srv = Server(*args, **kwargs)
            try:
                fn(srv)
            finally:
                srv.close()
        run.__name__ = fn.__name__
        return run
    return wrap


@test
def help_mentions_options():
    r = subprocess.run([SERVER, "--help"], capture_output=True, text=True, timeout=10)
    assert r.returncode == 0, r
    for opt in ("--listen", "--data-dir", "--tokens", "--max-blob-bytes", "--verbose",
                "--threads", "--idle-timeout", "--header-timeout", "--body-timeout",
                "--max-connections", "--listeners"):
        assert opt in r.stdout, opt


@test
def refuses_bad_startup():
    with tempfile.TemporaryDirectory() as tmp:
        tokens = os.path.join(tmp, "tokens")
        data = os.path.join(tmp, "data")

        def run(*args):
            return subprocess.run([SERVER, "--listen", "127.0.0.1:0"] + list(args),
                                  capture_output=True, text=True, timeout=10)

        r = run("--data-dir", data)
        assert r.returncode != 0 and "--tokens" in r.stderr, r

        r = run("--data-dir", data, "--tokens", os.path.join(tmp, "missing"))
        assert r.returncode != 0 and "tokens" in r.stderr, r

        with open(tokens, "w") as f:
            f.write(f"# ok\n{sha(READER)} reader PH\n{sha(WRITER_PH)} admin\n")
        r = run("--data-dir", data, "--tokens", tokens)
        assert r.returncode != 0 and f"{tokens}:3:" in r.stderr and "admin" in r.stderr, r

        with open(tokens, "w") as f:
            f.write(f"{sha(READER)} reader group:asean\nnot-a-hash writer PH\n")
        r = run("--data-dir", data, "--tokens", tokens)
        assert r.returncode != 0 and f"{tokens}:2:" in r.stderr, r

        with open(tokens, "w") as f:
            f.write(f"{sha(WRITER_PH)} writer ph\n")
        r = run("--data-dir", data, "--tokens", tokens)
        assert r.returncode != 0 and f"{tokens}:1:" in r.stderr, r

        with open(tokens, "w") as f:
            f.write(tokens_file_text())
        blocker = os.path.join(tmp, "a-file")
        open(blocker, "w").close()
        r = run("--data-dir", os.path.join(blocker, "data"), "--tokens", tokens)
        assert r.returncode != 0 and "data directory" in r.stderr, r

        r = run("--data-dir", data, "--tokens", tokens, "--listen", "localhost:80")
        assert r.returncode != 0 and "IP address" in r.stderr, r

        for bad in (["--threads", "0"], ["--threads", "1000"], ["--idle-timeout", "-1"],
                    ["--header-timeout", "-1"], ["--body-timeout", "90000"],
                    ["--max-connections", "-1"], ["--listeners", "0"]):
            r = run("--data-dir", data, "--tokens", tokens, *bad)
            assert r.returncode == 2 and bad[0] in r.stderr, (bad, r)

        # A port in use is refused, also between servers whose listeners
        # share their port with SO_REUSEPORT (server/mnr-sync-service-listen.c).
        for listeners in ("1", "2"):
            srv = Server(extra_args=["--listeners", listeners])
            try:
                r = subprocess.run([SERVER, "--listen", f"127.0.0.1:{srv.port}", "--data-dir", data,
                                    "--tokens", tokens, "--listeners", listeners],
                                   capture_output=True, text=True, timeout=10)
                assert r.returncode != 0 and "cannot listen" in r.stderr, (listeners, r)
                assert "listening on" not in r.stdout, r
            finally:
                srv.close()


@test
@with_server()
def info_without_auth_and_unknown_version(srv):
    r = srv.request("GET", "/mnr/v1/")
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("application/json")
    info = r.json
    assert info["protocol"] == 1
    assert info["server"].startswith("mnr-sync-server ")
    assert info["types"] == ["round", "rating", "evidence", "attachment", "group", "meeting", "minute", "action"], info
    assert info["limits"] == {"record_bytes": 1048576, "blob_bytes": 104857600,
                              "page_max": 1000, "batch_records": 1000,
                              "batch_bytes": 4194304}, info
    expect_problem(srv.request("GET", "/mnr/v2/"), 404, "unknown-version")
    expect_problem(srv.request("GET", "/mnr/v2/changes", token=SECRETARIAT), 404,
                   "unknown-version")
    expect_problem(srv.request("GET", "/mnr/v1/nothing", token=SECRETARIAT), 404, "not-found")
    expect_problem(srv.request("GET", "/other"), 404, "not-found")
    expect_problem(srv.request("GET", "/mnr/v1/changes/junk", token=SECRETARIAT), 404,
                   "not-found")


@test
@with_server(extra_args=["--record-types=round,rating,evidence,attachment"])
def an_older_server_announces_and_refuses_what_it_does_not_know(srv):
    """A server that knows fewer record types (section 2.4) lists those it
    knows, and refuses the others, reads and writes alike, with
    unknown-type: never as a record that is merely missing."""
    info = srv.request("GET", "/mnr/v1/").json
    assert info["types"] == ["round", "rating", "evidence", "attachment"], info
    rid = new_id()
    p = expect_problem(srv.put_record("group", rid, body("group"), create=True), 404, "unknown-type")
    assert "group" in p["detail"], p
    expect_problem(srv.request("GET", f"/mnr/v1/records/group/{rid}", token=SECRETARIAT), 404,
                   "unknown-type")
    srv.create("round")
    assert [c["type"] for c in srv.feed()] == ["round"]


@test
@with_server()
def auth_matrix_for_writes(srv):
    types = ["round", "rating", "evidence", "attachment"]
    blob = b"attachment bytes"
    blob_sha = hashlib.sha256(blob).hexdigest()

    def refused(fn, status, slug):
        before = srv.feed()
        r = fn()
        p = expect_problem(r, status, slug)
        if status == 401:
            assert (r.header("WWW-Authenticate") or "").startswith("Bearer"), r.headers
        assert srv.feed() == before, "a refused write changed the feed"
        return p

    for rtype in types:
        rid = new_id()
        put = lambda token, country="PH", rid=rid, rtype=rtype: srv.put_record(
            rtype, rid, body(rtype, country), token=token, create=True)
        refused(lambda: put(None), 401, "unauthorized")
        refused(lambda: put(UNKNOWN), 401, "unauthorized")
        refused(lambda: put(READER), 403, "forbidden")
        refused(lambda: put(WRITER_PH, "VN"), 403, "forbidden")
        r = put(WRITER_PH)
        assert r.status == 201, r
        rec = r.json
        # Moving PH → VN: not for a PH writer, fine for a PH+VN writer.
        refused(lambda: srv.put_record(rtype, rid, body(rtype, "VN"), token=WRITER_PH,
                                       if_match=1), 403, "forbidden")
        r = srv.put_record(rtype, rid, body(rtype, "VN"), token=WRITER_PH_VN, if_match=1)
        assert r.status == 200 and r.json["country"] == "VN", r
        # Now in VN, the PH writer may not even move it back.
        refused(lambda: srv.put_record(rtype, rid, body(rtype, "PH"), token=WRITER_PH,
                                       if_match=2), 403, "forbidden")
        r = srv.put_record(rtype, rid, body(rtype, "TH"), token=SECRETARIAT, if_match=2)
        assert r.status == 200 and r.json["country"] == "TH", r
        # Deletion (tombstone) follows the same rules.
        tomb = body(rtype, "TH", deleted=True, data={})
        refused(lambda: srv.put_record(rtype, rid, tomb, token=None, if_match=3),
                401, "unauthorized")
        refused(lambda: srv.put_record(rtype, rid, tomb, token=READER, if_match=3),
                403, "forbidden")
        refused(lambda: srv.put_record(rtype, rid, tomb, token=WRITER_PH_VN, if_match=3),
                403, "forbidden")
        r = srv.put_record(rtype, rid, tomb, token=SECRETARIAT, if_match=3)
        assert r.status == 200 and r.json["deleted"] is True, r
        # A PH writer deletes a PH record.
        rid2, _ = srv.create(rtype, token=WRITER_PH)
        r = srv.put_record(rtype, rid2, body(rtype, "PH", deleted=True, data={}),
                           token=WRITER_PH, if_match=1)
        assert r.status == 200 and r.json["deleted"] is True, r
        assert rec["rev"] == 1

    # Groups: the secretariat only.
    gid = new_id()
    for token, status, slug in [(None, 401, "unauthorized"), (UNKNOWN, 401, "unauthorized"),
                                (READER, 403, "forbidden"), (WRITER_PH, 403, "forbidden"),
                                (WRITER_PH_VN, 403, "forbidden")]:
        refused(lambda token=token: srv.put_record("group", gid, body("group"), token=token,
                                                   create=True), status, slug)
    r = srv.put_record("group", gid, body("group"), token=SECRETARIAT, create=True)
    assert r.status == 201 and r.json["country"] is None, r
    refused(lambda: srv.put_record("group", gid, body("group", deleted=True, data={}),
                                   token=WRITER_PH, if_match=1), 403, "forbidden")

    # Blobs: writers and the secretariat; readers not.
    put_blob = lambda token: srv.request("PUT", f"/mnr/v1/blobs/{blob_sha}", blob, token=token,
                                         content_type="application/octet-stream")
    expect_problem(put_blob(None), 401, "unauthorized")
    expect_problem(put_blob(UNKNOWN), 401, "unauthorized")
    expect_problem(put_blob(READER), 403, "forbidden")
    assert srv.get(f"/mnr/v1/blobs/{blob_sha}").status == 404
    assert put_blob(WRITER_PH).status == 201
    assert put_blob(WRITER_PH_VN).status == 200
    assert put_blob(SECRETARIAT).status == 200


@test
@with_server()
def reads_need_any_valid_token(srv):
    # Public evidence of PH with a file: every token here may read both
    # (test_read_scope.py has who reads what).
    rid, _ = srv.create("evidence")
    blob = b"hello"
    blob_sha = hashlib.sha256(blob).hexdigest()
    assert srv.request("PUT", f"/mnr/v1/blobs/{blob_sha}", blob, token=SECRETARIAT,
                       content_type="application/octet-stream").status == 201
    srv.create("attachment", data={"evidence": rid, "sha256": blob_sha, "name": "hello.txt",
                                   "size": len(blob), "content_type": "text/plain"})
    paths = [f"/mnr/v1/records/evidence/{rid}", "/mnr/v1/changes", f"/mnr/v1/blobs/{blob_sha}"]
    for path in paths:
        for token in ALL_TOKENS:
            r = srv.get(path, token=token)
            assert r.status == 200, (path, r)
        expect_problem(srv.get(path, token=None), 401, "unauthorized")
        expect_problem(srv.get(path, token=UNKNOWN), 401, "unauthorized")
    r = srv.get(f"/mnr/v1/blobs/{blob_sha}", token=READER)
    assert r.raw == blob and r.header("Content-Type") == "application/octet-stream"
    r = srv.request("HEAD", f"/mnr/v1/blobs/{blob_sha}", token=READER)
    assert r.status == 200 and r.raw == b"", r
    r = srv.request("HEAD", f"/mnr/v1/blobs/{sha('absent')}", token=READER)
    assert r.status == 404, r


@test
@with_server()
def conditional_writes(srv):
    rid = new_id()
    path_get = f"/mnr/v1/records/rating/{rid}"
    b = body("rating")
    expect_problem(srv.put_record("rating", rid, b), 428, "precondition-required")
    assert srv.feed() == []
    expect_problem(srv.put_record("rating", rid, b, if_match=1), 404, "not-found")
    expect_problem(srv.get(path_get), 404, "not-found")

    r = srv.put_record("rating", rid, b, create=True)
    assert r.status == 201, r
    assert r.header("ETag") == '"1"', r.headers
    rec = r.json
    assert rec["rev"] == 1 and rec["type"] == "rating" and rec["id"] == rid
    assert rec["country"] == "PH" and rec["deleted"] is False and rec["data"] == b["data"]
    assert rec["updated_by"] == "tester"

    before = srv.feed()
    p = expect_problem(srv.put_record("rating", rid, body("rating"), create=True), 412,
                       "precondition-failed")
    assert p["current"] == rec, p
    assert srv.feed() == before

    b2 = body("rating")
    r = srv.put_record("rating", rid, b2, if_match=1)
    assert r.status == 200 and r.json["rev"] == 2 and r.header("ETag") == '"2"', r
    rec2 = r.json
    assert rec2["seq"] > rec["seq"]

    before = srv.feed()
    p = expect_problem(srv.put_record("rating", rid, body("rating"), if_match=1), 412,
                       "precondition-failed")
    assert p["current"]["rev"] == 2 and p["current"] == rec2, p
    # A precondition that is not one strong tag or "If-None-Match: *" alone is
    # none (section 5.3): 428, even with the current rev in it, nothing stored.
    for headers in [{"If-Match": "garbage"}, {"If-Match": 'W/"2"'}, {"If-Match": '"9", "2"'},
                    {"If-Match": "*"}, {"If-Match": '"2"', "If-None-Match": "*"},
                    {"If-None-Match": '"2"'}, {"If-Match": '""'}, {"If-Match": '"-2"'}]:
        r = srv.put_record("rating", rid, body("rating"), headers=headers)
        expect_problem(r, 428, "precondition-required")
        assert r.reason == "Precondition Required", (headers, r.reason)
    # A tag is compared as sent: "02" is not rev 2.
    expect_problem(srv.put_record("rating", rid, body("rating"), headers={"If-Match": '"02"'}), 412,
                   "precondition-failed")
    # The precondition comes before the body (section 5.2): a bad body without one is a 428.
    r = srv.request("PUT", f"/mnr/v1/records/rating/{rid}", "{not json", token=SECRETARIAT)
    expect_problem(r, 428, "precondition-required")
    assert srv.feed() == before

    # Reads: ETag and If-None-Match.
    r = srv.get(path_get, token=READER)
    assert r.status == 200 and r.json == rec2 and r.header("ETag") == '"2"', r
    r = srv.get(path_get, token=READER, headers={"If-None-Match": '"2"'})
    assert r.status == 304 and r.raw == b"", r
    r = srv.get(path_get, token=READER, headers={"If-None-Match": '"1"'})
    assert r.status == 200, r


@test
@with_server()
def concurrent_edit_keeps_both_versions(srv):
    rid, rec = srv.create("evidence")
    r = srv.put_record("evidence", rid, body("evidence"), if_match=1)
    assert r.status == 200 and r.json["rev"] == 2
    # Clients A and B both hold rev 2.
    a = body("evidence", updated_by="client A")
    a["data"]["title"] = "A's title"
    b = body("evidence", updated_by="client B")
    b["data"]["title"] = "B's title"
    r = srv.put_record("evidence", rid, a, token=WRITER_PH, if_match=2)
    assert r.status == 200 and r.json["rev"] == 3, r
    a_rec = r.json
    before = srv.feed()
    p = expect_problem(srv.put_record("evidence", rid, b, token=WRITER_PH_VN, if_match=2),
                       412, "precondition-failed")
    # B sees A's version; B still has its own: both exist, nothing overwritten.
    assert p["current"] == a_rec and p["current"]["data"]["title"] == "A's title", p
    assert srv.get(f"/mnr/v1/records/evidence/{rid}").json == a_rec
    assert srv.feed() == before
    # B resolves by writing a merged version on top of rev 3.
    b["data"]["title"] = "A's and B's title"
    r = srv.put_record("evidence", rid, b, token=WRITER_PH_VN, if_match=3)
    assert r.status == 200 and r.json["rev"] == 4, r


@test
@with_server()
def lost_response_retry_gives_one_record(srv):
    rid = new_id()
    b = body("round")
    r = srv.put_record("round", rid, b, create=True)
    assert r.status == 201
    sent = r.json
    # The response was "lost": the client retries the same create.
    p = expect_problem(srv.put_record("round", rid, b, create=True), 412,
                       "precondition-failed")
    cur = p["current"]
    assert cur == sent, p
    assert cur["data"] == b["data"] and cur["country"] == b["country"]
    feed = srv.feed()
    assert [(c["type"], c["id"]) for c in feed] == [("round", rid)], feed


@test
@with_server()
def lost_response_update_retry_bumps_no_rev(srv):
    """An update committed whose answer was lost, sent again with the same
    If-Match: 412 with the client's own write as current, the rev as the
    first answer gave it, nothing new in the feed (sections 7.3, 7.5)."""
    rid, _ = srv.create("evidence")
    b = body("evidence")
    b["data"]["title"] = "Edited once"
    r = srv.put_record("evidence", rid, b, if_match=1)
    assert r.status == 200 and r.json["rev"] == 2, r
    sent = r.json
    before = srv.feed()
    p = expect_problem(srv.put_record("evidence", rid, b, if_match=1), 412,
                       "precondition-failed")
    assert p["current"] == sent, p
    assert (p["current"]["data"], p["current"]["country"], p["current"]["deleted"]) == (
        b["data"], b["country"], b["deleted"])
    assert srv.get(f"/mnr/v1/records/evidence/{rid}").json["rev"] == 2
    assert srv.feed() == before


@test
@with_server()
def deletion_is_a_tombstone(srv):
    rid, rec = srv.create("evidence")
    r = srv.put_record("evidence", rid, body("evidence", deleted=True, data={}), if_match=1)
    assert r.status == 200, r
    tomb = r.json
    assert tomb["deleted"] is True and tomb["rev"] == 2 and tomb["data"] == {}
    before = srv.feed()
    # A stale edit made before the deletion: a conflict, not a resurrection.
    p = expect_problem(srv.put_record("evidence", rid, body("evidence"), token=WRITER_PH,
                                      if_match=1), 412, "precondition-failed")
    assert p["current"]["deleted"] is True and p["current"] == tomb, p
    p = expect_problem(srv.put_record("evidence", rid, body("evidence"), create=True), 412,
                       "precondition-failed")
    assert p["current"] == tomb
    assert srv.feed() == before
    r = srv.get(f"/mnr/v1/records/evidence/{rid}", token=READER)
    assert r.status == 200 and r.json == tomb, r
    feed = srv.feed()
    assert len(feed) == 1 and feed[0] == tomb, feed
    # Deliberately writing on the tombstone's rev restores it.
    r = srv.put_record("evidence", rid, body("evidence"), if_match=2)
    assert r.status == 200 and r.json["deleted"] is False and r.json["rev"] == 3, r


@test
@with_server()
def changes_feed_paging(srv):
    r = srv.get("/mnr/v1/changes")
    assert r.status == 200 and r.json["changes"] == [] and r.json["more"] is False, r
    empty_cursor = r.json["cursor"]
    assert isinstance(empty_cursor, str)
    ids = [srv.create("round")[0] for _ in range(5)]
    # Update the second one: it appears once, at its latest version.
    r = srv.put_record("round", ids[1], body("round"), if_match=1)
    assert r.status == 200
    order = [ids[0], ids[2], ids[3], ids[4], ids[1]]

    seen, cursor, mores = [], None, []
    while True:
        path = "/mnr/v1/changes?limit=2" + (f"&since={cursor}" if cursor else "")
        r = srv.get(path, token=READER)
        page = r.json
        assert len(page["changes"]) <= 2
        # The next page's cursor ahead of the body, only while there is one.
        assert r.header("MNR-Next-Cursor") == (page["cursor"] if page["more"] else None), r.headers
        seen += page["changes"]
        mores.append(page["more"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert [c["id"] for c in seen] == order, seen
    assert mores == [True, True, False], mores
    seqs = [c["seq"] for c in seen]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    assert seen[-1]["rev"] == 2
    # Nothing new after the last cursor.
    page = srv.get(f"/mnr/v1/changes?since={cursor}").json
    assert page["changes"] == [] and page["more"] is False and page["cursor"] == cursor
    # From the empty feed's cursor, everything.
    page = srv.get(f"/mnr/v1/changes?since={empty_cursor}").json
    assert len(page["changes"]) == 5

    for bad in ["abc", "s-1", "s", "1", "s1x", "%00", "s99999999999999999999999"]:
        expect_problem(srv.get(f"/mnr/v1/changes?since={bad}"), 400, "invalid-cursor")
    expect_problem(srv.get("/mnr/v1/changes?since="), 400, "invalid-cursor")
    for bad in ["0", "5000", "abc", "-1", "1001", ""]:
        r = srv.get(f"/mnr/v1/changes?limit={bad}")
        assert r.status == 400, (bad, r)
        assert r.header("Content-Type").startswith("application/problem+json")
    assert srv.get("/mnr/v1/changes?limit=1000").status == 200
    assert srv.get("/mnr/v1/changes?limit=1").json["more"] is True
    r = srv.request("PUT", "/mnr/v1/changes", "{}", token=SECRETARIAT)
    expect_problem(r, 405, "method-not-allowed")
    assert "GET" in r.header("Allow")


@test
@with_server()
def changes_feed_gives_records_as_read(srv):
    # The feed is written as text around each record's stored data: every
    # entry is the record exactly as a single read gives it, whatever its
    # strings hold (quotes, backslashes, line breaks, control characters,
    # accents, other scripts), with members unknown to this version, and a
    # group's null country.
    tricky = 'Loi "n\u00b0 2019-12" \\ \u00e9t\u00e9\n\tsuite\u0001 \u4e2d\u6587 \U0001f600 </script>'
    data = sample_data("evidence")
    data.update(title=tricky, summary=tricky, future_member={"kept": [1, 2.5, None, True, "x"]})
    rid = new_id()
    r = srv.put_record("evidence", rid, body("evidence", data=data, updated_by=tricky), create=True)
    assert r.status == 201, r
    gid = srv.create("group")[0]
    feed = {c["id"]: c for c in srv.feed()}
    for rtype, record_id in (("evidence", rid), ("group", gid)):
        single = srv.get(f"/mnr/v1/records/{rtype}/{record_id}")
        assert single.status == 200, single
        assert feed[record_id] == single.json, (feed[record_id], single.json)
    assert feed[rid]["data"]["title"] == tricky and feed[rid]["updated_by"] == tricky
    assert feed[gid]["country"] is None


@test
@with_server()
def write_between_pages_is_not_skipped(srv):
    ids = [srv.create("rating")[0] for _ in range(5)]
    page1 = srv.get("/mnr/v1/changes?limit=2").json
    assert [c["id"] for c in page1["changes"]] == ids[:2] and page1["more"]
    # Between two pages: a new record and an edit of one already pulled.
    new = srv.create("rating")[0]
    r = srv.put_record("rating", ids[0], body("rating"), if_match=1)
    assert r.status == 200
    rest, cursor = [], page1["cursor"]
    while True:
        page = srv.get(f"/mnr/v1/changes?limit=2&since={cursor}").json
        rest += page["changes"]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert [c["id"] for c in rest] == ids[2:] + [new, ids[0]], rest
    assert rest[-1]["rev"] == 2
    # The whole feed: each record once, at its latest version.
    feed = srv.feed()
    assert sorted(c["id"] for c in feed) == sorted(ids + [new])
    assert {c["id"]: c["rev"] for c in feed}[ids[0]] == 2


def open_fd_counter(srv):
    """A function counting the server's open files, or None without /proc."""
    fd_dir = f"/proc/{srv.proc.pid}/fd"
    if not os.path.isdir(fd_dir):
        return None
    return lambda: len(os.listdir(fd_dir))


def wait_for_fds(open_fds, at_most, seconds=10):
    """Waits until the server has at most @at_most files open (it closes
    connections as their clients go); returns how many it has."""
    deadline = time.monotonic() + seconds
    while open_fds() > at_most and time.monotonic() < deadline:
        time.sleep(0.05)
    return open_fds()


@test
@with_server()
def abandoned_keep_alive_connections_are_released(srv):
    # Answers keep their connection. libsoup 3.2 never closes a kept-alive
    # connection its client closed while idle, so the server would keep one
    # file descriptor per sync until it could accept no more: it watches
    # its idle connections itself (server/mnr-keep-alive.c). 40 clients
    # each make two requests on one connection, stay (40 more open files
    # on the server), then all go while the server waits for a third.
    open_fds = open_fd_counter(srv)
    if open_fds is None:
        print("# no /proc: not checked")
        return
    n = 40
    srv.get("/mnr/v1/changes")
    before = open_fds()  # the workers' database connections included, opened at the start
    conns = []
    for _ in range(n):
        conn = http.client.HTTPConnection(srv.host, srv.port, timeout=10)
        for _ in range(2):
            conn.request("GET", "/mnr/v1/changes", headers={"Authorization": f"Bearer {READER}"})
            r = conn.getresponse()
            r.read()
            assert r.status == 200
            assert (r.getheader("Connection") or "").lower() != "close", r.getheaders()
            assert conn.sock is not None, "the connection was not kept"
        conns.append(conn)
    during = open_fds()
    for conn in conns:
        conn.close()
    after = wait_for_fds(open_fds, before + 2)
    print(f"# open files: {before} before {n} connections, {during} with them open, {after} after")
    assert during >= before + n - 2, (before, during)
    assert after <= before + 2, (before, after)


@test
@with_server(extra_args=["--idle-timeout", "1"])
def idle_connections_are_closed_after_the_idle_timeout(srv):
    # A client that keeps its connection without using it: the server
    # closes it after --idle-timeout, as it closes one where no request
    # ever came.
    open_fds = open_fd_counter(srv)
    srv.get("/mnr/v1/changes")
    before = open_fds() if open_fds else 0
    used = http.client.HTTPConnection(srv.host, srv.port, timeout=30)
    used.request("GET", "/mnr/v1/", headers={})
    r = used.getresponse()
    r.read()
    assert r.status == 200 and used.sock is not None
    silent = socket.create_connection((srv.host, srv.port), timeout=30)
    for sock in (used.sock, silent):
        assert sock.recv(1) == b"", "the server sent something instead of closing"
    used.close()
    silent.close()
    if open_fds:
        after = wait_for_fds(open_fds, before + 1)
        print(f"# open files: {before} before, {after} after both were closed")
        assert after <= before + 1, (before, after)


@test
@with_server()
def a_connection_serves_many_requests(srv):
    # Requests of every kind, one after another on one connection, the
    # client's port the same throughout.
    conn = http.client.HTTPConnection(srv.host, srv.port, timeout=30)
    port = None
    rid = new_id()
    h = {"Authorization": f"Bearer {SECRETARIAT}", "Content-Type": "application/json"}
    steps = [("GET", "/mnr/v1/", None, {}, 200),
             ("PUT", f"/mnr/v1/records/round/{rid}", body("round"), dict(h, **{"If-None-Match": "*"}), 201),
             ("GET", f"/mnr/v1/records/round/{rid}", None, h, 200),
             ("PUT", f"/mnr/v1/records/round/{rid}", body("round"), dict(h, **{"If-Match": '"1"'}), 200),
             ("PUT", f"/mnr/v1/records/round/{rid}", body("round"), dict(h, **{"If-Match": '"1"'}), 412),
             ("GET", "/mnr/v1/changes", None, h, 200),
             ("GET", "/mnr/v1/nowhere", None, h, 404),
             ("GET", "/mnr/v1/changes", None, {}, 401)]
    for method, path, data, headers, status in steps:
        conn.request(method, path, body=json.dumps(data) if data is not None else None,
                     headers=headers)
        r = conn.getresponse()
        r.read()
        assert r.status == status, (method, path, r.status)
        assert conn.sock is not None, (method, path, "connection closed")
        port = port or conn.sock.getsockname()[1]
        assert conn.sock.getsockname()[1] == port
    conn.close()


@test
@with_server()
def large_answers_are_gzipped_when_asked(srv):
    import gzip
    for i in range(30):
        srv.create("round")
    r = srv.get("/mnr/v1/changes", token=READER, headers={"Accept-Encoding": "gzip, deflate"})
    assert r.status == 200 and r.header("Content-Encoding") == "gzip", r.headers
    assert "Accept-Encoding" in (r.header("Vary") or ""), r.headers
    page = json.loads(gzip.decompress(r.raw))
    assert len(page["changes"]) == 30
    assert len(r.raw) * 3 < len(gzip.decompress(r.raw)), (len(r.raw), len(gzip.decompress(r.raw)))
    # Not asked for: as it is. Small answers: as they are.
    plain = srv.get("/mnr/v1/changes", token=READER)
    assert plain.header("Content-Encoding") is None and json.loads(plain.raw) == page
    small = srv.get("/mnr/v1/changes?limit=1", token=READER, headers={"Accept-Encoding": "gzip"})
    assert small.header("Content-Encoding") is None, small.headers


@test
@with_server()
def equal_timestamps_at_page_boundaries(srv):
    # Thirty records written within a second or two share their updated_at
    # (the server's clock, to the second); pages of 3 cut through runs of
    # equal times. The feed is ordered by seq, not by time: each record
    # comes exactly once, in the order written.
    ids = [srv.create("round")[0] for _ in range(30)]
    seen, cursor, boundaries = [], None, []
    while True:
        path = "/mnr/v1/changes?limit=3" + (f"&since={cursor}" if cursor else "")
        page = srv.get(path, token=READER).json
        if seen and page["changes"]:
            boundaries.append((seen[-1]["updated_at"], page["changes"][0]["updated_at"]))
        seen += page["changes"]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert [c["id"] for c in seen] == ids, seen
    equal = [b for b in boundaries if b[0] == b[1]]
    assert equal, f"no page boundary between equal times: {boundaries}"
    print(f"# {len(equal)} of {len(boundaries)} page boundaries fall between equal updated_at")


@test
@with_server()
def skewed_client_clocks_do_not_order_the_feed(srv):
    a = body("round", updated_at="2099-01-01T00:00:00Z", updated_by="device with a fast clock")
    a["seq"] = 1000000
    a["rev"] = 77
    b = body("round", updated_at="1999-01-01T00:00:00Z", updated_by="device with a slow clock")
    ida, idb = new_id(), new_id()
    ra = srv.put_record("round", ida, a, create=True)
    rb = srv.put_record("round", idb, b, create=True)
    assert ra.status == 201 and rb.status == 201
    for r in (ra, rb):
        rec = r.json
        assert rec["rev"] == 1
        assert not rec["updated_at"].startswith(("2099", "1999")), rec
        assert rec["seq"] < 1000000
    feed = srv.feed()
    assert [c["id"] for c in feed] == [ida, idb], feed
    assert feed[0]["seq"] < feed[1]["seq"]
    assert feed[0]["updated_by"] == "device with a fast clock"
    # An update of A puts it after B, whatever the clocks.
    a["updated_at"] = "1970-01-01T00:00:00Z"
    assert srv.put_record("round", ida, a, if_match=1).status == 200
    feed = srv.feed()
    assert [c["id"] for c in feed] == [idb, ida]
    seqs = [c["seq"] for c in feed]
    assert seqs[0] < seqs[1]


@test
@with_server()
def malformed_requests_are_refused(srv):
    rid = new_id()
    srv.create("evidence", rid)
    gid = new_id()
    srv.create("group", gid)
    before = srv.feed()

    def put(rtype, data, path_id=None, **kw):
        return srv.put_record(rtype, path_id or new_id(), data, create=True, **kw)

    expect_problem(put("round", "{not json"), 400, "malformed-json")
    expect_problem(put("round", ""), 400, "malformed-json")
    expect_problem(put("round", b"\xff\xfe{}"), 400, "malformed-json")
    expect_problem(put("round", "[1, 2]"), 422, "invalid-record")
    expect_problem(put("round", "42"), 422, "invalid-record")

    def invalid(rtype, mutate, member):
        b = body(rtype)
        mutate(b)
        p = expect_problem(put(rtype, b), 422, "invalid-record")
        assert member in p["detail"], (member, p)
        # The same on an update.
        if rtype == "evidence":
            p = expect_problem(srv.put_record(rtype, rid, b, if_match=1), 422, "invalid-record")

    invalid("evidence", lambda b: b["data"].update(date=2018), "data.date")
    invalid("evidence", lambda b: b["data"].update(date="2018-13"), "data.date")
    invalid("evidence", lambda b: b["data"].update(restricted="yes"), "data.restricted")
    invalid("evidence", lambda b: b["data"].update(kind="rumour"), "data.kind")
    invalid("evidence", lambda b: b["data"].update(title=""), "data.title")
    invalid("evidence", lambda b: b["data"].pop("title"), "data.title")
    invalid("evidence", lambda b: b["data"].update(elements="capability-1"), "data.elements")
    invalid("evidence", lambda b: b["data"].update(summary="x" * 100001), "data.summary")
    invalid("group", lambda b: b["data"].update(members="PH"), "data.members")
    invalid("group", lambda b: b["data"].update(members=["ph"]), "data.members")
    invalid("group", lambda b: b.update(country="PH"), "country")
    invalid("round", lambda b: b["data"].update(date="2024-02-30"), "data.date")
    invalid("round", lambda b: b["data"].update(name="n" * 201), "data.name")
    invalid("rating", lambda b: b["data"].update(element="capability-x"), "data.element")
    invalid("rating", lambda b: b["data"].update(round="not-a-uuid"), "data.round")
    invalid("attachment", lambda b: b["data"].update(size=-1), "data.size")
    invalid("attachment", lambda b: b["data"].update(sha256="ABC"), "data.sha256")
    invalid("attachment", lambda b: b["data"].update(name="a/b"), "data.name")
    invalid("round", lambda b: b.update(country="ph"), "country")
    invalid("round", lambda b: b.pop("country"), "country")
    invalid("round", lambda b: b.update(data=[]), "data")
    invalid("round", lambda b: b.update(deleted="no"), "deleted")
    invalid("round", lambda b: b.update(updated_by="u" * 201), "updated_by")
    # Section 4.3: every member of the body is required, and so is every
    # member section 4.4 lists (the app's reader refuses the same records).
    invalid("round", lambda b: b.pop("updated_by"), "updated_by")
    invalid("round", lambda b: b.pop("deleted"), "deleted")
    invalid("group", lambda b: b.pop("country"), "country")
    invalid("rating", lambda b: b["data"].pop("rationale"), "data.rationale")
    invalid("evidence", lambda b: b["data"].pop("elements"), "data.elements")
    invalid("evidence", lambda b: b["data"].update(elements=["capability-1", 7]),
            "data.elements[1]")
    invalid("evidence", lambda b: b["data"].update(extra={"notes": ["", "n" * 100001]}),
            "data.extra.notes[1]")
    invalid("rating", lambda b: b["data"].update(element="enabler-" + "e" * 73), "data.element")
    # A deletion may carry {}; any other data must be valid.
    invalid("round", lambda b: b.update(deleted=True, data={"name": ""}), "data.name")

    # Nested deeper than 64 levels: malformed, checked before parsing (a
    # deep enough body would otherwise exhaust the parser's stack).
    def nested(levels):
        return ('{"country": "PH", "updated_by": "", "deleted": false, "data": '
                '{"title": "t", "kind": "other", "date": "", "source": "", "summary": "", '
                '"restricted": false, "elements": [], "deep": '
                + "[" * (levels - 2) + "]" * (levels - 2) + "}}")
    r = put("evidence", nested(64))
    assert r.status == 201, r
    before = srv.feed()
    expect_problem(put("evidence", nested(65)), 400, "malformed-json")
    expect_problem(put("evidence", nested(200000)), 400, "malformed-json")
    expect_problem(put("round", "{'country': 'PH'}"), 400, "malformed-json")

    p = expect_problem(put("survey", body("round")), 404, "unknown-type")
    assert "survey" in p["detail"] and "round" in p["detail"], p
    for bad in ["not-a-uuid", new_id().upper(), "%2e%2e%2fserver.db", new_id() + "x"]:
        expect_problem(put("round", body("round"), path_id=bad), 400, "invalid-id")
        expect_problem(srv.get(f"/mnr/v1/records/round/{bad}"), 400, "invalid-id")
    for path in ["/mnr/v1/records/round/../../etc/passwd", "/mnr/v1/records/round/a/b",
                 f"/mnr/v1/records/round/{new_id()}/junk", "/mnr/v1/records/round",
                 "/mnr/v1/records/round%2f" + new_id(), "/mnr/v1/blobs/../server.db"]:
        r = srv.request("PUT", path, body("round"), token=SECRETARIAT,
                        headers={"If-None-Match": "*"})
        assert r.status in (400, 404), (path, r)
        assert r.header("Content-Type").startswith("application/problem+json"), (path, r)
    for bad in ["abc", sha("x").upper(), sha("x")[:63], "%2e%2e%2fserver.db"]:
        expect_problem(srv.request("PUT", f"/mnr/v1/blobs/{bad}", b"x", token=SECRETARIAT,
                                   content_type="application/octet-stream"),
                       400, "invalid-id")
        expect_problem(srv.get(f"/mnr/v1/blobs/{bad}"), 400, "invalid-id")

    expect_problem(put("round", body("round"), content_type="text/plain"), 415,
                   "unsupported-media-type")
    expect_problem(put("round", json.dumps(body("round")), content_type=None), 415,
                   "unsupported-media-type")
    blob = b"blob"
    expect_problem(srv.request("PUT", f"/mnr/v1/blobs/{hashlib.sha256(blob).hexdigest()}", blob,
                               token=SECRETARIAT, content_type="application/json"),
                   415, "unsupported-media-type")

    for method in ["DELETE", "POST", "PATCH"]:
        r = srv.request(method, f"/mnr/v1/records/evidence/{rid}", token=SECRETARIAT)
        expect_problem(r, 405, "method-not-allowed")
        assert "PUT" in r.header("Allow") and "GET" in r.header("Allow"), r.headers
    r = srv.request("DELETE", f"/mnr/v1/blobs/{sha('x')}", token=SECRETARIAT)
    expect_problem(r, 405, "method-not-allowed")
    r = srv.request("POST", "/mnr/v1/", "{}")
    expect_problem(r, 405, "method-not-allowed")

    assert srv.feed() == before, "a refused write changed the feed"
    assert srv.get(f"/mnr/v1/records/evidence/{rid}").json["rev"] == 1


@test
@with_server()
def oversized_record_bodies(srv):
    rid, _ = srv.create("evidence")
    before = srv.feed()
    # Content-Length just over the limit.
    big = b"x" * (RECORD_LIMIT + 1)
    r = srv.put_record("evidence", new_id(), big, create=True)
    expect_problem(r, 413, "payload-too-large")
    # Valid JSON over the limit.
    b = body("evidence")
    b["data"]["pad"] = "y" * RECORD_LIMIT
    expect_problem(srv.put_record("evidence", rid, b, if_match=1), 413, "payload-too-large")
    # Chunked, no Content-Length: cut off at the limit.
    chunk = b"z" * 65536

    def chunks():
        for _ in range(RECORD_LIMIT // len(chunk) + 2):
            yield chunk
    r = srv.put_record("evidence", new_id(), chunks(), create=True)
    expect_problem(r, 413, "payload-too-large")
    # A chunked body under the limit is fine.
    good = json.dumps(body("evidence")).encode()
    r = srv.put_record("evidence", new_id(), iter([good[:10], good[10:]]), create=True)
    assert r.status == 201, r
    after = srv.feed()
    assert after[:-1] == before and len(after) == len(before) + 1
    # The server still answers.
    assert srv.request("GET", "/mnr/v1/").status == 200


def put_headers(srv, path, length, content_type, extra=""):
    """The head of a secretariat's PUT that declares @length bytes."""
    return (f"PUT {path} HTTP/1.1\r\nHost: {srv.host}:{srv.port}\r\n"
            f"Authorization: Bearer {SECRETARIAT}\r\nIf-None-Match: *\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n"
            f"{extra}\r\n").encode()


def expect_continue(srv, path, length, content_type):
    """Sends only the headers of a huge PUT with Expect: 100-continue; the
    server must answer 413 from the headers alone, without the body."""
    import socket
    sock = socket.create_connection((srv.host, srv.port), timeout=5)
    try:
        sock.sendall(put_headers(srv, path, length, content_type, "Expect: 100-continue\r\n"))
        r = http.client.HTTPResponse(sock)
        r.begin()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        sock.close()


@test
@with_server(extra_args=["--max-blob-bytes", "1000"])
def too_large_is_refused_before_the_body(srv):
    ten_gib = 10 * 1024 ** 3
    r = expect_continue(srv, f"/mnr/v1/records/round/{new_id()}", ten_gib, "application/json")
    expect_problem(r, 413, "payload-too-large")
    r = expect_continue(srv, f"/mnr/v1/records/round/{new_id()}", RECORD_LIMIT + 1,
                        "application/json")
    expect_problem(r, 413, "payload-too-large")
    r = expect_continue(srv, f"/mnr/v1/blobs/{sha('x')}", 1001, "application/octet-stream")
    expect_problem(r, 413, "payload-too-large")
    assert srv.feed() == []
    assert srv.request("GET", "/mnr/v1/").status == 200


def declare_huge_body(srv, path, length, content_type, sent=b"{\"country\": "):
    """Sends the headers of a PUT declaring @length bytes, without Expect,
    then only a few bytes of the body, and waits for the answer: a server
    that read the body before answering would never answer."""
    import socket
    sock = socket.create_connection((srv.host, srv.port), timeout=5)
    try:
        t0 = time.monotonic()
        sock.sendall(put_headers(srv, path, length, content_type) + sent)
        r = http.client.HTTPResponse(sock)
        r.begin()
        answer = Response(r.status, r.getheaders(), r.read())
        elapsed = time.monotonic() - t0
        # The server closes the connection: the rest of the body is never
        # taken for another request.
        closed = True
        try:
            sock.sendall(b"x" * 65536)
            sock.shutdown(socket.SHUT_WR)
            closed = sock.recv(1) == b""
        except OSError:
            pass
        return answer, elapsed, closed
    finally:
        sock.close()


@test
@with_server(extra_args=["--max-blob-bytes", "1000"])
def declared_too_large_is_refused_without_reading(srv):
    two_gb = 2 * 1000 ** 3
    for path, length, ctype in [(f"/mnr/v1/records/round/{new_id()}", two_gb, "application/json"),
                                (f"/mnr/v1/records/round/{new_id()}", RECORD_LIMIT + 1,
                                 "application/json"),
                                (f"/mnr/v1/blobs/{sha('x')}", 1001, "application/octet-stream")]:
        r, elapsed, closed = declare_huge_body(srv, path, length, ctype)
        p = expect_problem(r, 413, "payload-too-large")
        assert str(length) in p["detail"], p
        assert (r.header("Connection") or "").lower() == "close", r.headers
        assert elapsed < 2, elapsed
        assert closed, "the connection stayed open"
    assert srv.feed() == []
    # The server still answers, on new connections.
    assert srv.request("GET", "/mnr/v1/").status == 200
    srv.create("round")


@test
@with_server(extra_args=["--max-blob-bytes", "1000"])
def blobs(srv):
    info = srv.request("GET", "/mnr/v1/").json
    assert info["limits"]["blob_bytes"] == 1000
    data = os.urandom(1000)
    h = hashlib.sha256(data).hexdigest()

    def put(sha256, payload, token=WRITER_PH):
        return srv.request("PUT", f"/mnr/v1/blobs/{sha256}", payload, token=token,
                           content_type="application/octet-stream")

    # Bytes that do not match the name: refused, nothing stored.
    other = os.urandom(100)
    wrong = hashlib.sha256(b"something else").hexdigest()
    expect_problem(put(wrong, other), 422, "hash-mismatch")
    expect_problem(srv.get(f"/mnr/v1/blobs/{wrong}"), 404, "not-found")
    assert srv.request("HEAD", f"/mnr/v1/blobs/{wrong}", token=READER).status == 404

    r = put(h, data)
    assert r.status == 201, r
    r = put(h, data)
    assert r.status == 200, r
    # A reader reads a blob once a record it may read names it.
    expect_problem(srv.get(f"/mnr/v1/blobs/{h}", token=READER), 404, "not-found")
    evidence, _ = srv.create("evidence")
    srv.create("attachment", data={"evidence": evidence, "sha256": h, "name": "f.bin",
                                   "size": len(data), "content_type": ""})
    r = srv.get(f"/mnr/v1/blobs/{h}", token=READER)
    assert r.status == 200 and r.raw == data
    assert hashlib.sha256(r.raw).hexdigest() == h
    prefix_dir = os.path.join(srv.data_dir, "blobs", h[:2])
    assert os.listdir(prefix_dir) == [h], os.listdir(prefix_dir)

    empty = hashlib.sha256(b"").hexdigest()
    assert put(empty, b"").status == 201
    r = srv.get(f"/mnr/v1/blobs/{empty}")
    assert r.status == 200 and r.raw == b""

    too_big = os.urandom(1001)
    tb = hashlib.sha256(too_big).hexdigest()
    expect_problem(put(tb, too_big), 413, "payload-too-large")
    r = srv.request("PUT", f"/mnr/v1/blobs/{tb}", iter([too_big[:600], too_big[600:]]),
                    token=WRITER_PH, content_type="application/octet-stream")
    expect_problem(r, 413, "payload-too-large")
    expect_problem(srv.get(f"/mnr/v1/blobs/{tb}"), 404, "not-found")
    # Blobs are not records: the feed holds only the two records.
    assert [c["type"] for c in srv.feed()] == ["evidence", "attachment"]
    # No temporary files are left behind.
    for root, dirs, files in os.walk(os.path.join(srv.data_dir, "blobs")):
        for f in files:
            assert len(f) == 64, f


@test
@with_server()
def sigterm_stops_and_restart_keeps_records(srv):
    ids = [srv.create(t)[0] for t in ("round", "rating", "evidence", "attachment", "group")]
    assert srv.put_record("round", ids[0], body("round"), if_match=1).status == 200
    before = srv.feed()
    t0 = time.monotonic()
    rc = srv.stop(signal.SIGTERM, timeout=5)
    assert rc == 0, rc
    assert time.monotonic() - t0 < 5
    srv.start()
    assert srv.feed() == before
    rec = srv.get(f"/mnr/v1/records/round/{ids[0]}").json
    assert rec["rev"] == 2
    # The seq counter continues after a restart.
    new = srv.create("round")[1]
    assert new["seq"] > max(c["seq"] for c in before)
    assert srv.stop(signal.SIGINT, timeout=5) == 0


@test
@with_server()
def sigkill_after_201_keeps_the_record(srv):
    rid = new_id()
    r = srv.put_record("evidence", rid, body("evidence"), create=True)
    assert r.status == 201
    created = r.json
    srv.stop(signal.SIGKILL)
    srv.start()
    r = srv.get(f"/mnr/v1/records/evidence/{rid}")
    assert r.status == 200 and r.json == created, r
    assert srv.feed() == [created]


@test
def tokens_never_in_output():
    srv = Server()
    try:
        srv.create("round", token=WRITER_PH)
        srv.get("/mnr/v1/changes", token=READER)
        srv.get("/mnr/v1/changes", token=UNKNOWN)
        srv.put_record("round", new_id(), body("round", "VN"), token=WRITER_PH, create=True)
        srv.request("GET", f"/mnr/v1/changes?since={SECRETARIAT}", token=SECRETARIAT)
        srv.stop()
        text = srv.output()
        assert "GET /mnr/v1/changes 200" in text, text  # --verbose logs requests
        assert "PUT /mnr/v1/records/round/" in text
    finally:
        srv.close()  # checks every token against the output


def run_tests(tests):
    """Runs @tests in TAP; 1 if one failed."""
    only = os.environ.get("MNR_SERVER_TEST")
    tests = [t for t in tests if not only or t.__name__ == only]
    print(f"1..{len(tests)}", flush=True)
    failed = 0
    for n, fn in enumerate(tests, 1):
        try:
            fn()
            print(f"ok {n} - {fn.__name__}", flush=True)
        except Exception:
            failed += 1
            print(f"not ok {n} - {fn.__name__}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
    return 1 if failed else 0


def main():
    global SERVER
    if len(sys.argv) != 2:
        print("usage: test_server.py PATH-TO-mnr-sync-server", file=sys.stderr)
        return 2
    SERVER = os.path.abspath(sys.argv[1])
    return run_tests(TESTS)


if __name__ == "__main__":
    sys.exit(main())
