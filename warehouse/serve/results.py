"""Prepared statements, portals and the row streams behind them (DuckDB side of a session).

A `RowStream` runs one query on a DuckDB cursor and yields DataRow bytes a batch at a time from
DuckDB's Arrow record batch reader, so large results are never materialised. Its blocking methods
run in the server's thread pool. Must not touch sockets.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.serve import encode, fileguard, pgtypes
from warehouse.serve.database import SNAPSHOT_CATALOG, Generation
from warehouse.serve.errors import PgError, from_duckdb
from warehouse.serve.messages import Field
from warehouse.serve.sqlrewrite import Statement, rewrite_catalog, translate

# Describing a statement without running it. DuckDB's public Python API has no such call, so this
# uses `duckdb._seam.bind`, a PRIVATE module of DuckDB 2.0.0 -- the version pinned in pyproject.toml
# (`duckdb==2.0.0`). Re-check it on every DuckDB upgrade: tests/test_serve_units.py asserts that the
# pinned version takes this path and that it agrees with the fallback. Without it (another DuckDB
# build) statements are described with DuckDB's `DESCRIBE <query>` on a separate cursor, which binds
# and never runs them; that path types no parameters and refuses anything but a query.
try:
    from duckdb._seam import bind as _seam_bind
except ImportError:  # pragma: no cover - DuckDB builds other than the pinned 2.0.0
    _seam_bind = None  # type: ignore[assignment]
_duck_bind = _seam_bind
#: which describe path this process uses: "seam" (DuckDB 2.0.0's binder) or "describe" (fallback)
BINDER = "seam" if _duck_bind is not None else "describe"


@dataclass
class Described:
    """What binding a query tells: result columns and parameter types (DuckDB type names)."""

    names: list[str]
    types: list[str]
    param_types: list[str]
    writes: bool = False


def describe_sql(cur: duckdb.DuckDBPyConnection, sql: str, values: list[Any] | None = None) -> Described:
    """Bind `sql` without running it (typed from `values` when given); refuses file access first."""
    fileguard.check(sql)
    if _duck_bind is not None:
        sig = _duck_bind(cur, sql, values=values or None)
        return Described(list(sig.names), [str(t) for t in sig.types],
                         [str(t) for _, t in sig.parameters], bool(sig.writes))
    return describe_by_describe(cur, sql, values)


def describe_by_describe(cur: duckdb.DuckDBPyConnection, sql: str, values: list[Any] | None = None,
                         catalog: str = SNAPSHOT_CATALOG) -> Described:
    """The fallback describe: `DESCRIBE <sql>` on a new cursor of `cur`'s database, in `catalog`.

    DESCRIBE only binds, so nothing runs; it accepts queries only, so any other statement fails with a
    DuckDB error (a syntax error), never executes. A separate cursor keeps an open result on `cur`
    intact. Parameters are bound to `values`, or to NULL, so their types are not known (`[]`)."""
    n = count_params(sql)
    params = list(values) if values else [None] * n
    dup = cur.cursor()
    try:
        dup.execute(f"USE {catalog}")
        rows = dup.execute(f"DESCRIBE {sql}", params or None).fetchall()
    finally:
        dup.close()
    return Described([str(r[0]) for r in rows], [str(r[1]) for r in rows], [])


def count_params(sql: str) -> int:
    """Highest $n placeholder outside string literals."""
    stripped = re.sub(r"'(?:[^']|'')*'", "''", sql)
    nums = [int(n) for n in re.findall(r"\$(\d+)", stripped)]
    return max(nums, default=0)


@dataclass
class Prepared:
    """A parsed statement (named or unnamed)."""

    statement: Statement
    sql: str  # rewritten for DuckDB
    param_oids: list[int]
    described: Described | None = None


def prepare(statement: Statement, param_oids: list[int], user: str = "") -> Prepared:
    sql = rewrite_catalog(statement.text, user) if statement.text else ""
    n = max(len(param_oids), count_params(sql))
    return Prepared(statement, sql, list(param_oids) + [0] * (n - len(param_oids)))


def bind_described(cur: duckdb.DuckDBPyConnection, prep: Prepared, values: list[Any] | None = None) -> Described:
    """Describe a prepared read statement, retrying once with sqlglot's translation.

    With parameter `values` the result types are those of this execution (not cached)."""
    if values:
        try:
            return describe_sql(cur, prep.sql, values)
        except duckdb.Error:
            pass
    if prep.described is not None:
        return prep.described
    try:
        prep.described = describe_sql(cur, prep.sql)
    except (duckdb.ParserException, duckdb.BinderException, duckdb.CatalogException) as first:
        alt = translate(prep.sql)
        if alt is None:
            raise from_duckdb(first) from first
        try:
            prep.described = describe_sql(cur, alt)
        except duckdb.Error:
            raise from_duckdb(first) from first
        prep.sql = alt
    except duckdb.Error as exc:
        raise from_duckdb(exc) from exc
    return prep.described


def fields_for(desc: Described, formats: list[int]) -> list[Field]:
    out = []
    for i, (name, typ) in enumerate(zip(desc.names, desc.types, strict=True)):
        pt = pgtypes.pg_type(typ)
        fmt = formats[0] if len(formats) == 1 else (formats[i] if i < len(formats) else 0)
        out.append(Field(name, pt.oid, pt.size, pt.modifier, fmt))
    return out


@dataclass
class RowStream:
    """One running query; `read` returns the next DataRow bytes."""

    cursor: duckdb.DuckDBPyConnection
    generation: Generation
    fields: list[Field]
    own_cursor: bool
    reader: Any = None
    pending: pa.RecordBatch | None = None
    rows_sent: int = 0
    done: bool = False
    closed: bool = False
    started: float | None = None  # monotonic time the query started (statement timeout)

    def start(self, sql: str, params: list[Any], batch_rows: int) -> None:
        """Run the query (blocking); a query that would read or list a file is refused (42501)."""
        fileguard.check(sql)
        try:
            rel = self.cursor.sql(sql, params=params or None)
            if rel is None:
                self.done = True
                return
            self.reader = rel.to_arrow_reader(batch_rows)
        except duckdb.Error as exc:
            raise from_duckdb(exc) from exc

    def read(self, max_rows: int) -> tuple[bytes | memoryview, int]:
        """Up to `max_rows` rows (0 = one batch) as DataRow bytes; sets `done` at the end (blocking)."""
        if self.done or self.reader is None:
            self.done = True
            return b"", 0
        batch = self.pending
        self.pending = None
        if batch is None:
            try:
                batch = self.reader.read_next_batch()
            except StopIteration:
                self.done = True
                return b"", 0
            except duckdb.Error as exc:
                raise from_duckdb(exc) from exc
            except pa.ArrowException as exc:
                raise from_duckdb(duckdb.InterruptException(str(exc))) if "nterrupt" in str(exc) \
                    else PgError("XX000", f"reading result failed: {exc}") from exc
        if max_rows and batch.num_rows > max_rows:
            self.pending = batch.slice(max_rows)
            batch = batch.slice(0, max_rows)
        oids = [f.type_oid for f in self.fields]
        formats = [f.format for f in self.fields]
        data = encode.encode_batch(batch, oids, formats)
        self.rows_sent += batch.num_rows
        return data, batch.num_rows

    def close(self) -> None:
        """Stop the query and free the cursor (blocking)."""
        if self.closed:
            return
        self.closed = True
        self.done = True
        try:
            if self.reader is not None:
                self.reader.close()
        except Exception:
            pass
        self.reader = None
        if self.own_cursor:
            with contextlib.suppress(duckdb.Error):
                self.cursor.close()


@dataclass
class Portal:
    """A bound statement, possibly with a running stream (also DECLAREd cursors)."""

    prepared: Prepared
    params: list[Any]
    formats: list[int]
    stream: RowStream | None = None
    fields: list[Field] | None = None
    # for FETCH portals: the cursor portal they read from, and how many rows
    fetch_from: str | None = None
    fetch_count: int | None = None
    fetch_move: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
