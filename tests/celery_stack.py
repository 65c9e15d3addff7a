"""The services of tests/test_airflow_celery.py: a throwaway PostgreSQL cluster, a Redis server and
Airflow on CeleryExecutor (API server, scheduler, dag-processor, the Celery workers of
`warehouse.airflow_local.CELERY_WORKERS`), all on 127.0.0.1 and free ports.

Owns every process it starts: `close()` stops each one by its own PID (SIGTERM, then SIGKILL for
whatever is left, the started processes' descendants included, found through /proc) and removes the
PostgreSQL data directory; it is safe to call after any failure, also half-way through `start()`.
Nothing here is a fake: real initdb/postgres, real redis-server, real `airflow` commands.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from warehouse.airflow_local import (
    CELERY_WORKERS,
    airflow_env,
    celery_env,
    ensure_secrets,
    worker_command,
    worker_env,
)
from warehouse.airflow_serve import COMPONENTS

BIN = Path(sys.executable).parent
PG_USER = "airflow"
#: Debian's PostgreSQL packages keep the server binaries off PATH.
PG_BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin")


class StackError(RuntimeError):
    """A service did not start; the message has the tail of its log."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin(name: str) -> str | None:
    """Path of a PostgreSQL server program (initdb, postgres), or None when not installed."""
    for pattern in PG_BIN_GLOBS:
        for folder in sorted(glob.glob(pattern), reverse=True):  # the newest version first
            if os.access(Path(folder) / name, os.X_OK):
                return str(Path(folder) / name)
    found = shutil.which(name)
    return found


def missing_programs() -> list[str]:
    """What this stack needs from the system and does not find (`make test-deps` installs them)."""
    missing = [name for name in ("initdb", "postgres") if pg_bin(name) is None]
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def children_of(pids: set[int]) -> set[int]:
    """`pids` and all their descendants that are alive (zombies left out), from /proc."""
    parent: dict[int, int] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z":
            parent[int(proc.name)] = int(fields[1])
    found = {p for p in pids if p in parent}
    grew = True
    while grew:
        new = {child for child, ppid in parent.items() if ppid in found and child not in found}
        found |= new
        grew = bool(new)
    return found


def kill_tree(pid: int, sig: int = signal.SIGKILL) -> set[int]:
    """Send `sig` to `pid` and each of its descendants, one PID at a time; returns the PIDs signalled."""
    tree = children_of({pid})
    for p in tree:  # stop them from forking new children while we collect them
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGSTOP if sig == signal.SIGKILL else sig)
    tree |= children_of(tree)
    for p in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, sig)
    return tree


@dataclass
class Service:
    name: str
    proc: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]
    #: The signal that asks the process to stop (PostgreSQL: SIGINT, fast shutdown).
    stop_signal: int = signal.SIGTERM

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None


@dataclass
class CeleryStack:
    """Start with `start()`, stop with `close()`. `root` holds the logs, the Airflow home and whatever
    the caller puts there; the PostgreSQL cluster lives in a private temporary directory (the
    unprivileged server user must be able to reach it)."""

    root: Path
    evw_config: Path
    airflow_user: str
    airflow_password: str
    extra_env: Mapping[str, str] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    pg_dir: Path | None = None
    pg_port: int = 0
    redis_port: int = 0
    api_port: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return self.root / "airflow_home"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    # --- processes -----------------------------------------------------------------------------

    def _spawn(self, name: str, args: list[str], *, env: Mapping[str, str] | None = None,
               user: str | None = None, cwd: Path | None = None, stop_signal: int = signal.SIGTERM) -> Service:
        if name in self.services:
            if self.services[name].alive():
                raise StackError(f"{name} is already running")
            self.services[name].log.close()
        log_path = self.root / "logs" / f"{name}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(log_path, "ab")  # noqa: SIM115 - closed by close()
        proc = subprocess.Popen(args, env=dict(env if env is not None else self.env), cwd=cwd or self.root,
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, user=user)
        service = Service(name, proc, log_path, log, stop_signal)
        self.services[name] = service
        return service

    def tail(self, name: str, chars: int = 3000) -> str:
        path = self.root / "logs" / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def tails(self, chars: int = 2000) -> str:
        return "\n".join(f"== {name}\n{self.tail(name, chars)}" for name in self.services)

    def _wait(self, what: str, check: Any, timeout: float, service: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.services[service].alive():
                raise StackError(f"{service} exited while waiting for {what}:\n{self.tail(service)}")
            try:
                if check():
                    return
            except Exception:  # not up yet
                pass
            time.sleep(0.2)
        raise StackError(f"timed out waiting for {what}:\n{self.tail(service)}")

    # --- PostgreSQL ----------------------------------------------------------------------------

    def start_postgres(self) -> str:
        """initdb a cluster in a private temp dir and run it on 127.0.0.1 (TCP only, password auth), as
        `nobody` when we are root (PostgreSQL refuses to run as root). Returns the SQLAlchemy URL."""
        started = time.monotonic()
        initdb, postgres = pg_bin("initdb"), pg_bin("postgres")
        if initdb is None or postgres is None:
            raise StackError("PostgreSQL server programs not found: run `make test-deps`")
        user = "nobody" if os.geteuid() == 0 else None
        self.pg_dir = Path(tempfile.mkdtemp(prefix="evw-celery-pg-"))
        password = secrets.token_hex(12)
        (self.pg_dir / "pwfile").write_text(password + "\n", encoding="utf-8")
        if user is not None:
            entry = pwd.getpwnam(user)
            for path in (self.pg_dir, self.pg_dir / "pwfile"):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        data = self.pg_dir / "data"
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        init = subprocess.run([initdb, "-D", str(data), "-U", PG_USER, "--auth=scram-sha-256",
                               f"--pwfile={self.pg_dir / 'pwfile'}", "-E", "UTF8", "--no-locale", "--no-sync"],
                              env=env, cwd=self.pg_dir, user=user, capture_output=True, text=True, timeout=120)
        if init.returncode != 0:
            raise StackError(f"initdb failed: {init.stdout[-2000:]}{init.stderr[-2000:]}")
        self.pg_port = free_port()
        self._spawn("postgres", [postgres, "-D", str(data), "-h", "127.0.0.1", "-p", str(self.pg_port),
                                 "-k", "",  # no Unix socket: TCP on 127.0.0.1 only
                                 "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                                 "-c", "max_connections=200"],
                    env=env, user=user, cwd=self.pg_dir, stop_signal=signal.SIGINT)
        import psycopg

        def ready() -> bool:
            with psycopg.connect(host="127.0.0.1", port=self.pg_port, user=PG_USER, password=password,
                                 dbname="postgres", connect_timeout=2, autocommit=True) as con:
                con.execute("CREATE DATABASE airflow")
            return True

        self._wait("PostgreSQL", ready, 60, "postgres")
        self.timings["postgres"] = time.monotonic() - started
        return f"postgresql+psycopg2://{PG_USER}:{password}@127.0.0.1:{self.pg_port}/airflow"

    # --- Redis ---------------------------------------------------------------------------------

    def start_redis(self) -> str:
        """redis-server on 127.0.0.1 (no persistence: a restart loses what it held). On the same port
        again after `stop_redis`. Returns the broker URL."""
        if not self.redis_port:
            self.redis_port = free_port()
        user = "nobody" if os.geteuid() == 0 else None
        self._spawn("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--dir", "/tmp"],
                    env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, user=user, cwd=Path("/"))

        def ready() -> bool:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")

        self._wait("Redis", ready, 30, "redis")
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def stop_redis(self) -> None:
        """Stop Redis (SIGTERM, without saving) and wait for it to exit."""
        service = self.services["redis"]
        service.proc.send_signal(signal.SIGTERM)
        service.proc.wait(timeout=30)

    # --- Airflow -------------------------------------------------------------------------------

    def start(self) -> None:
        """Everything: PostgreSQL, Redis, migrated metadata DB + pool, API server, scheduler,
        dag-processor and the Celery workers (not waited for: see `wait_ready` in the test)."""
        started = time.monotonic()
        database_url = self.start_postgres()
        broker_url = self.start_redis()
        self.api_port = free_port()
        self.home.mkdir(parents=True, exist_ok=True)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("EVW_", "AIRFLOW"))}
        env = airflow_env(self.home, port=self.api_port, base=base)
        env = celery_env(env, database_url=database_url, broker_url=broker_url)
        env.update(ensure_secrets(self.home, env))  # once, before any component starts
        env.update({"EVW_CONFIG": str(self.evw_config), **self.extra_env})
        self.env = env
        migrate_started = time.monotonic()
        prepare = subprocess.run(  # `airflow db migrate` against PostgreSQL + the duckdb_writer pool
            [str(BIN / "python"), "-m", "warehouse.airflow_local", "prepare", "--home", str(self.home),
             "--port", str(self.api_port), "--executor", "celery", "--database-url", database_url,
             "--broker-url", broker_url], env=env, cwd=self.root, capture_output=True, text=True, timeout=300)
        if prepare.returncode != 0:
            raise StackError(f"prepare (db migrate) failed:\n{prepare.stdout[-3000:]}\n{prepare.stderr[-3000:]}")
        self.timings["migrate"] = time.monotonic() - migrate_started
        for name, args in COMPONENTS.items():
            self._spawn(name, [str(BIN / "airflow"), *args])
        for name in CELERY_WORKERS:
            self.start_worker(name)
        self.timings["start"] = time.monotonic() - started

    def start_worker(self, name: str) -> Service:
        return self._spawn(f"worker-{name}", [str(BIN / "airflow"), *worker_command(name)],
                           env=worker_env(self.env, name))

    def kill_worker(self, name: str) -> set[int]:
        """SIGKILL the Celery worker `name` with all its processes (pool children, task supervisors and
        task processes), as if its machine died. Returns the PIDs killed."""
        service = self.services[f"worker-{name}"]
        killed = kill_tree(service.pid, signal.SIGKILL)
        service.proc.wait(timeout=30)
        return killed

    def pids(self) -> set[int]:
        """Every live process of the stack: the started ones and their descendants."""
        return children_of({s.pid for s in self.services.values() if s.alive()})

    # --- teardown ------------------------------------------------------------------------------

    def close(self, grace: float = 20.0) -> list[int]:
        """Stop everything (Airflow first, then Redis and PostgreSQL), each process by its own PID;
        returns the PIDs that had to be SIGKILLed. Idempotent."""
        backing = ("redis", "postgres")
        groups = [[s for n, s in self.services.items() if n not in backing],
                  [self.services[n] for n in backing if n in self.services]]
        forced: list[int] = []
        for services in groups:
            tree = children_of({s.pid for s in services if s.alive()})
            for s in services:
                if s.alive():
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(s.pid, s.stop_signal)
            deadline = time.monotonic() + grace
            for s in services:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    s.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            while time.monotonic() < deadline and children_of(tree):  # task processes, pool children
                time.sleep(0.2)
            for pid in children_of(tree | {s.pid for s in services if s.alive()}):
                try:
                    os.kill(pid, signal.SIGKILL)
                    forced.append(pid)
                except ProcessLookupError:
                    pass
            for s in services:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    s.proc.wait(timeout=10)
        for s in self.services.values():
            s.log.close()
        if self.pg_dir is not None:
            shutil.rmtree(self.pg_dir, ignore_errors=True)
            self.pg_dir = None
        return forced
