"""Turn a raw candidate into a clean `Article` or a `Rejected` with a reason.

Checks every field through the one sanitiser (`sanitise.check_fields`: types, lone surrogates,
control characters, sizes), normalises text and title, parses the date (UTC, flagged fallback),
detects the language, computes the canonical URL, text hash and article id. Pure: no I/O, no
de-duplication.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from transforms.ingest.dates import parse_published
from transforms.ingest.language import detect_language
from transforms.ingest.normalise import normalise_text, normalise_title
from transforms.ingest.records import Article, Candidate, Rejected
from transforms.ingest.sanitise import FieldProblem, check_fields, trim_title
from transforms.ingest.settings import IngestSettings
from transforms.ingest.urls import canonical_url, derived_article_id, url_host

#: Entries kept in the per-run memo of normalised source names and parsed dates (cleared when full).
MEMO_SIZE = 4096


def _language_code(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code or None


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
        checked = check_fields(c.fields)  # the one sanitiser: types, surrogates, controls, sizes
        if isinstance(checked, FieldProblem):
            return self._reject(c, checked.reason, checked.detail)
        text = checked.text
        if len(text) > self.settings.max_record_bytes:
            return self._reject(c, "text_too_large", f"text is {len(text):,} characters; the limit is "
                                f"max_record_bytes = {self.settings.max_record_bytes:,}")

        clean = normalise_text(text)
        if not clean:
            return self._reject(c, "empty_text", "`text` is empty after cleaning"
                                + (" (it was only whitespace, markup or boilerplate)" if text.strip() else ""))
        title = trim_title(normalise_title(checked.title)) if checked.title else None
        language = self._language(clean, _language_code(checked.language))
        if language not in self.settings.languages:
            return self._reject(c, "unsupported_language",
                                f"language {language!r} is not in [ingest] languages "
                                f"{list(self.settings.languages)}", language=language)
        when, fallback = self._published(checked.published)
        url = checked.url
        canon = canonical_url(url)
        sha = hashlib.sha256(clean.encode("utf-8")).hexdigest()
        article_id = checked.id or derived_article_id(canon, sha)
        source = self._source(checked.source) if checked.source else None
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
