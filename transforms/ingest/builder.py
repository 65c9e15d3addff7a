"""Turn a raw candidate into a clean `Article` or a `Rejected` with a reason.

Checks field types, size, normalises text and title, parses the date (UTC, flagged fallback),
detects the language, computes the canonical URL, text hash and article id. Pure: no I/O, no
de-duplication.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from transforms.ingest.dates import parse_published
from transforms.ingest.language import detect_language
from transforms.ingest.normalise import normalise_text, normalise_title
from transforms.ingest.records import Article, Candidate, Rejected
from transforms.ingest.settings import IngestSettings
from transforms.ingest.urls import canonical_url, derived_article_id, url_host

STRING_FIELDS = ("url", "title", "source", "language")
MAX_ID_CHARS = 512
#: Entries kept in the per-run memo of normalised source names and parsed dates (cleared when full).
MEMO_SIZE = 4096


def _language_code(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code or None


def _encodable(s: str) -> bool:
    if s.isascii():
        return True
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ArticleBuilder:
    """Builds articles for one run (the run time is the fallback publication time)."""

    def __init__(self, settings: IngestSettings, now: dt.datetime) -> None:
        self.settings = settings
        self.now = now
        self._sources: dict[str, str] = {}  # source names repeat: normalise each once
        self._dates: dict[str, tuple[dt.datetime, bool]] = {}  # so do publication times

    def _source(self, raw: str) -> str:
        clean = self._sources.get(raw)
        if clean is None:
            if len(self._sources) >= MEMO_SIZE:
                self._sources.clear()
            clean = self._sources[raw] = normalise_title(raw)
        return clean

    def _published(self, value: object) -> tuple[dt.datetime, bool]:
        if not isinstance(value, str):
            return parse_published(value, self.now)
        hit = self._dates.get(value)
        if hit is None:
            if len(self._dates) >= MEMO_SIZE:
                self._dates.clear()
            hit = self._dates[value] = parse_published(value, self.now)
        return hit

    def _reject(self, c: Candidate, reason: str, detail: str, language: str | None = None) -> Rejected:
        return Rejected(c.input_name, c.record_number, reason, detail, c.raw, language=language)

    def build(self, c: Candidate) -> Article | Rejected:
        f: dict[str, Any] = c.fields
        if "text" not in f or f["text"] is None:
            return self._reject(c, "missing_text", "the record has no `text`")
        text = f["text"]
        if not isinstance(text, str):
            return self._reject(c, "bad_field", f"`text` must be a string, got {type(text).__name__}")
        for name in STRING_FIELDS:
            v = f.get(name)
            if v is not None and not isinstance(v, str):
                return self._reject(c, "bad_field", f"`{name}` must be a string, got {type(v).__name__}")
        raw_id = f.get("id")
        if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
            return self._reject(c, "bad_field", f"`id` must be a string or integer, got {type(raw_id).__name__}")
        given_id = str(raw_id).strip() if raw_id is not None else ""
        for name, value in (("id", given_id), ("url", f.get("url")), ("source", f.get("source"))):
            if value and not _encodable(value):
                return self._reject(c, "bad_field", f"`{name}` contains an unpaired surrogate (\\ud8xx escape)")
        if len(given_id) > MAX_ID_CHARS:
            return self._reject(c, "bad_field", f"`id` is {len(given_id)} characters; at most {MAX_ID_CHARS}")
        published = f.get("published")
        if published is not None and (isinstance(published, bool)
                                      or not isinstance(published, (str, int, float))):
            return self._reject(c, "bad_field", f"`published` must be an ISO 8601 string, got "
                                f"{type(published).__name__}")
        if len(text) > self.settings.max_record_bytes:
            return self._reject(c, "text_too_large", f"text is {len(text):,} characters; the limit is "
                                f"max_record_bytes = {self.settings.max_record_bytes:,}")

        clean = normalise_text(text)
        if not clean:
            return self._reject(c, "empty_text", "`text` is empty after cleaning"
                                + (" (it was only whitespace, markup or boilerplate)" if text.strip() else ""))
        title = normalise_title(f["title"]) if f.get("title") else None
        language = self._language(clean, _language_code(f.get("language")))
        if language not in self.settings.languages:
            return self._reject(c, "unsupported_language",
                                f"language {language!r} is not in [ingest] languages "
                                f"{list(self.settings.languages)}", language=language)
        when, fallback = self._published(published)
        url = f["url"].strip() if f.get("url") else None
        canon = canonical_url(url)
        sha = hashlib.sha256(clean.encode("utf-8")).hexdigest()
        article_id = given_id or derived_article_id(canon, sha)
        source = self._source(f["source"]) if f.get("source") else None
        return Article(
            article_id=article_id, url=url or None, canonical_url=canon, title=title or None,
            published_at=when, date_is_fallback=fallback,
            source_name=source or c.source_name or url_host(canon),
            language=language, text=clean, text_sha256=sha,
            input_name=c.input_name, record_number=c.record_number)

    def _language(self, text: str, declared: str | None) -> str:
        s = self.settings
        det = detect_language(text, s.english_word_share)
        if det.language is not None and (det.method == "function_words"
                                         or det.confidence >= s.language_min_confidence):
            return det.language
        return declared or s.languages[0]
