"""Ingestion: read articles from files, feeds and pages; clean, de-duplicate, account, write the lake.

Public entry point: `run_ingest` (used by `evw ingest`, `evw run` and the DAGs). Submodules each
hold one step; see docs/ingest.md for the sources config, accounting and dedup thresholds.
"""

from transforms.ingest.report import IngestReport
from transforms.ingest.run import run_ingest
from transforms.ingest.settings import HttpSettings, IngestSettings, SourceSpec, ingest_settings

__all__ = ["HttpSettings", "IngestReport", "IngestSettings", "SourceSpec", "ingest_settings", "run_ingest"]
