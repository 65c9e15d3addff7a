"""Text normalisation for article text and titles: one canonical form for every input.

HTML entities decoded, control/format characters (zero-width, bidi controls) removed, Unicode NFC, whitespace collapsed,
paragraphs separated by one blank line, boilerplate paragraphs and leading datelines removed.
Pure functions on str; must never raise on any input string.
"""

from __future__ import annotations

import html
import operator
import re
import unicodedata
from collections.abc import Callable
from functools import cache

from transforms.ingest.datafiles import load_list
from transforms.ingest.leadchars import ascii_starts

#: Longest paragraph tested against the boilerplate patterns (furniture is short).
BOILERPLATE_MAX_CHARS = 300
#: Bidirectional control characters, removed like the zero-width ones: LRM/RLM, the ALM, the
#: embeddings and overrides (U+202A-U+202E) and the isolates (U+2066-U+2069).
BIDI_CONTROLS = (0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in range(0x20):
        table[cp] = None
    table[0x09] = " "
    table[0x0A] = "\n"
    table[0x0B] = "\n"
    table[0x0C] = "\n"
    table[0x0D] = "\n"
    table[0x7F] = None
    for cp in range(0x80, 0xA0):  # C1 controls
        table[cp] = None
    table[0x85] = "\n"
    for cp in range(0xD800, 0xE000):  # lone surrogates (from JSON "\ud800"): not encodable
        table[cp] = None
    for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xFFFE, 0xFFFF, 0xFFFC):
        table[cp] = None  # zero-width, BOM, soft hyphen, non-characters
    for cp in BIDI_CONTROLS:
        table[cp] = None  # invisible direction marks, embeddings, overrides and isolates
    for cp in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
        table[cp] = " "
    table[0x2028] = "\n"
    table[0x2029] = "\n\n"
    return table


_TABLE = _translation_table()
#: The ASCII characters the table changes: controls except "\n", and DEL.
_ASCII_CONTROLS = bytes(c for c in range(0x20) if c != 0x0A) + b"\x7f"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"\s+")
_SPACE_RUN = re.compile(" {2,}")
#: Line endings after which a line break is a paragraph break, not a soft wrap.
_SENTENCE_END = tuple('.!?:;"”’\')]»…')
#: A line break after a character that does not end a sentence (searched from the "\n", fast).
_SOFT_WRAP_CANDIDATE = re.compile(r'''\n(?<=[^.!?:;"”’')\]»…\n]\n)''')
#: A line without its leading and trailing spaces.
_strip_spaces = operator.methodcaller("strip", " ")


@cache
def _boilerplate() -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{p})" for p in load_list("boilerplate.txt"))
    return re.compile(alternatives, re.IGNORECASE)


#: fullmatch of a boilerplate regex (None: no boilerplate paragraph starts with that character)
Matcher = Callable[[str], "re.Match[str] | None"] | None


@cache
def _boilerplate_by_first() -> dict[str, Matcher]:
    """For each ASCII character, a fullmatch over only the boilerplate patterns whose matches can
    start with it (see leadchars; a pattern it cannot analyse is in every entry). A paragraph
    fullmatches the whole alternation exactly when it fullmatches one of its alternatives, so
    this gives the same answer as `_boilerplate().fullmatch`, trying 1-2 patterns instead of all.
    Paragraphs starting with a non-ASCII character use the whole pattern."""
    patterns = load_list("boilerplate.txt")
    starts = [ascii_starts(p, re.IGNORECASE) for p in patterns]
    compiled: dict[tuple[str, ...], Matcher] = {}
    table: dict[str, Matcher] = {}
    for ch in map(chr, range(128)):
        keep = tuple(p for p, st in zip(patterns, starts, strict=True) if st is None or ch in st)
        if keep not in compiled:
            compiled[keep] = (re.compile("|".join(f"(?:{p})" for p in keep), re.IGNORECASE).fullmatch
                              if keep else None)
        table[ch] = compiled[keep]
    return table


def _is_boilerplate(para: str) -> bool:
    """The whole (non-empty) paragraph matches a boilerplate pattern."""
    if len(para) > BOILERPLATE_MAX_CHARS:
        return False
    match = _boilerplate_by_first().get(para[0], _boilerplate().fullmatch)
    return match is not None and match(para) is not None


@cache
def _dateline() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load_list("datelines.txt")))


def clean_chars(s: str) -> str:
    """Decode entities, drop control/format characters, map odd spaces and line ends, NFC."""
    if "&" in s:
        s = html.unescape(s)
    if "\r" in s:
        s = s.replace("\r\n", "\n")
    # the table leaves ASCII without control characters (other than "\n") unchanged: skip it
    # (a bytes delete-translate finds them several times faster than str.isprintable)
    if not s.isascii() or len(s.encode("ascii").translate(None, _ASCII_CONTROLS)) != len(s):
        s = s.translate(_TABLE)
        if not s.isascii():
            s = unicodedata.normalize("NFC", s)
    return s


def normalise_title(s: str) -> str:
    """A title on one line: clean characters, collapse all whitespace."""
    if s.isascii() and s.isprintable() and "&" not in s and "  " not in s:
        return s.strip()  # nothing to clean: the only whitespace is single spaces
    return _SPACES.sub(" ", clean_chars(s)).strip()


def _paragraphs(block: str) -> list[str]:
    """Lines of a block without blank lines: a line break is a soft wrap (joined with a space) when
    the line before does not end a sentence and the next line starts in lower case; otherwise it
    starts a new paragraph (one-paragraph-a-line text, a headline above the body)."""
    if "\n" not in block:
        return [block]
    out: list[str] = []
    for line in block.split("\n"):
        line = line.strip(" ")
        if not line:
            continue
        if out and not out[-1].endswith(_SENTENCE_END) and line[0].islower():
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def normalise_text(s: str, *, strip_dateline: bool = True) -> str:
    """Article text: paragraphs separated by exactly one blank line; soft-wrapped lines joined."""
    s = clean_chars(s)
    if not _SOFT_WRAP_CANDIDATE.search(s):
        # Every line before a break is empty or ends a sentence, so no line is a soft wrap and the
        # paragraphs are exactly the non-blank lines (what the block-by-block path below gives).
        if "  " in s:
            s = _SPACE_RUN.sub(" ", s)
        # lines that are not blank, without their leading and trailing spaces, minus boilerplate
        first, full = _boilerplate_by_first(), _boilerplate().fullmatch  # _is_boilerplate, inlined
        out = [p for p in map(_strip_spaces, s.split("\n"))
               if p and (len(p) > BOILERPLATE_MAX_CHARS or (fm := first.get(p[0], full)) is None or not fm(p))]
    else:
        out = []
        for block in _PARAGRAPH_BREAK.split(s):
            for para in _paragraphs(block):
                # after clean_chars the only whitespace left is " " and "\n"
                if "  " in para:
                    para = _SPACE_RUN.sub(" ", para)
                para = para.strip(" ")
                if not para:
                    continue
                if _is_boilerplate(para):
                    continue
                out.append(para)
    if strip_dateline and out:
        m = _dateline().match(out[0])
        # a "dateline" that is the whole paragraph is a headline in capitals; keep it
        if m and out[0][m.end():].strip():
            out[0] = out[0][m.end():].strip()
    return "\n\n".join(out)


def lines_to_paragraphs(s: str) -> str:
    """Extracted page text has one paragraph a line; make each a paragraph."""
    return s.replace("\r\n", "\n").replace("\n", "\n\n")
