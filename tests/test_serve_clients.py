"""`evw serve` driven by real PostgreSQL clients: psql, psycopg 3, SQLAlchemy/pandas and PgJDBC.

The server runs in-process on a free 127.0.0.1 port over a snapshot file built from the real
schemas (schemas.ddl.create_table_sql) with generated rows.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import logging
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from schemas.ddl import create_table_sql, duckdb_type
from schemas.tables import TABLES
from warehouse.serve.server import PgServer
from warehouse.serve.settings import ServeSettings, make_verifier

USER, PASSWORD = "analyst", "s3cret-pw"
EVENTS_ROWS = 5000


def _value_sql(name: str, duck: str) -> str:
    """A deterministic generated value for column `name` of DuckDB type `duck` in row i."""
    special = {
        "actor1_code": "['USA', 'RUS', 'SYR', 'UKR', 'FRA'][1 + i % 5]",
        "actor2_code": "['RUSGOV', 'USAGOV', 'SYRREB', NULL, 'UKRMIL'][1 + i % 5]",
        "event_code": "['042', '036', '051', '112', '190'][1 + i % 5]",
        "event_root_code": "['04', '03', '05', '11', '19'][1 + i % 5]",
        "quad_class": "CAST(1 + i % 4 AS TINYINT)",
    }
    if name in special:
        return special[name]
    if duck in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT"):
        return f"CAST(i % 100 AS {duck})"
    if duck in ("FLOAT", "DOUBLE"):
        return f"CAST((i % 21) - 10 AS {duck}) / 2"
    if duck == "VARCHAR":
        return f"'{name[:6]}-' || (i % 37)"
    if duck == "BOOLEAN":
        return "i % 3 = 0"
    if duck == "DATE":
        return "DATE '2024-01-01' + CAST(i % 366 AS INTEGER)"
    if duck.startswith("TIMESTAMP"):
        return f"CAST(TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i * 37) AS {duck})"
    if duck == "BLOB":
        return "CAST('raw' AS BLOB)"
    return f"CAST(NULL AS {duck})"


def build_warehouse(path: Path, rows: int = EVENTS_ROWS) -> None:
    """A snapshot-like DuckDB file: every schema table, `events` filled, a mart view."""
    con = duckdb.connect(str(path))
    try:
        for table in TABLES:
            con.execute(create_table_sql(table))
        schema = TABLES["events"]
        cols = ", ".join(
            ("i" if f.name == "global_event_id" else _value_sql(f.name, duckdb_type(f.type))) + f' AS "{f.name}"'
            for f in schema)
        con.execute(f"INSERT INTO events SELECT {cols} FROM range({rows}) r(i)")
        con.execute("INSERT INTO cameo_event_codes VALUES ('042', 'Make a visit', '042', '04', 1, 1.9), "
                    "('190', 'Use conventional military force', '190', '19', 4, -10.0)")
        con.execute("CREATE VIEW daily_root_counts AS SELECT day, event_root_code, count(*) AS n_events, "
                    "avg(goldstein_scale) AS avg_goldstein FROM events GROUP BY ALL")
        con.execute("COMMENT ON TABLE events IS 'One row per aggregated CAMEO event'")
        con.execute("CREATE TABLE type_zoo AS SELECT 1::SMALLINT AS i2, 2::INTEGER AS i4, 3::BIGINT AS i8, "
                    "1.5::REAL AS f4, 2.25::DOUBLE AS f8, 12.34::DECIMAL(10,2) AS num, 'héllo'::VARCHAR AS txt, "
                    "true AS b, DATE '2024-02-29' AS d, TIMESTAMP '2024-02-29 12:34:56.789' AS ts, "
                    "TIMESTAMPTZ '2024-02-29 12:34:56+00' AS tstz, INTERVAL '1 day 2 hours' AS iv, "
                    "[1, 2, NULL]::INTEGER[] AS arr, ['a', 'b c']::VARCHAR[] AS sarr, "
                    "'\\x01\\x02'::BLOB AS bin, NULL::INTEGER AS nothing")
    finally:
        con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RunningServer:
    """A PgServer on its own event-loop thread."""

    def __init__(self, settings: ServeSettings) -> None:
        self.server = PgServer(settings)
        self.loop = asyncio.new_event_loop()
        self.port = 0
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            self.port = self.loop.run_until_complete(self.server.start())
            started.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        if not started.wait(30):
            raise RuntimeError("server did not start")

    def stop(self) -> None:
        fut = asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop)
        fut.result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)
        self.loop.close()


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "warehouse.snapshot.duckdb"
    build_warehouse(path)
    return path


@pytest.fixture(scope="module")
def server(snapshot: Path) -> Iterator[RunningServer]:
    settings = ServeSettings(snapshot=snapshot, port=free_port(), users={USER: make_verifier(PASSWORD)},
                             query_timeout=20, memory_limit="1GB", batch_rows=8192)
    srv = RunningServer(settings)
    yield srv
    srv.stop()


def dsn(server: RunningServer, password: str = PASSWORD) -> str:
    return f"host=127.0.0.1 port={server.port} user={USER} password={password} dbname=warehouse sslmode=disable"


def test_smoke_psycopg(server: RunningServer) -> None:
    import psycopg

    with psycopg.connect(dsn(server)) as conn:
        rows = conn.execute("SELECT count(*), min(day) FROM events").fetchall()
        assert rows == [(EVENTS_ROWS, dt.date(2024, 1, 1))]


def test_psycopg_params_and_types(server: RunningServer) -> None:
    import psycopg

    with psycopg.connect(dsn(server), autocommit=True) as conn:
        cur = conn.execute("SELECT count(*) FROM events WHERE actor1_code = %s AND quad_class = %s", ["USA", 1])
        expected = sum(1 for i in range(EVENTS_ROWS) if i % 5 == 0 and 1 + i % 4 == 1)
        assert cur.fetchone() == (expected,)
        for binary in (False, True):
            row = conn.execute("SELECT * FROM type_zoo", binary=binary).fetchone()
            assert row is not None
            assert row[:9] == (1, 2, 3, 1.5, 2.25, Decimal("12.34"), "héllo", True, dt.date(2024, 2, 29))
            assert row[9] == dt.datetime(2024, 2, 29, 12, 34, 56, 789000)
            assert row[10] == dt.datetime(2024, 2, 29, 12, 34, 56, tzinfo=dt.UTC)
            assert row[11] == dt.timedelta(days=1, hours=2)
            assert row[12] == [1, 2, None] and row[13] == ["a", "b c"]
            assert row[14] == b"\x01\x02" and row[15] is None
        # parameters round-trip in text and binary
        vals = [7, 2.5, Decimal("3.25"), "it's", True, dt.date(2020, 1, 2),
                dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC)]
        for binary in (False, True):
            got = conn.execute("SELECT %s, %s, %s, %s, %s, %s, %s", vals, binary=binary).fetchone()
            assert got == tuple(vals)
        desc = conn.execute("SELECT i4, num, txt, ts FROM type_zoo").description
        assert [d.type_code for d in desc] == [23, 1700, 25, 1114]
        with pytest.raises(psycopg.errors.UndefinedTable):
            conn.execute("SELECT * FROM no_such_table")
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("DELETE FROM events")
        with pytest.raises(psycopg.errors.SyntaxError):
            conn.execute("SELEC 1")
        assert conn.execute("SHOW server_version").fetchone() == ("15.0",)
        # PostgreSQL-only function: translated by sqlglot when DuckDB cannot bind it
        assert conn.execute("SELECT to_char(min(day), 'YYYY-MM') FROM events").fetchone() == ("2024-01",)
        assert "PostgreSQL" in conn.execute("SELECT version()").fetchone()[0]


@pytest.mark.clients
def test_psycopg_server_side_cursor_million_rows(server: RunningServer) -> None:
    import psycopg

    with psycopg.connect(dsn(server)) as conn:
        with conn.cursor(name="big") as cur:
            cur.itersize = 50_000
            cur.execute("SELECT range AS i, range * 2 AS j FROM range(1000000)")
            total = count = 0
            for i, j in cur:
                assert j == 2 * i
                total += i
                count += 1
        assert count == 1_000_000 and total == 999_999 * 1_000_000 // 2
        conn.execute("SELECT 1")  # the connection is still usable
        conn.rollback()


def test_transactions_and_failed_state(server: RunningServer) -> None:
    import psycopg

    with psycopg.connect(dsn(server)) as conn:
        conn.execute("SET application_name = 'tests'")
        with pytest.raises(psycopg.errors.InvalidTextRepresentation):
            conn.execute("SELECT CAST('x' AS INTEGER)")
        with pytest.raises(psycopg.errors.InFailedSqlTransaction):
            conn.execute("SELECT 1")
        conn.rollback()
        assert conn.execute("SELECT 2").fetchone() == (2,)
        conn.commit()


def _psql(server: RunningServer, *args: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"}
    return subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(server.port), "-U", USER, "-d", "warehouse",
                           *args], capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.mark.clients
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql not installed (make test-deps)")
def test_psql(server: RunningServer) -> None:
    dt_out = _psql(server, "-c", r"\dt")
    assert dt_out.returncode == 0, dt_out.stderr
    assert "events" in dt_out.stdout and "cameo_event_codes" in dt_out.stdout
    d_out = _psql(server, "-c", r"\d events")
    assert d_out.returncode == 0, d_out.stderr
    assert "global_event_id" in d_out.stdout and "bigint" in d_out.stdout and "not null" in d_out.stdout
    assert "timestamp with time zone" in d_out.stdout
    q = _psql(server, "-At", "-c", "SELECT event_root_code, sum(n_events) FROM daily_root_counts "
              "GROUP BY 1 ORDER BY 1")
    assert q.returncode == 0, q.stderr
    assert q.stdout.splitlines()[0] == f"03|{EVENTS_ROWS // 5}"
    err = _psql(server, "-v", "ON_ERROR_STOP=1", "-c", "SELECT nope FROM events")
    assert err.returncode != 0 and "nope" in err.stderr
    bad = _psql(server, "-c", "SELECT 1", password="wrong")
    assert bad.returncode != 0 and "password authentication failed" in bad.stderr


@pytest.mark.clients
def test_sqlalchemy_inspector_and_pandas(server: RunningServer) -> None:
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{server.port}/warehouse")
    try:
        insp = sa.inspect(engine)
        tables = insp.get_table_names(schema="main")
        assert {"events", "type_zoo", "cameo_event_codes"} <= set(tables)
        assert "daily_root_counts" in insp.get_view_names(schema="main")
        cols = {c["name"]: c for c in insp.get_columns("events", schema="main")}
        assert isinstance(cols["global_event_id"]["type"], sa.BigInteger)
        assert isinstance(cols["day"]["type"], sa.Date)
        assert isinstance(cols["goldstein_scale"]["type"], sa.REAL)
        assert cols["global_event_id"]["nullable"] is False
        assert insp.get_pk_constraint("events", schema="main")["constrained_columns"] == ["global_event_id"]
        df = pd.read_sql("SELECT event_root_code, sum(n_events) AS n FROM daily_root_counts GROUP BY 1 ORDER BY 1",
                         engine)
        assert list(df["event_root_code"]) == ["03", "04", "05", "11", "19"]
        assert int(df["n"].sum()) == EVENTS_ROWS
    finally:
        engine.dispose()


JAVA_SOURCE = Path(__file__).resolve().parent / "jdbc" / "ServeProbe.java"



@pytest.mark.clients
@pytest.mark.skipif(shutil.which("javac") is None or not Path("/usr/share/java/postgresql.jar").exists(),
                    reason="needs javac and libpostgresql-jdbc-java (make test-deps)")
def test_jdbc_metadata_and_prepared(server: RunningServer, tmp_path: Path) -> None:
    src = tmp_path / "ServeProbe.java"
    shutil.copyfile(JAVA_SOURCE, src)
    jar = "/usr/share/java/postgresql.jar"
    subprocess.run(["javac", "-cp", jar, "-d", str(tmp_path), str(src)], check=True, timeout=120)
    out = subprocess.run(["java", "-cp", f"{jar}:{tmp_path}", "ServeProbe",
                          f"jdbc:postgresql://127.0.0.1:{server.port}/warehouse?sslmode=disable", USER, PASSWORD],
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.splitlines()
    assert "table=events:TABLE" in lines and "table=daily_root_counts:VIEW" in lines
    assert "column=i4:4:int4" in lines and "column=num:2:numeric" in lines and "column=txt:12:text" in lines
    assert "column=d:91:date" in lines
    assert "fetched=5000:12497500" in lines  # Execute with a row limit -> PortalSuspended, 5 round trips
    expected = sum(1 for i in range(EVENTS_ROWS) if i % 5 == 1 and 1 + i % 4 >= 2)
    prepared = [ln for ln in lines if ln.startswith("prepared=")]
    assert len(prepared) == 6 and len(set(prepared)) == 1 and prepared[0].startswith(f"prepared={expected}:")
    assert "series=3:12345678901234567890.123:numeric" in lines


def _raw_connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return s


@pytest.mark.clients
def test_abuse_garbage_oversized_disconnect_and_concurrency(server: RunningServer) -> None:
    import psycopg

    # garbage bytes, then an oversized startup packet: each connection is closed
    for payload in (b"\x00\x00\x00\x08garbage!" * 4, struct.pack("!ii", 50_000_000, 196608) + b"x" * 100):
        s = _raw_connect(server.port)
        s.sendall(payload)
        s.settimeout(10)
        data = b""
        try:
            while chunk := s.recv(4096):
                data += chunk
        except (ConnectionResetError, TimeoutError):
            pass
        s.close()
        assert not data or data[:1] == b"E"
    # a client that disconnects mid-result
    conn = psycopg.connect(dsn(server))
    cur = conn.cursor()
    cur.execute("SELECT * FROM range(10) ")
    quitter = psycopg.connect(dsn(server), autocommit=True)  # non-blocking connect: the server shares our GIL
    quitter.pgconn.send_query(b"SELECT range, repeat('x', 200) FROM range(2000000)")
    time.sleep(0.5)
    quitter.pgconn.finish()  # drop the socket with most of the result unread
    conn.close()
    # wrong password
    import psycopg.errors as pe
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(dsn(server, password="nope"))
    # 20 concurrent clients with mixed queries
    errors: list[BaseException] = []
    results: list[Any] = []

    def client(k: int) -> None:
        try:
            with psycopg.connect(dsn(server), autocommit=True) as c:
                for _ in range(3):
                    if k % 3 == 0:
                        r = c.execute("SELECT count(*) FROM events WHERE quad_class = %s", [1 + k % 4]).fetchone()
                    elif k % 3 == 1:
                        r = c.execute("SELECT event_root_code, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()
                    else:
                        r = c.execute("SELECT sum(i) FROM range(%s) t(i)", [100_000]).fetchone()
                    results.append((k % 3, r))
                try:
                    c.execute("INSERT INTO events (global_event_id) VALUES (1)")
                except pe.ReadOnlySqlTransaction:
                    results.append(("refused", None))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors[:3]
    assert sum(1 for kind, _ in results if kind == "refused") == 20
    assert len(results) == 80
    # still serving
    with psycopg.connect(dsn(server)) as c:
        assert c.execute("SELECT 1").fetchone() == (1,)


def test_new_snapshot_seen_without_restart(tmp_path: Path) -> None:
    import psycopg

    snap = tmp_path / "w.snapshot.duckdb"
    build_warehouse(snap, rows=10)
    srv = RunningServer(ServeSettings(snapshot=snap, port=free_port(), users={USER: PASSWORD}))
    try:
        with psycopg.connect(f"host=127.0.0.1 port={srv.port} user={USER} password={PASSWORD}",
                             autocommit=True) as conn:
            assert conn.execute("SELECT count(*) FROM events").fetchone() == (10,)
            new = tmp_path / "w.snapshot.duckdb.tmp"
            build_warehouse(new, rows=25)
            os.replace(new, snap)
            assert conn.execute("SELECT count(*) FROM events").fetchone() == (25,)
    finally:
        srv.stop()


@pytest.mark.clients
def test_cancel_request_and_statement_timeout(server: RunningServer, snapshot: Path) -> None:
    import psycopg

    endless = "SELECT count(*) FROM range(100000000000) a"
    with psycopg.connect(dsn(server), autocommit=True) as conn:
        timer = threading.Timer(0.7, conn.cancel_safe)  # non-blocking: the server shares our GIL
        timer.start()
        started = time.monotonic()
        with pytest.raises(psycopg.errors.QueryCanceled, match="user request"):
            conn.execute(endless)
        assert time.monotonic() - started < 15
        assert conn.execute("SELECT 3").fetchone() == (3,)
    quick = RunningServer(ServeSettings(snapshot=snapshot, port=free_port(), users={USER: PASSWORD},
                                        query_timeout=0.5))
    try:
        with psycopg.connect(f"host=127.0.0.1 port={quick.port} user={USER} password={PASSWORD}",
                             autocommit=True) as conn:
            with pytest.raises(psycopg.errors.QueryCanceled, match="statement timeout"):
                conn.execute(endless)
            assert conn.execute("SELECT 4").fetchone() == (4,)
    finally:
        quick.stop()


@pytest.mark.clients
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a test certificate")
def test_tls(snapshot: Path, tmp_path: Path) -> None:
    import psycopg

    cert, key = tmp_path / "server.crt", tmp_path / "server.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                    "-days", "1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True,
                   timeout=60)
    srv = RunningServer(ServeSettings(snapshot=snapshot, port=free_port(), users={USER: make_verifier(PASSWORD)},
                                      tls_cert=cert, tls_key=key))
    try:
        with psycopg.connect(f"host=127.0.0.1 port={srv.port} user={USER} password={PASSWORD} sslmode=require",
                             autocommit=True) as conn:
            assert conn.pgconn.ssl_in_use
            assert conn.execute("SELECT count(*) FROM cameo_event_codes").fetchone() == (2,)
    finally:
        srv.stop()


@pytest.mark.clients
def test_evw_serve_command(snapshot: Path, tmp_path: Path) -> None:
    """`evw serve --warehouse FILE --port P --user NAME` with the password from EVW_SERVE_PASSWORD."""
    import psycopg

    warehouse = tmp_path / "wh.duckdb"
    shutil.copyfile(snapshot, tmp_path / "wh.snapshot.duckdb")
    port = free_port()
    evw = Path(sys.executable).with_name("evw")  # the console script of the interpreter running the tests
    env = {**os.environ, "EVW_SERVE_PASSWORD": "cli-pw"}
    env.pop("EVW_CONFIG", None)
    proc = subprocess.Popen([str(evw), "serve", "--warehouse", str(warehouse), "--port", str(port), "--user", "bi"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = psycopg.connect(f"host=127.0.0.1 port={port} user=bi password=cli-pw", autocommit=True,
                                       connect_timeout=5)
                break
            except psycopg.OperationalError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "evw serve did not come up"
                time.sleep(0.3)
        with conn:
            assert conn.execute("SELECT count(*) FROM events").fetchone() == (EVENTS_ROWS,)
    finally:
        proc.terminate()
        proc.wait(30)


GRAFANA_TABLES = (
    "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) as \"table\" FROM information_schema.tables "
    "WHERE quote_ident(table_schema) NOT IN ('information_schema','pg_catalog','_timescaledb_cache',"
    "'_timescaledb_catalog','_timescaledb_internal','_timescaledb_config','timescaledb_information',"
    "'timescaledb_experimental') ORDER BY CASE WHEN quote_ident(table_schema) IN (SELECT CASE WHEN trim(s[i]) = "
    "'\"$user\"' THEN user ELSE trim(s[i]) END FROM generate_series(array_lower(string_to_array("
    "current_setting('search_path'),','),1),array_upper(string_to_array(current_setting('search_path'),','),1)) "
    "as i, string_to_array(current_setting('search_path'),',') s) THEN 0 ELSE 1 END, 1")


def test_bi_tool_catalog_queries(server: RunningServer) -> None:
    """Queries Grafana's PostgreSQL data source and Metabase send, as they send them."""
    import psycopg

    with psycopg.connect(dsn(server), autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(GRAFANA_TABLES).fetchall()]
        assert "main.events" in tables and "main.daily_root_counts" in tables
        cols = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'events'").fetchall())
        assert cols["day"] == "date" and cols["date_added"] == "timestamp with time zone"
        assert cols["global_event_id"] == "bigint"
        assert conn.execute("SELECT current_user, current_database(), current_schema()").fetchone() == (
            USER, "warehouse", "main")
        n = conn.execute("SELECT count(*) FROM events WHERE date_added BETWEEN '2024-01-01T00:00:00Z' "
                         "AND '2024-01-01T01:00:00Z'").fetchone()
        assert n == (sum(1 for i in range(EVENTS_ROWS) if i * 37 <= 3600),)


# ---------------------------------------------------------------- raw protocol helpers (no driver)

def _send_startup(s: socket.socket, user: str) -> None:
    body = struct.pack("!i", 196608) + b"user\x00" + user.encode() + b"\x00database\x00warehouse\x00\x00"
    s.sendall(struct.pack("!i", len(body) + 4) + body)


def _recv_exact(s: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ConnectionError(f"server closed the connection after {len(data)} of {n} bytes")
        data += chunk
    return data


def _read_msg(s: socket.socket) -> tuple[bytes, bytes]:
    head = _recv_exact(s, 5)
    return head[:1], _recv_exact(s, struct.unpack("!i", head[1:])[0] - 4)


def _error_fields(body: bytes) -> dict[str, str]:
    return {part[:1].decode(): part[1:].decode() for part in body.split(b"\x00") if part}


def _read_until_closed(s: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := s.recv(4096):
            data += chunk
    except ConnectionResetError:
        pass
    return data


class ScramStart:
    """A SCRAM-SHA-256 exchange begun over a raw socket, up to the server-first message."""

    def __init__(self, port: int, user: str) -> None:
        self.sock = _raw_connect(port)
        _send_startup(self.sock, user)
        kind, body = _read_msg(self.sock)
        assert kind == b"R" and struct.unpack("!i", body[:4])[0] == 10 and b"SCRAM-SHA-256" in body
        self.client_first_bare = "n=,r=rawclientnonce"
        first = b"n,," + self.client_first_bare.encode()
        payload = b"SCRAM-SHA-256\x00" + struct.pack("!i", len(first)) + first
        self.sock.sendall(b"p" + struct.pack("!i", len(payload) + 4) + payload)
        kind, body = _read_msg(self.sock)
        assert kind == b"R" and struct.unpack("!i", body[:4])[0] == 11
        self.server_first = body[4:].decode()
        attrs = dict(part.split("=", 1) for part in self.server_first.split(","))
        self.nonce, self.salt, self.iterations = attrs["r"], base64.b64decode(attrs["s"]), int(attrs["i"])

    def finish(self, password: str) -> tuple[bytes, bytes]:
        """Send the client-final message with the proof for `password`; the server's answer."""
        without_proof = f"c=biws,r={self.nonce}"
        auth = f"{self.client_first_bare},{self.server_first},{without_proof}".encode()
        salted = hashlib.pbkdf2_hmac("sha256", password.encode(), self.salt, self.iterations)
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        sig = hmac.new(hashlib.sha256(client_key).digest(), auth, hashlib.sha256).digest()
        proof = base64.b64encode(bytes(a ^ b for a, b in zip(client_key, sig, strict=True))).decode()
        final = f"{without_proof},p={proof}".encode()
        self.sock.sendall(b"p" + struct.pack("!i", len(final) + 4) + final)
        return _read_msg(self.sock)

    def close(self) -> None:
        self.sock.close()


def _salt(port: int, user: str) -> tuple[bytes, int]:
    start = ScramStart(port, user)
    start.close()
    return start.salt, start.iterations


def test_scram_salt_of_plain_password_is_random(snapshot: Path) -> None:
    """A plain password in [serve.users] must not give away sha256(password) as its salt."""
    import psycopg

    a = RunningServer(ServeSettings(snapshot=snapshot, port=free_port(), users={USER: PASSWORD}))
    b = RunningServer(ServeSettings(snapshot=snapshot, port=free_port(), users={USER: PASSWORD}))
    try:
        salt_a, iters = _salt(a.port, USER)
        assert len(salt_a) == 16 and iters == 4096
        assert salt_a != hashlib.sha256(PASSWORD.encode()).digest()[:16]
        assert _salt(a.port, USER)[0] == salt_a  # stable while the server runs
        assert _salt(b.port, USER)[0] != salt_a  # another process, another random salt
        with psycopg.connect(f"host=127.0.0.1 port={a.port} user={USER} password={PASSWORD}") as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        start = ScramStart(a.port, USER)
        try:
            kind, body = start.finish(PASSWORD)
            assert kind == b"R" and struct.unpack("!i", body[:4])[0] == 12  # SASLFinal: the raw client is right
        finally:
            start.close()
    finally:
        a.stop()
        b.stop()


def test_unknown_user_looks_like_a_known_one(server: RunningServer) -> None:
    """No user enumeration: an unknown user gets a per-user salt and fails only at the proof."""
    known, iters = _salt(server.port, USER)
    ghost, ghost_iters = _salt(server.port, "nobody")
    assert ghost != bytes(16) and len(ghost) == len(known) == 16 and ghost_iters == iters
    assert _salt(server.port, "nobody")[0] == ghost  # the same each time, like a real user's
    assert _salt(server.port, "somebody-else")[0] != ghost
    for user in ("nobody", USER):
        start = ScramStart(server.port, user)
        try:
            kind, body = start.finish("a-guess")
            fields = _error_fields(body)
            assert kind == b"E" and fields["C"] == "28P01", fields
            assert fields["M"] == f'password authentication failed for user "{user}"'
        finally:
            start.close()


def test_startup_timeout_and_connection_limit(snapshot: Path) -> None:
    """Silent sockets are cut off after startup_timeout and count against max_connections from accept."""
    import psycopg

    srv = RunningServer(ServeSettings(snapshot=snapshot, port=free_port(), users={USER: PASSWORD},
                                      startup_timeout=0.5, max_connections=2))
    url = f"host=127.0.0.1 port={srv.port} user={USER} password={PASSWORD} connect_timeout=10"
    try:
        # connects and sends nothing: closed with FATAL after the timeout
        silent = _raw_connect(srv.port)
        started = time.monotonic()
        data = _read_until_closed(silent)
        silent.close()
        assert time.monotonic() - started < 8
        kind, length = data[:1], struct.unpack("!i", data[1:5])[0]
        fields = _error_fields(data[5:1 + length])
        assert kind == b"E" and fields["S"] == "FATAL" and fields["C"] == "57014"
        assert "authentication due to timeout" in fields["M"]
        # sends half a startup packet: the same
        half = _raw_connect(srv.port)
        half.sendall(struct.pack("!i", 40) + b"\x00\x03")
        assert _read_until_closed(half)[:1] == b"E"
        half.close()
        # two idle unauthenticated sockets fill max_connections = 2: a real client is refused with 53300
        idle = [_raw_connect(srv.port), _raw_connect(srv.port)]
        time.sleep(0.1)
        with pytest.raises(psycopg.OperationalError, match="too many clients"):
            psycopg.connect(url)
        third = _raw_connect(srv.port)
        _send_startup(third, USER)
        data = _read_until_closed(third)
        third.close()
        assert data[:1] == b"E" and _error_fields(data[5:])["C"] == "53300"
        for s in idle:
            s.close()
        deadline = time.monotonic() + 10
        while srv.server.connections and time.monotonic() < deadline:  # the server notices the closes
            time.sleep(0.05)
        # full with one idle socket + one session running a query: a CancelRequest still gets through
        with psycopg.connect(url, autocommit=True) as conn:
            blocker = _raw_connect(srv.port)
            time.sleep(0.1)
            timer = threading.Timer(0.7, conn.cancel_safe)
            timer.start()
            started = time.monotonic()
            with pytest.raises(psycopg.errors.QueryCanceled, match="user request"):
                conn.execute("SELECT count(*) FROM range(100000000000) a")
            assert time.monotonic() - started < 15
            blocker.close()
            assert conn.execute("SELECT 5").fetchone() == (5,)
    finally:
        srv.stop()


def test_postgres_semantics_generate_series_and_numeric(server: RunningServer) -> None:
    import psycopg

    with psycopg.connect(dsn(server), autocommit=True) as conn:
        for binary in (False, True):
            cur = conn.execute("SELECT generate_series(1,3)", binary=binary)
            assert cur.fetchall() == [(1,), (2,), (3,)]
            assert cur.description is not None and cur.description[0].name == "generate_series"
            cur = conn.execute("SELECT 'x' AS k, generate_series(1, %s) AS n ORDER BY n DESC", [2], binary=binary)
            assert cur.fetchall() == [("x", 2), ("x", 1)]
            cur = conn.execute("SELECT 12345678901234567890.123::numeric, CAST('-0.5' AS numeric), 7::numeric",
                               binary=binary)
            assert cur.fetchone() == (Decimal("12345678901234567890.123"), Decimal("-0.5"), Decimal("7"))
            assert cur.description is not None and [d.type_code for d in cur.description] == [1700] * 3
        # a bare numeric cast of an expression keeps its digits (DuckDB's plain DECIMAL would round to 3)
        assert conn.execute("SELECT round(avg(x)::numeric, 4) FROM (VALUES (1.23456::DOUBLE)) t(x)").fetchone() \
            == (Decimal("1.2346"),)
        # generate_series as a FROM item is unchanged
        assert conn.execute("SELECT sum(g) FROM generate_series(1, 4) g").fetchone() == (10,)


def test_error_paths_fail_the_transaction(server: RunningServer) -> None:
    """Statement errors from the simple and the extended protocol both fail an open transaction block."""
    import psycopg

    with psycopg.connect(dsn(server)) as conn:
        simple = psycopg.ClientCursor(conn)  # client-side binding: the simple query protocol
        with pytest.raises(psycopg.errors.InvalidTextRepresentation):
            simple.execute("SELECT CAST('x' AS INTEGER)")
        with pytest.raises(psycopg.errors.InFailedSqlTransaction):
            simple.execute("SELECT 1")
        conn.rollback()
        with pytest.raises(psycopg.errors.UndefinedColumn):
            conn.execute("SELECT no_such_column FROM events WHERE quad_class = %s", [1])  # extended protocol
        with pytest.raises(psycopg.errors.InFailedSqlTransaction):
            conn.execute("SELECT %s::INTEGER", [1])
        conn.rollback()
        assert conn.execute("SELECT %s::INTEGER", [2]).fetchone() == (2,)
    s = _raw_connect(server.port)
    body = struct.pack("!i", 2 << 16) + b"user\x00x\x00\x00"  # protocol 2.0
    s.sendall(struct.pack("!i", len(body) + 4) + body)
    data = _read_until_closed(s)
    s.close()
    assert data[:1] == b"E" and _error_fields(data[5:])["C"] == "0A000"


def test_stop_with_open_sessions_is_clean(snapshot: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Stopping the server ends sessions with FATAL 57P01 and logs no CancelledError traceback."""
    import psycopg

    srv = RunningServer(ServeSettings(snapshot=snapshot, port=free_port(), users={USER: PASSWORD}))
    caplog.set_level(logging.DEBUG)
    half = None
    try:
        conn = psycopg.connect(f"host=127.0.0.1 port={srv.port} user={USER} password={PASSWORD}", autocommit=True)
        assert conn.execute("SELECT 1").fetchone() == (1,)
        half = ScramStart(srv.port, USER)  # another client stuck in the middle of authentication
    finally:
        srv.stop()
    try:
        with pytest.raises(psycopg.OperationalError, match="terminating connection due to administrator command"):
            conn.execute("SELECT 1")
        assert half is not None
        data = _read_until_closed(half.sock)
        assert data[:1] == b"E" and _error_fields(data[5:])["C"] == "57P01"
    finally:
        conn.close()
        if half is not None:
            half.close()
    noisy = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not noisy, [r.getMessage() for r in noisy]
