#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Batched writes on the reference server (docs/sync-protocol.md, 5.9).

Many records in one POST /mnr/v1/batch, each with its own precondition
and its own result, applied one by one: a write refused does not touch
the others, a 412's record stays as it was. Every write of a batch is
decided as the same PUT alone would be: the same sequence of writes sent
one by one to one server and in batches to another gives the same
statuses and the same records, for every role and scope, and a world
written in batches is read exactly as one written record by record.
Sizes over the limits are 413, malformed bodies 400 or 422, nothing
stored.

Usage: test_batch.py PATH-TO-mnr-sync-server
"""

import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_server as ts  # noqa: E402
import test_read_scope as trs  # noqa: E402
from test_server import (READER, SECRETARIAT, UNKNOWN, WRITER_PH, WRITER_PH_VN,  # noqa: E402
                         body, expect_problem, new_id)

FIRST_TEST = len(ts.TESTS)  # the cases of the files imported come before

BATCH = "/mnr/v1/batch"
BATCH_RECORDS = 1000
BATCH_BYTES = 4 * 1024 * 1024


def create(rtype, rid, b):
    return {"type": rtype, "id": rid, "if_none_match": "*", "body": b}


def update(rtype, rid, rev, b):
    return {"type": rtype, "id": rid, "if_match": rev, "body": b}


def post(srv, writes, token=SECRETARIAT, **kw):
    payload = writes if isinstance(writes, (str, bytes)) else {"writes": writes}
    return srv.request("POST", BATCH, payload, token=token, **kw)


def results(srv, writes, token=SECRETARIAT):
    """The results of a batch that the server took as a whole."""
    r = post(srv, writes, token=token)
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("application/json"), r.headers
    res = r.json["results"]
    assert len(res) == len(writes), res
    return res


def statuses(res):
    return [x["status"] for x in res]


def problem(result, status, slug):
    assert result["status"] == status, result
    p = result["problem"]
    assert p["type"] == ts.PROBLEM + slug and p["status"] == status, result
    assert isinstance(p["detail"], str) and p["detail"], result
    return p


def padding(size):
    """A list of strings of about @size bytes in JSON, none over the 100,000
    characters a string may have."""
    n, rest = divmod(size, 100004)
    return ["p" * 100000] * n + ["p" * max(rest - 4, 0)]


def without_times(records):
    """Records as the feed gives them, but when they were written."""
    return [{k: v for k, v in r.items() if k not in ("updated_at", "seq")} for r in records]


test = ts.test


@test
@ts.with_server()
def discovery_announces_batches(srv):
    limits = srv.request("GET", "/mnr/v1/").json["limits"]
    assert limits["batch_records"] == BATCH_RECORDS, limits
    assert limits["batch_bytes"] == BATCH_BYTES, limits


@test
@ts.with_server()
def mixed_results_in_one_batch(srv):
    """Every outcome of a PUT, each in its place in one batch; what is
    refused changes nothing, what is accepted is stored."""
    ph, stale, exists, vn = new_id(), new_id(), new_id(), new_id()
    _, stale_rec = srv.create("evidence", stale, token=WRITER_PH)
    assert srv.put_record("evidence", stale, body("evidence"), if_match=1).status == 200
    stale_rec = srv.get(f"/mnr/v1/records/evidence/{stale}").json
    _, exists_rec = srv.create("round", exists, token=WRITER_PH)
    _, vn_rec = srv.create("round", vn, country="VN")
    before = srv.feed()
    new_round, new_rating, never = new_id(), new_id(), new_id()
    big = body("evidence")
    big["data"]["pad"] = padding(1024 * 1024)
    writes = [
        create("round", new_round, body("round")),                        # 201
        update("evidence", stale, 1, body("evidence")),                   # 412, at rev 2
        create("round", exists, body("round")),                           # 412, exists
        update("round", never, 1, body("round")),                         # 404, never written
        create("round", new_id(), body("round", "VN")),                   # 403, not PH's writer
        update("round", vn, 1, body("round")),                            # 403, stored in VN
        create("group", new_id(), body("group")),                         # 403, groups
        create("round", new_id(), body("round", data={"name": ""})),      # 422
        {"type": "round", "id": new_id(), "body": body("round")},         # 428, none
        {"type": "round", "id": new_id(), "if_match": 1, "if_none_match": "*",
         "body": body("round")},                                          # 428, both
        {"type": "round", "id": new_id(), "if_match": "1", "body": body("round")},  # 428
        {"type": "round", "id": new_id(), "if_match": 0, "body": body("round")},    # 428
        {"type": "round", "id": new_id(), "if_none_match": "\"1\"", "body": body("round")},
        create("round", new_id().upper(), body("round")),                 # 400
        create("survey", new_id(), body("round")),                        # 404 unknown-type
        create("evidence", new_id(), big),                                # 413
        create("rating", new_rating, body("rating")),                     # 201
        update("round", new_round, 1, body("round", data={"name": "Renamed", "date": "2024-05-01"})),
        "not an object",                                                  # 422
        {"id": new_id(), "if_none_match": "*", "body": body("round")},    # 422, no type
        create("round", new_id(), None),                                  # 422, no body
    ]
    res = results(srv, writes, token=WRITER_PH)
    assert statuses(res) == [201, 412, 412, 404, 403, 403, 403, 422, 428, 428, 428, 428, 428,
                             400, 404, 413, 201, 200, 422, 422, 422], statuses(res)
    slugs = ["precondition-failed", "precondition-failed", "not-found", "forbidden", "forbidden",
             "forbidden", "invalid-record", "precondition-required", "precondition-required",
             "precondition-required", "precondition-required", "precondition-required",
             "invalid-id", "unknown-type", "payload-too-large"]
    for result, slug in zip(res[1:16], slugs):
        problem(result, result["status"], slug)
    assert "survey" in res[14]["problem"]["detail"], res[14]
    for i in (18, 19, 20):
        assert res[i]["problem"]["type"].endswith(("/invalid-batch", "/invalid-record")), res[i]

    # Each result names its write (what could be read of it).
    for result, write in zip(res, writes):
        if isinstance(write, dict) and write.get("type") in ("round", "evidence", "rating"):
            if write["id"] == write["id"].lower():
                assert (result["type"], result["id"]) == (write["type"], write["id"]), result
    assert res[13]["id"] is None and res[18]["type"] is None, (res[13], res[18])

    # A 412 carries the server's copy, which is untouched.
    assert res[1]["problem"]["current"] == stale_rec, res[1]
    assert res[2]["problem"]["current"] == exists_rec, res[2]
    assert srv.get(f"/mnr/v1/records/evidence/{stale}").json == stale_rec
    assert srv.get(f"/mnr/v1/records/round/{exists}").json == exists_rec
    assert srv.get(f"/mnr/v1/records/round/{vn}").json == vn_rec
    assert "current" not in res[3]["problem"] and "current" not in res[5]["problem"]

    # A success carries what the server gave the record: rev, seq, updated_at.
    assert res[0]["rev"] == 1 and set(res[0]) == {"type", "id", "status", "rev", "seq",
                                                    "updated_at"}, res[0]
    assert res[17]["rev"] == 2, res[17]
    stored = srv.get(f"/mnr/v1/records/round/{new_round}").json
    assert stored["rev"] == 2 and stored["data"]["name"] == "Renamed", stored
    assert {k: stored[k] for k in ("rev", "seq", "updated_at")} == {
        k: res[17][k] for k in ("rev", "seq", "updated_at")}, (stored, res[17])

    # Only the three accepted writes reached the feed, in the batch's order.
    after = srv.feed()
    assert after[:len(before)] == before
    added = after[len(before):]
    assert [(c["type"], c["id"], c["rev"]) for c in added] == [
        ("rating", new_rating, 1), ("round", new_round, 2)], added
    assert added[0]["seq"] < added[1]["seq"]


@test
@ts.with_server()
def refused_as_a_whole(srv):
    """What a PUT alone refuses before its body, a batch refuses as a
    whole, storing none of its writes."""
    writes = [create("round", new_id(), body("round"))]
    expect_problem(post(srv, writes, token=None), 401, "unauthorized")
    expect_problem(post(srv, writes, token=UNKNOWN), 401, "unauthorized")
    expect_problem(post(srv, writes, token=READER), 403, "forbidden")
    expect_problem(post(srv, writes, content_type="text/plain"), 415, "unsupported-media-type")
    for method in ("GET", "PUT", "DELETE"):
        r = srv.request(method, BATCH, token=SECRETARIAT)
        expect_problem(r, 405, "method-not-allowed")
        assert r.header("Allow") == "POST", r.headers
    expect_problem(srv.request("POST", BATCH + "/x", "{}", token=SECRETARIAT), 404, "not-found")
    # Not JSON, not UTF-8, nested too deep: 400.
    expect_problem(post(srv, "{\"writes\": ["), 400, "malformed-json")
    expect_problem(post(srv, b"\xff\xfe{}"), 400, "malformed-json")
    expect_problem(post(srv, ""), 400, "malformed-json")
    expect_problem(post(srv, "{\"writes\": " + "[" * 70 + "]" * 70 + "}"), 400, "malformed-json")
    # JSON, but not a batch: 422.
    for text in ("[]", "42", "{}", "{\"writes\": {}}", "{\"writes\": \"round\"}"):
        expect_problem(post(srv, text), 422, "invalid-batch")
    assert srv.feed() == []
    # An empty batch is one: nothing to do.
    assert results(srv, []) == []


@test
@ts.with_server()
def size_limits(srv):
    """At most batch_records writes and batch_bytes bytes: 413 over
    either, before anything is stored; exactly the limits are taken."""
    rid = new_id()
    too_many = [create("round", new_id(), body("round")) for _ in range(BATCH_RECORDS + 1)]
    p = expect_problem(post(srv, too_many), 413, "payload-too-large")
    assert str(BATCH_RECORDS) in p["detail"], p
    assert srv.feed() == []

    pad = body("evidence")
    pad["data"]["pad"] = padding(900 * 1024)
    heavy = [create("evidence", new_id(), pad) for _ in range(5)]  # 4.5 MiB
    expect_problem(post(srv, heavy), 413, "payload-too-large")
    # Chunked, with no Content-Length: cut off at the limit.
    text = json.dumps({"writes": heavy}).encode()
    r = srv.request("POST", BATCH, iter([text[i:i + 65536] for i in range(0, len(text), 65536)]),
                    token=SECRETARIAT)
    expect_problem(r, 413, "payload-too-large")
    # Declared, not sent: refused from the headers.
    head = (f"POST {BATCH} HTTP/1.1\r\nHost: {srv.host}:{srv.port}\r\n"
            f"Authorization: Bearer {SECRETARIAT}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {BATCH_BYTES + 1}\r\nExpect: 100-continue\r\n\r\n").encode()
    import http.client
    import socket
    sock = socket.create_connection((srv.host, srv.port), timeout=5)
    try:
        sock.sendall(head)
        answer = http.client.HTTPResponse(sock)
        answer.begin()
        assert answer.status == 413, answer.status
    finally:
        sock.close()
    assert srv.feed() == []

    # The limits themselves are fine: 1,000 writes, and a batch of four
    # records just under 1 MiB each.
    full = [create("round", new_id(), body("round")) for _ in range(BATCH_RECORDS - 1)]
    full.append(create("round", rid, body("round")))
    assert set(statuses(results(srv, full))) == {201}
    pad["data"]["pad"] = padding(1024 * 1024 - 1000)
    four = [create("evidence", new_id(), pad) for _ in range(4)]
    assert len(json.dumps({"writes": four})) <= BATCH_BYTES
    assert statuses(results(srv, four)) == [201] * 4
    assert len(srv.feed()) == BATCH_RECORDS + 4


@test
@ts.with_server()
def an_answer_stays_bounded(srv):
    """A 412's current copy goes in the answer while the copies add up to
    batch_bytes at most; past that, the 412 comes without it (the client
    then writes that record alone), so that a small batch cannot get an
    answer without bound."""
    heavy = body("evidence")
    heavy["data"]["pad"] = padding(900 * 1024)
    ids = [new_id() for _ in range(6)]
    for rid in ids:
        assert statuses(results(srv, [create("evidence", rid, heavy)])) == [201]
    res = results(srv, [create("evidence", rid, body("evidence")) for rid in ids])
    assert statuses(res) == [412] * 6
    with_current = ["current" in x["problem"] for x in res]
    assert with_current == [True] * 4 + [False] * 2, with_current
    assert res[0]["problem"]["current"]["data"] == heavy["data"]


@test
@ts.with_server()
def writes_of_one_batch_follow_each_other(srv):
    """Applied in order: a create then its update in the same batch; the
    second of two creates of one record is a 412 showing the first."""
    rid = new_id()
    b2 = body("round", data={"name": "Second", "date": "2024-05-02"})
    res = results(srv, [create("round", rid, body("round")), update("round", rid, 1, b2),
                        create("round", rid, body("round")), update("round", rid, 1, b2)])
    assert statuses(res) == [201, 200, 412, 412], res
    assert res[2]["problem"]["current"]["rev"] == 2
    assert res[2]["problem"]["current"]["data"] == b2["data"]
    assert [c["rev"] for c in srv.feed()] == [2]


@test
def same_decisions_as_single_puts():
    """The authorization matrix of auth_matrix_for_writes (test_server.py),
    for every record type: a sequence of writes by every role, sent one by
    one to a server and in batches (one per token's run of writes) to
    another, gets the same statuses and leaves the same records."""
    steps = []
    for rtype in ["round", "rating", "evidence", "attachment"]:
        rid, rid2 = new_id(), new_id()
        tomb = lambda country: body(rtype, country, deleted=True, data={})  # noqa: E731
        steps += [
            (READER, rtype, rid, None, body(rtype)),
            (WRITER_PH, rtype, rid, None, body(rtype, "VN")),
            (WRITER_PH, rtype, rid, None, body(rtype)),
            (WRITER_PH, rtype, rid, 1, body(rtype, "VN")),           # moving PH → VN: 403
            (WRITER_PH_VN, rtype, rid, 1, body(rtype, "VN")),        # fine for PH+VN
            (WRITER_PH, rtype, rid, 2, body(rtype, "PH")),           # now in VN: 403
            (SECRETARIAT, rtype, rid, 2, body(rtype, "TH")),
            (WRITER_PH_VN, rtype, rid, 3, tomb("TH")),               # a TH tombstone: 403
            (SECRETARIAT, rtype, rid, 3, tomb("TH")),
            (WRITER_PH_VN, rtype, rid, 4, body(rtype, "VN")),        # restore TH's: 403
            (WRITER_PH, rtype, rid2, None, body(rtype)),
            (WRITER_PH, rtype, rid2, 1, tomb("PH")),
            (WRITER_PH, rtype, rid2, 1, tomb("PH")),                 # stale: 412
            (WRITER_PH, rtype, rid2, 2, body(rtype)),                # restored by its writer
        ]
    gid = new_id()
    steps += [(t, "group", gid, None, body("group")) for t in (WRITER_PH, WRITER_PH_VN, READER)]
    steps += [(SECRETARIAT, "group", gid, None, body("group")),
              (WRITER_PH, "group", gid, 1, body("group", deleted=True, data={})),
              (SECRETARIAT, "group", gid, 1, body("group", deleted=True, data={}))]

    one, many = ts.Server(), ts.Server()
    try:
        alone = []
        for token, rtype, rid, rev, b in steps:
            r = one.put_record(rtype, rid, b, token=token, if_match=rev, create=rev is None)
            alone.append(r.status)
        batched = []
        i = 0
        while i < len(steps):
            token = steps[i][0]
            run = []
            while i < len(steps) and steps[i][0] == token:
                _, rtype, rid, rev, b = steps[i]
                run.append(create(rtype, rid, b) if rev is None else update(rtype, rid, rev, b))
                i += 1
            r = post(many, run, token=token)
            if token == READER:
                expect_problem(r, 403, "forbidden")
                batched += [403] * len(run)
            else:
                assert r.status == 200, r
                batched += statuses(r.json["results"])
        assert batched == alone, list(zip(batched, alone, [s[:3] for s in steps]))
        assert 201 in alone and 200 in alone and 403 in alone and 412 in alone
        assert without_times(many.feed()) == without_times(one.feed())
    finally:
        one.close()
        many.close()


@test
@ts.with_server(tokens_text=trs.tokens_text())
def a_world_written_in_batches_reads_the_same(srv):
    """test_read_scope.py's world (rounds shared and not, their ratings,
    public and restricted evidence with files, a group), written in
    batches, its rounds in the same batch as their ratings: every role and
    scope reads exactly what it reads of the world written record by
    record."""
    pending = []

    def collect(srv_, rtype, rid, country, data, token=trs.SEC, rev=None, deleted=False):
        assert rev is None
        pending.append((token, create(rtype, rid, {"country": country, "updated_by": "tester",
                                                   "deleted": deleted, "data": data})))
        return 1

    single = trs.put
    trs.put = collect
    try:
        w = trs.World(srv)  # its files are uploaded now, before their records
    finally:
        trs.put = single
    n_batches = 0
    while pending:
        token = pending[0][0]
        run = []
        while pending and pending[0][0] == token:
            run.append(pending.pop(0)[1])
        assert set(statuses(results(srv, run, token=token))) == {201}
        n_batches += 1
    assert n_batches < 13, n_batches  # not one write a batch
    for token, (records, blobs) in trs.expected_reads(w).items():
        w.check(token, records, blobs)

    # A 412 in a batch never shows another country's record: 403 first.
    res = results(srv, [update("round", w.B, 99, {"country": "PH", "updated_by": "x",
                                                   "deleted": False,
                                                   "data": trs.round_data("x")})], token=trs.W_VN)
    problem(res[0], 403, "forbidden")
    assert "current" not in res[0]["problem"]


@test
@ts.with_server()
def a_killed_server_keeps_an_answered_batch(srv):
    """The results are sent after the batch's commit: SIGKILL straight
    after the answer loses none of its writes."""
    writes = [create("evidence", new_id(), body("evidence")) for _ in range(50)]
    res = results(srv, writes)
    assert statuses(res) == [201] * 50
    srv.stop(signal.SIGKILL)
    srv.start()
    feed = srv.feed()
    assert [(c["id"], c["rev"], c["seq"]) for c in feed] == [
        (x["id"], x["rev"], x["seq"]) for x in res]


@test
@ts.with_server()
def a_batch_sent_again_after_a_kill_applies_nothing_twice(srv):
    """A batch committed, the server killed before the client read the
    answer, the same batch sent again to the restarted server (what the
    client does: same preconditions, section 7.3): every write is a 412
    whose current is the write itself, no rev moves, the feed is the
    same (found as a suspicion by bench/crash-soak.sh's server soak)."""
    rid, _ = srv.create("evidence")
    edited = body("evidence")
    edited["data"]["title"] = "Edited in the batch"
    writes = [create("evidence", new_id(), body("evidence")) for _ in range(3)]
    writes.append(update("evidence", rid, 1, edited))
    res = results(srv, writes)
    assert statuses(res) == [201, 201, 201, 200], res
    before = srv.feed()
    srv.stop(signal.SIGKILL)
    srv.start()
    again = results(srv, writes)
    assert statuses(again) == [412] * 4, again
    for write, first, second in zip(writes, res, again):
        current = problem(second, 412, "precondition-failed")["current"]
        assert (current["id"], current["rev"], current["seq"]) == (
            first["id"], first["rev"], first["seq"]), second
        assert (current["data"], current["country"], current["deleted"]) == (
            write["body"]["data"], write["body"]["country"], write["body"]["deleted"])
    assert srv.feed() == before


def main():
    if len(sys.argv) != 2:
        print("usage: test_batch.py PATH-TO-mnr-sync-server", file=sys.stderr)
        return 2
    ts.SERVER = os.path.abspath(sys.argv[1])
    ts.ALL_TOKENS.extend(trs.TOKENS)
    return ts.run_tests(ts.TESTS[FIRST_TEST:])


if __name__ == "__main__":
    sys.exit(main())
