"""Synthetic lake data with the real schemas, for tests and benchmarks (never for user data).

Small hand-made rows: `article_row` / `mention_row` fill every column consistently (codes from
the codebook, ids by the extract step's recipe); `write_day` validates and writes them through
`transforms.lake`. Large volumes: `generate_lake` builds N mentions over D days with DuckDB.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from schemas.codebook import event_codes, lookup
from schemas.ddl import select_list
from schemas.tables import ARTICLES, EVENT_MENTIONS
from transforms import lake as lakeio

CODER_VERSION = "synthetic-1"


def digest(*parts: object) -> str:
    """The extract step's id recipe: sha256 of the parts joined by \\x1f (None as ''), 24 hex digits."""
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:24]


def article_row(article_id: str, day: dt.date, **over: Any) -> dict[str, Any]:
    """One `articles` row published on `day` (noon UTC), ingested the next morning."""
    text = over.pop("text", f"Synthetic article {article_id}.")
    row: dict[str, Any] = {
        "article_id": article_id,
        "url": f"https://news.example/{article_id}",
        "canonical_url": f"https://news.example/{article_id}",
        "title": f"Title {article_id}",
        "published_at": dt.datetime.combine(day, dt.time(12), dt.UTC),
        "published_date": day,
        "date_is_fallback": False,
        "source_name": "news.example",
        "language": "en",
        "text": text,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "char_count": len(text),
        "duplicate_of": None,
        "ingest_run_id": "run-synthetic",
        "ingested_at": dt.datetime.combine(day + dt.timedelta(days=1), dt.time(6), dt.UTC),
    }
    row.update(over)
    return row


def mention_row(article_id: str, day: dt.date, event_code: str, actor1: str | None, actor2: str | None,
                sentence_index: int = 1, **over: Any) -> dict[str, Any]:
    """One `event_mentions` row; actor codes like `SYRGOV` give country `SYR` and type `GOV`."""
    code = lookup(event_code)
    geo_country = over.pop("action_geo_country_code", actor1[:3] if actor1 else None)
    offset = over.pop("action_char_offset", 10 * sentence_index + 5)
    row: dict[str, Any] = {
        "mention_id": digest(article_id, sentence_index, offset, actor1, actor2, event_code),
        "event_id": digest(day, actor1, actor2, event_code, geo_country),
        "article_id": article_id,
        "sentence_index": sentence_index,
        "event_date": day,
        "actor1_code": actor1,
        "actor1_name": actor1.title() if actor1 else None,
        "actor1_country_code": actor1[:3] if actor1 else None,
        "actor1_known_group_code": None,
        "actor1_type1_code": actor1[3:6] or None if actor1 else None,
        "actor2_code": actor2,
        "actor2_name": actor2.title() if actor2 else None,
        "actor2_country_code": actor2[:3] if actor2 else None,
        "actor2_known_group_code": None,
        "actor2_type1_code": actor2[3:6] or None if actor2 else None,
        "event_code": code.code,
        "event_base_code": code.base_code,
        "event_root_code": code.root_code,
        "quad_class": code.quad_class,
        "goldstein_scale": code.goldstein,
        "is_negated": False,
        "is_hypothetical": False,
        "confidence": 0.8,
        "sentence_text": f"Sentence {sentence_index} of {article_id}.",
        "actor1_char_offset": offset - 5 if actor1 else None,
        "actor2_char_offset": offset + 5 if actor2 else None,
        "action_char_offset": offset,
        "action_geo_type": 1 if geo_country else None,
        "action_geo_fullname": geo_country,
        "action_geo_country_code": geo_country,
        "action_geo_lat": 0.0 if geo_country else None,
        "action_geo_long": 0.0 if geo_country else None,
        "action_geo_feature_id": geo_country,
        "action_geo_char_offset": None,
        "action_geo_is_fallback": True if geo_country else None,
        "pattern_id": "synthetic:pattern",
        "rule": "svo",
        "dictionary_version": "synthetic",
        "coder_version": CODER_VERSION,
    }
    row.update(over)
    return row


def write_day(lake: Path, day: dt.date, articles: list[dict[str, Any]], mentions: list[dict[str, Any]],
              name: str = "part-0", coder_version: str = CODER_VERSION) -> None:
    """Validate and write one day's articles and mentions files (mentions carry extract metadata)."""
    lakeio.write_partition(lake, "articles", day, name, pa.Table.from_pylist(articles, schema=ARTICLES))
    lakeio.write_partition(lake, "event_mentions", day, name, pa.Table.from_pylist(mentions, schema=EVENT_MENTIONS),
                           {"coder_version": coder_version, "source_file": f"articles/day={day}/{name}.parquet"})


#: Actors of the generated data: country x role.
_COUNTRIES = ("USA", "RUS", "CHN", "SYR", "IRN", "ISR", "UKR", "TUR", "FRA", "DEU", "GBR", "IND", "PAK", "EGY",
              "SAU", "IRQ", "AFG", "JPN", "KOR", "PRK", "BRA", "MEX", "NGA", "ZAF", "ETH", "SDN", "LBY", "YEM",
              "LBN", "JOR")
_ROLES = ("GOV", "MIL", "REB", "OPP", "COP", "CVL", "BUS", "MED")


def generate_lake(lake: Path, mentions: int, days: int = 365, start: dt.date = dt.date(2024, 1, 1),
                  mentions_per_article: int = 4, seed: int = 7, threads: int | None = None) -> int:
    """Write `mentions` synthetic mentions (and their articles) over `days` day partitions; returns files."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    if threads:
        con.execute(f"SET threads = {threads}")
    con.execute(f"SELECT setseed({(seed % 1000) / 1000})")
    codes = [c for c in event_codes().values() if len(c.code) >= 3]
    con.execute("CREATE TABLE codes (i INTEGER, code VARCHAR, base VARCHAR, root VARCHAR, quad TINYINT, g FLOAT)")
    con.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?)",
                    [[i, c.code, c.base_code, c.root_code, c.quad_class, c.goldstein] for i, c in enumerate(codes)])
    con.execute("CREATE TABLE actors AS SELECT row_number() OVER () - 1 AS i, c || r AS code, c AS country, r AS role "
                f"FROM unnest({list(_COUNTRIES)}) t(c), unnest({list(_ROLES)}) u(r)")
    n_codes, n_actors = len(codes), len(_COUNTRIES) * len(_ROLES)
    per_day = mentions // days
    files = 0
    for d in range(days):
        day = start + dt.timedelta(days=d)
        n = per_day + (1 if d < mentions % days else 0)
        n_articles = max(1, n // mentions_per_article)
        art_sql = f"""
            SELECT 'a' || strftime(DATE '{day}', '%Y%m%d') || '-' || i AS article_id,
                   'https://news' || (i % 50) || '.example/' || i AS url,
                   'https://news' || (i % 50) || '.example/' || i AS canonical_url,
                   'Synthetic headline ' || i AS title,
                   TIMESTAMPTZ '{day} 00:00:00+00' + to_seconds(i % 86400) AS published_at,
                   DATE '{day}' AS published_date, false AS date_is_fallback,
                   'news' || (i % 50) || '.example' AS source_name, 'en' AS language,
                   'Synthetic body text of article ' || i || '.' AS text,
                   sha256('Synthetic body text of article ' || i || '.') AS text_sha256,
                   40 AS char_count,
                   CASE WHEN i % 20 = 19 THEN 'a' || strftime(DATE '{day}', '%Y%m%d') || '-' || (i - 1) END
                       AS duplicate_of,
                   'run-bench' AS ingest_run_id,
                   TIMESTAMPTZ '{day} 23:00:00+00' AS ingested_at
            FROM range({n_articles}) t(i)"""
        art_tbl = con.sql(f"SELECT {select_list('articles')} FROM ({art_sql})").to_arrow_table()
        men_sql = f"""
            WITH r AS (
                SELECT i, (i % {n_articles}) AS a, floor(random() * {n_codes})::INT AS c,
                       floor(random() * {n_actors})::INT AS x1, floor(random() * {n_actors})::INT AS x2,
                       (i // {n_articles})::INT AS s, random() AS neg
                FROM range({n}) t(i)
            ), j AS (
                SELECT r.*, codes.code, codes.base, codes.root, codes.quad, codes.g,
                       a1.code AS a1, a1.country AS c1, a1.role AS t1,
                       a2.code AS a2, a2.country AS c2, a2.role AS t2,
                       'a' || strftime(DATE '{day}', '%Y%m%d') || '-' || r.a AS article_id
                FROM r JOIN codes ON codes.i = r.c JOIN actors a1 ON a1.i = r.x1 JOIN actors a2 ON a2.i = r.x2
            )
            SELECT substr(sha256('m' || article_id || '-' || i), 1, 24) AS mention_id,
                   substr(sha256(concat_ws(chr(31), DATE '{day}'::VARCHAR, a1, a2, code, c1)), 1, 24) AS event_id,
                   article_id, s AS sentence_index, DATE '{day}' AS event_date,
                   a1 AS actor1_code, a1 AS actor1_name, c1 AS actor1_country_code, NULL AS actor1_known_group_code,
                   t1 AS actor1_type1_code,
                   a2 AS actor2_code, a2 AS actor2_name, c2 AS actor2_country_code, NULL AS actor2_known_group_code,
                   t2 AS actor2_type1_code,
                   code AS event_code, base AS event_base_code, root AS event_root_code, quad AS quad_class,
                   g AS goldstein_scale, neg < 0.03 AS is_negated, neg > 0.98 AS is_hypothetical,
                   round(0.5 + random() / 2, 3) AS confidence,
                   'Synthetic sentence ' || s || ' reporting ' || code || ' between ' || a1 || ' and ' || a2 || '.'
                       AS sentence_text,
                   10 AS actor1_char_offset, 40 AS actor2_char_offset, 25 AS action_char_offset,
                   1 AS action_geo_type, c1 AS action_geo_fullname, c1 AS action_geo_country_code,
                   0.0 AS action_geo_lat, 0.0 AS action_geo_long, c1 AS action_geo_feature_id,
                   NULL AS action_geo_char_offset, true AS action_geo_is_fallback,
                   'synthetic:' || code AS pattern_id, 'svo' AS rule, 'synthetic' AS dictionary_version,
                   '{CODER_VERSION}' AS coder_version
            FROM j ORDER BY article_id, s, mention_id"""
        men_tbl = con.sql(f"SELECT {select_list('event_mentions')} FROM ({men_sql})").to_arrow_table()
        lakeio.write_partition(lake, "articles", day, "bench", art_tbl.cast(ARTICLES))
        lakeio.write_partition(lake, "event_mentions", day, "bench", men_tbl.cast(EVENT_MENTIONS),
                               {"coder_version": CODER_VERSION, "source_file": f"articles/day={day}/bench.parquet"})
        files += 2
    con.close()
    return files
