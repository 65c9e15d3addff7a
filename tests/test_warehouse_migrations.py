"""Schema migrations: an empty file gets them all, an old file is upgraded in place, a newer one refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from schemas.tables import ARTICLES
from transforms.config import Config
from warehouse.load import run_load
from warehouse.migrations import LATEST_VERSION, SchemaDrift, WarehouseTooNew, apply_migrations, current_version
from warehouse.synthetic import article_row, mention_row, write_day

DAY = dt.date(2020, 1, 15)


def _lake(tmp_path: Path) -> Path:
    lake = tmp_path / "lake"
    write_day(lake, DAY, [article_row("x0", DAY)], [mention_row("x0", DAY, "040", "USAGOV", "CHNGOV")])
    return lake


def test_old_file_is_upgraded_in_place(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    con = duckdb.connect(str(wh))
    assert apply_migrations(con, target=1) == [1]
    old = pa.Table.from_pylist([article_row("kept", dt.date(2019, 1, 1))], schema=ARTICLES)
    con.register("old", old)
    con.execute("INSERT INTO articles SELECT * FROM old")
    con.close()

    report = run_load(_lake(tmp_path), wh, Config(), progress=False)
    assert report.migrations_applied == list(range(2, LATEST_VERSION + 1))
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert current_version(con) == LATEST_VERSION
        assert [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()] == list(
            range(1, LATEST_VERSION + 1))
        assert con.execute("SELECT count(*) FROM articles WHERE article_id = 'kept'").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM events").fetchone() == (1,)
    finally:
        con.close()
    assert run_load(_lake(tmp_path), wh, Config(), progress=False).migrations_applied == []


def test_newer_file_is_refused(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    run_load(_lake(tmp_path), wh, Config(), progress=False)
    con = duckdb.connect(str(wh))
    con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now())", [LATEST_VERSION + 5])
    con.close()
    with pytest.raises(WarehouseTooNew, match=rf"schema version {LATEST_VERSION + 5}, but this evw only knows up to "
                                             rf"{LATEST_VERSION}; upgrade evw"):
        run_load(_lake(tmp_path), wh, Config(), progress=False)


def test_drift_without_migration_is_reported(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    con = duckdb.connect(str(wh))
    apply_migrations(con)
    con.execute("ALTER TABLE events DROP COLUMN coder_version")
    with pytest.raises(SchemaDrift, match=r"events \(missing \['coder_version'\].*add a migration"):
        apply_migrations(con)
    con.close()
