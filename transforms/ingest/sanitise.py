"""The one sanitiser every field of every input record goes through, and safe strings for the lake.

`check_fields` takes the contract fields of a `Candidate` as any adapter read them (JSON Lines,
JSON, CSV, .txt/.md/.html documents, feed entries and fetched pages) and either returns them typed
and checked (`Fields`) or says why the record cannot be used (`FieldProblem`: a reason code and a
clear detail). The policy, field by field:

- `text`, `title` (free text): any characters; cleaning (`normalise.py`) removes control, format,
  zero-width and bidi characters and lone surrogates, i.e. they are *repaired*. `text` must be a
  string (else `bad_field`), `title` a string or absent; a title longer than `MAX_TITLE_CHARS`
  after cleaning is cut at a word boundary and ends with "…" (`trim_title`).
- `id`, `url`, `source`, `language` (identifiers and metadata): must be strings (`id` may be an
  integer). They are stripped of surrounding whitespace and are *not repaired*: a lone surrogate
  (e.g. a JSON `\\ud800` escape), NUL or any other control character other than whitespace, or a
  value longer than its limit in `LIMITS`, sends the record to quarantine as `bad_field`, naming
  the field.
- `published`: a string or a number (epoch seconds), else `bad_field`. A string with such
  characters or over its limit is an unusable date, like any unparsable one: it is dropped and
  the run time is used (`date_is_fallback`), as the input contract says.

`storable` makes any other string (file names with undecodable bytes, details) encodable as UTF-8
before it is written. Pure; never raises; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Longest value (characters) of each identifier field; longer values are `bad_field`.
LIMITS = {"id": 512, "url": 8192, "source": 512, "language": 64, "published": 256}
#: Longest title kept (characters, after cleaning); longer titles are cut (see `trim_title`).
MAX_TITLE_CHARS = 1000
#: Integer ids up to this many bits (about 512 decimal digits) are turned into strings.
_MAX_INT_ID_BITS = 1700
#: Characters an identifier may not contain: lone surrogates, and C0/C1 controls except whitespace.
_BAD_IDENTIFIER_CHAR = re.compile("[\ud800-\udfff\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


@dataclass(frozen=True, slots=True)
class Fields:
    """The contract fields of one record, checked: strings stripped, `id` "" when absent."""

    text: str
    title: str | None
    id: str
    url: str | None
    source: str | None
    language: str | None
    published: str | int | float | None


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """Why a record cannot be used: a quarantine reason code and a human-readable detail."""

    reason: str
    detail: str


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _identifier(name: str, value: str) -> str | FieldProblem:
    """A stripped identifier, or the problem with it."""
    value = value.strip()
    limit = LIMITS[name]
    if len(value) > limit:
        return FieldProblem("bad_field", f"`{name}` is {len(value):,} characters; at most {limit:,}")
    m = _BAD_IDENTIFIER_CHAR.search(value)
    if m is not None:
        ch = m.group()
        what = ("an unpaired surrogate (\\ud8xx/\\udcxx escape)" if "\ud800" <= ch <= "\udfff"
                else f"the control character U+{ord(ch):04X}")
        return FieldProblem("bad_field", f"`{name}` contains {what} at position {m.start()}")
    return value


def check_fields(f: Mapping[str, Any]) -> Fields | FieldProblem:
    """Check every contract field of a record read by any adapter (see the module docstring)."""
    text = f.get("text")
    if text is None:
        return FieldProblem("missing_text", "the record has no `text`")
    if not isinstance(text, str):
        return FieldProblem("bad_field", f"`text` must be a string, got {_type_name(text)}")
    title = f.get("title")
    if title is not None and not isinstance(title, str):
        return FieldProblem("bad_field", f"`title` must be a string, got {_type_name(title)}")

    raw_id = f.get("id")
    given_id = ""
    if raw_id is not None:
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            return FieldProblem("bad_field", f"`id` must be a string or integer, got {_type_name(raw_id)}")
        if isinstance(raw_id, int):
            if raw_id.bit_length() > _MAX_INT_ID_BITS:
                return FieldProblem("bad_field", f"`id` is an integer of {raw_id.bit_length():,} bits; "
                                    f"at most {LIMITS['id']} characters")
            raw_id = str(raw_id)
        checked = _identifier("id", raw_id)
        if isinstance(checked, FieldProblem):
            return checked
        given_id = checked

    values: dict[str, str | None] = {}
    for name in ("url", "source", "language"):
        v = f.get(name)
        if v is None:
            values[name] = None
            continue
        if not isinstance(v, str):
            return FieldProblem("bad_field", f"`{name}` must be a string, got {_type_name(v)}")
        checked = _identifier(name, v)
        if isinstance(checked, FieldProblem):
            return checked
        values[name] = checked or None

    published = f.get("published")
    if published is not None:
        if isinstance(published, bool) or not isinstance(published, (str, int, float)):
            return FieldProblem("bad_field", "`published` must be an ISO 8601 string (or epoch seconds), "
                                f"got {_type_name(published)}")
        if isinstance(published, str):
            checked = _identifier("published", published)
            published = None if isinstance(checked, FieldProblem) else checked or None  # unusable: fallback
    return Fields(text=text, title=title, id=given_id, url=values["url"], source=values["source"],
                  language=values["language"], published=published)


def trim_title(title: str) -> str:
    """A cleaned title of at most `MAX_TITLE_CHARS` characters: cut at the last space, plus "…"."""
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title[:MAX_TITLE_CHARS - 1]
    space = cut.rfind(" ")
    if space > MAX_TITLE_CHARS // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def storable(s: str) -> str:
    """`s` made encodable as UTF-8: lone surrogates (from undecodable file names, `surrogateescape`,
    or JSON escapes) become backslash escapes; everything else is unchanged."""
    if s.isascii():
        return s
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return s.encode("utf-8", "backslashreplace").decode("utf-8")
    return s

