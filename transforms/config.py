"""The project configuration: one TOML file (`evw.toml`) read by the CLI, the DAGs and the server.

Lookup order: an explicit path, `$EVW_CONFIG`, `./evw.toml`, built-in defaults. Environment
variables override single settings (`EVW_LAKE`, `EVW_WAREHOUSE`, `EVW_MODEL`, and for Airflow
`AIRFLOW_VAR_EVW_LAKE` ...). Each subsystem reads its own section with `Config.section(name)`.
An unknown section or key anywhere in the file is an error naming the file, the key and the known
ones (`[ingest]`, `[[sources]]` and `[airflow]` keys are checked by their own readers).
`section("coder")` folds `[coder.petrarch]` (PETRARCH dictionaries, converted on first use into a
content-hashed cache directory) into `[coder.actors]` / `[coder.events]`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CONFIG_NAME = "evw.toml"

#: setting -> environment variables that override it (first one set wins)
ENV_OVERRIDES: dict[str, tuple[str, ...]] = {
    "lake": ("EVW_LAKE", "AIRFLOW_VAR_EVW_LAKE"),
    "warehouse": ("EVW_WAREHOUSE", "AIRFLOW_VAR_EVW_WAREHOUSE"),
    "model": ("EVW_MODEL", "AIRFLOW_VAR_EVW_MODEL"),
}


#: Known keys per table (dotted path); None = any key (user names), "own" = checked by its reader.
KNOWN_KEYS: dict[str, frozenset[str] | str | None] = {
    "": frozenset({"paths", "coder", "ingest", "sources", "warehouse", "airflow", "serve"}),
    "paths": frozenset({"lake", "warehouse"}),
    "coder": frozenset({"model", "batch_size", "max_batch_chars", "actors", "events", "petrarch"}),
    "coder.actors": frozenset({"extra_dictionaries", "extra_files", "keep_unknown"}),
    "coder.events": frozenset({"extra_patterns", "patterns_dir", "controls"}),
    "coder.petrarch": frozenset({"verbs", "actors", "agents", "discards", "replace", "cache_dir"}),
    "warehouse": frozenset({"memory_limit", "threads", "temp_directory", "snapshot"}),
    "serve": frozenset({"host", "port", "users", "trust", "tls", "query_timeout", "memory_limit", "threads",
                        "batch_rows", "max_connections", "startup_timeout", "reload_interval"}),
    "serve.users": None,
    "serve.tls": frozenset({"cert", "key"}),
    "ingest": "own",
    "sources": "own",
    "airflow": "own",
}


def check_known_keys(raw: dict[str, Any], where: object) -> None:
    """Raise ConfigError for the first unknown section or key (with the known ones listed)."""

    def walk(table: dict[str, Any], path: str) -> None:
        known = KNOWN_KEYS.get(path)
        if known is None or known == "own":
            return
        assert isinstance(known, frozenset)
        for key, value in table.items():
            sub = f"{path}.{key}" if path else key
            if key not in known:
                what = f"section [{sub}]" if isinstance(value, dict) else f"key {key!r} in [{path}]" if path \
                    else f"key {key!r}"
                raise ConfigError(f"{where}: unknown {what}; known: {', '.join(sorted(known))}")
            if isinstance(value, dict):
                walk(value, sub)

    walk(raw, "")


def env_override(names: tuple[str, ...]) -> str | None:
    """The value of the first of these environment variables that is set and non-empty."""
    return next((os.environ[n] for n in names if os.environ.get(n)), None)


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or has a bad value."""


@dataclass(frozen=True)
class Config:
    """Typed core settings plus the raw sections for subsystems."""

    lake: Path = Path("data/lake")
    warehouse: Path = Path("data/warehouse.duckdb")
    model: str = "en_core_web_sm"
    path: Path | None = None  # the file this came from, if any
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        """Directory that relative paths in the file are resolved against."""
        return self.path.parent if self.path else Path.cwd()

    def section(self, name: str) -> dict[str, Any]:
        """A top-level table of the config file (empty if absent). For `coder`, a
        `[coder.petrarch]` table is folded into `actors` / `events` (converted files, see
        transforms.petrarch.settings)."""
        value = self.raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.path or 'config'}: [{name}] must be a table")
        if name == "coder" and isinstance(value.get("petrarch"), dict):
            return _with_petrarch(self, value)
        return value

    def resolve(self, p: str | Path) -> Path:
        """A path from the config file, relative to the file's directory."""
        path = Path(p).expanduser()
        return path if path.is_absolute() else self.base_dir / path


_PETRARCH_CACHE: dict[str, dict[str, Any]] = {}


def _with_petrarch(config: Config, coder: dict[str, Any]) -> dict[str, Any]:
    """`[coder]` with `[coder.petrarch]` applied, memoised per file content and section."""
    import json

    from transforms.petrarch.reader import PetrarchError
    from transforms.petrarch.settings import PetrarchConfigError, apply

    stamps = []
    for key_name in ("verbs", "actors", "agents", "discards"):
        for f in coder["petrarch"].get(key_name, []) if isinstance(coder["petrarch"].get(key_name), list) else []:
            p = config.resolve(str(f))
            st = p.stat() if p.is_file() else None
            stamps.append([str(p), st.st_mtime_ns if st else 0, st.st_size if st else -1])
    key = json.dumps([str(config.base_dir), coder, stamps], sort_keys=True, default=str)
    if key not in _PETRARCH_CACHE:
        try:
            _PETRARCH_CACHE[key] = apply(coder, lambda p: config.resolve(p), str(config.path or "config"))
        except (PetrarchConfigError, PetrarchError) as exc:
            raise ConfigError(str(exc)) from exc
    return _PETRARCH_CACHE[key]


def _find(path: str | Path | None) -> Path | None:
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"config file {p} not found; pass an existing file or omit --config")
        return p
    env = os.environ.get("EVW_CONFIG")
    if env:
        p = Path(env)
        if not p.is_file():
            raise ConfigError(f"$EVW_CONFIG points to {p}, which does not exist")
        return p
    local = Path.cwd() / DEFAULT_CONFIG_NAME
    return local if local.is_file() else None


def load_config(path: str | Path | None = None) -> Config:
    """Load the configuration, applying environment overrides."""
    found = _find(path)
    raw: dict[str, Any] = {}
    if found is not None:
        try:
            raw = tomllib.loads(found.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{found}: cannot read config: {exc}") from exc
    base = found.parent.resolve() if found else Path.cwd()
    where = found or "config"
    check_known_keys(raw, where)
    for table in ("paths", "coder"):
        if not isinstance(raw.get(table, {}), dict):
            raise ConfigError(f"{where}: [{table}] must be a table")
    paths, coder = raw.get("paths", {}), raw.get("coder", {})
    values: dict[str, Any] = {
        "lake": paths.get("lake", "data/lake"),
        "warehouse": paths.get("warehouse", "data/warehouse.duckdb"),
        "model": coder.get("model", "en_core_web_sm"),
    }
    for key, value in values.items():
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: {key} must be a non-empty string, got {value!r}")
    for key, names in ENV_OVERRIDES.items():
        override = env_override(names)
        if override is not None:
            values[key] = override

    def _abs(p: str) -> Path:
        q = Path(p).expanduser()
        return q if q.is_absolute() else base / q

    return Config(
        lake=_abs(values["lake"]),
        warehouse=_abs(values["warehouse"]),
        model=str(values["model"]),
        path=found.resolve() if found else None,
        raw=raw,
    )
