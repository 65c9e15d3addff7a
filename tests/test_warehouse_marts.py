"""Analyst marts: facts computed by hand from a small lake, plus the model files' headers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from schemas.codebook import lookup
from transforms.config import Config
from warehouse import models
from warehouse.load import run_load
from warehouse.synthetic import article_row, mention_row, write_day

MON, TUE, NEXT_MON = dt.date(2024, 3, 4), dt.date(2024, 3, 5), dt.date(2024, 3, 11)


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    tmp = tmp_path_factory.mktemp("marts")
    lake = tmp / "lake"
    # Monday: USA->RUS consult mentioned 3 times (3 articles), USA->RUS attack mentioned once
    write_day(lake, MON, [article_row(f"m{i}", MON) for i in range(3)], [
        mention_row("m0", MON, "040", "USAGOV", "RUSGOV"),
        mention_row("m1", MON, "040", "USAGOV", "RUSGOV"),
        mention_row("m2", MON, "040", "USAGOV", "RUSGOV"),
        mention_row("m2", MON, "190", "USAMIL", "RUSMIL", sentence_index=4),
        mention_row("m1", MON, "036", "FRAGOV", None, sentence_index=2),  # no target: not a dyad
    ])
    # Tuesday: RUS->UKR threat twice in one article, USA->RUS aid once
    write_day(lake, TUE, [article_row(f"t{i}", TUE) for i in range(2)], [
        mention_row("t0", TUE, "130", "RUSGOV", "UKRGOV", sentence_index=1),
        mention_row("t0", TUE, "130", "RUSGOV", "UKRGOV", sentence_index=2),
        mention_row("t1", TUE, "070", "USAGOV", "RUSGOV"),
    ])
    write_day(lake, NEXT_MON, [article_row("n0", NEXT_MON)], [mention_row("n0", NEXT_MON, "040", "USAGOV", "RUSGOV")])
    run_load(lake, tmp / "w.duckdb", Config(), progress=False)
    c = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    yield c
    c.close()


def g(code: str) -> float:
    return lookup(code).goldstein


def test_daily_dyad_counts(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute("SELECT events, verbal_coop_events, material_coop_events, verbal_conflict_events, "
                      "material_conflict_events, mentions, goldstein_weighted_mean FROM daily_dyad_counts "
                      "WHERE day = ? AND actor1_country_code = 'USA' AND actor2_country_code = 'RUS'",
                      [MON]).fetchone()
    assert row is not None
    assert row[:6] == (2, 1, 0, 0, 1, 4)
    assert row[6] == pytest.approx((3 * g("040") + 1 * g("190")) / 4, abs=1e-5)
    # the actor without a target is not part of any dyad
    assert con.execute("SELECT count(*) FROM daily_dyad_counts WHERE actor1_country_code = 'FRA'").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM daily_dyad_counts").fetchone() == (4,)


def test_country_quad_daily_counts_both_sides(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT country_code, quad_class, events_as_actor1, events_as_actor2, mentions "
                       "FROM country_quad_daily WHERE day = ? ORDER BY 1, 2", [TUE]).fetchall()
    assert rows == [("RUS", 2, 0, 1, 1), ("RUS", 3, 1, 0, 2), ("UKR", 3, 0, 1, 2), ("USA", 2, 1, 0, 1)]


def test_monthly_dyad_goldstein(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute("SELECT events, mentions, goldstein_weighted_mean, goldstein_min, goldstein_max "
                      "FROM monthly_dyad_goldstein WHERE month = DATE '2024-03-01' "
                      "AND actor1_country_code = 'USA' AND actor2_country_code = 'RUS'").fetchone()
    assert row is not None
    assert row[:2] == (4, 6)
    assert row[2] == pytest.approx((4 * g("040") + g("190") + g("070")) / 6, abs=1e-5)
    assert (row[3], row[4]) == pytest.approx((g("190"), g("070")))


def test_top_dyads_ranked_by_mentions(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT dyad_rank, actor1_country_code, actor2_country_code, events, mentions, "
                       "cooperation_share, first_day, last_day FROM top_dyads ORDER BY dyad_rank").fetchall()
    assert rows[0][:5] == (1, "USA", "RUS", 4, 6)
    assert rows[0][5] == pytest.approx(3 / 4)
    assert rows[0][6:] == (MON, NEXT_MON)
    assert rows[1][:5] == (2, "RUS", "UKR", 1, 2)


def test_event_type_trends_weekly_shares(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT week, event_root_code, event_root_name, events, share_of_week_events "
                       "FROM event_type_trends ORDER BY 1, 2").fetchall()
    week1 = [r for r in rows if r[0] == MON]
    assert [r[1] for r in week1] == ["03", "04", "07", "13", "19"]
    assert sum(r[3] for r in week1) == 5  # one event per dyad, code and day
    assert week1[1][2] == lookup("04").name and week1[1][4] == pytest.approx(1 / 5)
    assert [r[:2] for r in rows if r[0] == NEXT_MON] == [(NEXT_MON, "04")]


def test_actor_activity(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute("SELECT events_as_actor1, events_as_actor2, mentions, first_day, last_day FROM actor_activity "
                      "WHERE actor_code = 'RUSGOV' AND month = DATE '2024-03-01'").fetchone()
    # RUSGOV: target of the Monday consult, the Tuesday aid and next Monday's consult; source of the threat
    assert row == (1, 3, 2 + 3 + 1 + 1, MON, NEXT_MON)


def test_every_model_states_its_grain() -> None:
    names = {m.name for m in models.marts()}
    assert names == {"daily_dyad_counts", "country_quad_daily", "monthly_dyad_goldstein", "top_dyads",
                     "event_type_trends", "actor_activity", "events_one_a_day"}
    for m in models.all_models():
        assert m.grain.startswith("one row per"), m.path


def test_model_file_without_header_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "nameless.sql"
    bad.write_text("SELECT 1\n")
    with pytest.raises(models.ModelError, match="lacks `-- materialized"):
        models.read_model(bad, "marts")
