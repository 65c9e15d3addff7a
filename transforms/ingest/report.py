"""The accounting of one ingest run: every record read is accepted, a duplicate, quarantined or skipped.

A plain dataclass with the counts per outcome and reason, a one-line `summary()` and the row
for the `ingest_runs` lake table (which has no `skipped` column yet: there, `quarantined`
includes the skipped inputs, which are quarantine rows with reason `skipped_<kind>`, so
records_read = accepted + duplicates + quarantined holds in the table too). No I/O.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa

from schemas.tables import INGEST_RUNS
from transforms.ingest.records import SKIPPED_PREFIX


@dataclass
class IngestReport:
    """Counts for one run. `reasons` holds quarantine reasons and duplicate kinds."""

    run_id: str
    started_at: dt.datetime
    inputs: list[str] = field(default_factory=list)
    finished_at: dt.datetime | None = None
    records_read: int = 0
    accepted: int = 0
    near_duplicates: int = 0
    duplicates: int = 0
    quarantined: int = 0
    #: inputs skipped without being opened (FIFOs, devices, links leaving the input root ...);
    #: stored as quarantine rows with reason `skipped_<kind>`
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        """True when every record read has exactly one outcome."""
        return self.records_read == self.accepted + self.duplicates + self.quarantined + self.skipped

    @property
    def seconds(self) -> float:
        end = self.finished_at or dt.datetime.now(dt.UTC)
        return max(0.0, (end - self.started_at).total_seconds())

    def summary(self) -> str:
        """One line: what was read and what became of it."""
        def detail(kinds: dict[str, int]) -> str:
            return " (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")" if kinds else ""

        dup_kinds = {k: v for k, v in self.reasons.items() if k.startswith("duplicate_")}
        skip_kinds = {k: v for k, v in self.reasons.items() if k.startswith(SKIPPED_PREFIX)}
        q_kinds = {k: v for k, v in self.reasons.items() if k not in dup_kinds and k not in skip_kinds}
        near = f" incl. {self.near_duplicates} near-duplicates" if self.near_duplicates else ""
        skipped = f", {self.skipped} skipped{detail(skip_kinds)}" if self.skipped or skip_kinds else ""
        return (f"ingest {self.run_id}: {self.records_read} records read: {self.accepted} accepted{near}, "
                f"{self.duplicates} duplicates{detail(dup_kinds)}, "
                f"{self.quarantined} quarantined{detail(q_kinds)}{skipped}")

    def to_table(self) -> pa.Table:
        """The `ingest_runs` row of this run."""
        finished = self.finished_at or dt.datetime.now(dt.UTC)
        counts = dict(sorted(self.reasons.items()))
        if self.near_duplicates:
            counts["near_duplicate"] = self.near_duplicates
        row = {
            "ingest_run_id": self.run_id,
            "started_at": self.started_at,
            "finished_at": finished,
            "inputs": json.dumps(self.inputs),
            "records_read": self.records_read,
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            # no `skipped` column yet: skipped inputs are quarantine rows (reason skipped_*), counted here
            "quarantined": self.quarantined + self.skipped,
            "reason_counts": json.dumps(counts, sort_keys=True),
            "run_date": self.started_at.date(),
        }
        return pa.Table.from_pylist([row], schema=INGEST_RUNS)
