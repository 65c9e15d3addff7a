"""The one-pass `events` model gives exactly the rows of the original three-pass, self-joining SQL.

The original model (aggregate, then count outlets and stories in separate passes, then join
`event_mentions` twice for the first and the place mention) is kept below as the reference. Both run
over the same randomised lake (many mentions per event, near-duplicates, outlets missing, places
named in later mentions, mentions sharing article and sentence), after a first load and after an
incremental reload of one day; the row sets must be identical.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import duckdb
import pytest

from transforms.config import Config
from warehouse import load
from warehouse.checksum import table_checksum
from warehouse.load import day_batches, run_load
from warehouse.synthetic import article_row, mention_row, write_day

REFERENCE_EVENTS_SQL = """
-- events: GDELT 2.0-style events aggregated from stg_event_mentions. "First" means the earliest
-- published article, then article id, sentence and offset (deterministic). A mention in sentence 0
-- or 1 (the headline or the lead sentence) makes the event a root event. The place is that of the
-- first mention naming one, else the first mention's (the actors' country, flagged as fallback).
-- grain: one row per day × actor1_code × actor2_code × event_code × action_geo_country_code (event_id)
-- materialized: incremental (the load deletes and re-inserts the days it touched, listed in load_days)
WITH m AS (
    SELECT event_id, mention_id, article_id, sentence_index, confidence, coder_version, action_geo_is_fallback,
           source_name, ingested_at, article_group_id, first_seen_key
    FROM stg_event_mentions
    WHERE event_date IN (SELECT day FROM load_days)
), agg AS (
    SELECT
        event_id,
        arg_min(mention_id, first_seen_key) AS first_mention_id,
        arg_min(mention_id, struct_pack(fb := coalesce(action_geo_is_fallback, true), k := first_seen_key))
            AS geo_mention_id,
        bool_or(sentence_index <= 1) AS is_root_event,
        count(*) AS num_mentions,
        avg(confidence) AS avg_confidence,
        min(ingested_at) AS date_added,
        max(coder_version) AS coder_version
    FROM m
    GROUP BY event_id
), outlets AS (
    SELECT event_id, count(*) AS num_sources
    FROM (SELECT DISTINCT event_id, coalesce(source_name, 'article:' || article_id) FROM m)
    GROUP BY event_id
), stories AS (
    SELECT event_id, count(*) AS num_articles
    FROM (SELECT DISTINCT event_id, article_group_id FROM m)
    GROUP BY event_id
), grouped AS (
    SELECT
        agg.*,
        outlets.num_sources,
        stories.num_articles,
        f.event_date,
        f.actor1_code,
        f.actor2_code,
        f.event_code,
        f.action_geo_country_code,
        coalesce(fa.url, fa.canonical_url) AS article_url,
        struct_pack(
            f.actor1_name, f.actor1_country_code, f.actor1_known_group_code, f.actor1_type1_code,
            f.actor2_name, f.actor2_country_code, f.actor2_known_group_code, f.actor2_type1_code,
            f.event_base_code, f.event_root_code, f.quad_class, f.goldstein_scale, f.mention_id
        ) AS f,
        struct_pack(
            g.action_geo_type, g.action_geo_fullname, g.action_geo_lat, g.action_geo_long, g.action_geo_feature_id,
            g.action_geo_is_fallback
        ) AS g
    FROM agg
    JOIN outlets USING (event_id)
    JOIN stories USING (event_id)
    JOIN event_mentions AS f ON f.mention_id = agg.first_mention_id
    LEFT JOIN articles AS fa ON fa.article_id = f.article_id
    JOIN event_mentions AS g ON g.mention_id = agg.geo_mention_id
)
SELECT
    ('0x' || substr(event_id, 1, 15))::BIGINT AS global_event_id,
    event_date AS day,
    (year(event_date) * 100 + month(event_date))::INTEGER AS month_year,
    year(event_date)::INTEGER AS year,
    year(event_date) + (month(event_date) * 30 + day(event_date)) / 365.0 AS fraction_date,
    actor1_code,
    f.actor1_name,
    f.actor1_country_code,
    f.actor1_known_group_code,
    NULL AS actor1_ethnic_code,
    NULL AS actor1_religion1_code,
    NULL AS actor1_religion2_code,
    f.actor1_type1_code,
    NULL AS actor1_type2_code,
    NULL AS actor1_type3_code,
    actor2_code,
    f.actor2_name,
    f.actor2_country_code,
    f.actor2_known_group_code,
    NULL AS actor2_ethnic_code,
    NULL AS actor2_religion1_code,
    NULL AS actor2_religion2_code,
    f.actor2_type1_code,
    NULL AS actor2_type2_code,
    NULL AS actor2_type3_code,
    is_root_event,
    event_code,
    f.event_base_code,
    f.event_root_code,
    f.quad_class,
    f.goldstein_scale,
    num_mentions::INTEGER AS num_mentions,
    num_sources::INTEGER AS num_sources,
    num_articles::INTEGER AS num_articles,
    NULL AS avg_tone,
    NULL AS actor1_geo_type,
    NULL AS actor1_geo_fullname,
    NULL AS actor1_geo_country_code,
    NULL AS actor1_geo_adm1_code,
    NULL AS actor1_geo_adm2_code,
    NULL AS actor1_geo_lat,
    NULL AS actor1_geo_long,
    NULL AS actor1_geo_feature_id,
    NULL AS actor2_geo_type,
    NULL AS actor2_geo_fullname,
    NULL AS actor2_geo_country_code,
    NULL AS actor2_geo_adm1_code,
    NULL AS actor2_geo_adm2_code,
    NULL AS actor2_geo_lat,
    NULL AS actor2_geo_long,
    NULL AS actor2_geo_feature_id,
    g.action_geo_type,
    g.action_geo_fullname,
    action_geo_country_code,
    NULL AS action_geo_adm1_code,
    NULL AS action_geo_adm2_code,
    g.action_geo_lat,
    g.action_geo_long,
    g.action_geo_feature_id,
    coalesce(date_added, event_date::TIMESTAMPTZ) AS date_added,
    article_url AS source_url,
    event_id,
    avg_confidence,
    g.action_geo_is_fallback,
    first_mention_id,
    coder_version
FROM grouped
"""

DAYS = [dt.date(2023, 5, 1) + dt.timedelta(days=i) for i in range(3)]
ACTORS = ["USAGOV", "RUSGOV", "UKRMIL", None]
CODES = ["040", "190", "036"]
PLACES: list[dict[str, Any]] = [
    {},  # fallback: the actor's country
    {"action_geo_country_code": "CHE", "action_geo_type": 4, "action_geo_fullname": "Geneva, Switzerland",
     "action_geo_lat": 46.2, "action_geo_long": 6.15, "action_geo_feature_id": "2660646",
     "action_geo_char_offset": 30, "action_geo_is_fallback": False},
    {"action_geo_country_code": "USA", "action_geo_type": 3, "action_geo_fullname": "Washington, United States",
     "action_geo_lat": 38.9, "action_geo_long": -77.04, "action_geo_feature_id": "4140963",
     "action_geo_char_offset": 12, "action_geo_is_fallback": False},
]


def _write(lake: Path, day: dt.date, rng: random.Random, name: str = "part-0") -> None:
    arts: list[dict[str, Any]] = []
    for i in range(30):
        aid = f"{name}-{day:%m%d}-{i}"
        over: dict[str, Any] = {"source_name": rng.choice(["o1", "o2", "o3", None])}
        over["published_at"] = (None if rng.random() < 0.2 else
                                dt.datetime.combine(day, dt.time(rng.randrange(3) * 6), dt.UTC))
        if i and rng.random() < 0.25:
            over["duplicate_of"] = arts[rng.randrange(len(arts))]["article_id"]
        if rng.random() < 0.2:
            over["url"] = None
        arts.append(article_row(aid, day, **over))
    ments: dict[str, dict[str, Any]] = {}
    for _ in range(240):
        art = rng.choice(arts)["article_id"]
        a1 = rng.choice(ACTORS[:3])
        place = dict(rng.choice(PLACES))
        if rng.random() < 0.1:  # no place at all: geography unknown
            place = {"action_geo_country_code": None, "action_geo_is_fallback": None}
        row = mention_row(art, day, rng.choice(CODES), a1, rng.choice(ACTORS), sentence_index=rng.randrange(4),
                          action_char_offset=rng.randrange(3) * 10, confidence=rng.choice([0.25, 0.5, 0.75, 1.0]),
                          is_negated=rng.random() < 0.05, is_hypothetical=rng.random() < 0.05,
                          coder_version=rng.choice(["c1", "c2"]), **place)
        ments[row["mention_id"]] = row
    write_day(lake, day, arts, list(ments.values()), name=name)


def _reference_matches(warehouse: Path) -> tuple[int, str]:
    """Build the reference events into a scratch copy of `events` and compare the two tables."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("CREATE TEMP TABLE load_days AS SELECT DISTINCT event_date AS day FROM event_mentions")
        con.execute("CREATE TEMP TABLE reference_events AS SELECT * FROM events LIMIT 0")
        con.execute(f"INSERT INTO reference_events BY NAME {REFERENCE_EVENTS_SQL}")
        ours, ref = table_checksum(con, "events"), table_checksum(con, "reference_events")
        missing = con.execute("SELECT count(*) FROM (SELECT * FROM reference_events EXCEPT ALL "
                              "SELECT * FROM events)").fetchone()
        extra = con.execute("SELECT count(*) FROM (SELECT * FROM events EXCEPT ALL "
                            "SELECT * FROM reference_events)").fetchone()
        multi = con.execute("SELECT count(*) FROM events WHERE num_mentions > 1 AND num_articles > 1 "
                            "AND NOT action_geo_is_fallback").fetchone()
    finally:
        con.close()
    assert missing == (0,) and extra == (0,), (missing, extra)
    assert ours == ref
    assert multi is not None and multi[0] >= 5, "fixture too easy: few multi-mention events with a named place"
    return ours


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("events_eq")
    rng = random.Random(20240601)
    for day in DAYS:
        _write(tmp / "lake", day, rng)
    with pytest.MonkeyPatch.context() as mp:  # several batches of days, as a large load would use
        mp.setattr(load, "EVENTS_BATCH_MENTIONS", 300)
        run_load(tmp / "lake", tmp / "w.duckdb", Config(), progress=False)
    return {"dir": tmp, "rng": rng}


def test_first_load_matches_reference(loaded: dict[str, Any]) -> None:
    rows, _ = _reference_matches(loaded["dir"] / "w.duckdb")
    assert rows > 100


def test_incremental_reload_matches_reference(loaded: dict[str, Any]) -> None:
    tmp = loaded["dir"]
    _write(tmp / "lake", DAYS[1], loaded["rng"], name="part-1")  # a second file for the middle day
    report = run_load(tmp / "lake", tmp / "w.duckdb", Config(), progress=False)
    assert report.events_days == 1
    _reference_matches(tmp / "w.duckdb")


def test_one_a_day_view_keys_are_unique_and_point_at_events(loaded: dict[str, Any]) -> None:
    con = duckdb.connect(str(loaded["dir"] / "w.duckdb"), read_only=True)
    try:
        dup_keys = con.execute("SELECT count(*) FROM (SELECT day, actor1_code, actor2_code, event_code FROM "
                               "events_one_a_day GROUP BY ALL HAVING count(*) > 1)").fetchone()
        dup_ids = con.execute("SELECT count(*) - count(DISTINCT global_event_id) FROM events_one_a_day").fetchone()
        orphans = con.execute("SELECT count(*) FROM events_one_a_day AS v WHERE NOT EXISTS "
                              "(SELECT 1 FROM events AS e WHERE e.global_event_id = v.global_event_id)").fetchone()
        merged = con.execute("SELECT sum(merged_events) - (SELECT count(*) FROM events), "
                             "count(*) < (SELECT count(*) FROM events) FROM events_one_a_day").fetchone()
    finally:
        con.close()
    assert dup_keys == (0,) and dup_ids == (0,) and orphans == (0,)
    assert merged == (0, True)  # every event merged exactly once, and some places did collapse


def test_day_batches_group_consecutive_days_up_to_the_budget() -> None:
    d = [dt.date(2024, 1, i) for i in range(1, 6)]
    counts = [(d[3], 10), (d[0], 40), (d[1], 50), (d[2], 120), (d[4], 0)]
    assert day_batches(counts, 100) == [[d[0], d[1]], [d[2]], [d[3], d[4]]]
    assert day_batches([], 100) == []
