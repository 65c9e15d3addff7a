"""The values that flow through ingestion: raw candidates, rejections, clean articles, reasons.

Adapters yield `Candidate` (a record to clean) or `Rejected` (quarantine it); the builder turns a
candidate into an `Article` or a `Rejected`. Pure data: no I/O, no parsing logic here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

#: Bytes of a raw record kept in quarantine (the schema promises at most 1 MiB). Every stored raw
#: record also carries its original length (`raw_size`) and the SHA-256 of all its bytes.
RAW_KEEP_BYTES = 1 << 20

#: Quarantine reason codes and what the user can do about each.
REASONS: dict[str, str] = {
    "malformed_json": "the line/element is not valid JSON; fix the producer or the file",
    "not_an_object": "a JSON record must be an object with a `text` field",
    "malformed_csv": "the CSV row does not match the header (field count) or cannot be parsed",
    "missing_text": "the record has no `text` field (CSV: no `text` column)",
    "empty_text": "`text` is empty or only whitespace/boilerplate after cleaning",
    "bad_field": "a field has the wrong type (fields are strings; `id` may be an integer), or an id/url/source/"
                 "language/published value holds an unpaired surrogate or a control character, or is too long",
    "invalid_utf8": "the bytes are not valid UTF-8; re-encode the input as UTF-8",
    "text_too_large": "the record is larger than [ingest] max_record_bytes",
    "unsupported_language": "the text is not in [ingest] languages (the detected language is recorded)",
    "unsupported_format": "the file type is not one ingestion reads (see docs for the list); only its name, "
                          "size and SHA-256 are recorded",
    "binary_file": "the file looks binary (NUL bytes) or is not text; only its name, size and SHA-256 are recorded",
    "unclosed_quote": "a quoted CSV field is not closed where it should be; the row is quarantined and the "
                      "lines after it are read again as rows; fix the quoting in the file",
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
    # skipped: never opened, recorded so that nothing disappears silently
    "skipped_fifo": "a named pipe (FIFO) in an input folder: not opened (it would block)",
    "skipped_socket": "a socket in an input folder: not opened",
    "skipped_device": "a device file in an input folder: not opened",
    "skipped_special": "neither a regular file nor a folder: not opened",
    "skipped_dangling_link": "a symbolic link whose target does not exist",
    "skipped_symlink_outside": "a symbolic link that leads out of the input folder (see [ingest] follow_symlinks)",
    "skipped_symlink": "a symbolic link, not followed because [ingest] follow_symlinks = \"never\"",
    "skipped_symlink_loop": "a symbolic link to a folder that is already being read (a loop or a second path)",
}

#: Reason codes of inputs that were skipped without being opened (they count as `skipped`).
SKIPPED_PREFIX = "skipped_"

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
    #: SHA-256 (hex) of the whole raw record; computed here when `raw` is the whole record, given
    #: by the adapter when it kept only a prefix (or, for binary/unsupported files, no bytes at all)
    raw_sha256: str | None = None

    def __post_init__(self) -> None:
        if self.raw is not None:
            if self.raw_size is None:
                self.raw_size = len(self.raw)
            if self.raw_sha256 is None and self.raw_size == len(self.raw):
                self.raw_sha256 = hashlib.sha256(self.raw).hexdigest()
            if len(self.raw) > RAW_KEEP_BYTES:
                self.raw = self.raw[:RAW_KEEP_BYTES]

    @property
    def skipped(self) -> bool:
        """True for an input that was skipped without being opened (FIFO, device, link ...)."""
        return self.reason.startswith(SKIPPED_PREFIX)

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
