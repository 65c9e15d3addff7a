"""Issue 17, serve side: no client of `evw serve` can read or list any file -- not under the server's
spill directory, not under `<cwd>/.tmp`, not anywhere -- while DuckDB can still spill to disk.

Driven through real psycopg connections (simple and extended protocol) against the in-process server
of tests/test_serve_clients.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from test_serve_clients import PASSWORD, USER, RunningServer, build_warehouse, free_port

from warehouse.serve.fileguard import SAFE_TABLE_FUNCTIONS
from warehouse.serve.settings import ServeSettings, make_verifier

pytestmark = pytest.mark.clients


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve-files") / "warehouse.snapshot.duckdb"
    build_warehouse(path, rows=200)
    return path


@pytest.fixture(scope="module")
def server(snapshot: Path) -> Iterator[RunningServer]:
    # a small memory limit, so that the spilling query below really spills
    settings = ServeSettings(snapshot=snapshot, port=free_port(), users={USER: make_verifier(PASSWORD)},
                             query_timeout=120, memory_limit="200MB", threads=2)
    srv = RunningServer(settings)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def secrets(server: RunningServer, tmp_path_factory: pytest.TempPathFactory,
            request: pytest.FixtureRequest) -> dict[str, Path]:
    """Files a client must not reach: in the spill directory, in `<cwd>/.tmp` (DuckDB's default
    temporary directory, the path of the issue), elsewhere."""
    spill = server.server.spill_dir
    other = tmp_path_factory.mktemp("elsewhere")
    cwd_tmp = Path.cwd() / ".tmp"
    made_cwd_tmp = not cwd_tmp.exists()
    cwd_tmp.mkdir(exist_ok=True)
    files = {"spill_txt": spill / "secret.txt", "spill_csv": spill / "secret.csv",
             "cwd_tmp": cwd_tmp / "evw-test-secret.txt", "other_csv": other / "secret.csv",
             "spill_parquet": spill / "secret.parquet", "other_parquet": other / "secret.parquet"}
    for key, path in files.items():
        if key.endswith("parquet"):
            con = duckdb.connect()
            con.execute(f"COPY (SELECT 'TOP-SECRET' AS s) TO '{path}' (FORMAT parquet)")
            con.close()
        else:
            path.write_text("s\nTOP-SECRET\n", encoding="utf-8")

    def cleanup() -> None:
        files["cwd_tmp"].unlink(missing_ok=True)
        if made_cwd_tmp:
            cwd_tmp.rmdir()

    request.addfinalizer(cleanup)
    files["spill_dir"], files["other_dir"], files["snapshot"] = spill, other, server.server.settings.snapshot
    return files


def _dsn(server: RunningServer) -> str:
    return f"host=127.0.0.1 port={server.port} user={USER} password={PASSWORD} dbname=warehouse sslmode=disable"


def _attempts(f: dict[str, Path]) -> list[str]:
    return [
        f"SELECT content FROM read_text('{f['spill_txt']}')",      # the temporary directory DuckDB allows
        f"SELECT content FROM read_text('{f['cwd_tmp']}')",        # issue 17: <cwd>/.tmp/secret.txt
        f"SELECT * FROM read_csv('{f['spill_csv']}')",
        f"SELECT * FROM read_csv_auto('{f['other_csv']}')",
        f"SELECT * FROM read_parquet('{f['spill_parquet']}')",
        f"SELECT * FROM parquet_scan('{f['other_parquet']}')",
        f"SELECT * FROM parquet_metadata('{f['spill_parquet']}')",
        f"SELECT * FROM read_blob('{f['snapshot']}')",
        f"SELECT * FROM glob('{f['spill_dir']}/*')",                # listing
        f"SELECT * FROM glob('{f['other_dir']}/*')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_csv('/etc/passwd', sep = ':')",
        f"SELECT * FROM '{f['spill_csv']}'",                        # a replacement scan
        f"FROM '{f['other_parquet']}'",
        f"SUMMARIZE '{f['spill_csv']}'",
        f"DESCRIBE '{f['spill_csv']}'",
        f"SELECT (SELECT content FROM read_text('{f['spill_txt']}')) AS x",
        f"WITH s AS (SELECT * FROM glob('{f['spill_dir']}/*')) SELECT count(*) FROM s",
        f"SELECT * FROM events, read_text('{f['spill_txt']}') LIMIT 1",
        f"SELECT * FROM query('SELECT * FROM read_text(''{f['spill_txt']}'')')",  # SQL inside a string
        f"SELECT * FROM system.main.read_text('{f['spill_txt']}')",
        f"EXPLAIN SELECT * FROM read_csv('{f['spill_csv']}')",
        f"EXPLAIN ANALYZE SELECT * FROM read_text('{f['spill_txt']}')",
        "SELECT * FROM duckdb_temporary_files()",                   # lists the spill files
        "SELECT * FROM duckdb_extensions()",
    ]


def test_no_client_reads_or_lists_a_file(server: RunningServer, secrets: dict[str, Path]) -> None:
    import psycopg

    for sql in _attempts(secrets):
        for protocol in ("simple", "extended"):
            with psycopg.connect(_dsn(server), autocommit=True) as conn:
                cur = psycopg.ClientCursor(conn) if protocol == "simple" else conn.cursor()
                with pytest.raises(psycopg.errors.InsufficientPrivilege) as err:
                    cur.execute(sql)
                    rows = cur.fetchall()
                    pytest.fail(f"{protocol}: {sql} returned {rows}")
                assert "does not read or list files" in str(err.value), sql
                assert "TOP-SECRET" not in str(err.value)
                assert conn.execute("SELECT 1").fetchone() == (1,)  # the session lives on


def test_parameters_cannot_smuggle_a_path(server: RunningServer, secrets: dict[str, Path]) -> None:
    import psycopg

    with psycopg.connect(_dsn(server), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT content FROM read_text(%s)", [str(secrets["spill_txt"])])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DECLARE c CURSOR FOR SELECT * FROM glob(%s)", [f"{secrets['spill_dir']}/*"])


def test_queries_still_spill_to_the_private_directory(server: RunningServer, secrets: dict[str, Path]) -> None:
    """A sort far above the 200MB memory limit completes: DuckDB spills, to the server's own directory."""
    import psycopg

    with psycopg.connect(_dsn(server), autocommit=True) as conn:
        settings = dict(conn.execute("SELECT name, value FROM duckdb_settings() WHERE name IN "
                                     "('temp_directory', 'enable_external_access', 'lock_configuration')").fetchall())
        assert settings == {"temp_directory": str(server.server.spill_dir), "enable_external_access": "false",
                            "lock_configuration": "true"}
        got = conn.execute(
            "SELECT count(*), count(DISTINCT p) FROM (SELECT md5(i::VARCHAR) || repeat('x', 40) AS p "
            "FROM range(4000000) t(i) ORDER BY p)").fetchone()
        assert got == (4_000_000, 4_000_000)
        assert any(p.name.startswith("duckdb_temp") for p in server.server.spill_dir.iterdir())  # it spilled there
        # safe catalog functions and ordinary queries work
        assert conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events'").fetchone()[0] >= 1
        assert conn.execute("SELECT sum(g) FROM generate_series(1, 4) t(g)").fetchone() == (10,)
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (200,)
    assert {"read_text", "read_csv", "read_parquet", "glob", "read_blob", "query"}.isdisjoint(SAFE_TABLE_FUNCTIONS)


def test_the_spill_directory_is_private_and_removed_on_stop(snapshot: Path) -> None:
    srv = RunningServer(ServeSettings(snapshot=snapshot, port=free_port(), users={USER: PASSWORD}))
    spill = srv.server.spill_dir
    try:
        assert spill.is_dir() and (spill.stat().st_mode & 0o077) == 0
        assert not spill.is_relative_to(Path.cwd())
    finally:
        srv.stop()
    assert not spill.exists()
