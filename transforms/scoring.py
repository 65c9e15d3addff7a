"""Precision, recall and F1 from true/false positive and false negative counts, and the event
comparison levels (root or full code, country or country+agent dyad).

Shared by the actor and event evaluations; pure arithmetic, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: (source, target, code) as compared at one level
Key = tuple[str | None, str | None, str]
KeyFn = Callable[[str | None, str | None, str], Key]


def country_part(code: str | None) -> str | None:
    """The first code block: country, region or international class (`USAGOV` -> USA)."""
    return code[:3] if code else None


def agent_part(code: str | None) -> str | None:
    """Country and first agent (`USAGOVMIL` -> USAGOV)."""
    return code[:6] if code else None


#: event comparison levels, the first one the headline figure
LEVELS: dict[str, KeyFn] = {
    "root + dyad (country)": lambda s, t, c: (country_part(s), country_part(t), c[:2]),
    "root + dyad (country+agent)": lambda s, t, c: (agent_part(s), agent_part(t), c[:2]),
    "full code + dyad (country)": lambda s, t, c: (country_part(s), country_part(t), c),
    "full code + dyad (country+agent)": lambda s, t, c: (agent_part(s), agent_part(t), c),
}


@dataclass
class Counts:
    """Match counts at one level of an evaluation."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
