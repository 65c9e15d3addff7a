"""Single-document files (.txt, .md, .html), each file one article (folders: `files.Walker`).

.txt: first line is the title, the rest the text. .md: a leading `# heading` (or first line) is the
title, markdown markup is reduced to plain text. .html: main text by trafilatura. Never raises.
"""

from __future__ import annotations

import re

from transforms.ingest.pages import decode_html, extract_page
from transforms.ingest.records import Candidate, Rejected

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_QUOTE_LIST = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)", re.MULTILINE)
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", re.MULTILINE)


def markdown_to_text(md: str) -> str:
    """Plain text from common markdown (headings, emphasis, links, images, lists, quotes)."""
    s = _MD_IMAGE.sub("", md)
    s = _MD_LINK.sub(r"\1", s)
    s = _MD_RULE.sub("", s)
    s = _MD_HEADING.sub("", s)
    s = _MD_QUOTE_LIST.sub("", s)
    return _MD_EMPH.sub(r"\2", s)


def _title_and_body(text: str) -> tuple[str, str]:
    lines = text.lstrip("\ufeff").lstrip("\r\n").split("\n", 1)
    return lines[0].strip(), (lines[1] if len(lines) > 1 else "")


def document_record(data: bytes, kind: str, input_name: str,
                    source_name: str | None) -> Candidate | Rejected:
    """One article from the bytes of a .txt / .md / .html file."""
    if kind == "html":
        decoded = decode_html(data)
        page = extract_page(decoded.text)
        if page is None:
            return Rejected(input_name, 1, "no_main_text", "no article text found in the HTML", data)
        fields: dict[str, object] = {"text": page.text, "title": page.title, "published": page.published,
                                     "url": page.url}
        return Candidate(input_name, 1, fields, data, source_name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(input_name, 1, "invalid_utf8",
                        f"invalid UTF-8 at byte {exc.start}; save the file as UTF-8", data)
    if kind == "md":
        lines = text.lstrip("\ufeff").lstrip("\r\n").split("\n", 1)
        title = _MD_HEADING.sub("", lines[0]).strip()
        body = markdown_to_text(lines[1] if len(lines) > 1 else "")
    else:
        title, body = _title_and_body(text)
    return Candidate(input_name, 1, {"text": body, "title": title or None}, data, source_name)
