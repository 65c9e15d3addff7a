"""A project-local Airflow: environment (AIRFLOW_HOME, SQLite, LocalExecutor, our dags, 127.0.0.1),
shared secrets, metadata-DB migration and the `duckdb_writer` pool. Used by `evw demo`, `make airflow`
and the tests.

`--executor celery`: the same installation on CeleryExecutor with a PostgreSQL metadata DB and a Redis
broker that the caller runs on this machine (loopback URLs only), plus the worker layout README's
"Scaling out" recommends (`CELERY_WORKERS`: two workers on queue `default`, one on `duckdb` for the
load). tests/test_airflow_celery.py drives exactly this environment.

Secrets: the API server, the scheduler and the dag-processor must share the JWT secret, the API
secret key and the Fernet key. Left to themselves, components that start together on a home without
`airflow.cfg` each generate their own (`Invalid auth token` / `Signature verification failed`), so
`ensure_secrets` writes them into `airflow.cfg` once, atomically (first writer wins), before any
component starts, and `activate` hands them to every component; an existing `airflow.cfg` keeps its
values (the Fernet key must not change under an existing metadata DB).

Must not import Airflow at module level: Airflow reads its configuration when first imported, so
`activate()` has to set the environment before anything imports `airflow`.
"""

from __future__ import annotations

import argparse
import base64
import configparser
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from transforms.config import DEFAULT_CONFIG_NAME

#: The repository (editable install); its `dags/` folder is the DAG bundle.
REPO = Path(__file__).resolve().parents[1]
DEFAULT_HOME = Path("airflow_home")
DEFAULT_PORT = 8080


class AirflowSetupError(RuntimeError):
    """The local Airflow cannot be set up; the message says what to do."""


#: The shared secrets: (airflow.cfg section, option) -> the environment variable that sets it.
SECRETS: dict[tuple[str, str], str] = {
    ("core", "fernet_key"): "AIRFLOW__CORE__FERNET_KEY",
    ("api", "secret_key"): "AIRFLOW__API__SECRET_KEY",
    ("api_auth", "jwt_secret"): "AIRFLOW__API_AUTH__JWT_SECRET",
}


def config_path(home: Path, env: Mapping[str, str] | None = None) -> Path:
    """The airflow.cfg Airflow reads for `home` (`$AIRFLOW_CONFIG` overrides, as in Airflow)."""
    configured = (os.environ if env is None else env).get("AIRFLOW_CONFIG")
    return Path(configured).expanduser() if configured else home.resolve() / "airflow.cfg"


def _new_secrets() -> dict[tuple[str, str], str]:
    return {
        ("core", "fernet_key"): base64.urlsafe_b64encode(os.urandom(32)).decode(),  # a valid Fernet key
        ("api", "secret_key"): secrets.token_urlsafe(32),
        ("api_auth", "jwt_secret"): secrets.token_urlsafe(32),
    }


def _render(values: Mapping[tuple[str, str], str]) -> str:
    lines = ["# Written by evw (warehouse/airflow_local.py) before any Airflow component started, so that",
             "# the API server, scheduler and dag-processor share these secrets. Every other setting is",
             "# Airflow's default or comes from the AIRFLOW__* environment of `make airflow` / `evw demo`."]
    for section in dict.fromkeys(sec for sec, _ in values):
        lines += ["", f"[{section}]"]
        lines += [f"{opt} = {value}" for (sec, opt), value in values.items() if sec == section]
    return "\n".join(lines) + "\n"


def _read_secrets(path: Path) -> dict[tuple[str, str], str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        raise AirflowSetupError(f"{path} is not a valid airflow.cfg ({exc}); fix or remove it") from exc
    return {key: parser.get(*key) for key in SECRETS if parser.has_option(*key) and parser.get(*key).strip()}


def ensure_secrets(home: Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The shared secrets of the installation at `home` as environment variables, created once.

    Without an airflow.cfg, one holding newly generated secrets is written to a private temporary file
    and hard-linked into place, which fails if another process got there first: concurrent first
    starts all end up with the winner's file. An existing airflow.cfg keeps its values; a secret it
    lacks is generated for this start (and passed to every component of it)."""
    cfg = config_path(home, env)
    cfg.parent.mkdir(parents=True, exist_ok=True)
    if not cfg.exists():
        fd, tmp = tempfile.mkstemp(prefix=".airflow.cfg.", suffix=".tmp", dir=cfg.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:  # mkstemp: mode 0600, like Airflow's own
                fh.write(_render(_new_secrets()))
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(FileExistsError):  # another start won: use its file
                os.link(tmp, cfg)
        finally:
            os.unlink(tmp)
        dir_fd = os.open(cfg.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    found = _read_secrets(cfg)
    generated = _new_secrets()
    return {var: found.get(key, generated[key]) for key, var in SECRETS.items()}


def dags_folder() -> Path:
    """The project's DAG folder (`$EVW_DAGS_FOLDER` overrides)."""
    folder = Path(os.environ.get("EVW_DAGS_FOLDER") or REPO / "dags").resolve()
    if not (folder / "news_ingest.py").is_file():
        raise AirflowSetupError(f"no DAGs in {folder}: run from a checkout of the project or set EVW_DAGS_FOLDER")
    return folder


def airflow_env(home: Path, *, port: int = DEFAULT_PORT, all_admins: bool = False,
                base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for every Airflow process of a local installation rooted at `home`."""
    home = home.resolve()
    env = dict(os.environ if base is None else base)
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in env.get("PATH", "").split(os.pathsep):  # Airflow re-invokes `airflow ...` by name
        env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags_folder()),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__PARALLELISM": env.get("AIRFLOW__CORE__PARALLELISM", "4"),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
    })
    local_config = Path.cwd() / DEFAULT_CONFIG_NAME
    if not env.get("EVW_CONFIG") and local_config.is_file():  # every component and task reads the same file
        env["EVW_CONFIG"] = str(local_config.resolve())
    if all_admins:
        env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS"] = "True"
    return env


#: Celery workers of the one-machine layout: name -> (queues, concurrency). The two `default` workers
#: run ingest, the extract shards and the bookkeeping tasks; the `duckdb` worker (the warehouse host)
#: runs the load, with `[airflow] load_queue = "duckdb"` in evw.toml.
CELERY_WORKERS: dict[str, tuple[str, int]] = {"default1": ("default", 2), "default2": ("default", 2),
                                              "duckdb": ("duckdb", 1)}
#: Set in a worker's environment: the host name its task instances record (see `worker_hostname`).
WORKER_NAME_VAR = "EVW_WORKER_NAME"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def worker_hostname() -> str:
    """`[core] hostname_callable` of our Celery workers: `$EVW_WORKER_NAME` when set, else the FQDN.
    Several workers on one machine would otherwise all record the same host name on their tasks."""
    return os.environ.get(WORKER_NAME_VAR) or socket.getfqdn()


def _loopback(url: str, what: str) -> str:
    host = urlsplit(url).hostname
    if host not in LOOPBACK_HOSTS:
        raise AirflowSetupError(f"{what} {url!r} must point at 127.0.0.1 (this is the one-machine layout)")
    return url


def celery_env(env: Mapping[str, str], *, database_url: str, broker_url: str) -> dict[str, str]:
    """`env` (from `airflow_env`) switched to CeleryExecutor: metadata DB and Celery results in
    PostgreSQL at `database_url` (SQLAlchemy URL, e.g. postgresql+psycopg2://…@127.0.0.1:5432/airflow),
    tasks through the Redis broker at `broker_url` (redis://127.0.0.1:6379/0)."""
    if not database_url.startswith("postgresql"):
        raise AirflowSetupError(f"--database-url must be a postgresql+psycopg2:// URL, got {database_url!r}")
    if not broker_url.startswith("redis://"):
        raise AirflowSetupError(f"--broker-url must be a redis:// URL, got {broker_url!r}")
    out = dict(env)
    out.update({
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": _loopback(database_url, "--database-url"),
        "AIRFLOW__CELERY__BROKER_URL": _loopback(broker_url, "--broker-url"),
        "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + database_url,
        "AIRFLOW__OPERATORS__DEFAULT_QUEUE": "default",
    })
    return out


def worker_command(name: str) -> tuple[str, ...]:
    """The `airflow ...` arguments of the Celery worker `name` of `CELERY_WORKERS`: no log server (it
    would bind every interface; task logs are read from the shared local log folder)."""
    queues, concurrency = CELERY_WORKERS[name]
    return ("celery", "worker", "--queues", queues, "--concurrency", str(concurrency),
            "--celery-hostname", f"{name}@%h", "--skip-serve-logs", "--without-mingle", "--without-gossip")


def worker_env(env: Mapping[str, str], name: str) -> dict[str, str]:
    """The environment of the Celery worker `name`: its task instances record `name` as host name."""
    return {**env, WORKER_NAME_VAR: name,
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": f"{__name__}.worker_hostname"}


def activate(home: Path, *, port: int = DEFAULT_PORT, quiet: bool = False) -> dict[str, str]:
    """Point this process at the local Airflow (before `airflow` is imported) and return the env."""
    home = home.resolve()
    if "airflow" in sys.modules:
        current = os.environ.get("AIRFLOW_HOME")
        if current is None or Path(current).resolve() != home:
            raise AirflowSetupError(
                f"Airflow was already imported with AIRFLOW_HOME={current}; run in a fresh process"
            )
    home.mkdir(parents=True, exist_ok=True)
    env = airflow_env(home, port=port)
    for var, value in ensure_secrets(home, env).items():
        env.setdefault(var, value)  # secrets set explicitly in the environment win
    if quiet:
        env.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    os.environ.update(env)
    return env


def prepare(pool_slots: int = 1) -> None:
    """Migrate the metadata DB if needed, create the `duckdb_writer` pool and retire stale assets
    (call after `activate`)."""
    from airflow.models.pool import Pool
    from airflow.utils import db

    from warehouse.orchestration import WRITER_POOL, WRITER_POOL_DESCRIPTION

    try:
        db.check_migrations(timeout=0)
    except Exception:  # a fresh or outdated DB: migrate
        db.upgradedb()
    Pool.create_or_update_pool(WRITER_POOL, pool_slots, WRITER_POOL_DESCRIPTION, include_deferred=False)
    retire_stale_assets()


def retire_stale_assets() -> int:
    """Deactivate our assets (by name) whose URI is no longer the configured one, e.g. after the lake
    moved. The scheduler does this itself; `dag.test()` does not, and would refuse the new URIs."""
    from airflow.models.asset import AssetActive
    from airflow.utils.session import create_session
    from sqlalchemy import delete

    from transforms.config import load_config
    from warehouse.orchestration import lake_asset, warehouse_asset

    config = load_config()
    current = [lake_asset(config, "articles"), lake_asset(config, "event_mentions"), warehouse_asset(config)]
    with create_session() as session:
        result = session.execute(delete(AssetActive).where(
            AssetActive.name.in_([a.name for a in current]),
            AssetActive.uri.not_in([a.uri for a in current]),
        ))
    return int(getattr(result, "rowcount", 0) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m warehouse.airflow_local {prepare,serve,run} ...` (`make airflow` runs `serve`)."""
    parser = argparse.ArgumentParser(prog="python -m warehouse.airflow_local", description=__doc__)
    parser.add_argument("command", choices=("prepare", "serve", "run"),
                        help="prepare: migrate + pool; serve: API server, scheduler and dag-processor "
                             "until Ctrl-C; run: the airflow command that follows")
    parser.add_argument("--home", type=Path, default=Path(os.environ.get("EVW_AIRFLOW_HOME") or DEFAULT_HOME))
    parser.add_argument("--port", type=int, default=int(os.environ.get("EVW_AIRFLOW_PORT") or DEFAULT_PORT))
    parser.add_argument("--executor", choices=("local", "celery"), default=os.environ.get("EVW_AIRFLOW_EXECUTOR")
                        or "local", help="celery: CeleryExecutor with --database-url and --broker-url, and "
                        "(serve) the Celery workers of CELERY_WORKERS")
    parser.add_argument("--database-url", default=os.environ.get("EVW_AIRFLOW_DATABASE_URL"),
                        help="celery: postgresql+psycopg2://USER:PASSWORD@127.0.0.1:PORT/DB")
    parser.add_argument("--broker-url", default=os.environ.get("EVW_AIRFLOW_BROKER_URL"),
                        help="celery: redis://127.0.0.1:PORT/0")
    opts, rest = parser.parse_known_args(argv)
    if rest and opts.command != "run":
        parser.error(f"unexpected arguments {rest}")
    if opts.executor == "celery" and not (opts.database_url and opts.broker_url):
        parser.error("--executor celery needs --database-url and --broker-url (or EVW_AIRFLOW_DATABASE_URL and "
                     "EVW_AIRFLOW_BROKER_URL)")
    try:
        env = activate(opts.home, port=opts.port)
        if opts.executor == "celery":  # before anything imports airflow
            env = celery_env(env, database_url=opts.database_url, broker_url=opts.broker_url)
            os.environ.update(env)
        prepare()
    except AirflowSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if opts.command == "prepare":
        print(f"Airflow ready in {opts.home.resolve()} (dags: {env['AIRFLOW__CORE__DAGS_FOLDER']})")
        return 0
    if opts.command == "serve":
        from warehouse.airflow_serve import serve

        print(f"Starting Airflow in {opts.home.resolve()} on http://127.0.0.1:{opts.port} ...", flush=True)
        if opts.executor == "celery":
            return serve_celery(env, opts.port)
        return serve(env, opts.port)
    airflow = str(Path(sys.executable).parent / "airflow")
    args = [a for a in rest if a != "--"]
    os.execve(airflow, [airflow, *args], env)
    return 0  # pragma: no cover - execve does not return


def serve_celery(env: Mapping[str, str], port: int) -> int:
    """`serve --executor celery`: the Celery workers of `CELERY_WORKERS`, then the API server, scheduler
    and dag-processor (`airflow_serve.serve`) in the foreground; a worker that dies stops everything."""
    import signal

    from warehouse.airflow_serve import _pump, _stop, serve

    airflow = str(Path(sys.executable).parent / "airflow")
    workers: dict[str, subprocess.Popen[bytes]] = {}
    stopping = threading.Event()

    def watch() -> None:
        while not stopping.wait(1.0):
            dead = [n for n, p in workers.items() if p.poll() is not None]
            if dead:
                print(f"worker {', '.join(dead)} stopped; stopping the others", file=sys.stderr, flush=True)
                os.kill(os.getpid(), signal.SIGTERM)  # serve() stops its components on SIGTERM
                return

    try:
        for name in CELERY_WORKERS:
            workers[name] = subprocess.Popen([airflow, *worker_command(name)], env=worker_env(env, name),
                                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            assert workers[name].stdout is not None
            threading.Thread(target=_pump, args=(name, workers[name].stdout), daemon=True).start()
        threading.Thread(target=watch, daemon=True).start()
        code = serve(env, port)
        return 1 if any(p.poll() is not None for p in workers.values()) else code
    finally:
        stopping.set()
        _stop(workers)


if __name__ == "__main__":
    sys.exit(main())
