"""Mapping of DuckDB and server failures to PostgreSQL SQLSTATE codes and messages.

Must not send anything; the session turns a `PgError` into an ErrorResponse.
"""

from __future__ import annotations

import duckdb


class PgError(Exception):
    """An error to report to the client with a SQLSTATE."""

    def __init__(self, sqlstate: str, message: str, hint: str | None = None, fatal: bool = False) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.message = message
        self.hint = hint
        self.fatal = fatal


READ_ONLY = "25006"
QUERY_CANCELED = "57014"
PROTOCOL_VIOLATION = "08P01"
INVALID_PASSWORD = "28P01"
FEATURE_NOT_SUPPORTED = "0A000"
IN_FAILED_TRANSACTION = "25P02"
INVALID_CURSOR_NAME = "34000"
INVALID_STATEMENT_NAME = "26000"
DUPLICATE_STATEMENT = "42P05"
DUPLICATE_CURSOR = "42P03"
INVALID_TEXT = "22P02"
TOO_MANY_CONNECTIONS = "53300"
ADMIN_SHUTDOWN = "57P01"


def read_only(kind: str) -> PgError:
    return PgError(READ_ONLY, f"cannot execute {kind} in a read-only transaction",
                   hint="evw serve exposes the published warehouse snapshot read-only; "
                        "load data with `evw` commands instead")



#: DuckDB exception classes -> SQLSTATE, checked in order after the message-based rules.
_SQLSTATE_BY_TYPE: tuple[tuple[type[Exception], str], ...] = (
    (duckdb.ConversionException, INVALID_TEXT),
    (duckdb.OutOfRangeException, "22003"),
    (duckdb.OutOfMemoryException, "53200"),
    (duckdb.PermissionException, "42501"),
    (duckdb.ConstraintException, "23000"),
    (duckdb.NotImplementedException, FEATURE_NOT_SUPPORTED),
    (duckdb.TransactionException, "25000"),
    (duckdb.IOException, "58030"),
    (duckdb.InvalidInputException, "22023"),
)

def _classify(exc: duckdb.Error) -> str:
    msg = str(exc)
    low = msg.lower()
    if "read-only" in low or "read only" in low:
        return READ_ONLY
    if isinstance(exc, duckdb.InterruptException):
        return QUERY_CANCELED
    if isinstance(exc, duckdb.ParserException):
        return "42601"
    if isinstance(exc, duckdb.CatalogException):
        if "function" in low or "macro" in low:
            return "42883"
        if "schema" in low:
            return "3F000"
        return "42P01"
    if isinstance(exc, duckdb.BinderException):
        if "referenced column" in low or ("column" in low and "not found" in low):
            return "42703"
        if "function" in low:
            return "42883"
        return "42804"
    if "division by zero" in low:
        return "22012"
    return next((code for kind, code in _SQLSTATE_BY_TYPE if isinstance(exc, kind)), "XX000")


def from_duckdb(exc: duckdb.Error) -> PgError:
    """A PgError for a DuckDB exception (message without DuckDB's "X Error: " prefix)."""
    text = str(exc)
    head, sep, rest = text.partition(" Error: ")
    if sep and " " not in head.strip().replace("_", ""):
        text = rest
    return PgError(_classify(exc), text.strip())
