"""Ingest settings (`[ingest]` in evw.toml) and configured sources (`[[sources]]`), validated.

Turns raw TOML tables into frozen dataclasses with defaults and clear `ConfigError`s. It must
not read files other than through `transforms.config` nor touch the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from transforms.config import Config, ConfigError

#: Input kinds an adapter exists for (also usable as a `KIND:` prefix on the command line).
KINDS = ("jsonl", "json", "csv", "dir", "text", "html", "md", "feed", "urls", "page", "url")
#: `follow_symlinks` values: links inside the input folder or glob root only (default), none, all.
SYMLINK_POLICIES = ("inside", "never", "always")


@dataclass(frozen=True)
class HttpSettings:
    """How we fetch: time-outs, caps, politeness and the address policy."""

    user_agent: str = "evw-ingest/0.1 (event warehouse news ingester; +https://example.org/evw)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_response_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    concurrency: int = 8
    per_host_concurrency: int = 2
    block_private_addresses: bool = True
    allow_addresses: tuple[str, ...] = ()
    respect_robots_txt: bool = True


@dataclass(frozen=True)
class IngestSettings:
    """Everything ingestion can be tuned with; see docs for each setting."""

    max_record_bytes: int = 2_000_000
    languages: tuple[str, ...] = ("en",)
    language_min_confidence: float = 0.90
    english_word_share: float = 0.20
    near_duplicate_threshold: float = 0.70
    shingle_bytes: int = 24
    num_perm: int = 64
    lsh_bands: int = 16
    workers: int = 1
    flush_rows: int = 5000
    flush_bytes: int = 32_000_000
    #: symbolic links met while reading folders and globs: "inside" follows those whose target is
    #: inside the input root, "never" follows none, "always" follows all (others are `skipped`)
    follow_symlinks: str = "inside"
    http: HttpSettings = field(default_factory=HttpSettings)

    def __post_init__(self) -> None:
        if self.max_record_bytes < 1:
            raise ConfigError("[ingest] max_record_bytes must be a positive number of bytes")
        if not 0.0 < self.near_duplicate_threshold <= 1.0:
            raise ConfigError("[ingest] near_duplicate_threshold must be in (0, 1], e.g. 0.8")
        if self.num_perm % self.lsh_bands:
            raise ConfigError(
                f"[ingest] num_perm ({self.num_perm}) must be a multiple of lsh_bands ({self.lsh_bands})")
        if not 8 <= self.shingle_bytes <= 256:
            raise ConfigError("[ingest] shingle_bytes must be between 8 and 256")
        if not self.languages:
            raise ConfigError("[ingest] languages must list at least one ISO 639-1 code, e.g. [\"en\"]")
        if self.follow_symlinks not in SYMLINK_POLICIES:
            raise ConfigError(f"[ingest] follow_symlinks = {self.follow_symlinks!r} is not one of "
                              + ", ".join(f'"{p}"' for p in SYMLINK_POLICIES)
                              + " (\"inside\": only links that stay inside the input folder)")


@dataclass(frozen=True)
class SourceSpec:
    """One `[[sources]]` entry: a named file/glob/directory or URL with an input kind."""

    name: str
    location: str
    kind: str | None = None
    source_name: str | None = None
    enabled: bool = True


def _coerce(cls: type[Any], table: dict[str, Any], where: str) -> dict[str, Any]:
    """Type-check `table` against the defaults of dataclass `cls` (keys already known)."""
    defaults = cls()
    out: dict[str, Any] = {}
    for key, value in table.items():
        default = getattr(defaults, key)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            value = float(value) if ok else value
        elif isinstance(default, tuple):
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            value = tuple(value) if ok else value
        else:
            ok = isinstance(value, str)
        if not ok:
            raise ConfigError(f"{where}: {key} = {value!r} has the wrong type; the default is {default!r}")
        out[key] = value
    return out


def ingest_settings(config: Config, **overrides: Any) -> IngestSettings:
    """Settings from the `[ingest]` table (HTTP keys live in the same table), plus overrides."""
    where = f"{config.path or 'config'} [ingest]"
    table = dict(config.section("ingest"))
    http_keys = {f.name for f in fields(HttpSettings)}
    main_keys = {f.name for f in fields(IngestSettings)} - {"http"}
    unknown = set(table) - http_keys - main_keys
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {sorted(unknown)}; "
                          f"known: {', '.join(sorted(main_keys | http_keys))}")
    http_table = _coerce(HttpSettings, {k: v for k, v in table.items() if k in http_keys}, where)
    main = _coerce(IngestSettings, {k: v for k, v in table.items() if k in main_keys}, where)
    http_table.update({k: v for k, v in overrides.items() if k in http_keys})
    main.update({k: v for k, v in overrides.items() if k not in http_keys})
    return IngestSettings(**main, http=HttpSettings(**http_table))


def configured_sources(config: Config) -> list[SourceSpec]:
    """The `[[sources]]` array of tables, with relative paths resolved against the config file."""
    raw = config.raw.get("sources", [])
    where = f"{config.path or 'config'}"
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: `sources` must be an array of tables ([[sources]])")
    out: list[SourceSpec] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: [[sources]] #{i} must be a table")
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            raise ConfigError(f"{where}: [[sources]] #{i} needs a name = \"...\"")
        if name in seen:
            raise ConfigError(f"{where}: source name {name!r} is used twice")
        seen.add(name)
        unknown = set(entry) - {"name", "path", "url", "kind", "source_name", "enabled"}
        if unknown:
            raise ConfigError(f"{where}: source {name!r}: unknown keys {sorted(unknown)}; "
                              "use name, path or url, kind, source_name, enabled")
        path, url = entry.get("path"), entry.get("url")
        if (path is None) == (url is None) or not isinstance(path or url, str):
            raise ConfigError(f"{where}: source {name!r} needs exactly one of path = \"...\" or url = \"...\"")
        kind = entry.get("kind")
        if kind is not None and kind not in KINDS:
            raise ConfigError(f"{where}: source {name!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
        source_name = entry.get("source_name")
        if source_name is not None and not isinstance(source_name, str):
            raise ConfigError(f"{where}: source {name!r}: source_name must be a string")
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ConfigError(f"{where}: source {name!r}: enabled must be true or false")
        location = str(config.resolve(path)) if isinstance(path, str) else str(url)
        out.append(SourceSpec(name, location, kind, source_name, enabled))
    return out

