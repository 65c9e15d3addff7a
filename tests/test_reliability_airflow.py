"""Issue 17, Airflow side (units): the local Airflow's JWT secret, API secret key and Fernet key are
generated once, before any component starts, written atomically into airflow_home/airflow.cfg and
reused; concurrent first starts end with the same secrets. (The real components: see
tests/test_reliability_airflow_scheduler.py.)"""

from __future__ import annotations

import configparser
import json
import multiprocessing
import os
import stat
import subprocess
import sys
from multiprocessing.synchronize import Barrier
from pathlib import Path

from warehouse.airflow_local import SECRETS, airflow_env, config_path, ensure_secrets

VARIABLES = sorted(SECRETS.values())


def _first_start(home: str, barrier: Barrier, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    barrier.wait()  # every process looks for airflow.cfg at the same moment
    out.put(ensure_secrets(Path(home), env={}))


def test_concurrent_first_starts_end_with_the_same_secrets(tmp_path: Path) -> None:
    home = tmp_path / "airflow_home"
    ctx = multiprocessing.get_context("spawn")
    n = 6
    barrier, out = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_first_start, args=(str(home), barrier, out)) for _ in range(n)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert all(r == results[0] for r in results), results
    assert sorted(results[0]) == VARIABLES and all(len(v) >= 32 for v in results[0].values())
    assert ensure_secrets(home, env={}) == results[0]  # and later starts reuse them
    cfg = home / "airflow.cfg"
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(cfg)
    assert {var: parser.get(*key) for key, var in SECRETS.items()} == results[0]
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600
    assert [p.name for p in home.iterdir()] == ["airflow.cfg"]  # no temporary file left


def test_the_fernet_key_is_valid(tmp_path: Path) -> None:
    from cryptography.fernet import Fernet

    key = ensure_secrets(tmp_path, env={})["AIRFLOW__CORE__FERNET_KEY"]
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"x")) == b"x"


def test_an_existing_config_keeps_its_secrets(tmp_path: Path) -> None:
    """An airflow.cfg Airflow wrote earlier (a metadata DB encrypted with its Fernet key) is kept."""
    home = tmp_path / "h"
    home.mkdir()
    (home / "airflow.cfg").write_text("[core]\nfernet_key = f-old\ndags_folder = /x\n[api]\nsecret_key = s-old\n"
                                      "[api_auth]\njwt_secret = j-old\n", encoding="utf-8")
    assert ensure_secrets(home, env={}) == {"AIRFLOW__CORE__FERNET_KEY": "f-old", "AIRFLOW__API__SECRET_KEY": "s-old",
                                            "AIRFLOW__API_AUTH__JWT_SECRET": "j-old"}
    assert "dags_folder = /x" in (home / "airflow.cfg").read_text()  # not rewritten


def test_airflow_config_variable_is_honoured(tmp_path: Path) -> None:
    cfg = tmp_path / "elsewhere" / "my.cfg"
    got = ensure_secrets(tmp_path / "h", env={"AIRFLOW_CONFIG": str(cfg)})
    assert cfg.is_file() and config_path(tmp_path / "h", {"AIRFLOW_CONFIG": str(cfg)}) == cfg
    assert ensure_secrets(tmp_path / "h", env={"AIRFLOW_CONFIG": str(cfg)}) == got


ACTIVATE = """
import json, os, sys
from pathlib import Path
from warehouse.airflow_local import activate
env = activate(Path(sys.argv[1]))
print(json.dumps({k: env[k] for k in sys.argv[2:]}))
"""


def test_activate_hands_the_secrets_to_every_component(tmp_path: Path) -> None:
    """`activate` (evw demo, make airflow, prepare, run) puts the stored secrets in the environment
    it returns -- the one `make airflow` starts every component with; explicit ones win."""
    home = tmp_path / "airflow_home"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "EVW_"))}

    def run(extra: dict[str, str]) -> dict[str, str]:
        proc = subprocess.run([sys.executable, "-c", ACTIVATE, str(home), *VARIABLES], env={**base, **extra},
                              cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True)
        return dict(json.loads(proc.stdout))

    first = run({})
    assert first == ensure_secrets(home, env={}) and run({}) == first
    assert all(v not in airflow_env(home, base={}) for v in VARIABLES)  # the pure environment stays pure
    assert run({"AIRFLOW__API_AUTH__JWT_SECRET": "explicit"})["AIRFLOW__API_AUTH__JWT_SECRET"] == "explicit"
