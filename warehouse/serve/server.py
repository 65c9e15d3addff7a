"""The asyncio listener of `evw serve`: accepts connections, runs one `Session` each, routes cancels.

Builds the catalog-shim file in a private temporary directory, owns the thread pool for DuckDB
work and the snapshot database. Must not implement protocol details (see `session`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import shutil
import ssl
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from warehouse.serve.catalog import build_shim_file, settings_values
from warehouse.serve.database import SnapshotDatabase
from warehouse.serve.session import Session
from warehouse.serve.settings import ServeSettings, parse_verifier

log = logging.getLogger("evw.serve")


class PgServer:
    """One running endpoint."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self._tmp = Path(tempfile.mkdtemp(prefix="evw-serve-"))
        self.shim_file = build_shim_file(self._tmp / "pg_shims.duckdb")
        self.database = SnapshotDatabase(settings.snapshot, self.shim_file, settings.memory_limit,
                                         settings.threads)
        self.executor = ThreadPoolExecutor(max_workers=max(8, settings.max_connections + 4),
                                           thread_name_prefix="evw-serve")
        self.settings_values = settings_values(duckdb.__version__)
        self.ssl_context: ssl.SSLContext | None = None
        if settings.tls_cert and settings.tls_key:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(settings.tls_cert), str(settings.tls_key))
            self.ssl_context = ctx
        self._pids = itertools.count(1000)
        self.sessions: dict[int, Session] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._server: asyncio.base_events.Server | None = None
        self.port = settings.port

    def next_pid(self) -> int:
        return next(self._pids)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - verifiers are few and live as long as the server
    def verifier(self, secret: str) -> tuple[bytes, bytes, bytes, int]:
        return parse_verifier(secret)

    def register(self, session: Session) -> None:
        self.sessions[session.pid] = session

    def cancel(self, pid: int, secret: int) -> None:
        session = self.sessions.get(pid)
        if session is not None and session.secret == secret:
            session.cancel()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if len(self.sessions) >= self.settings.max_connections:
            from warehouse.serve import messages as m
            writer.write(m.error_response("53300", "sorry, too many clients already", "FATAL"))
            with contextlib.suppress(ConnectionError):
                await writer.drain()
            writer.close()
            return
        session = Session(self, reader, writer)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await session.run()
        finally:
            self.sessions.pop(session.pid, None)
            if task is not None:
                self._tasks.discard(task)

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
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for session in list(self.sessions.values()):
            session.cancel()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self.close_resources()

    def close_resources(self) -> None:
        self.database.close()
        self.executor.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self._tmp, ignore_errors=True)
