"""`evw serve` through ODBC, the way Excel, Tableau and Power BI reach it: psqlODBC + unixODBC + pyodbc.

Debian's `odbc-postgresql` (the psqlODBC driver) and `unixodbc` come from `make test-deps`, pyodbc
from the dev extra. The server runs in-process on 127.0.0.1 (as in test_serve_clients.py) over a
generated snapshot; every connection uses a DSN-less connection string.
"""

from __future__ import annotations

import datetime as dt
import glob
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_serve_clients import PASSWORD, USER, RunningServer, build_warehouse, free_port

from warehouse.serve.settings import ServeSettings, make_verifier

pyodbc = pytest.importorskip("pyodbc")
DRIVER_FILES = sorted(glob.glob("/usr/lib/*/odbc/psqlodbcw.so"))
pytestmark = [pytest.mark.clients,
              pytest.mark.skipif(not DRIVER_FILES, reason="psqlODBC not installed (make test-deps: odbc-postgresql)")]
ROWS = 100_000


def driver() -> str:
    """The registered driver name when unixODBC knows it (odbcinst.ini), else the library path."""
    return "{PostgreSQL Unicode}" if "PostgreSQL Unicode" in pyodbc.drivers() else DRIVER_FILES[0]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("odbc") / "warehouse.snapshot.duckdb"
    build_warehouse(path, rows=ROWS)
    return path


@pytest.fixture(scope="module")
def server(snapshot: Path) -> Iterator[RunningServer]:
    settings = ServeSettings(snapshot=snapshot, host="127.0.0.1", port=free_port(),
                             users={USER: make_verifier(PASSWORD)}, query_timeout=60, memory_limit="1GB",
                             batch_rows=8192)
    srv = RunningServer(settings)
    yield srv
    srv.stop()


def conn_str(server: RunningServer, **options: str) -> str:
    base = {"Driver": driver(), "Server": "127.0.0.1", "Port": str(server.port), "Database": "warehouse",
            "Uid": USER, "Pwd": PASSWORD, "SSLmode": "disable", **options}
    return ";".join(f"{k}={v}" for k, v in base.items())


def connect(server: RunningServer, **options: str) -> Any:
    return pyodbc.connect(conn_str(server, **options), timeout=15)


def duck(snapshot: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_connect_by_connection_string(server: RunningServer) -> None:
    with connect(server) as c:
        assert c.getinfo(pyodbc.SQL_DBMS_NAME) == "PostgreSQL"
        assert c.getinfo(pyodbc.SQL_DBMS_VER).startswith("15.")
        assert c.getinfo(pyodbc.SQL_DATABASE_NAME) == "warehouse"
        assert c.cursor().execute("SELECT 1 + 1").fetchval() == 2
    with pytest.raises(pyodbc.Error, match=r"28P01|authentication"):
        pyodbc.connect(conn_str(server, Pwd="wrong"), timeout=15)


def test_sqltables(server: RunningServer, snapshot: Path) -> None:
    with connect(server) as c:
        cur = c.cursor()
        tables = [(r.table_cat, r.table_schem, r.table_name) for r in cur.tables(schema="main", tableType="TABLE")]
        views = [r.table_name for r in cur.tables(tableType="VIEW")]
        schemas = {r.table_schem for r in cur.tables(catalog="", schema="%", table="", tableType="")}
    want = [n for (n,) in duck(snapshot, "SELECT table_name FROM duckdb_tables() ORDER BY table_name")]
    assert tables == [("warehouse", "main", n) for n in want]
    assert "events" in want and views == ["daily_root_counts"]
    assert schemas == {"main"}


def test_sqlcolumns(server: RunningServer, snapshot: Path) -> None:
    with connect(server) as c:
        cur = c.cursor()
        events = [(r.column_name, r.ordinal_position) for r in cur.columns(table="events", schema="main")]
        zoo = {r.column_name: r for r in cur.columns(table="type_zoo")}
    want = duck(snapshot, "SELECT column_name, column_index FROM duckdb_columns() WHERE table_name = 'events' "
                          "ORDER BY column_index")
    assert events == want and len(events) == 66
    sql_types = {name: zoo[name].data_type for name in ("i2", "i4", "i8", "f4", "f8", "num", "b", "d", "ts", "tstz",
                                                         "bin")}
    assert sql_types == {"i2": pyodbc.SQL_SMALLINT, "i4": pyodbc.SQL_INTEGER, "i8": pyodbc.SQL_BIGINT,
                         "f4": pyodbc.SQL_REAL, "f8": pyodbc.SQL_FLOAT, "num": pyodbc.SQL_NUMERIC,
                         "b": pyodbc.SQL_VARCHAR, "d": pyodbc.SQL_TYPE_DATE, "ts": pyodbc.SQL_TYPE_TIMESTAMP,
                         "tstz": pyodbc.SQL_TYPE_TIMESTAMP, "bin": pyodbc.SQL_LONGVARBINARY}
    assert zoo["txt"].data_type in (pyodbc.SQL_WLONGVARCHAR, pyodbc.SQL_WVARCHAR)
    assert (zoo["num"].column_size, zoo["num"].decimal_digits) == (10, 2)
    assert zoo["num"].type_name == "numeric" and zoo["d"].type_name == "date"
    assert zoo["nothing"].nullable == pyodbc.SQL_NULLABLE


def test_parameterised_query(server: RunningServer, snapshot: Path) -> None:
    want = duck(snapshot, "SELECT count(*) FROM events WHERE quad_class = 2 AND day >= DATE '2024-06-01' "
                          "AND actor1_code = 'RUS'")[0][0]
    assert want > 0
    with connect(server) as c:
        got = c.cursor().execute("SELECT count(*) FROM events WHERE quad_class = ? AND day >= ? AND actor1_code = ?",
                                 2, dt.date(2024, 6, 1), "RUS").fetchval()
    assert got == want


def test_parameterised_queries_with_client_side_binding(server: RunningServer, snapshot: Path) -> None:
    """UseServerSidePrepare=0: the driver inlines the parameters; any number of statements per cursor."""
    with connect(server, UseServerSidePrepare="0") as c:
        cur = c.cursor()
        for q in (1, 2, 3, 4):
            got = cur.execute("SELECT count(*) FROM events WHERE quad_class = ?", q).fetchval()
            assert got == duck(snapshot, f"SELECT count(*) FROM events WHERE quad_class = {q}")[0][0]
        assert cur.execute("SELECT ? AS s", "O'Brien; DROP TABLE x --").fetchval() == "O'Brien; DROP TABLE x --"


def test_parameterised_queries_with_server_side_prepare(server: RunningServer) -> None:
    with connect(server) as c:
        cur = c.cursor()
        assert cur.execute("SELECT count(*) FROM events WHERE quad_class = ?", 1).fetchval()
        # a different statement: psqlODBC DEALLOCATEs the old plan, then Parses the new one under the same name
        assert cur.execute("SELECT count(*) FROM events WHERE actor1_code = ?", "RUS").fetchval()


@pytest.mark.parametrize("options", [{}, {"UseDeclareFetch": "1", "Fetch": "10000"}], ids=["buffered", "cursor"])
def test_fetch_100k_rows(server: RunningServer, snapshot: Path, options: dict[str, str]) -> None:
    sql = "SELECT global_event_id, day, actor1_code, goldstein_scale, date_added FROM events ORDER BY global_event_id"
    with connect(server, **options) as c:
        cur = c.cursor()
        t = time.perf_counter()
        cur.execute(sql)
        n, id_sum, first = 0, 0, None
        while rows := cur.fetchmany(10_000):
            n += len(rows)
            id_sum += sum(r[0] for r in rows)
            first = first or tuple(rows[0])
        seconds = time.perf_counter() - t
    assert n == ROWS and id_sum == ROWS * (ROWS - 1) // 2
    want = duck(snapshot, sql + " LIMIT 1")[0]
    assert first is not None and first[:4] == (want[0], want[1], want[2], pytest.approx(want[3]))
    assert first[4] == want[4].astimezone(dt.UTC).replace(tzinfo=None)  # timestamptz arrives in UTC
    assert seconds < 30
    print(f"\nODBC {options or 'default'}: {n} rows in {seconds:.2f}s")


def test_type_round_trip(server: RunningServer) -> None:
    with connect(server, BoolsAsChar="0") as c:
        cur = c.cursor()
        row = cur.execute("SELECT i2, i4, i8, f4, f8, num, txt, b, d, ts, tstz, nothing FROM type_zoo").fetchone()
        assert tuple(row) == (1, 2, 3, 1.5, 2.25, Decimal("12.34"), "héllo", True, dt.date(2024, 2, 29),
                              dt.datetime(2024, 2, 29, 12, 34, 56, 789000), dt.datetime(2024, 2, 29, 12, 34, 56), None)
        text = "Zürich – 東京 ✓ 🙂"
        row = cur.execute("SELECT 'Zürich – 東京 ✓ 🙂' AS u, CAST(NULL AS DATE) AS nd").fetchone()
        assert tuple(row) == (text, None)
    with connect(server) as c:  # parameters in, typed values out (one prepared statement per connection)
        values = (dt.date(2024, 2, 29), dt.datetime(2024, 2, 29, 12, 34, 56, 789000), Decimal("-1234.567"), None,
                  "Zürich – 東京 ✓ 🙂")
        row = c.cursor().execute("SELECT CAST(? AS DATE), CAST(? AS TIMESTAMP), CAST(? AS DECIMAL(10,3)), "
                                 "CAST(? AS INTEGER), CAST(? AS VARCHAR)", *values).fetchone()
        assert tuple(row) == values


def test_parse_deallocate() -> None:
    from warehouse.serve.sqlrewrite import parse_deallocate

    assert parse_deallocate('DEALLOCATE "_PLAN0x55c8de3aeb90"') == "_PLAN0x55c8de3aeb90"
    assert parse_deallocate("deallocate prepare S_1") == "s_1"
    assert parse_deallocate("DEALLOCATE ALL") == "all"
    assert parse_deallocate('DEALLOCATE "a""b"') == 'a"b'
    assert parse_deallocate("SELECT 1") is None
