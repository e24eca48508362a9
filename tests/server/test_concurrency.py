#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reference server under concurrent clients, over loopback, as TAP.

The server handles requests side by side on worker threads
(server/mnr-sync-service-dispatch.c). These cases run many clients at
once, each a thread with its own connection, and check what must hold
whatever the order the server took them in: no update is lost, one of
many concurrent creates wins, readers see a feed in order while writers
write, reads are answered while a write waits for the database, SIGTERM
lets the write in progress finish and loses no acknowledged write,
clients leaving at any stage leave no open file behind, and several
listeners on one port share the store and the connection cap. Nothing here
measures time: waits have deadlines, assertions are on what happened.

Usage: test_concurrency.py PATH-TO-mnr-sync-server
"""

import http.client
import json
import os
import signal
import socket
import sqlite3
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_server as ts  # noqa: E402
from test_server import SECRETARIAT, Server, body, new_id  # noqa: E402


class Client:
    """One client: a kept-alive connection, or a new one per request."""

    def __init__(self, srv, keep_alive=True, token=SECRETARIAT):
        self.srv = srv
        self.keep_alive = keep_alive
        self.token = token
        self.conn = None

    def request(self, method, path, data=None, headers=None):
        h = {"Authorization": f"Bearer {self.token}"}
        h.update(headers or {})
        payload = None
        if data is not None:
            payload = json.dumps(data)
            h["Content-Type"] = "application/json"
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.srv.host, self.srv.port, timeout=60)
        try:
            self.conn.request(method, path, body=payload, headers=h)
            r = self.conn.getresponse()
            raw = r.read()
        except Exception:
            self.close()
            raise
        if not self.keep_alive or (r.getheader("Connection") or "").lower() == "close":
            self.close()
        return ts.Response(r.status, r.getheaders(), raw, r.reason)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run_threads(n, target):
    """Runs target(i) in @n threads at once; re-raises the first failure."""
    errors = []
    start = threading.Barrier(n)

    def run(i):
        try:
            start.wait()
            target(i)
        except BaseException as e:  # noqa: B902 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def rating(round_id, element, counter):
    return {"country": "PH", "updated_by": "tester", "deleted": False,
            "data": {"round": round_id, "element": element, "level": "developing",
                     "rationale": str(counter)}}


def walk_feed(client, limit=7):
    """The whole feed, page by page, checking that seqs only grow."""
    records, cursor, last = [], None, 0
    while True:
        path = f"/mnr/v1/changes?limit={limit}" + (f"&since={cursor}" if cursor else "")
        r = client.request("GET", path)
        assert r.status == 200, r
        page = r.json
        for change in page["changes"]:
            assert change["seq"] > last, (last, change["seq"])
            last = change["seq"]
        records += page["changes"]
        cursor = page["cursor"]
        if not page["more"]:
            return records


TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


@test
@ts.with_server()
def concurrent_writers_lose_no_update(srv):
    # 12 writers increment the counters of 4 ratings by read-modify-write
    # with If-Match, taking the server's copy from each 412 and trying
    # again; half keep their connection, half open one per request. 4
    # readers walk the feed meanwhile. At the end every counter is the
    # number of writes the server accepted on it, and so is its rev - 1.
    round_id, _ = srv.create("round")
    hot = []
    for i in range(4):
        element = f"capability-{i + 1}"
        rid = new_id()
        r = srv.put_record("rating", rid, rating(round_id, element, 0), create=True)
        assert r.status == 201, r
        hot.append((rid, element))
    writers, increments, readers = 12, 15, 4
    accepted = [[0] * len(hot) for _ in range(writers)]
    retries = [0] * writers
    walks = [0] * readers
    finished = []  # writers done, whether they succeeded or not
    done = threading.Event()

    def write(i):
        client = Client(srv, keep_alive=i % 2 == 0)
        for n in range(increments):
            k = (i + n) % len(hot)
            rid, element = hot[k]
            path = f"/mnr/v1/records/rating/{rid}"
            r = client.request("GET", path)
            assert r.status == 200, r
            rev, counter = r.json["rev"], int(r.json["data"]["rationale"])
            while True:
                r = client.request("PUT", path, rating(round_id, element, counter + 1),
                                   headers={"If-Match": f'"{rev}"'})
                if r.status == 200:
                    assert r.json["rev"] == rev + 1, r.json
                    accepted[i][k] += 1
                    break
                assert r.status == 412, r
                current = r.json["current"]
                rev, counter = current["rev"], int(current["data"]["rationale"])
                retries[i] += 1
        client.close()

    def read(i):
        client = Client(srv, keep_alive=True)
        while not done.is_set() or walks[i] == 0:
            walk_feed(client)
            walks[i] += 1
        client.close()

    def either(i):
        if i < writers:
            try:
                write(i)
            finally:
                finished.append(i)
                if len(finished) == writers:
                    done.set()
        else:
            read(i - writers)

    run_threads(writers + readers, either)
    done.set()

    for k, (rid, _) in enumerate(hot):
        total = sum(a[k] for a in accepted)
        rec = srv.get(f"/mnr/v1/records/rating/{rid}").json
        assert int(rec["data"]["rationale"]) == total, (rec, total)
        assert rec["rev"] == total + 1, (rec, total)
    assert sum(map(sum, accepted)) == writers * increments
    feed = walk_feed(Client(srv))
    assert len(feed) == len({c["id"] for c in feed}) == len(hot) + 1, feed
    print(f"# {writers * increments} accepted writes, {sum(retries)} retried after a 412, "
          f"{sum(walks)} walks of the feed meanwhile")


@test
@ts.with_server()
def concurrent_creates_make_one_record(srv):
    # 16 clients create the same record at once with If-None-Match: *:
    # one is told 201, every other 412 with the winner's copy.
    rid = new_id()
    answers = [None] * 16

    def create(i):
        client = Client(srv, keep_alive=False)
        answers[i] = client.request("PUT", f"/mnr/v1/records/evidence/{rid}",
                                    body("evidence", updated_by=f"client {i}"),
                                    headers={"If-None-Match": "*"})

    run_threads(len(answers), create)
    statuses = sorted(a.status for a in answers)
    assert statuses == [201] + [412] * (len(answers) - 1), statuses
    winner = next(a.json for a in answers if a.status == 201)
    for a in answers:
        if a.status == 412:
            assert a.json["current"] == winner, (a.json, winner)
    assert srv.get(f"/mnr/v1/records/evidence/{rid}").json == winner
    assert [c["id"] for c in srv.feed()] == [rid]


@test
def sigterm_with_requests_in_flight_loses_no_acknowledged_write():
    # 8 clients create records as fast as the server takes them; SIGTERM
    # comes once 200 are acknowledged. The server stops with status 0, and
    # after a restart every record it acknowledged (201) is there. An
    # answer that came is whole: a 201 with the record, or a 503 problem
    # for a request that came while it was stopping; a request that got
    # no answer found the connection refused or closed before its answer
    # began. A truncated body (http.client.IncompleteRead) fails the test.
    srv = Server()
    try:
        acknowledged, lock = [], threading.Lock()
        enough = threading.Event()
        others = []

        def create(i):
            client = Client(srv, keep_alive=i % 2 == 0)
            while True:
                rid = new_id()
                try:
                    r = client.request("PUT", f"/mnr/v1/records/evidence/{rid}", body("evidence"),
                                       headers={"If-None-Match": "*"})
                except (ConnectionError, http.client.RemoteDisconnected, OSError):
                    if srv.proc.poll() is not None or enough.is_set():
                        return  # stopped or stopping: the request was not answered
                    raise
                if r.status == 201:
                    assert r.json["id"] == rid and r.json["rev"] == 1, r
                    with lock:
                        acknowledged.append(rid)
                        if len(acknowledged) >= 200:
                            enough.set()
                else:
                    ts.expect_problem(r, 503, "unavailable")
                    assert enough.is_set(), r
                    others.append(r.status)
                    return

        def stop():
            enough.wait(120)
            srv.proc.send_signal(signal.SIGTERM)

        stopper = threading.Thread(target=stop)
        stopper.start()
        run_threads(8, create)
        stopper.join()
        assert srv.proc.wait(timeout=30) == 0
        srv.proc = None
        srv.start()
        stored = {c["id"] for c in srv.feed()}
        missing = [rid for rid in acknowledged if rid not in stored]
        assert not missing, f"{len(missing)} acknowledged writes lost"
        print(f"# {len(acknowledged)} acknowledged, {len(stored)} stored, "
              f"{len(others)} answered 503 while stopping")
    finally:
        srv.close()


@test
@ts.with_server()
def reads_are_answered_while_a_write_waits(srv):
    # Another program holds the database's write lock (as the sqlite3
    # shell could); a write sent now waits for it on a writer thread,
    # while records and the feed are still read. A server that handled
    # one request at a time would answer none of the reads before the
    # write, which cannot end while the lock is held. Once the lock goes,
    # the write is made.
    rid, _ = srv.create("round")
    db = sqlite3.connect(os.path.join(srv.data_dir, "server.db"), isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    put_done = threading.Event()
    answers = []

    def put():
        answers.append(Client(srv).request("PUT", f"/mnr/v1/records/round/{rid}", body("round"),
                                           headers={"If-Match": '"1"'}))
        put_done.set()

    writer = threading.Thread(target=put)
    writer.start()
    try:
        reader = Client(srv)
        for _ in range(5):
            assert reader.request("GET", f"/mnr/v1/records/round/{rid}").status == 200
            assert reader.request("GET", "/mnr/v1/changes").status == 200
        assert not put_done.is_set(), answers
    finally:
        db.execute("ROLLBACK")
        db.close()
        writer.join()
    assert answers[0].status == 200 and answers[0].json["rev"] == 2, answers[0]


def wait_for_a_sleeping_thread(srv, seconds=10):
    """Waits until a thread of the server sleeps in the kernel (SQLite's
    busy handler waiting for a lock does); False if none did, or no /proc."""
    tasks = f"/proc/{srv.proc.pid}/task"
    deadline = time.monotonic() + seconds
    while os.path.isdir(tasks) and time.monotonic() < deadline:
        for task in os.listdir(tasks):
            try:
                with open(f"{tasks}/{task}/wchan") as f:
                    if "nanosleep" in f.read():
                        return True
            except OSError:
                pass
        time.sleep(0.01)
    return False


@test
def sigterm_lets_the_write_in_progress_finish():
    # A write waits for the database (another program holds its write
    # lock) when SIGTERM comes: the server answers a new request 503 while
    # it waits for that write, which is made and answered 200 once the
    # lock goes; then it exits 0, and the write is there after a restart.
    srv = Server()
    try:
        rid, _ = srv.create("round")
        db = sqlite3.connect(os.path.join(srv.data_dir, "server.db"), isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        answers = []
        writer = threading.Thread(target=lambda: answers.append(
            Client(srv).request("PUT", f"/mnr/v1/records/round/{rid}", body("round"),
                                headers={"If-Match": '"1"'})))
        writer.start()
        try:
            if not wait_for_a_sleeping_thread(srv):
                print("# no thread seen waiting (no /proc?): not checked")
                return
            srv.proc.send_signal(signal.SIGTERM)
            # The signal reaches the server's main loop a moment later: a
            # request it answers before then is answered as usual. Once it
            # has, every new one gets 503 while the write still waits.
            deadline = time.monotonic() + 10
            while True:
                late = Client(srv, keep_alive=False).request("GET", "/mnr/v1/changes")
                if late.status != 200 or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            ts.expect_problem(late, 503, "unavailable")
            assert not answers, answers
        finally:
            db.execute("ROLLBACK")
            db.close()
            writer.join()
        assert answers[0].status == 200 and answers[0].json["rev"] == 2, answers[0]
        assert srv.proc.wait(timeout=30) == 0
        srv.proc = None
        srv.start()
        assert srv.get(f"/mnr/v1/records/round/{rid}").json["rev"] == 2
    finally:
        srv.close()


@test
@ts.with_server()
def clients_leaving_at_every_stage_leave_nothing_behind(srv):
    # 16 clients at once connect 40 times each and go at some stage of a
    # request: before its answer, in the middle of its headers or body,
    # after one of two pipelined answers, or with a reset after the
    # answer. The server's open files come back to what they were, it
    # still answers, and it logs no warning (Server.close() checks).
    fd_dir = f"/proc/{srv.proc.pid}/fd"
    has_proc = os.path.isdir(fd_dir)
    before = len(os.listdir(fd_dir)) if has_proc else 0
    auth = f"Authorization: Bearer {SECRETARIAT}\r\n"

    def put_head(rid, length):
        return (f"PUT /mnr/v1/records/round/{rid} HTTP/1.1\r\nHost: x\r\n{auth}"
                f"Content-Type: application/json\r\nIf-None-Match: *\r\n"
                f"Content-Length: {length}\r\n\r\n").encode()

    def leave(i):
        for n in range(40):
            payload = json.dumps(body("round")).encode()
            get = f"GET /mnr/v1/changes HTTP/1.1\r\nHost: x\r\n{auth}\r\n".encode()
            s = socket.create_connection((srv.host, srv.port), timeout=30)
            stage = (i + n) % 6
            if stage == 0:
                s.sendall(get)
            elif stage == 1:
                s.sendall(b"GET /mnr/v1/chan")
            elif stage == 2:
                s.sendall(put_head(new_id(), len(payload)) + payload)
            elif stage == 3:
                s.sendall(get + get)
                s.recv(100)
            elif stage == 4:
                s.sendall(put_head(new_id(), len(payload)) + payload[:10])
            else:
                s.sendall(get)
                s.recv(65536)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()

    run_threads(16, leave)
    assert srv.get("/mnr/v1/changes").status == 200
    if has_proc:
        after = ts.wait_for_fds(lambda: len(os.listdir(fd_dir)), before + 2)
        print(f"# open files: {before} before 640 connections, {after} after")
        assert after <= before + 2, (before, after)


@test
@ts.with_server(extra_args=["--listeners", "4", "--max-connections", "12"])
def listeners_share_the_port_the_store_and_the_cap(srv):
    # 4 SoupServers on one port (SO_REUSEPORT), each on its thread; the
    # kernel spreads 12 kept-alive connections over them. Each connection
    # sees a write made on another the moment it is answered, the cap of
    # 12 holds for all of them together (a 13th is refused whichever
    # listener it reaches), and their open files come back once they close.
    task_dir = f"/proc/{srv.proc.pid}/task"
    if os.path.isdir(task_dir):
        names = []
        for task in os.listdir(task_dir):
            with open(os.path.join(task_dir, task, "comm")) as f:
                names.append(f.read().strip())
        assert names.count("mnr-listener") == 3, names
    fd_dir = f"/proc/{srv.proc.pid}/fd"
    has_proc = os.path.isdir(fd_dir)
    before = len(os.listdir(fd_dir)) if has_proc else 0

    clients = [Client(srv) for _ in range(12)]
    for c in clients:
        assert c.request("GET", "/mnr/v1/").status == 200
    round_id = new_id()
    for n, writer in enumerate(clients):
        r = writer.request("PUT", f"/mnr/v1/records/round/{round_id}", body("round"),
                           headers={"If-None-Match": "*"} if n == 0 else {"If-Match": f'"{n}"'})
        assert r.status in (200, 201), r
        for reader in clients:
            r = reader.request("GET", f"/mnr/v1/records/round/{round_id}")
            assert r.status == 200 and r.json["rev"] == n + 1, (n, r)

    extra = Client(srv)
    try:
        r = extra.request("GET", "/mnr/v1/")
        assert r.status == 503, r
    except (ConnectionError, http.client.RemoteDisconnected):
        pass
    extra.close()
    for c in clients:
        c.close()
    if has_proc:
        after = ts.wait_for_fds(lambda: len(os.listdir(fd_dir)), before)
        print(f"# open files: {before} before 12 connections, {after} after")
        assert after <= before, (before, after)


def main():
    if len(sys.argv) != 2:
        print("usage: test_concurrency.py PATH-TO-mnr-sync-server", file=sys.stderr)
        return 2
    ts.SERVER = os.path.abspath(sys.argv[1])
    return ts.run_tests(TESTS)


if __name__ == "__main__":
    sys.exit(main())
