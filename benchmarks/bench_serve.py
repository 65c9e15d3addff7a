"""Benchmark of `evw serve` (numbers for BENCHMARKS.md, one run, ratios within the run).

1. Rows/s streaming a 1,000,000-row result to psycopg 3 (text and binary, server-side cursor and plain
   fetch) next to the same query through DuckDB's own Python API on the same snapshot file.
2. Connection set-up time (TCP + SCRAM-SHA-256 + startup), median of 20 connections.
3. p50/p95 latency of a mart-like aggregate under 20 concurrent clients (10 queries each).

The server runs in a separate process (as in production), started and stopped by this script.
Usage: .venv/bin/python benchmarks/bench_serve.py [--rows 1000000] [--events 200000]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import psycopg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_serve_clients import build_warehouse  # noqa: E402  (the test warehouse builder, real schemas)

QUERY = "SELECT range AS id, range * 0.5 AS x, 'row ' || range AS label, DATE '2024-01-01' + (range % 366)::INTEGER " \
        "AS day FROM range({rows})"
MART = ("SELECT day, event_root_code, count(*) AS n, avg(goldstein_scale) AS g FROM events "
        "WHERE quad_class = %s GROUP BY ALL ORDER BY day, event_root_code")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--clients", type=int, default=20)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    warehouse = tmp / "wh.duckdb"
    snap = tmp / "wh.snapshot.duckdb"
    build_warehouse(snap, rows=args.events)
    port = free_port()
    env = {**os.environ, "EVW_SERVE_PASSWORD": "bench"}
    env.pop("EVW_CONFIG", None)
    proc = subprocess.Popen([str(REPO / ".venv" / "bin" / "evw"), "serve", "--warehouse", str(warehouse),
                             "--port", str(port), "--user", "bench"], cwd=tmp, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dsn = f"host=127.0.0.1 port={port} user=bench password=bench dbname=wh sslmode=disable"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                psycopg.connect(dsn, connect_timeout=5).close()
                break
            except psycopg.OperationalError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("evw serve did not start") from None
                time.sleep(0.3)
        q = QUERY.format(rows=args.rows)
        results: dict[str, float] = {}

        con = duckdb.connect(str(snap), read_only=True)
        t = time.perf_counter()
        n = len(con.sql(q).fetchall())
        results["duckdb python fetchall"] = time.perf_counter() - t
        t = time.perf_counter()
        reader = con.sql(q).to_arrow_reader(65536)
        n_arrow = sum(b.num_rows for b in reader)
        results["duckdb python arrow reader"] = time.perf_counter() - t
        con.close()
        assert n == n_arrow == args.rows

        for binary in (False, True):
            with psycopg.connect(dsn, autocommit=True) as c:
                t = time.perf_counter()
                rows = c.execute(q, binary=binary).fetchall()
                results[f"psycopg fetchall ({'binary' if binary else 'text'})"] = time.perf_counter() - t
                assert len(rows) == args.rows
        with psycopg.connect(dsn) as c, c.cursor(name="bench") as cur:
            cur.itersize = 10_000
            t = time.perf_counter()
            cur.execute(q)
            got = sum(1 for _ in cur)
            results["psycopg server-side cursor (text, itersize 10k)"] = time.perf_counter() - t
            assert got == args.rows

        setups = []
        for _ in range(20):
            t = time.perf_counter()
            psycopg.connect(dsn).close()
            setups.append(time.perf_counter() - t)

        latencies: list[float] = []
        lock = threading.Lock()

        def client(k: int) -> None:
            with psycopg.connect(dsn, autocommit=True) as c:
                for j in range(10):
                    t0 = time.perf_counter()
                    c.execute(MART, [1 + (k + j) % 4]).fetchall()
                    with lock:
                        latencies.append(time.perf_counter() - t0)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t
        single = []
        with psycopg.connect(dsn, autocommit=True) as c:
            for j in range(10):
                t0 = time.perf_counter()
                c.execute(MART, [1 + j % 4]).fetchall()
                single.append(time.perf_counter() - t0)
    finally:
        proc.terminate()
        proc.wait(30)

    print(f"## evw serve benchmark ({args.rows:,} rows streamed; events table {args.events:,} rows; "
          f"{os.cpu_count()} CPUs)")
    print("| path | seconds | rows/s | vs DuckDB arrow reader |")
    print("|---|---:|---:|---:|")
    base = results["duckdb python arrow reader"]
    for name, secs in results.items():
        print(f"| {name} | {secs:.2f} | {args.rows / secs:,.0f} | {secs / base:.1f}x |")
    print(f"\nconnection set-up (TCP + SCRAM-SHA-256 + startup): median {statistics.median(setups) * 1000:.1f} ms, "
          f"max {max(setups) * 1000:.1f} ms over 20")
    lat = sorted(latencies)
    p50 = lat[len(lat) // 2]
    p95 = lat[int(len(lat) * 0.95) - 1]
    print(f"mart query, {args.clients} concurrent clients x 10: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"{len(lat) / wall:.1f} queries/s; same query alone: median {statistics.median(single) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
