"""Precision, recall and F1 from true/false positive and false negative counts.

Shared by the actor and event evaluations; pure arithmetic, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass


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
