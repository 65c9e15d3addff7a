"""The values that flow through ingestion: raw candidates, rejections, clean articles, reasons.

Adapters yield `Candidate` (a record to clean) or `Rejected` (quarantine it); the builder turns a
candidate into an `Article` or a `Rejected`. Pure data: no I/O, no parsing logic here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

#: Bytes of a raw record kept in quarantine (the schema promises at most 1 MiB).
RAW_KEEP_BYTES = 1 << 20

#: Quarantine reason codes and what the user can do about each.
REASONS: dict[str, str] = {
    "malformed_json": "the line/element is not valid JSON; fix the producer or the file",
    "not_an_object": "a JSON record must be an object with a `text` field",
    "malformed_csv": "the CSV row does not match the header (field count) or cannot be parsed",
    "missing_text": "the record has no `text` field (CSV: no `text` column)",
    "empty_text": "`text` is empty or only whitespace/boilerplate after cleaning",
    "bad_field": "a field has the wrong type (fields are strings; `id` may be an integer)",
    "invalid_utf8": "the bytes are not valid UTF-8; re-encode the input as UTF-8",
    "text_too_large": "the record is larger than [ingest] max_record_bytes",
    "unsupported_language": "the text is not in [ingest] languages (the detected language is recorded)",
    "unsupported_format": "the file type is not one ingestion reads (see docs for the list)",
    "input_not_found": "the path, glob or source does not exist",
    "unreadable_input": "the file could not be read (permissions, corrupt gzip, I/O error)",
    "bad_url": "not an absolute http(s) URL",
    "unsupported_scheme": "only http and https URLs are fetched",
    "blocked_address": "the URL resolves to a private/loopback address (see allow_addresses)",
    "dns_error": "the host name does not resolve",
    "http_error": "the server answered with an error status",
    "connect_failed": "could not connect (after retries)",
    "timeout": "the server did not answer or finish in time",
    "response_too_large": "the response is larger than [ingest] max_response_bytes",
    "redirect_loop": "the URL redirects back to itself",
    "too_many_redirects": "more redirects than [ingest] max_redirects",
    "robots_disallowed": "the site's robots.txt disallows this page for our User-Agent",
    "robots_unreachable": "the site's robots.txt could not be read (5xx, time-out): skipped this run",
    "feed_parse_error": "the feed is not well-formed RSS/Atom and no entries could be read",
    "no_main_text": "no article text could be extracted from the page",
    "internal_error": "a bug in ingestion; please report it with the quarantined record",
}

#: Ways a record can duplicate an earlier one (exact duplicates are not stored again).
DUPLICATE_KINDS = ("duplicate_id", "duplicate_url", "duplicate_text")


@dataclass(slots=True)
class Candidate:
    """A record read from an input, not yet cleaned. `fields` holds contract fields as read."""

    input_name: str
    record_number: int | None
    fields: dict[str, Any]
    raw: bytes
    source_name: str | None = None  # configured outlet name, used when the record has none

    def __reduce__(self) -> tuple[type[Candidate], tuple[Any, ...]]:
        # positional fields: pickles (worker processes) in a fraction of the default slots path
        return Candidate, _CANDIDATE_FIELDS(self)


@dataclass(slots=True)
class Rejected:
    """A record (or a whole input) that goes to quarantine."""

    input_name: str
    record_number: int | None
    reason: str
    detail: str
    raw: bytes | None = None
    raw_size: int | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        if self.raw is not None:
            if self.raw_size is None:
                self.raw_size = len(self.raw)
            if len(self.raw) > RAW_KEEP_BYTES:
                self.raw = self.raw[:RAW_KEEP_BYTES]

    def __reduce__(self) -> tuple[type[Rejected], tuple[Any, ...]]:
        # positional fields: pickles (worker processes) in a fraction of the default slots path
        return Rejected, _REJECTED_FIELDS(self)


@dataclass(slots=True)
class Article:
    """A clean article ready for de-duplication and the lake (columns of `articles`)."""

    article_id: str
    url: str | None
    canonical_url: str | None
    title: str | None
    published_at: dt.datetime
    date_is_fallback: bool
    source_name: str | None
    language: str
    text: str
    text_sha256: str
    input_name: str = ""
    record_number: int | None = None
    duplicate_of: str | None = None

    def __reduce__(self) -> tuple[type[Article], tuple[Any, ...]]:
        # positional fields: pickles (worker processes) in a fraction of the default slots path
        return Article, _ARTICLE_FIELDS(self)


@dataclass(slots=True)
class Duplicate:
    """An exact duplicate of an article already taken: not stored again, but accounted."""

    input_name: str
    record_number: int | None
    article_id: str
    duplicate_of: str
    kind: str  # one of DUPLICATE_KINDS

    def __reduce__(self) -> tuple[type[Duplicate], tuple[Any, ...]]:
        # positional fields: pickles (worker processes) in a fraction of the default slots path
        return Duplicate, _DUPLICATE_FIELDS(self)


_CANDIDATE_FIELDS = attrgetter(*(f.name for f in fields(Candidate)))
_REJECTED_FIELDS = attrgetter(*(f.name for f in fields(Rejected)))
_ARTICLE_FIELDS = attrgetter(*(f.name for f in fields(Article)))
_DUPLICATE_FIELDS = attrgetter(*(f.name for f in fields(Duplicate)))
