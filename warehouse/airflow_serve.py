"""`make airflow`: run the local Airflow's components (API server + UI, scheduler, dag-processor) in
the foreground, their output prefixed by name, until Ctrl-C; then stop every one of them.

Like `airflow standalone`, but every port is bound to 127.0.0.1 only: the schedulers' log servers
(which bind all interfaces) are skipped; the UI reads task logs from the shared local log folder.
Must not leave a component running when it exits, whatever the reason.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import FrameType
from typing import IO

import httpx

#: name -> airflow command line. No triggerer: our DAGs use no deferrable operators.
COMPONENTS: dict[str, tuple[str, ...]] = {
    "api-server": ("api-server",),
    "scheduler": ("scheduler", "--skip-serve-logs"),
    "dag-processor": ("dag-processor",),
}
STOP_GRACE_SECONDS = 30.0


def _pump(name: str, stream: IO[bytes]) -> None:
    for line in iter(stream.readline, b""):
        sys.stdout.write(f"{name:>13} | {line.decode('utf-8', 'replace')}")
        sys.stdout.flush()


def _password_hint(home: Path) -> str:
    generated = home / "simple_auth_manager_passwords.json.generated"
    try:
        users = json.loads(generated.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"users and passwords: {generated} (written by the API server on first start)"
    return "login: " + ", ".join(f"user {u!r} password {p!r}" for u, p in users.items()) + f" - see {generated}"


def _wait_ready(port: int, procs: Mapping[str, subprocess.Popen[bytes]], home: Path) -> None:
    url = f"http://127.0.0.1:{port}"
    while all(p.poll() is None for p in procs.values()):
        try:
            if httpx.get(f"{url}/api/v2/monitor/health", timeout=5).status_code == 200:
                print(f"\nAirflow is ready: {url}  ({_password_hint(home)}). Ctrl-C stops it.\n", flush=True)
                return
        except httpx.HTTPError:
            pass
        time.sleep(2)


def _stop(procs: Mapping[str, subprocess.Popen[bytes]]) -> None:
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def serve(env: Mapping[str, str], port: int) -> int:
    """Run the components until Ctrl-C/SIGTERM or until one of them exits; 0 on a requested stop."""
    airflow = str(Path(sys.executable).parent / "airflow")
    home = Path(env["AIRFLOW_HOME"])

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    procs: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, args in COMPONENTS.items():
            procs[name] = subprocess.Popen([airflow, *args], env=dict(env), stdout=subprocess.PIPE,
                                           stderr=subprocess.STDOUT)
            assert procs[name].stdout is not None
            threading.Thread(target=_pump, args=(name, procs[name].stdout), daemon=True).start()
        _wait_ready(port, procs, home)
        while all(p.poll() is None for p in procs.values()):
            time.sleep(0.5)
        dead = [f"{n} (exit {p.returncode})" for n, p in procs.items() if p.poll() is not None]
        print(f"{', '.join(dead)} stopped; stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping Airflow ...", flush=True)
        return 0
    finally:
        _stop(procs)
        signal.signal(signal.SIGTERM, previous)
