"""Unit tests of configuration loading: lookup order, environment overrides, relative paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.config import ConfigError, load_config
from transforms.extract import component_settings


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "evw.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("EVW_CONFIG", "EVW_LAKE", "EVW_WAREHOUSE", "EVW_MODEL", "AIRFLOW_VAR_EVW_LAKE"):
        monkeypatch.delenv(var, raising=False)
    cfg = load_config()
    assert cfg.path is None
    assert cfg.lake == tmp_path / "data" / "lake"
    assert cfg.model == "en_core_web_sm"


def test_paths_are_relative_to_the_file_and_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = write(tmp_path, '[paths]\nlake = "lk"\nwarehouse = "w/x.duckdb"\n[coder]\nmodel = "m1"\n')
    monkeypatch.chdir("/")
    monkeypatch.delenv("EVW_LAKE", raising=False)
    monkeypatch.setenv("EVW_CONFIG", str(conf))
    monkeypatch.setenv("AIRFLOW_VAR_EVW_MODEL", "m2")
    monkeypatch.delenv("EVW_MODEL", raising=False)
    cfg = load_config()
    assert cfg.lake == tmp_path / "lk" and cfg.warehouse == tmp_path / "w" / "x.duckdb"
    assert cfg.model == "m2"
    monkeypatch.setenv("EVW_LAKE", "/abs/lake")
    assert load_config().lake == Path("/abs/lake")


def test_bad_files_give_readable_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")
    bad = write(tmp_path, "[paths\nlake=")
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(bad)
    with pytest.raises(ConfigError, match=r"\[paths\] must be a table"):
        load_config(write(tmp_path, 'paths = "x"\n'))
    with pytest.raises(ConfigError, match="lake must be a non-empty string"):
        load_config(write(tmp_path, "[paths]\nlake = 5\n"))
    notable = write(tmp_path, 'warehouse = "x"\n')
    with pytest.raises(ConfigError, match=r"\[warehouse\] must be a table"):
        load_config(notable).section("warehouse")


def test_component_file_settings_resolve_against_the_config(tmp_path: Path) -> None:
    conf = write(tmp_path, '[coder.actors]\nextra_dictionaries = ["mine.tsv", "/etc/x.tsv"]\n'
                           '[coder.events]\nextra_patterns = ["p/more.pat"]\n')
    settings = component_settings(load_config(conf))
    assert settings["cameo_actors"]["extra_dictionaries"] == [str(tmp_path / "mine.tsv"), "/etc/x.tsv"]
    assert settings["cameo_events"]["extra_patterns"] == [str(tmp_path / "p" / "more.pat")]
