"""The project-local Airflow environment used by `make airflow`, `evw demo` and the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.airflow_local import airflow_env, dags_folder

REPO = Path(__file__).resolve().parents[1]


def test_env_is_local_sqlite_localexecutor_on_loopback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = airflow_env(tmp_path / "home", port=18321, base={"PATH": "/usr/bin"})
    assert env["AIRFLOW_HOME"] == str(tmp_path / "home")
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == f"sqlite:///{tmp_path / 'home' / 'airflow.db'}"
    assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert env["AIRFLOW__CORE__DAGS_FOLDER"] == str(REPO / "dags") == str(dags_folder())
    assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False"
    assert env["AIRFLOW__API__HOST"] == "127.0.0.1" and env["AIRFLOW__API__PORT"] == "18321"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://127.0.0.1:18321/execution/"
    assert env["PATH"].split(":")[0] == str(Path(sys.executable).parent)  # `airflow standalone` runs `airflow`
    assert "EVW_CONFIG" not in env


def test_env_pins_the_local_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "evw.toml").write_text("", encoding="utf-8")
    assert airflow_env(tmp_path / "h", base={})["EVW_CONFIG"] == str(tmp_path / "evw.toml")
    assert airflow_env(tmp_path / "h", base={"EVW_CONFIG": "/x.toml"})["EVW_CONFIG"] == "/x.toml"


def test_activate_refuses_a_second_airflow_home(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from warehouse.airflow_local import activate\n"
            f"activate(Path({str(tmp_path / 'a')!r})); import airflow\n"
            f"activate(Path({str(tmp_path / 'b')!r}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "already imported with AIRFLOW_HOME=" in proc.stderr


def test_unknown_arguments_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    from warehouse.airflow_local import main

    with pytest.raises(SystemExit):
        main(["prepare", "--bogus"])
    assert "unexpected arguments" in capsys.readouterr().err
