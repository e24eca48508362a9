#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Soak: many concurrent writers against a fresh mnr-sync-server.

Each writer, on its own kept-alive connection, loops until the time is
up: it increments the counter of one of a few shared ratings by
read-modify-write (GET, then PUT with If-Match, taking the server's copy
from each 412 and trying again), and every tenth time creates a record
of its own. At the end every shared counter must equal the increments the
server accepted on it, and its rev one more; every create answered 201
must be in the feed; the audit log must hold one line per accepted
write. Anything else is a lost update.

Not a CI test as such (CI runs it for 10 s as test-soak-writers):

    python3 tests/server/soak_writers.py build/server/mnr-sync-server \\
        --writers 50 --minutes 5

Prints requests, errors, lost updates and latency percentiles; exits 1
if an update was lost or a request failed. With --tap, as one TAP test.
"""

import argparse
import json
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_server as ts  # noqa: E402
from test_concurrency import Client, rating, run_threads  # noqa: E402
from test_server import Server, body, new_id  # noqa: E402


def soak(writers, seconds, hot_records):
    srv = Server()
    try:
        round_id, _ = srv.create("round")
        hot = []
        for i in range(hot_records):
            element = f"capability-{i % 8 + 1}"
            rid = new_id()
            r = srv.put_record("rating", rid, rating(round_id, element, 0), create=True)
            assert r.status == 201, r
            hot.append((rid, element))
        accepted = [[0] * len(hot) for _ in range(writers)]
        created = [[] for _ in range(writers)]
        latencies = [[] for _ in range(writers)]
        errors = [[] for _ in range(writers)]
        conflicts = [0] * writers
        deadline = time.monotonic() + seconds

        def timed(i, client, method, path, data=None, headers=None):
            start = time.monotonic()
            try:
                r = client.request(method, path, data, headers)
            except Exception as e:  # noqa: B902 - counted as an error
                errors[i].append(repr(e))
                return None
            latencies[i].append(time.monotonic() - start)
            return r

        def write(i):
            rng = random.Random(i)
            client = Client(srv)
            n = 0
            while time.monotonic() < deadline:
                n += 1
                if n % 10 == 0:
                    rid = new_id()
                    r = timed(i, client, "PUT", f"/mnr/v1/records/evidence/{rid}",
                              body("evidence"), {"If-None-Match": "*"})
                    if r is not None and r.status == 201:
                        created[i].append(rid)
                    elif r is not None:
                        errors[i].append(r.status)
                    continue
                k = rng.randrange(len(hot))
                rid, element = hot[k]
                path = f"/mnr/v1/records/rating/{rid}"
                r = timed(i, client, "GET", path)
                if r is None or r.status != 200:
                    errors[i].append(r.status if r is not None else "GET failed")
                    continue
                rev, counter = r.json["rev"], int(r.json["data"]["rationale"])
                while True:
                    r = timed(i, client, "PUT", path, rating(round_id, element, counter + 1),
                              {"If-Match": f'"{rev}"'})
                    if r is None:
                        break  # not known whether it was applied: the check below tells
                    if r.status == 200:
                        accepted[i][k] += 1
                        break
                    if r.status != 412:
                        errors[i].append(r.status)
                        break
                    conflicts[i] += 1
                    current = r.json["current"]
                    rev, counter = current["rev"], int(current["data"]["rationale"])
            client.close()

        started = time.monotonic()
        run_threads(writers, write)
        elapsed = time.monotonic() - started

        lost = 0
        for k, (rid, _) in enumerate(hot):
            total = sum(a[k] for a in accepted)
            rec = srv.get(f"/mnr/v1/records/rating/{rid}").json
            lost += abs(int(rec["data"]["rationale"]) - total) + abs(rec["rev"] - 1 - total)
        feed_ids = {c["id"] for c in srv.feed()}
        all_created = [rid for c in created for rid in c]
        lost += sum(1 for rid in all_created if rid not in feed_ids)
        with open(os.path.join(srv.data_dir, "audit.log")) as f:
            audit_lines = sum(1 for _ in f)
        n_accepted = sum(map(sum, accepted)) + len(all_created)
        # The setup's writes have lines too: the round and the ratings.
        audit_missing = n_accepted + 1 + len(hot) - audit_lines

        all_latencies = sorted(x for lat in latencies for x in lat)

        def pct(p):
            if not all_latencies:
                return 0.0
            return all_latencies[min(len(all_latencies) - 1, int(p * len(all_latencies)))] * 1000

        all_errors = [e for err in errors for e in err]
        return {
            "writers": writers,
            "seconds": round(elapsed, 1),
            "requests": len(all_latencies) + len(all_errors),
            "requests_per_second": round(len(all_latencies) / elapsed, 1),
            "accepted_writes": n_accepted,
            "conflicts_412": sum(conflicts),
            "errors": len(all_errors),
            "error_samples": all_errors[:5],
            "lost_updates": lost,
            "audit_lines_missing": audit_missing,
            "p50_ms": round(pct(0.50), 1),
            "p95_ms": round(pct(0.95), 1),
            "p99_ms": round(pct(0.99), 1),
            "max_ms": round(pct(1.0), 1),
        }
    finally:
        srv.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="path to mnr-sync-server")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--hot-records", type=int, default=20,
                        help="shared ratings the writers increment (default 20)")
    parser.add_argument("--tap", action="store_true", help="report as one TAP test")
    args = parser.parse_args()
    seconds = args.seconds if args.seconds is not None else (args.minutes or 5) * 60
    ts.SERVER = os.path.abspath(args.server)

    if args.tap:
        print("1..1", flush=True)
    try:
        result = soak(args.writers, seconds, args.hot_records)
        ok = result["lost_updates"] == 0 and result["errors"] == 0 and \
            result["audit_lines_missing"] == 0 and result["accepted_writes"] > 0
        text = json.dumps(result)
    except Exception as e:  # noqa: B902 - reported
        ok, text = False, repr(e)
    if args.tap:
        print(f"# {text}")
        print(f"{'ok' if ok else 'not ok'} 1 - {args.writers}_writers_for_{seconds:g}_s_lose_nothing")
        return 0 if ok else 1
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
