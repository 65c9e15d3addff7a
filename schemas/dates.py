"""The accepted range of publication and event dates: the one rule every stage applies.

Ingest (`transforms.ingest.dates`) replaces a date outside this range by the run time (flagged
`date_is_fallback`), and the warehouse data tests (`warehouse/sql/tests.yaml`, placeholders
`{earliest_date}` / `{latest_date}`) check `articles.published_date` and
`event_mentions.event_date` against the same range, so a record one stage accepts is never
rejected by a later one for its date. Pure: no I/O.

Event data goes back to 1945 (PETRARCH's test records are dated in the 1950s to 1990s); years
before that in news input are typos (`0201`, `1800`) or placeholders. Dates more than two days
ahead of the clock are not believable (time-zone slack is a day).
"""

from __future__ import annotations

import datetime as dt

#: The earliest accepted date (UTC).
EARLIEST_DATE = dt.date(1945, 1, 1)
EARLIEST = dt.datetime.combine(EARLIEST_DATE, dt.time(), dt.UTC)
#: How far ahead of the clock (ingest: the run time; load: today in UTC) a date may be.
MAX_FUTURE = dt.timedelta(days=2)


def latest(now: dt.datetime) -> dt.datetime:
    """The latest accepted instant at clock time `now` (an aware datetime)."""
    return now.astimezone(dt.UTC) + MAX_FUTURE


def latest_date(today: dt.date | None = None) -> dt.date:
    """The latest accepted UTC date when the UTC date is `today` (default: now)."""
    return (today or dt.datetime.now(dt.UTC).date()) + MAX_FUTURE


def is_accepted(when: dt.datetime, now: dt.datetime) -> bool:
    """True when the aware datetime `when` is a believable publication time at clock time `now`."""
    return EARLIEST <= when <= latest(now)


def is_accepted_date(day: dt.date, today: dt.date | None = None) -> bool:
    """True when the UTC date `day` is within the accepted range (what the warehouse tests check)."""
    return EARLIEST_DATE <= day <= latest_date(today)


def sql_bounds(today: dt.date | None = None) -> dict[str, str]:
    """The range as DuckDB date literals, keyed by the tests.yaml placeholder names."""
    return {"earliest_date": f"DATE '{EARLIEST_DATE.isoformat()}'",
            "latest_date": f"DATE '{latest_date(today).isoformat()}'"}
