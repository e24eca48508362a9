#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reference server under abusive clients, over loopback, as TAP.

Slow clients that trickle their headers or body are answered 408 and
closed while others are served; connections beyond the cap are refused;
headers beyond the limit are answered 431; request bodies that are not
I-JSON (docs/sync-protocol.md, section 4.8) are refused with nothing
stored. Deadlines here bound the test, never assert a speed: the cases
assert what happened and in which order.

Usage: test_abuse.py PATH-TO-mnr-sync-server
"""

import http.client
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_server as ts  # noqa: E402
from test_concurrency import Client  # noqa: E402
from test_server import SECRETARIAT, body, expect_problem, new_id  # noqa: E402

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


AUTH = f"Authorization: Bearer {SECRETARIAT}\r\n"
# Long enough for a loaded machine to answer a normal request well
# within it; the test's deadlines are longer still.
SLOW_TIMEOUT = 8


def trickle(srv, head, body_bytes, events, name, give_up=60):
    """Sends @head at once and then @body_bytes one byte a second, or all
    of @head one byte a second if @body_bytes is None; records in @events
    how the server ended it: "408" or "closed"."""
    s = socket.create_connection((srv.host, srv.port), timeout=give_up)
    received = b""
    slow = head if body_bytes is None else body_bytes
    if body_bytes is not None:
        s.sendall(head)
    deadline = time.monotonic() + give_up
    outcome = None
    try:
        for byte in slow:
            if time.monotonic() > deadline:
                break
            try:
                s.sendall(bytes([byte]))
            except OSError:
                outcome = "closed"
                break
            s.settimeout(1)
            try:
                chunk = s.recv(4096)
                if not chunk:
                    outcome = "closed"
                    break
                received += chunk
            except socket.timeout:
                pass
            except OSError:
                outcome = "closed"
                break
        if outcome is None and received:
            outcome = "closed"
    finally:
        s.close()
    if received.startswith(b"HTTP/1.1 408 "):
        outcome = "408"
        assert b'"status":408' in received, received
    events.append((time.monotonic(), name, outcome))


@test
@ts.with_server(extra_args=["--header-timeout", str(SLOW_TIMEOUT),
                            "--body-timeout", str(SLOW_TIMEOUT)])
def slow_clients_time_out_without_holding_others_up(srv):
    # 4 clients send their headers a byte a second and 4 their body; each
    # would take minutes. Meanwhile a normal client writes and reads. Its
    # answers come before any slow client is cut off, and each slow one
    # ends with a 408 (or, if the 408 was lost to its own sending, a
    # closed connection), never with an answer to its request.
    events, threads = [], []
    rid = new_id()
    payload = json.dumps(body("round")).encode()
    put_head = (f"PUT /mnr/v1/records/round/{rid} HTTP/1.1\r\nHost: x\r\n{AUTH}"
                f"Content-Type: application/json\r\nIf-None-Match: *\r\n"
                f"Content-Length: {len(payload)}\r\n\r\n").encode()
    get_head = (f"GET /mnr/v1/changes HTTP/1.1\r\nHost: x\r\n{AUTH}"
                f"X-Padding: {'p' * 200}\r\n\r\n").encode()
    for i in range(8):
        args = (srv, get_head, None) if i < 4 else (srv, put_head, payload)
        t = threading.Thread(target=trickle, args=args + (events, f"slow-{i}"))
        t.start()
        threads.append(t)
    time.sleep(1)  # the slow ones have started
    client = Client(srv)
    round_id, _ = srv.create("round")
    r = client.request("GET", f"/mnr/v1/records/round/{round_id}")
    assert r.status == 200, r
    events.append((time.monotonic(), "normal", "answered"))
    for t in threads:
        t.join(120)
    order = [name for _, name, _ in sorted(events)]
    assert order[0] == "normal", sorted(events)
    outcomes = {name: outcome for _, name, outcome in events}
    assert all(outcomes[f"slow-{i}"] in ("408", "closed") for i in range(8)), outcomes
    assert sum(outcomes[f"slow-{i}"] == "408" for i in range(8)) >= 4, outcomes
    # The trickled PUT stored nothing.
    expect_problem(srv.get(f"/mnr/v1/records/round/{rid}"), 404, "not-found")
    assert srv.get("/mnr/v1/changes").status == 200
    print(f"# {outcomes}")


@test
@ts.with_server(extra_args=["--max-connections", "4"])
def connections_beyond_the_cap_are_refused(srv):
    # 4 kept-alive connections are open; a 5th is answered 503 and closed
    # (or closed before it could be read). Once the 4 close, connections
    # are taken again.
    clients = [Client(srv) for _ in range(4)]
    for c in clients:
        assert c.request("GET", "/mnr/v1/").status == 200
    extra = Client(srv)
    try:
        r = extra.request("GET", "/mnr/v1/")
        expect_problem(r, 503, "unavailable")
        assert (r.header("Connection") or "").lower() == "close"
    except (ConnectionError, http.client.RemoteDisconnected):
        pass
    extra.close()
    for c in clients:
        c.close()
    deadline = time.monotonic() + 30
    while True:
        try:
            if srv.request("GET", "/mnr/v1/").status == 200:
                break
        except (ConnectionError, http.client.RemoteDisconnected):
            pass
        assert time.monotonic() < deadline, "connections are never taken again"
        time.sleep(0.1)


def get_with_header(srv, size):
    return srv.request("GET", "/mnr/v1/", headers={"X-Big": "a" * size})


@test
@ts.with_server()
def headers_beyond_the_limit_are_refused(srv):
    assert get_with_header(srv, 12 * 1024).status == 200
    r = get_with_header(srv, 20 * 1024)
    expect_problem(r, 431, "headers-too-large")
    assert r.reason == "Request Header Fields Too Large"
    # Past 64 KiB libsoup 3.2 itself drops the connection, with no answer.
    try:
        r = get_with_header(srv, 100 * 1024)
        assert r.status in (400, 431), r
    except (ConnectionError, http.client.RemoteDisconnected):
        pass
    assert srv.get("/mnr/v1/changes").status == 200


def raw_put(srv, payload, path=None):
    path = path or f"/mnr/v1/records/round/{new_id()}"
    return srv.request("PUT", path, payload, token=SECRETARIAT,
                       headers={"If-None-Match": "*"})


ROUND_FIELDS = b'"country":"PH","updated_by":"t","deleted":false'


def round_with(data_member):
    return (b'{' + ROUND_FIELDS + b',"data":{"name":"R","date":"2024-05-01",' +
            data_member + b'}}')


REFUSED = {
    "invalid UTF-8 in a value": round_with(b'"note":"caf\xe9"'),
    "invalid UTF-8 in a key": round_with(b'"n\xc3\x28":"x"'),
    "an overlong encoding": round_with(b'"note":"\xc0\xaf"'),
    "a NUL byte": round_with(b'"note":"a\x00b"'),
    "an escaped NUL": round_with(b'"note":"a\\u0000b"'),
    "a lone surrogate": round_with(b'"note":"\\ud800"'),
    "a lone low surrogate": round_with(b'"note":"\\udc00x"'),
    "a duplicate key": b'{' + ROUND_FIELDS + b',"country":"VN","data":{"name":"R","date":"2024-05-01"}}',
    "a duplicate key in data": round_with(b'"name":"S"'),
    "an escaped duplicate key": round_with(b'"\\u006eame":"S"'),
    "1e999": round_with(b'"note":1e999'),
    "-1e999": round_with(b'"note":-1e999'),
    "an integer past 2^63": round_with(b'"note":99999999999999999999'),
    "an integer past 2^53": round_with(b'"note":9007199254740993'),
    "a negative integer past 2^53": round_with(b'"note":-9007199254740992'),
    "deep nesting": round_with(b'"note":' + b'[' * 100 + b']' * 100),
    "trailing garbage": round_with(b'"note":1') + b'x',
    # json-glib would parse on after the first value (and leak it).
    "a second value after the body": round_with(b'"note":1') + b'{"type":"rating"}',
    "a string before the body": b'"x"' + round_with(b'"note":1'),
}


@test
@ts.with_server()
def bodies_that_are_not_i_json_are_refused(srv):
    for name, payload in REFUSED.items():
        p = expect_problem(raw_put(srv, payload), 400, "malformed-json")
        assert p["detail"], name
        print(f"# {name}: {p['detail']}")
    # The same in a batch: refused whole.
    inner = REFUSED["a duplicate key in data"]
    batch = (b'{"writes":[{"type":"round","id":"' + new_id().encode() +
             b'","if_none_match":"*","body":' + inner + b'}]}')
    expect_problem(srv.request("POST", "/mnr/v1/batch", batch, token=SECRETARIAT), 400,
                   "malformed-json")
    batch = (b'{"writes":[{"type":"round","id":"' + new_id().encode() +
             b'","if_match":99999999999999999999,"body":' + round_with(b'"n":1') + b'}]}')
    expect_problem(srv.request("POST", "/mnr/v1/batch", batch, token=SECRETARIAT), 400,
                   "malformed-json")
    batch = (b'{"writes":[{"type":"round","id":"' + new_id().encode() +
             b'","if_none_match":"*","body":' + round_with(b'"n":1') + b'}]} []')
    p = expect_problem(srv.request("POST", "/mnr/v1/batch", batch, token=SECRETARIAT), 400,
                       "malformed-json")
    assert "more text after the JSON value" in p["detail"], p
    # Nothing was stored.
    assert srv.feed() == [], srv.feed()


@test
@ts.with_server()
def edge_numbers_and_strings_that_are_accepted(srv):
    # -0 and -0.0 are zero; the largest safe integers, a surrogate pair and
    # a 1e-999 that underflows to 0 are JSON any reader takes.
    accepted = {
        "-0": (b'"a":-0', 0),
        "-0.0": (b'"a":-0.0', 0),
        "2^53 - 1": (b'"a":9007199254740991', 9007199254740991),
        "-(2^53 - 1)": (b'"a":-9007199254740991', -9007199254740991),
        "a surrogate pair": (b'"a":"\\ud83d\\ude00"', "\U0001F600"),
        "1e-999": (b'"a":1e-999', 0),
    }
    for name, (member, value) in accepted.items():
        rid = new_id()
        r = raw_put(srv, round_with(member), f"/mnr/v1/records/round/{rid}")
        assert r.status == 201, (name, r)
        stored = srv.get(f"/mnr/v1/records/round/{rid}").json["data"]["a"]
        assert stored == value, (name, stored)
    # White space after the body is not more text.
    r = raw_put(srv, round_with(b'"a":1') + b' \r\n\t')
    assert r.status == 201, r
    assert len(srv.feed()) == len(accepted) + 1


def main():
    if len(sys.argv) != 2:
        print("usage: test_abuse.py PATH-TO-mnr-sync-server", file=sys.stderr)
        return 2
    ts.SERVER = os.path.abspath(sys.argv[1])
    return ts.run_tests(TESTS)


if __name__ == "__main__":
    sys.exit(main())
