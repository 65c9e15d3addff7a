"""The read-only snapshot of the warehouse that readers (BI server, notebooks) open.

Only the path convention lives here so far; publishing is added by the warehouse work.
"""

from __future__ import annotations

from pathlib import Path

from transforms.config import Config


def snapshot_path(warehouse: Path, config: Config | None = None) -> Path:
    """Where the snapshot of `warehouse` is published: `[warehouse] snapshot` in the config, else
    beside it (`warehouse.duckdb` -> `warehouse.snapshot.duckdb`)."""
    if config is not None:
        configured = config.section("warehouse").get("snapshot")
        if configured:
            return config.resolve(configured)
    return warehouse.with_name(f"{warehouse.stem}.snapshot{warehouse.suffix or '.duckdb'}")
