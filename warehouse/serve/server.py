"""The asyncio listener of `evw serve`: accepts connections, runs one `Session` each, routes cancels.

Builds the catalog-shim file in a private temporary directory, owns the thread pool for DuckDB
work, the snapshot database and the SCRAM verifiers. Counts connections from accept (so idle or
unauthenticated sockets count against `max_connections`) and shuts sessions down cleanly on stop.
Must not implement protocol details (see `session`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import secrets
import shutil
import ssl
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from warehouse.serve import messages as m
from warehouse.serve.catalog import build_shim_file, settings_values
from warehouse.serve.database import SnapshotDatabase
from warehouse.serve.errors import ADMIN_SHUTDOWN, TOO_MANY_CONNECTIONS
from warehouse.serve.session import Session
from warehouse.serve.settings import ServeSettings, mock_verifier, parse_verifier

log = logging.getLogger("evw.serve")

#: connections beyond max_connections that are still read (briefly, see session.OVER_LIMIT_STARTUP_SECONDS):
#: a CancelRequest among them is honoured and a startup packet is answered with 53300 after the SSL
#: negotiation, as PostgreSQL does; past this many a connection is refused at once
CANCEL_RESERVE = 8
#: seconds `stop` lets sessions say goodbye before it cancels them outright
STOP_GRACE = 10.0

Verifier = tuple[bytes, bytes, bytes, int]


class PgServer:
    """One running endpoint."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self._tmp = Path(tempfile.mkdtemp(prefix="evw-serve-"))
        self.shim_file = build_shim_file(self._tmp / "pg_shims.duckdb")
        # DuckDB's spill files: a private directory of their own (mode 0700), removed on stop
        self.spill_dir = Path(tempfile.mkdtemp(prefix="evw-serve-spill-"))
        self.database = SnapshotDatabase(settings.snapshot, self.shim_file, settings.memory_limit,
                                         settings.threads, temp_directory=self.spill_dir)
        self.executor = ThreadPoolExecutor(max_workers=max(8, settings.max_connections + 4),
                                           thread_name_prefix="evw-serve")
        self.settings_values = settings_values(duckdb.__version__)
        self.ssl_context: ssl.SSLContext | None = None
        if settings.tls_cert and settings.tls_key:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(settings.tls_cert), str(settings.tls_key))
            self.ssl_context = ctx
        self._pids = itertools.count(1000)
        #: authenticated sessions by backend pid (CancelRequest routing)
        self.sessions: dict[int, Session] = {}
        #: every session from accept on, authenticated or not (shutdown)
        self._live: set[Session] = set()
        #: open client connections, counted at accept (max_connections)
        self.connections = 0
        self._stopping = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._server: asyncio.base_events.Server | None = None
        self.port = settings.port
        # once per process: a plain password gets a random salt here, stable while the server runs
        self._verifiers: dict[str, Verifier] = {u: parse_verifier(s) for u, s in settings.users.items()}
        self._mock_secret = secrets.token_bytes(32)

    def next_pid(self) -> int:
        return next(self._pids)

    def verifier(self, user: str) -> Verifier | None:
        """The SCRAM verifier of a configured user, None for an unknown one."""
        return self._verifiers.get(user)

    def mock_verifier(self, user: str) -> Verifier:
        """A verifier for an unknown user: per-user salt from this process's secret, keys nobody knows."""
        return mock_verifier(self._mock_secret, user)

    def register(self, session: Session) -> None:
        self.sessions[session.pid] = session

    def cancel(self, pid: int, secret: int) -> None:
        session = self.sessions.get(pid)
        if session is not None and session.secret == secret:
            session.cancel()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            if self._stopping or self.connections > self.settings.max_connections + CANCEL_RESERVE:
                await self._refuse(writer)
                return
            session = Session(self, reader, writer, over_limit=self.connections > self.settings.max_connections)
            self._live.add(session)
            try:
                await session.run()
            finally:
                self._live.discard(session)
                self.sessions.pop(session.pid, None)
        except asyncio.CancelledError:
            if not self._stopping:
                raise
            # our own shutdown: end the task normally so asyncio logs no CancelledError traceback
            if task is not None:
                task.uncancel()
            with contextlib.suppress(RuntimeError):
                writer.close()
        finally:
            self.connections -= 1
            if task is not None:
                self._tasks.discard(task)

    async def _refuse(self, writer: asyncio.StreamWriter) -> None:
        """FATAL (53300, or 57P01 while stopping) without reading anything, and close."""
        if self._stopping:
            error = m.error_response(ADMIN_SHUTDOWN, "the server is shutting down", "FATAL")
        else:
            error = m.error_response(TOO_MANY_CONNECTIONS, self.too_many_message(), "FATAL")
        try:
            writer.write(error)
            with contextlib.suppress(ConnectionError):
                await writer.drain()
        finally:
            with contextlib.suppress(RuntimeError):
                writer.close()

    def too_many_message(self) -> str:
        return f"sorry, too many clients already (max_connections = {self.settings.max_connections})"

    async def start(self) -> int:
        """Start listening; returns the bound port (useful with port 0)."""
        self._server = await asyncio.start_server(self._handle, self.settings.host, self.settings.port,
                                                  limit=1 << 20)
        sock = self._server.sockets[0]
        self.port = int(sock.getsockname()[1])
        log.info("evw serve listening on %s:%s over %s", self.settings.host, self.port, self.settings.snapshot)
        return self.port

    async def serve_forever(self) -> None:
        if self._server is None:
            await self.start()
        assert self._server is not None
        async with self._server:
            await self._server.serve_forever()

    async def stop(self) -> None:
        """Stop listening, end every session with FATAL 57P01 (as PostgreSQL's fast shutdown), free all."""
        self._stopping = True
        if self._server is not None:
            self._server.close()
        for session in list(self._live):
            session.terminate()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=STOP_GRACE)
            for task in pending:  # a client that never reads its socket: no goodbye
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=STOP_GRACE)
        if self._server is not None:
            await self._server.wait_closed()
        self.close_resources()

    def close_resources(self) -> None:
        self.database.close()
        self.executor.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self._tmp, ignore_errors=True)
        shutil.rmtree(self.spill_dir, ignore_errors=True)
