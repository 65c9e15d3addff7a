"""One client connection: startup, authentication and the simple and extended query protocols.

Owns the client's DuckDB cursor (over the current snapshot generation), its prepared statements,
portals and DECLAREd cursors. Blocking DuckDB work runs in the server's thread pool; results are
streamed batch by batch with back-pressure. Must not parse SQL beyond what `sqlrewrite` offers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import struct
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from warehouse.serve import messages as m
from warehouse.serve import pgtypes
from warehouse.serve.database import Generation, SnapshotMissing
from warehouse.serve.errors import (
    ADMIN_SHUTDOWN,
    DUPLICATE_CURSOR,
    DUPLICATE_STATEMENT,
    FEATURE_NOT_SUPPORTED,
    IN_FAILED_TRANSACTION,
    INVALID_CURSOR_NAME,
    INVALID_PASSWORD,
    INVALID_STATEMENT_NAME,
    PROTOCOL_VIOLATION,
    QUERY_CANCELED,
    TOO_MANY_CONNECTIONS,
    PgError,
    read_only,
)
from warehouse.serve.results import Portal, Prepared, RowStream, bind_described, fields_for, prepare
from warehouse.serve.scram import ScramFailure, ScramServer
from warehouse.serve.sqlrewrite import (
    CURSOR_KINDS,
    NOOP_KINDS,
    READ_KINDS,
    WRITE_KINDS,
    Statement,
    parse_close,
    parse_deallocate,
    parse_declare,
    parse_fetch,
    parse_set,
    show_name,
    split_statements,
)

if TYPE_CHECKING:
    from warehouse.serve.server import PgServer

log = logging.getLogger("evw.serve")
T = TypeVar("T")

#: seconds a FATAL goodbye may wait for a client that does not read its socket
FATAL_SEND_SECONDS = 5.0
#: startup time limit of a connection beyond max_connections (it only gets a CancelRequest through)
OVER_LIMIT_STARTUP_SECONDS = 2.0

#: parameters announced with ParameterStatus after startup (and when SET changes them)
REPORTED = ("server_version", "server_encoding", "client_encoding", "DateStyle", "IntervalStyle", "TimeZone",
            "integer_datetimes", "standard_conforming_strings", "is_superuser", "application_name",
            "default_transaction_read_only", "in_hot_standby")


class ClientGone(Exception):
    """The client closed the connection."""


class Session:
    """State and protocol loop of one client."""

    def __init__(self, server: PgServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 over_limit: bool = False) -> None:
        self.server = server
        #: accepted beyond max_connections: a CancelRequest is routed, a startup packet refused with 53300
        self.over_limit = over_limit
        self.reader = reader
        self.writer = writer
        self.pid = server.next_pid()
        self.secret = secrets.randbits(31)
        self.params: dict[str, str] = dict(server.settings_values)
        self.user = ""
        self.generation: Generation | None = None
        self.cursor: duckdb.DuckDBPyConnection | None = None
        self.statements: dict[str, Prepared] = {}
        self.portals: dict[str, Portal] = {}
        self.out: list[bytes | memoryview] = []
        self.tx = b"I"
        self.skip_until_sync = False
        self.canceled = False
        self.timed_out = False
        self.terminating = False
        self.active: set[duckdb.DuckDBPyConnection] = set()

    # ------------------------------------------------------------------ io

    async def _read_exact(self, n: int) -> bytes:
        try:
            return await self.reader.readexactly(n)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            raise ClientGone() from exc

    def send(self, data: bytes | memoryview) -> None:
        self.out.append(data)

    async def flush(self) -> None:
        if self.out:
            self.writer.writelines(self.out)
            self.out = []
        try:
            await self.writer.drain()
        except ConnectionError as exc:
            raise ClientGone() from exc

    async def blocking(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.server.executor, fn, *args)

    # ------------------------------------------------------------------ lifecycle

    async def run(self) -> None:
        try:
            if not await self.startup():
                return
            await self.loop()
        except ClientGone:
            pass
        except asyncio.CancelledError:
            if not self.terminating:
                raise
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()  # the server's own shutdown: say goodbye, then end normally
            await self._fatal(PgError(ADMIN_SHUTDOWN, "terminating connection due to administrator command"))
        except m.ProtocolViolation as exc:
            await self._fatal(PgError(PROTOCOL_VIOLATION, str(exc)))
        except PgError as exc:
            await self._fatal(exc)
        except Exception:
            log.exception("session %s failed", self.pid)
            await self._fatal(PgError("XX000", "internal server error; see the server log"))
        finally:
            await self.cleanup()

    async def _fatal(self, err: PgError) -> None:
        """Send a FATAL ErrorResponse (waiting at most a few seconds for a client that does not read)."""
        try:
            self.out = [m.error_response(err.sqlstate, err.message, "FATAL", err.hint)]
            async with asyncio.timeout(FATAL_SEND_SECONDS):
                await self.flush()
        except (ClientGone, ConnectionError, RuntimeError, TimeoutError):
            pass

    async def cleanup(self) -> None:
        for portal in list(self.portals.values()):
            await self._close_portal(portal)
        self.portals.clear()
        if self.cursor is not None:
            cur, self.cursor = self.cursor, None
            await self.blocking(cur.close)
        if self.generation is not None:
            gen, self.generation = self.generation, None
            await self.blocking(self.server.database.release, gen)
        with contextlib.suppress(ConnectionError, RuntimeError):
            self.writer.close()

    def cancel(self) -> None:
        """CancelRequest from another connection: interrupt what runs now."""
        self.canceled = True
        for cur in list(self.active):
            with contextlib.suppress(duckdb.Error):
                cur.interrupt()

    def terminate(self) -> None:
        """Server shutdown: interrupt running work; the server then cancels the task and `run` ends it."""
        self.terminating = True
        self.cancel()

    # ------------------------------------------------------------------ startup

    async def startup(self) -> bool:
        """Startup packet, TLS and authentication within `startup_timeout`; then the session's cursor."""
        timeout = self.server.settings.startup_timeout
        if self.over_limit:
            timeout = min(timeout, OVER_LIMIT_STARTUP_SECONDS) if timeout > 0 else OVER_LIMIT_STARTUP_SECONDS
        try:
            async with asyncio.timeout(timeout if timeout > 0 else None):
                params = await self._handshake()
        except TimeoutError:
            raise PgError(QUERY_CANCELED, "canceling authentication due to timeout",
                          hint=f"a client must send its startup packet and authenticate within "
                               f"{timeout:g} s ([serve] startup_timeout)", fatal=True) from None
        if params is None:
            return False
        if "application_name" in params:
            self.params["application_name"] = params["application_name"]
        try:
            self.generation = await self.blocking(self.server.database.acquire)
            self.cursor = await self.blocking(self.generation.cursor)
        except SnapshotMissing as exc:
            raise PgError("3D000", str(exc), fatal=True) from exc
        except duckdb.Error as exc:
            raise PgError("58030", f"cannot open the snapshot: {exc}", fatal=True) from exc
        self.send(m.authentication(0))
        for name in REPORTED:
            self.send(m.parameter_status(name, self.params.get(name, "off")))
        self.send(m.parameter_status("session_authorization", self.user))
        self.send(m.backend_key_data(self.pid, self.secret))
        self.send(m.ready_for_query(self.tx))
        await self.flush()
        self.server.register(self)
        return True

    async def _handshake(self) -> dict[str, str] | None:
        """Read the startup packet (after SSL/GSS negotiation) and authenticate; None for a CancelRequest."""
        limit = self.server.settings.max_startup_bytes
        tls_done = False
        while True:
            length = struct.unpack("!i", await self._read_exact(4))[0]
            if length < 8 or length > limit:
                raise m.ProtocolViolation(f"invalid startup packet length {length} (limit {limit})")
            body = await self._read_exact(length - 4)
            code = struct.unpack("!i", body[:4])[0]
            if code == m.SSL_REQUEST and not tls_done:
                ctx = self.server.ssl_context
                self.writer.write(b"S" if ctx is not None else b"N")
                await self.flush()
                if ctx is not None:
                    await self.writer.start_tls(ctx)
                    tls_done = True
                continue
            if code == m.GSSENC_REQUEST:
                self.writer.write(b"N")
                await self.flush()
                continue
            if code == m.CANCEL_REQUEST and len(body) == 12:
                pid, key = struct.unpack("!ii", body[4:12])
                self.server.cancel(pid, key)
                return None
            if code >> 16 != 3:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f"unsupported frontend protocol {code >> 16}.{code & 0xFFFF}: "
                              "evw serve speaks protocol 3.0")
            break
        if self.over_limit:
            raise PgError(TOO_MANY_CONNECTIONS, self.server.too_many_message(), fatal=True)
        params = m.parse_startup_params(body[4:])
        self.user = params.get("user", "")
        if not self.user:
            raise PgError("28000", "no PostgreSQL user name specified in startup packet")
        await self.authenticate()
        return params

    async def _read_message(self) -> tuple[bytes, bytes]:
        head = await self._read_exact(5)
        kind = head[:1]
        length = struct.unpack("!i", head[1:])[0]
        if length < 4 or length > self.server.settings.max_message_bytes:
            raise m.ProtocolViolation(f"invalid message length {length}")
        return kind, await self._read_exact(length - 4)

    async def authenticate(self) -> None:
        settings = self.server.settings
        if settings.trust:
            return
        verifier = self.server.verifier(self.user)
        fail = PgError(INVALID_PASSWORD, f'password authentication failed for user "{self.user}"')
        # an unknown user gets a mock verifier: same exchange, failing at the proof (no user enumeration)
        scram = ScramServer(*(verifier if verifier is not None else self.server.mock_verifier(self.user)))
        self.send(m.authentication(10, b"SCRAM-SHA-256\x00\x00"))
        await self.flush()
        kind, body = await self._read_message()
        if kind != b"p":
            raise m.ProtocolViolation("expected a SASLInitialResponse")
        r = m.Reader(body)
        mechanism = r.cstring()
        if mechanism != "SCRAM-SHA-256":
            raise PgError(INVALID_PASSWORD, f"unsupported SASL mechanism {mechanism}")
        first = r.value() or b""
        try:
            self.send(m.authentication(11, scram.server_first_message(first.decode("utf-8")).encode()))
            await self.flush()
            kind, body = await self._read_message()
            if kind != b"p":
                raise m.ProtocolViolation("expected a SASLResponse")
            final = scram.server_final_message(body.decode("utf-8"))
        except (ScramFailure, UnicodeDecodeError, ValueError) as exc:
            raise fail from exc
        if verifier is None:
            raise fail
        self.send(m.authentication(12, final.encode()))

    # ------------------------------------------------------------------ main loop

    async def loop(self) -> None:
        while True:
            kind, body = await self._read_message()
            if kind == b"X":
                return
            if self.skip_until_sync and kind not in (b"S",):
                continue
            try:
                if kind == b"Q":
                    await self.simple_query(m.Reader(body).cstring())
                    continue
                if kind == b"P":
                    await self.on_parse(m.Reader(body))
                elif kind == b"B":
                    await self.on_bind(m.Reader(body))
                elif kind == b"D":
                    await self.on_describe(m.Reader(body))
                elif kind == b"E":
                    await self.on_execute(m.Reader(body))
                elif kind == b"C":
                    await self.on_close(m.Reader(body))
                elif kind == b"S":
                    self.skip_until_sync = False
                    if self.tx == b"I":
                        unnamed = self.portals.pop("", None)
                        if unnamed is not None:
                            await self._close_portal(unnamed)
                    self.send(m.ready_for_query(self.tx))
                    await self.flush()
                elif kind == b"H":
                    await self.flush()
                elif kind in (b"d", b"c", b"f"):
                    continue
                else:
                    raise m.ProtocolViolation(f"unexpected message type {kind!r}")
            except PgError as err:
                self._report_error(err)
                self.skip_until_sync = True
                await self.flush()

    def _report_error(self, err: PgError) -> None:
        """Queue the ErrorResponse for a statement error and fail an open transaction block.

        A fatal error is re-raised: `run` ends the session with it."""
        if err.fatal:
            raise err
        self.send(m.error_response(err.sqlstate, err.message, hint=err.hint))
        if self.tx == b"T":
            self.tx = b"E"

    # ------------------------------------------------------------------ simple query

    async def simple_query(self, sql: str) -> None:
        statements = split_statements(sql)
        if not statements:
            self.send(m.empty_query_response())
        for stmt in statements:
            try:
                prep = prepare(stmt, [], self.user)
                portal = Portal(prep, [], [0])
                await self.execute_portal(portal, 0, describe=True)
                if portal.stream is not None and not portal.fetch_from:
                    await self._close_portal(portal)
            except PgError as err:
                self._report_error(err)
                break
        if self.tx == b"I":
            await self._close_unheld_cursors()
        self.send(m.ready_for_query(self.tx))
        await self.flush()

    # ------------------------------------------------------------------ extended protocol

    async def on_parse(self, r: m.Reader) -> None:
        name = r.cstring()
        sql = r.cstring()
        n = r.int16()
        oids = [r.int32() for _ in range(n)]
        if name and name in self.statements:
            raise PgError(DUPLICATE_STATEMENT, f'prepared statement "{name}" already exists')
        statements = split_statements(sql)
        if len(statements) > 1:
            raise PgError("42601", "cannot insert multiple commands into a prepared statement")
        stmt = statements[0] if statements else Statement("", "")
        self.statements[name] = prepare(stmt, oids, self.user)
        self.send(m.parse_complete())

    async def on_bind(self, r: m.Reader) -> None:
        portal_name = r.cstring()
        stmt_name = r.cstring()
        prep = self.statements.get(stmt_name)
        if prep is None:
            raise PgError(INVALID_STATEMENT_NAME, f'prepared statement "{stmt_name}" does not exist')
        nfmt = r.int16()
        pformats = [r.int16() for _ in range(nfmt)]
        nparams = r.int16()
        raw = [r.value() for _ in range(nparams)]
        nres = r.int16()
        rformats = [r.int16() for _ in range(nres)] or [0]
        if len(prep.param_oids) < nparams:
            prep.param_oids += [0] * (nparams - len(prep.param_oids))
        oids = list(prep.param_oids)
        if prep.statement.kind in READ_KINDS and any(o == 0 for o in oids[:nparams]):
            desc = await self._describe(prep)
            for i, typ in enumerate(desc.param_types[:nparams]):
                if oids[i] == 0 and typ != "UNKNOWN":
                    oids[i] = pgtypes.pg_type(typ).oid if pgtypes.pg_type(typ).oid != pgtypes.TEXT else 0
        values = []
        for i, data in enumerate(raw):
            fmt = pformats[0] if len(pformats) == 1 else (pformats[i] if i < len(pformats) else 0)
            try:
                values.append(pgtypes.decode_param(oids[i] if i < len(oids) else 0, fmt, data))
            except pgtypes.ParameterError as exc:
                raise PgError("22P02", str(exc)) from exc
        if portal_name and portal_name in self.portals:
            raise PgError(DUPLICATE_CURSOR, f'portal "{portal_name}" already exists')
        old = self.portals.pop(portal_name, None)
        if old is not None:
            await self._close_portal(old)
        self.portals[portal_name] = Portal(prep, values, rformats)
        self.send(m.bind_complete())

    async def _describe(self, prep: Prepared, values: list[Any] | None = None) -> Any:
        cur = await self._main_cursor()
        return await self.blocking(bind_described, cur, prep, values)

    async def on_describe(self, r: m.Reader) -> None:
        what = r.byte()
        name = r.cstring()
        if what == b"S":
            prep = self.statements.get(name)
            if prep is None:
                raise PgError(INVALID_STATEMENT_NAME, f'prepared statement "{name}" does not exist')
            oids = list(prep.param_oids)
            if prep.statement.kind in READ_KINDS:
                desc = await self._describe(prep)
                for i, typ in enumerate(desc.param_types):
                    if i < len(oids) and oids[i] == 0:
                        oids[i] = pgtypes.pg_type(typ).oid if typ != "UNKNOWN" else pgtypes.TEXT
                self.send(m.parameter_description(oids))
                self.send(m.row_description(fields_for(desc, [0])) if desc.names else m.no_data())
            else:
                self.send(m.parameter_description(oids))
                fields = await self._fields_for_non_read(Portal(prep, [], [0]))
                self.send(m.row_description(fields) if fields else m.no_data())
        elif what == b"P":
            portal = self.portals.get(name)
            if portal is None:
                raise PgError(INVALID_CURSOR_NAME, f'portal "{name}" does not exist')
            fields = await self.portal_fields(portal)
            self.send(m.row_description(fields) if fields else m.no_data())
        else:
            raise m.ProtocolViolation("Describe must name a statement (S) or a portal (P)")

    async def on_execute(self, r: m.Reader) -> None:
        name = r.cstring()
        max_rows = r.int32()
        portal = self.portals.get(name)
        if portal is None:
            raise PgError(INVALID_CURSOR_NAME, f'portal "{name}" does not exist')
        await self.execute_portal(portal, max(max_rows, 0), describe=False)

    async def on_close(self, r: m.Reader) -> None:
        what = r.byte()
        name = r.cstring()
        if what == b"S":
            self.statements.pop(name, None)
        else:
            portal = self.portals.pop(name, None)
            if portal is not None:
                await self._close_portal(portal)
        self.send(m.close_complete())

    # ------------------------------------------------------------------ execution

    async def _main_cursor(self) -> duckdb.DuckDBPyConnection:
        """The session cursor, switched to a newly published snapshot when nothing holds the old one."""
        assert self.generation is not None and self.cursor is not None
        db = self.server.database
        busy = any(p.stream is not None and not p.stream.closed for p in self.portals.values())
        if not busy and self.tx == b"I" and not db.is_current(self.generation):
            old_cur, old_gen = self.cursor, self.generation
            self.generation = await self.blocking(db.acquire)
            self.cursor = await self.blocking(self.generation.cursor)
            await self.blocking(old_cur.close)
            await self.blocking(db.release, old_gen)
            for prep in self.statements.values():
                prep.described = None
        return self.cursor

    async def portal_fields(self, portal: Portal) -> list[m.Field]:
        if portal.fields is not None:
            return portal.fields
        kind = portal.prepared.statement.kind
        if kind not in NOOP_KINDS and kind not in CURSOR_KINDS and kind not in WRITE_KINDS and not (
                kind == "SHOW" and show_name(portal.prepared.sql) in self._show_known()):
            desc = await self._describe(portal.prepared, portal.params)
            if desc.writes:
                raise read_only(kind)
            portal.fields = fields_for(desc, portal.formats)
        else:
            portal.fields = await self._fields_for_non_read(portal)
        return portal.fields

    def _show_known(self) -> set[str]:
        return {k.lower() for k in self.params} | {"all"}

    async def _fields_for_non_read(self, portal: Portal) -> list[m.Field]:
        stmt = portal.prepared.statement
        if stmt.kind == "SHOW":
            name = show_name(stmt.text)
            if name == "all":
                return [m.Field("name", pgtypes.TEXT), m.Field("setting", pgtypes.TEXT),
                        m.Field("description", pgtypes.TEXT)]
            key = self._param_key(name) or name
            return [m.Field(key, pgtypes.TEXT, format=portal.formats[0] if portal.formats else 0)]
        if stmt.kind == "FETCH":
            parsed = parse_fetch(stmt.text)
            if parsed and parsed[0] == "FETCH":
                target = self.portals.get(parsed[1])
                if target is None:
                    raise PgError(INVALID_CURSOR_NAME, f'cursor "{parsed[1]}" does not exist')
                fields = await self.portal_fields(target)
                fmt = portal.formats
                return [m.Field(f.name, f.type_oid, f.type_size, f.type_modifier,
                                fmt[0] if len(fmt) == 1 else (fmt[i] if i < len(fmt) else 0))
                        for i, f in enumerate(fields)]
        return []

    def _param_key(self, name: str) -> str | None:
        for k in self.params:
            if k.lower() == name.lower():
                return k
        return None

    async def execute_portal(self, portal: Portal, max_rows: int, describe: bool) -> None:
        stmt = portal.prepared.statement
        kind = stmt.kind
        if self.tx == b"E" and kind not in ("ROLLBACK", "ABORT", "COMMIT", "END"):
            raise PgError(IN_FAILED_TRANSACTION,
                          "current transaction is aborted, commands ignored until end of transaction block")
        if kind == "":
            self.send(m.empty_query_response())
            return
        if kind in NOOP_KINDS:
            self.send(m.command_complete(self._noop(stmt)))
            return
        if kind == "SHOW" and show_name(stmt.text) in self._show_known():
            await self._show(portal, describe)
            return
        if kind in CURSOR_KINDS:
            await self._cursor_command(portal, max_rows, describe)
            return
        if kind in WRITE_KINDS:
            raise read_only(kind)
        await self._run_read(portal, max_rows, describe)

    def _noop(self, stmt: Statement) -> str:
        kind = stmt.kind
        if kind == "DEALLOCATE":  # psqlODBC drops its server-side plans by SQL, then re-uses the names
            name = parse_deallocate(stmt.text)
            if name == "all":
                self.statements = {k: v for k, v in self.statements.items() if k == ""}
            elif name is not None:
                self.statements.pop(name, None)
        if kind in ("BEGIN", "START"):
            if self.tx == b"I":
                self.tx = b"T"
            return "BEGIN"
        if kind in ("COMMIT", "END"):
            failed = self.tx == b"E"
            self.tx = b"I"
            return "ROLLBACK" if failed else "COMMIT"
        if kind in ("ROLLBACK", "ABORT"):
            self.tx = b"I"
            return "ROLLBACK"
        if kind == "SET":
            parsed = parse_set(stmt.text)
            if parsed is not None:
                name, value = parsed
                key = self._param_key(name) or name
                if key.lower() == "client_encoding" and value.upper().replace("-", "") not in ("UTF8", "UNICODE"):
                    raise PgError("22023", f"client_encoding {value} is not supported; use UTF8")
                if key.lower() not in ("timezone", "datestyle", "intervalstyle", "client_encoding",
                                       "transaction_read_only", "default_transaction_read_only"):
                    self.params[key] = value
                    if key in REPORTED:
                        self.send(m.parameter_status(key, value))
            return "SET"
        if kind == "DISCARD":
            return "DISCARD ALL"
        return kind

    async def _show(self, portal: Portal, describe: bool) -> None:
        name = show_name(portal.prepared.statement.text)
        fields = await self._fields_for_non_read(portal)
        if describe:
            self.send(m.row_description(fields))
        rows: list[list[str]]
        if name == "all":
            rows = [[k, v, ""] for k, v in sorted(self.params.items())]
        else:
            rows = [[self.params[self._param_key(name) or name]]]
        for row in rows:
            body = struct.pack("!h", len(row)) + b"".join(
                struct.pack("!i", len(v.encode())) + v.encode() for v in row)
            self.send(m.message(b"D", body))
        self.send(m.command_complete(f"SHOW {len(rows)}" if name == "all" else "SHOW"))

    async def _open_stream(self, portal: Portal) -> RowStream:
        fields = await self.portal_fields(portal)
        cur = await self._main_cursor()
        assert self.generation is not None
        in_use = any(p.stream is not None and not p.stream.closed and p.stream.cursor is cur
                     for p in self.portals.values() if p is not portal)
        own = in_use
        if own:
            cur = await self.blocking(self.generation.cursor)
        stream = RowStream(cur, self.generation, fields, own_cursor=own)
        self.active.add(cur)
        self.canceled = False
        self.timed_out = False
        try:
            await self._guarded(stream, stream.start, portal.prepared.sql, portal.params,
                                self.server.settings.batch_rows)
        except BaseException:
            self.active.discard(cur)
            await self.blocking(stream.close)
            raise
        portal.stream = stream
        return stream

    async def _guarded(self, stream: RowStream, fn: Callable[..., T], *args: Any) -> T:
        """Run blocking DuckDB work with the statement timeout and cancel mapped to 57014."""
        timeout = self.server.settings.query_timeout
        loop = asyncio.get_running_loop()
        handle = None
        if timeout > 0:
            if stream.started is None:
                stream.started = time.monotonic()
            remaining = max(0.001, timeout - (time.monotonic() - stream.started))

            def on_timeout() -> None:
                self.timed_out = True
                stream.cursor.interrupt()

            handle = loop.call_later(remaining, on_timeout)
        try:
            return await self.blocking(fn, *args)
        except PgError as err:
            if err.sqlstate == QUERY_CANCELED or self.canceled or self.timed_out:
                raise PgError(QUERY_CANCELED, "canceling statement due to statement timeout"
                              if self.timed_out else "canceling statement due to user request") from err
            raise
        finally:
            if handle is not None:
                handle.cancel()

    async def _run_read(self, portal: Portal, max_rows: int, describe: bool) -> None:
        if describe:
            fields = await self.portal_fields(portal)
            self.send(m.row_description(fields) if fields else m.no_data())
        if portal.stream is not None:
            portal.stream.started = None  # statement timeout counts per Execute, as in PostgreSQL
        stream = portal.stream if portal.stream is not None else await self._open_stream(portal)
        await self._send_rows(portal, stream, max_rows)
        if stream.done:
            self.send(m.command_complete(f"SELECT {stream.rows_sent}"))
            self.active.discard(stream.cursor)
        else:
            self.send(m.portal_suspended())

    async def _send_rows(self, portal: Portal, stream: RowStream, max_rows: int,
                         discard: bool = False) -> int:
        """Stream rows (all when max_rows == 0); returns how many were sent."""
        sent = 0
        while not stream.done and (max_rows == 0 or sent < max_rows):
            want = 0 if max_rows == 0 else max_rows - sent
            data, n = await self._guarded(stream, stream.read, want)
            sent += n
            if n and not discard:
                self.send(data)
                await self.flush()
        return sent

    async def _close_portal(self, portal: Portal) -> None:
        if portal.stream is not None:
            stream, portal.stream = portal.stream, None
            self.active.discard(stream.cursor)
            await self.blocking(stream.close)

    async def _close_unheld_cursors(self) -> None:
        for name, portal in list(self.portals.items()):
            if portal.extra.get("declared") and not portal.extra.get("hold"):
                self.portals.pop(name, None)
                await self._close_portal(portal)

    async def _cursor_command(self, portal: Portal, max_rows: int, describe: bool) -> None:
        stmt = portal.prepared.statement
        if stmt.kind == "DECLARE":
            parsed = parse_declare(stmt.text)
            if parsed is None:
                raise PgError("42601", "cannot parse DECLARE; use DECLARE name CURSOR FOR query")
            name, query = parsed
            if name in self.portals:
                raise PgError(DUPLICATE_CURSOR, f'cursor "{name}" already exists')
            inner = split_statements(query)
            if len(inner) != 1 or inner[0].kind not in READ_KINDS:
                raise read_only(inner[0].kind if inner else "DECLARE")
            prep = prepare(inner[0], portal.prepared.param_oids, self.user)
            cursor_portal = Portal(prep, portal.params, [1] if "binary" in stmt.text.lower().split(" cursor")[0]
                                   else [0])
            cursor_portal.extra["declared"] = True
            cursor_portal.extra["hold"] = "with hold" in stmt.text.lower()
            await self.portal_fields(cursor_portal)
            self.portals[name] = cursor_portal
            self.send(m.command_complete("DECLARE CURSOR"))
            return
        if stmt.kind == "CLOSE":
            name_or_none = parse_close(stmt.text)
            if name_or_none is None:
                raise PgError("42601", "cannot parse CLOSE")
            if name_or_none == "all":
                for key in [k for k, p in self.portals.items() if p.extra.get("declared")]:
                    await self._close_portal(self.portals.pop(key))
            else:
                target = self.portals.pop(name_or_none, None)
                if target is None:
                    raise PgError(INVALID_CURSOR_NAME, f'cursor "{name_or_none}" does not exist')
                await self._close_portal(target)
            self.send(m.command_complete("CLOSE CURSOR"))
            return
        parsed_fetch = parse_fetch(stmt.text)
        if parsed_fetch is None:
            raise PgError("42601", f"cannot parse {stmt.kind}; use FETCH [FORWARD] n FROM name")
        verb, name, count = parsed_fetch
        target = self.portals.get(name)
        if target is None:
            raise PgError(INVALID_CURSOR_NAME, f'cursor "{name}" does not exist')
        if verb == "FETCH":
            own_fields = await self._fields_for_non_read(portal)
            if describe:
                self.send(m.row_description(own_fields))
            fmt_portal = Portal(target.prepared, target.params, [f.format for f in own_fields] or [0])
            fmt_portal.fields = own_fields
            if target.stream is not None:
                target.stream.started = None
            stream = target.stream if target.stream is not None else await self._open_stream(target)
            saved = stream.fields
            stream.fields = own_fields
            try:
                limit = count if count is not None else 0
                if max_rows:
                    limit = min(limit, max_rows) if limit else max_rows
                n = await self._send_rows(fmt_portal, stream, limit) if limit or count is None else 0
            finally:
                stream.fields = saved
            self.send(m.command_complete(f"FETCH {n}"))
        else:
            stream = target.stream if target.stream is not None else await self._open_stream(target)
            n = await self._send_rows(target, stream, count or 0, discard=True)
            self.send(m.command_complete(f"MOVE {n}"))

