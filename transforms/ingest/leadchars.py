"""Which ASCII characters can begin a match of a regular expression: a sound pre-filter.

`ascii_starts(pattern, flags)` looks at the parsed pattern (the standard library's own parser)
and returns the set of ASCII characters a match can start with, or None when it cannot tell
(anchors, classes with categories or negation, optional first items, scoped flags ...). It only
ever over-approximates: a string whose first character is ASCII and not in the set cannot
match, so the caller may skip the regex for it; for any other string the caller must run it.
Case-insensitive folding is decided by the regex engine itself, never re-implemented here.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The parser is a private standard-library module without type stubs; imported dynamically.
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

#: Character ranges in a class larger than this make the answer "unknown" (keeps it cheap).
MAX_RANGE = 256


def _class_points(items: Any) -> set[int] | None:
    points: set[int] = set()
    for op, av in items:
        if op is _c.LITERAL:
            points.add(av)
        elif op is _c.RANGE and av[1] - av[0] <= MAX_RANGE:
            points.update(range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, huge ranges ...
            return None
    return points


def _first_points(seq: Any) -> set[int] | None:
    """Code points the first item of a parsed sequence starts with; None if unknown or if the
    first item can match the empty string (then a later item could come first)."""
    if not len(seq):
        return None
    op, av = seq[0]
    if op is _c.LITERAL:
        return {av}
    if op is _c.IN:
        return _class_points(av)
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _first_points(sub)
    if op is _c.BRANCH:
        points: set[int] = set()
        for alt in av[1]:
            got = _first_points(alt)
            if got is None:
                return None
            points |= got
        return points
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _first_points(sub) if low >= 1 else None
    return None


def ascii_starts(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """ASCII characters a match of `pattern` (compiled with `flags`) can start with, or None."""
    try:
        parsed = _parser.parse(pattern, flags)
    except Exception:  # an unknown parser shape only disables the pre-filter
        return None
    if parsed.state.flags & ~(flags | re.UNICODE):  # global inline flags: do not guess
        return None
    try:
        points = _first_points(parsed)
    except Exception:  # a parse tree shape this code does not know: no pre-filter
        return None
    if points is None:
        return None
    # let the engine decide which ASCII characters each possible first character matches
    # (this covers case-insensitive folding such as the Kelvin sign and "k")
    out: set[str] = set()
    for cp in points:
        one = re.compile(re.escape(chr(cp)), flags)
        out.update(ch for ch in map(chr, range(128)) if one.fullmatch(ch))
    return frozenset(out)
