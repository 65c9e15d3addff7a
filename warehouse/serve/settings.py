"""Settings of the PostgreSQL endpoint: the `[serve]` section of evw.toml plus command-line overrides.

Also builds SCRAM-SHA-256 verifiers for the config file. Must not open sockets or databases.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from transforms.config import Config, ConfigError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5433
SCRAM_ITERATIONS = 4096


@dataclass(frozen=True)
class ServeSettings:
    """Everything the server needs to run; built by `from_config`."""

    snapshot: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    #: user name -> SCRAM verifier (`SCRAM-SHA-256$iter:salt$stored:server`) or plain password
    users: dict[str, str] = field(default_factory=dict)
    #: accept any user without a password; only when `trust = true` is written in the config
    trust: bool = False
    tls_cert: Path | None = None
    tls_key: Path | None = None
    #: seconds before a running query is interrupted (0 = no limit)
    query_timeout: float = 300.0
    #: DuckDB memory_limit for the snapshot database, e.g. "2GB"
    memory_limit: str = "2GB"
    #: DuckDB worker threads per snapshot database
    threads: int = 2
    #: rows per Arrow batch streamed to the client
    batch_rows: int = 16384
    #: client connections allowed at once, counted from accept (authenticated or not); more get SQLSTATE 53300
    max_connections: int = 64
    #: seconds a new connection may take to send its startup packet and authenticate (0 = no limit)
    startup_timeout: float = 60.0
    #: largest startup packet and largest frontend message accepted (bytes)
    max_startup_bytes: int = 10_000
    max_message_bytes: int = 64 * 1024 * 1024
    #: how often (seconds) the snapshot file is checked for a newer publication
    reload_interval: float = 1.0

    def with_overrides(self, **changes: Any) -> ServeSettings:
        """A copy with the non-None `changes` applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _positive(section: dict[str, Any], key: str, default: float) -> float:
    value = section.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"[serve] {key} must be a non-negative number, got {value!r}")
    return float(value)


def from_config(config: Config, snapshot: Path) -> ServeSettings:
    """Read `[serve]` from `config`; `snapshot` is the file to serve."""
    sec = config.section("serve")
    users_raw = sec.get("users", {})
    if not isinstance(users_raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in users_raw.items()
    ):
        raise ConfigError('[serve.users] must map user names to a password or a "SCRAM-SHA-256$..." verifier')
    tls = sec.get("tls", {})
    if not isinstance(tls, dict):
        raise ConfigError("[serve.tls] must be a table with cert and key")
    cert, key = tls.get("cert"), tls.get("key")
    if bool(cert) != bool(key):
        raise ConfigError("[serve.tls] needs both cert and key (PEM files)")
    port = sec.get("port", DEFAULT_PORT)
    if not isinstance(port, int) or not 0 <= port < 65536:
        raise ConfigError(f"[serve] port must be an integer 0..65535, got {port!r}")
    trust = sec.get("trust", False)
    if not isinstance(trust, bool):
        raise ConfigError("[serve] trust must be true or false")
    return ServeSettings(
        snapshot=snapshot,
        host=str(sec.get("host", DEFAULT_HOST)),
        port=port,
        users=dict(users_raw),
        trust=trust,
        tls_cert=config.resolve(cert) if cert else None,
        tls_key=config.resolve(key) if key else None,
        query_timeout=_positive(sec, "query_timeout", 300.0),
        memory_limit=str(sec.get("memory_limit", "2GB")),
        threads=int(_positive(sec, "threads", 2)) or 1,
        batch_rows=int(_positive(sec, "batch_rows", 16384)) or 16384,
        max_connections=int(_positive(sec, "max_connections", 64)) or 64,
        startup_timeout=_positive(sec, "startup_timeout", 60.0),
        reload_interval=_positive(sec, "reload_interval", 1.0),
    )


def make_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """A PostgreSQL-format SCRAM-SHA-256 verifier for `password` (what `[serve.users]` may hold)."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def parse_verifier(secret: str) -> tuple[bytes, bytes, bytes, int]:
    """(salt, stored_key, server_key, iterations) from a verifier, or for a plain password a new verifier.

    A plain password gets a fresh random salt on every call (never one derived from the password: the
    salt is sent to unauthenticated clients). Call it once per user and keep the result, as
    `PgServer` does, so the salt a user sees is stable while the server runs."""
    if secret.startswith("SCRAM-SHA-256$"):
        try:
            _, iter_salt, keys = secret.split("$")
            iters, salt = iter_salt.split(":")
            stored, server = keys.split(":")
            return (base64.b64decode(salt), base64.b64decode(stored), base64.b64decode(server), int(iters))
        except ValueError as exc:
            raise ConfigError(f"malformed SCRAM verifier {secret[:20]}...: {exc}") from exc
    return parse_verifier(make_verifier(secret))


def mock_verifier(process_secret: bytes, user: str) -> tuple[bytes, bytes, bytes, int]:
    """A verifier for a user that does not exist, indistinguishable from a real one before the proof.

    The salt is HMAC(process_secret, user) (stable per user while the server runs, unpredictable,
    never all-zero) and the keys are random, so the exchange fails at the proof step exactly as for
    a wrong password (as PostgreSQL's scram_mock_salt does)."""
    salt = hmac.new(process_secret, user.encode("utf-8"), hashlib.sha256).digest()[:16]
    return (salt, os.urandom(32), os.urandom(32), SCRAM_ITERATIONS)
