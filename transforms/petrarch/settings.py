"""`[coder.petrarch]` of evw.toml: which PETRARCH dictionaries to code with, turned into the
`[coder.actors]` / `[coder.events]` settings of our components (converted files in the cache).

    [coder.petrarch]
    verbs = ["dicts/CAMEO.2.0.txt"]
    actors = ["dicts/Phoenix.Countries.actors.txt"]
    agents = ["dicts/Phoenix.agents.txt"]
    discards = ["dicts/Phoenix.discards.txt"]
    replace = false        # true: these dictionaries alone (our patterns and discards off)
    # cache_dir = "..."    # where converted files go (default ~/.cache/evw/petrarch)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from transforms.petrarch.build import Built, Inputs, build_cached, summary_lines

LIST_KEYS = ("verbs", "actors", "agents", "discards")
KEYS = (*LIST_KEYS, "replace", "cache_dir")
log = logging.getLogger(__name__)
_REPORTED: set[str] = set()


class PetrarchConfigError(ValueError):
    """A bad `[coder.petrarch]` value."""


def check_section(section: dict[str, Any], where: str) -> None:
    """Types of `[coder.petrarch]` (unknown keys are checked by transforms.config)."""
    for key in LIST_KEYS:
        value = section.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise PetrarchConfigError(f"{where}: [coder.petrarch] {key} must be a list of file names, got {value!r}")
    if not isinstance(section.get("replace", False), bool):
        raise PetrarchConfigError(f"{where}: [coder.petrarch] replace must be true or false")
    if "cache_dir" in section and not (isinstance(section["cache_dir"], str) and section["cache_dir"]):
        raise PetrarchConfigError(f"{where}: [coder.petrarch] cache_dir must be a directory name")


def build_for(section: dict[str, Any], events: dict[str, Any], resolve: Callable[[str], Path],
              where: str) -> Built | None:
    """Convert (or reuse) the dictionaries of a `[coder.petrarch]` table."""
    check_section(section, where)
    files: dict[str, tuple[Path, ...]] = {}
    for key in LIST_KEYS:
        paths = tuple(resolve(v).resolve() for v in section.get(key, []))
        for p in paths:
            if not p.is_file():
                raise PetrarchConfigError(f"{where}: [coder.petrarch] {key}: {p} not found")
        files[key] = paths
    if not any(files.values()):
        return None
    pdir = events.get("patterns_dir")
    ctl = events.get("controls")
    inp = Inputs(files["verbs"], files["actors"], files["agents"], files["discards"],
                 bool(section.get("replace", False)),
                 resolve(pdir).resolve() if pdir else None,
                 tuple(resolve(p).resolve() for p in events.get("extra_patterns", []) or []),
                 resolve(ctl).resolve() if ctl else None)
    cache = resolve(section["cache_dir"]) if section.get("cache_dir") else None
    built = build_cached(inp, cache)
    if str(built.directory) not in _REPORTED:
        _REPORTED.add(str(built.directory))
        for line in summary_lines(built.report):
            log.info("petrarch dictionaries: %s", line)
    return built


def apply(coder: dict[str, Any], resolve: Callable[[str], Path], where: str) -> dict[str, Any]:
    """The `[coder]` table with `petrarch` folded into `actors` and `events` (paths absolute)."""
    section = coder.get("petrarch")
    if not isinstance(section, dict):
        return coder
    events = dict(coder.get("events", {}) or {})
    actors = dict(coder.get("actors", {}) or {})
    built = build_for(section, events, resolve, where)
    if built is None:
        return coder
    replace = bool(section.get("replace", False))
    if built.patterns_dir is not None:
        events["patterns_dir"] = str(built.patterns_dir)
        events["extra_patterns"] = []  # copied into patterns_dir (unless replace)
    elif replace:
        raise PetrarchConfigError(f"{where}: [coder.petrarch] replace = true needs verbs")
    if built.controls is not None:
        events["controls"] = str(built.controls)
    if built.actor_files:
        own = [str(resolve(p)) for p in actors.get("extra_dictionaries", []) or []]
        actors["extra_dictionaries"] = [*([] if replace else own), *(str(p) for p in built.actor_files)]
        if replace:
            actors.setdefault("keep_unknown", False)
    out = dict(coder)
    out["events"], out["actors"] = events, actors
    return out
