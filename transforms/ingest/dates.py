"""Publication dates: parse the common formats and normalise to an aware UTC datetime.

ISO 8601 first (fast), then RFC 2822 (feeds, HTTP), then a cautious free-form parse. Anything
unusable -- unparsable, the epoch-zero placeholder `0`, or outside the accepted range that
`schemas.dates` defines for every stage (1945-01-01 .. two days ahead) -- gives the fallback time,
flagged. Pure; never raises.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math

from dateutil import parser as du_parser

from schemas.dates import EARLIEST, MAX_FUTURE, is_accepted

UTC = dt.UTC
__all__ = ["EARLIEST", "MAX_FUTURE", "parse_published"]


def _aware(d: dt.datetime) -> dt.datetime:
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)


def _parse(value: object) -> dt.datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value == 0:  # 0 is the usual "no date" placeholder, not 1970
            return None
        try:
            return dt.datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 100:
        return None
    try:
        return _aware(dt.datetime.fromisoformat(s))
    except ValueError:
        pass
    try:
        return _aware(email.utils.parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    if sum(c.isdigit() for c in s) < 4:  # "3" or "May" alone is not a publication date
        return None
    try:
        return _aware(du_parser.parse(s, fuzzy=False))
    except (ValueError, OverflowError, TypeError, du_parser.ParserError):
        return None


def parse_published(value: object, fallback: dt.datetime) -> tuple[dt.datetime, bool]:
    """(UTC datetime, is_fallback): the parsed value, or `fallback` when absent/unusable."""
    try:
        parsed = _parse(value)
    except Exception:  # dateutil has raised odd errors on odd input; never let a date kill a record
        parsed = None
    if parsed is None or not is_accepted(parsed, _aware(fallback)):
        return _aware(fallback), True
    return parsed, False
