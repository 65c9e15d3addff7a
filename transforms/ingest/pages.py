"""HTML pages: decode bytes to text honestly and extract the main article text with trafilatura.

Charset from the HTTP header, else from `<meta charset>`, else UTF-8; when the declared charset
does not decode (e.g. Latin-1 served as UTF-8) we fall back to Windows-1252 and say so.
No network here; must not raise on any bytes.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from transforms.ingest.normalise import lines_to_paragraphs

#: Extracted text shorter than this is not an article (menus, error pages, cookie walls).
MIN_PAGE_TEXT_CHARS = 80
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)

# trafilatura logs every page it cannot parse at WARNING; our quarantine already says so.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    charset: str
    fallback: bool  # True when the declared/assumed charset failed and cp1252 was used


@dataclass(frozen=True, slots=True)
class PageContent:
    text: str
    title: str | None
    published: str | None
    url: str | None


def _valid_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML (or text) body; never raises."""
    declared = None
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        declared = _valid_codec(m.group(1)) if m else None
    if declared is None:
        m2 = _META_CHARSET.search(body[:4096])
        declared = _valid_codec(m2.group(1).decode("ascii", "replace")) if m2 else None
    if body.startswith(codecs.BOM_UTF8):
        declared, body = "utf-8", body[len(codecs.BOM_UTF8):]
    charset = declared or "utf-8"
    try:
        return Decoded(body.decode(charset), charset, False)
    except (UnicodeDecodeError, LookupError):
        pass
    if charset != "utf-8":
        try:
            return Decoded(body.decode("utf-8"), "utf-8", True)
        except UnicodeDecodeError:
            pass
    return Decoded(body.decode("cp1252", errors="replace"), "cp1252", True)


def extract_page(html: str, url: str | None = None) -> PageContent | None:
    """Main text, title and date of an article page; None when no main text is found."""
    import trafilatura  # heavy (lxml, courlan ...): imported when a page is first extracted

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception:  # trafilatura/lxml raise assorted errors on hostile markup
        return None
    if doc is None:
        return None
    text = getattr(doc, "text", None) or ""
    title = getattr(doc, "title", None) or None
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title.strip():
        lines = lines[1:]  # the headline is repeated as the first line of the body
    body = lines_to_paragraphs("\n".join(lines)).strip()
    if len(body) < MIN_PAGE_TEXT_CHARS:  # navigation crumbs, cookie walls, "Home"
        return None
    date = getattr(doc, "date", None) or None
    page_url = getattr(doc, "url", None) or url
    return PageContent(body, title, date, page_url)
