"""Fault injection for crash tests: kill the process at a named point of an ingest run.

`fault_point(name)` does nothing unless the environment variable `EVW_FAULT_POINT` names that
point: `EVW_FAULT_POINT=committed` kills the process the first time the point is reached,
`EVW_FAULT_POINT=article_file_staged:3` the third time. The process is killed with SIGKILL (no
clean-up handlers, no buffered writes flushed: what a power cut or the OOM killer does).
For tests only; costs one dictionary look-up per call otherwise. The points are listed in
`POINTS` (tests check that each one is reached).
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "EVW_FAULT_POINT"

#: Every named point, in the order a run reaches them.
POINTS = (
    "run_started",             # lock held, dead runs recovered, nothing written yet
    "spill_written",           # a scratch spill file of buffered articles written
    "article_file_staged",     # an articles file written to the run's staging folder
    "quarantine_file_staged",  # a quarantine file staged
    "fingerprints_staged",     # a part of the de-duplication fingerprints staged
    "ledger_staged",           # a part of the exact-duplicates ledger staged
    "file_tmp_written",        # a staged file written to its temporary name, not yet renamed (torn)
    "feed_state_staged",       # feeds.json staged
    "run_record_staged",       # the ingest_runs row staged: everything is staged
    "commit_marker_partial",   # half of the commit marker written to its temporary file
    "committed",               # the commit marker is durable; nothing published yet
    "file_published",          # one staged file moved into the lake
    "published",               # every file moved; the staging folder not yet removed
    "run_finished",            # staging folder removed; the run is about to return
)

_hits: Counter[str] = Counter()


def fault_point(name: str) -> None:
    """Kill this process here if `EVW_FAULT_POINT` asks for this point (and hit count)."""
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    point, _, count = wanted.partition(":")
    if point != name:
        return
    _hits[name] += 1
    if _hits[name] >= (int(count) if count.isdigit() else 1):
        os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)  # pragma: no cover - only where SIGKILL is not delivered at once
