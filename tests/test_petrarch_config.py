"""`[coder.petrarch]` in evw.toml, the dictionaries reaching the components and the fingerprint, and
unknown sections/keys being errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.config import ConfigError, load_config


def setup(tmp: Path, replace: bool = False) -> Path:
    (tmp / "d").mkdir()
    (tmp / "d" / "v.verbs.txt").write_text("--- CONDEMN [111] ---\nCONDEMN\n- * (AGAINST +) [112]\n", encoding="utf-8")
    (tmp / "d" / "a.actors.txt").write_text("NORTHLAND [NRT]\n", encoding="utf-8")
    toml = tmp / "evw.toml"
    toml.write_text('[coder.petrarch]\nverbs = ["d/v.verbs.txt"]\nactors = ["d/a.actors.txt"]\n'
                    f'replace = {"true" if replace else "false"}\ncache_dir = "cache"\n', encoding="utf-8")
    return toml


def test_petrarch_section_reaches_component_settings(tmp_path: Path) -> None:
    from transforms.extract import coder_fingerprint, component_settings

    toml = setup(tmp_path)
    settings = component_settings(load_config(toml))
    pdir = Path(settings["cameo_events"]["patterns_dir"])
    assert (pdir / "verbs_zz_petrarch.pat").is_file() and (pdir / "verbs_01_05.pat").is_file()  # merged
    assert any(p.endswith(".countries.tsv") for p in settings["cameo_actors"]["extra_dictionaries"])
    before = coder_fingerprint(load_config(toml))
    (tmp_path / "d" / "a.actors.txt").write_text("NORTHLAND [NRT]\n+NORTHLANDER\n", encoding="utf-8")
    assert coder_fingerprint(load_config(toml)) != before  # dictionary content is in the fingerprint


def test_replace_uses_only_the_converted_patterns(tmp_path: Path) -> None:
    from transforms.extract import component_settings

    settings = component_settings(load_config(setup(tmp_path, replace=True)))
    pdir = Path(settings["cameo_events"]["patterns_dir"])
    assert sorted(p.name for p in pdir.glob("*.pat")) == ["verbs_zz_petrarch.pat"]
    assert settings["cameo_actors"]["keep_unknown"] is False


@pytest.mark.parametrize(("text", "match"), [
    ('[coder.petrarch]\nverb = ["x"]\n', r"evw.toml: unknown key 'verb' in \[coder.petrarch\]; known: actors"),
    ("[coder]\nmodle = 'x'\n", r"unknown key 'modle' in \[coder\]; known: actors, batch_size"),
    ("[nonsense]\na = 1\n", r"unknown section \[nonsense\]; known: airflow, coder"),
    ("[coder.petrarch]\nverbs = 'x'\n", r"verbs must be a list"),
    ('[coder.petrarch]\nverbs = ["missing.txt"]\n', r"missing.txt not found"),
])
def test_unknown_keys_and_bad_values_are_errors(tmp_path: Path, text: str, match: str) -> None:
    toml = tmp_path / "evw.toml"
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        load_config(toml).section("coder")
