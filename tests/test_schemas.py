"""Schema tests: the DDL generated from the Arrow schemas is what DuckDB reports, and Parquet
written through the lake validates against the schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from schemas import codebook
from schemas.ddl import create_table_sql, duckdb_type
from schemas.tables import PRIMARY_KEYS, TABLES
from schemas.validate import SchemaMismatch, validate_parquet, validate_table
from transforms import lake


@pytest.mark.parametrize("table", sorted(TABLES))
def test_ddl_matches_duckdb(table: str) -> None:
    con = duckdb.connect()
    con.execute(create_table_sql(table))
    described = con.sql(
        f"SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        f"WHERE table_name = '{table}' ORDER BY ordinal_position"
    ).fetchall()
    expected = [(f.name, duckdb_type(f.type), "YES" if f.nullable else "NO") for f in TABLES[table]]
    keys = set(PRIMARY_KEYS.get(table, ()))
    assert [(n, t) for n, t, _ in described] == [(n, t) for n, t, _ in expected]
    for (name, _, nullable), (_, _, want) in zip(described, expected, strict=True):
        # primary-key columns are NOT NULL in DuckDB whatever the Arrow field says
        assert nullable == ("NO" if name in keys else want), name


def test_duckdb_roundtrip_keeps_arrow_types() -> None:
    """A table written to DuckDB from the DDL reads back with the Arrow schema's types."""
    con = duckdb.connect()
    con.execute(create_table_sql("cameo_event_codes"))
    con.register("codes", codebook.event_codes_table())
    con.execute("INSERT INTO cameo_event_codes SELECT * FROM codes")
    back = con.sql("SELECT * FROM cameo_event_codes ORDER BY code").to_arrow_table()
    validate_table(back.cast(TABLES["cameo_event_codes"]), "cameo_event_codes")
    assert back.num_rows == len(codebook.event_codes()) == 312


def test_lake_parquet_validates(tmp_path: Path) -> None:
    now = dt.datetime(2015, 12, 15, 12, tzinfo=dt.UTC)
    row = {
        "article_id": "a1", "url": None, "canonical_url": None, "title": "t", "published_at": now,
        "published_date": now.date(), "date_is_fallback": False, "source_name": "x", "language": "en",
        "text": "Hello.", "text_sha256": "0" * 64, "char_count": 6, "duplicate_of": None,
        "ingest_run_id": "r1", "ingested_at": now,
    }
    table = pa.Table.from_pylist([row], schema=TABLES["articles"])
    written = lake.write_partition(tmp_path, "articles", now.date(), "r1", table, {"k": "v"})
    assert written.path == tmp_path / "articles" / "day=2015-12-15" / "r1.parquet"
    validate_parquet(written.path, "articles")
    assert lake.file_metadata(written.path) == {"k": "v"}
    assert [f.path for f in lake.list_files(tmp_path, "articles")] == [written.path]
    assert not list(written.path.parent.glob(".*tmp"))


def test_validation_rejects_wrong_schema() -> None:
    bad = pa.table({"article_id": ["a"], "text": [None]})
    with pytest.raises(SchemaMismatch, match="missing column"):
        validate_table(bad, "articles")
    loose = TABLES["cameo_actor_types"].set(0, pa.field("code", pa.string(), nullable=True))
    nulls = pa.Table.from_pylist([{"code": None, "name": "x", "kind": "role"}], schema=loose)
    with pytest.raises(SchemaMismatch, match="NOT NULL"):
        validate_table(nulls, "cameo_actor_types")


def test_codebook_derivations() -> None:
    c = codebook.lookup("0874")
    assert (c.base_code, c.root_code, c.quad_class) == ("087", "08", 2)
    assert codebook.lookup("195").quad_class == 4
    assert codebook.lookup("051").goldstein == pytest.approx(3.4)
    assert {codebook.quad_class_of_root(f"{r:02d}") for r in range(1, 21)} == {1, 2, 3, 4}
    with pytest.raises(KeyError, match="unknown CAMEO event code"):
        codebook.lookup("999")
    assert codebook.actor_types()["GOV"][1] == "role"
