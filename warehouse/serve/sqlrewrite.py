"""PostgreSQL-dialect SQL -> what the snapshot's DuckDB can run.

Splits a simple-query string into statements, classifies each (read, no-op, cursor command, write),
redirects catalog relations and functions to the shim catalog (`evw.main.*`) with a token-level
rewrite that also keeps PostgreSQL semantics DuckDB lacks (a select-list generate_series returns rows;
a bare `numeric` is not DuckDB's DECIMAL(18,3)), and translates with sqlglot when DuckDB cannot parse
or bind the PostgreSQL text. Must not execute anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlglot
from sqlglot.dialects.postgres import Postgres
from sqlglot.errors import SqlglotError
from sqlglot.tokens import Token, TokenType

from warehouse.serve.catalog import SHIM_FUNCTIONS, SHIM_INFORMATION_SCHEMA, SHIM_TABLES

SHIM = "evw.main."

READ_KINDS = frozenset({"SELECT", "WITH", "VALUES", "TABLE", "FROM", "EXPLAIN", "DESCRIBE", "SUMMARIZE",
                        "PIVOT", "UNPIVOT", "("})
NOOP_KINDS = frozenset({"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SET", "RESET", "DISCARD",
                        "DEALLOCATE", "LISTEN", "UNLISTEN", "SAVEPOINT", "RELEASE"})
CURSOR_KINDS = frozenset({"DECLARE", "FETCH", "MOVE", "CLOSE"})
#: refused with SQLSTATE 25006 before DuckDB sees them; anything unknown goes to DuckDB's binder
WRITE_KINDS = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CREATE", "DROP", "ALTER",
                         "COPY", "ATTACH", "DETACH", "INSTALL", "LOAD", "EXPORT", "IMPORT", "VACUUM",
                         "CHECKPOINT", "FORCE", "CALL", "PRAGMA", "TRUNCATE", "GRANT", "REVOKE", "COMMENT",
                         "USE", "REINDEX", "CLUSTER", "ANALYZE", "LOCK", "REFRESH", "PREPARE", "EXECUTE", "DO",
                         "SECURITY", "REASSIGN", "NOTIFY"})

_TYPE_CASTS = {
    "oid": "BIGINT", "regnamespace": "BIGINT", "regproc": "VARCHAR", "regprocedure": "VARCHAR",
    "name": "VARCHAR", "char": "VARCHAR", "int2vector": "VARCHAR", "oidvector": "VARCHAR",
    "regrole": "VARCHAR", "regoper": "VARCHAR", "xid": "BIGINT", "cid": "BIGINT", "tid": "VARCHAR",
    "text": "VARCHAR", "bpchar": "VARCHAR", "pg_node_tree": "VARCHAR",
}

_RENAMED_FUNCTIONS = {"json_build_object": "json_object", "jsonb_build_object": "json_object",
                      "json_agg": "json_group_array", "array_agg": "list"}

#: scalar or set-returning functions PostgreSQL lets a FROM list name with a plain alias
_FROM_FUNCTIONS = frozenset({"string_to_array", "generate_series", "unnest"})

#: tokens after which a function call is a FROM item
_FROM_ITEM_PREFIX = frozenset({TokenType.FROM, TokenType.COMMA, TokenType.JOIN, TokenType.LATERAL})

#: clause keywords that decide whether a token sits in a select list ("select"), a FROM clause ("from")
#: or elsewhere ("other"); see `_clauses`
_CLAUSES: dict[TokenType, str] = {
    TokenType.SELECT: "select", TokenType.FROM: "from", TokenType.JOIN: "from", TokenType.WHERE: "other",
    TokenType.ON: "other", TokenType.USING: "other", TokenType.GROUP_BY: "other", TokenType.HAVING: "other",
    TokenType.ORDER_BY: "other", TokenType.LIMIT: "other", TokenType.OFFSET: "other", TokenType.FETCH: "other",
    TokenType.UNION: "other", TokenType.INTERSECT: "other", TokenType.EXCEPT: "other",
    TokenType.QUALIFY: "other", TokenType.WINDOW: "other", TokenType.VALUES: "other",
}

#: PostgreSQL's `numeric` without precision is arbitrary precision; DuckDB's bare DECIMAL is
#: DECIMAL(18,3), which overflows above 10^15 and rounds to 3 places. A bare numeric cast becomes
#: DECIMAL(38, s): s = the literal's own scale for a number literal (exact, as PostgreSQL), else this.
NUMERIC_MAX_PRECISION = 38
NUMERIC_DEFAULT_SCALE = 10

_NEEDS_REWRITE = re.compile(
    r"pg_|information_schema|current_user|session_user|::|operator\s*\(|collate|json_build_object|string_to_array|generate_series|\bas\s+(?:oid|reg\w+|name|numeric|decimal)\b|"
    + "|".join(sorted(SHIM_FUNCTIONS)), re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """One statement of a query string."""

    text: str
    kind: str  # first keyword, upper case ("" for an empty statement)


def _tokens(sql: str) -> list[Token] | None:
    try:
        return list(Postgres().tokenizer().tokenize(sql))
    except (SqlglotError, ValueError, IndexError):
        return None


def _kind(tokens: list[Token]) -> str:
    for tok in tokens:
        if tok.token_type == TokenType.L_PAREN:
            return "("
        return tok.text.upper()
    return ""


def split_statements(sql: str) -> list[Statement]:
    """The statements of a simple-query string, in order (empty ones dropped)."""
    tokens = _tokens(sql)
    if tokens is None:
        word = re.match(r"\s*(\w+|\()", sql)
        return [Statement(sql, word.group(1).upper() if word else "")] if sql.strip() else []
    out: list[Statement] = []
    current: list[Token] = []
    start = 0
    for tok in [*tokens, None]:
        if tok is None or tok.token_type == TokenType.SEMICOLON:
            if current:
                end = tok.start if tok is not None else len(sql)
                out.append(Statement(sql[start:end].strip(), _kind(current)))
            current = []
            start = tok.end + 1 if tok is not None else len(sql)
        else:
            current.append(tok)
    return out


def _text(t: Token) -> str:
    return t.text.lower() if t.token_type != TokenType.STRING else ""


def _matching_paren(toks: list[Token], open_index: int) -> int | None:
    depth = 0
    for k in range(open_index, len(toks)):
        tt = toks[k].token_type
        if tt == TokenType.L_PAREN:
            depth += 1
        elif tt == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return k
    return None


def _clauses(toks: list[Token]) -> list[str]:
    """For each token, the clause it belongs to: "select", "from" or "other" ("" before any keyword).

    Parentheses open a new level: a subquery's own SELECT/FROM decide inside it, while a function
    call's arguments belong to the clause around the call."""
    out: list[str] = []
    levels: list[str | None] = [None]
    for tok in toks:
        here = next((c for c in reversed(levels) if c is not None), "")
        out.append(here)
        tt = tok.token_type
        if tt == TokenType.L_PAREN:
            levels.append(None)
        elif tt == TokenType.R_PAREN:
            if len(levels) > 1:
                levels.pop()
        elif tt in _CLAUSES:
            levels[-1] = _CLAUSES[tt]
            out[-1] = _CLAUSES[tt]
    return out


def _numeric_type(literal: Token | None) -> str:
    """DuckDB type for PostgreSQL's bare `numeric`, exact for a number literal (see NUMERIC_DEFAULT_SCALE)."""
    scale = NUMERIC_DEFAULT_SCALE
    if literal is not None and literal.token_type in (TokenType.NUMBER, TokenType.STRING):
        try:
            exponent = Decimal(literal.text.strip()).as_tuple().exponent
        except (InvalidOperation, ValueError):
            exponent = None
        if isinstance(exponent, int):
            scale = min(max(0, -exponent), NUMERIC_MAX_PRECISION)
    return f"DECIMAL({NUMERIC_MAX_PRECISION},{scale})"


def _cast_start(toks: list[Token], as_index: int) -> int | None:
    """Index of the CAST keyword whose parenthesis encloses the AS at `as_index`."""
    depth = 0
    for k in range(as_index - 1, 0, -1):
        tt = toks[k].token_type
        if tt == TokenType.R_PAREN:
            depth += 1
        elif tt == TokenType.L_PAREN:
            if depth == 0:
                return k - 1 if toks[k - 1].text.upper() in ("CAST", "TRY_CAST") else None
            depth -= 1
    return None


def rewrite_catalog(sql: str, user: str = "") -> str:
    """Redirect pg_catalog / information_schema relations and shim functions; drop PG-only syntax.

    `current_user` / `session_user` become the connected user's name."""
    if not _NEEDS_REWRITE.search(sql):
        return sql
    toks = _tokens(sql)
    if toks is None:
        return sql
    edits: list[tuple[int, int, str]] = []  # (start, end_inclusive, replacement)
    n = len(toks)
    clauses = _clauses(toks)
    i = 0

    def is_dot(k: int) -> bool:
        return 0 <= k < n and toks[k].token_type == TokenType.DOT

    while i < n:
        tok = toks[i]
        word = _text(tok)
        nxt = toks[i + 1] if i + 1 < n else None
        # OPERATOR(pg_catalog.~) -> ~
        if tok.token_type == TokenType.OPERATOR and nxt is not None and nxt.token_type == TokenType.L_PAREN:
            j = i + 2
            while j < n and toks[j].token_type != TokenType.R_PAREN:
                j += 1
            if j < n:
                op = toks[j - 1].text
                edits.append((tok.start, toks[j].end, f" {op} "))
                i = j + 1
                continue
        # COLLATE pg_catalog.default / COLLATE "C" -> nothing
        if tok.token_type == TokenType.COLLATE:
            j = i + 1
            if j + 1 < n and _text(toks[j]) == "pg_catalog" and is_dot(j + 1):
                j += 2
            if j < n:
                edits.append((tok.start, toks[j].end, " "))
                i = j + 1
                continue
        # ::[pg_catalog.]type casts
        if tok.token_type == TokenType.DCOLON and nxt is not None:
            j = i + 1
            if _text(toks[j]) == "pg_catalog" and is_dot(j + 1) and j + 2 < n:
                edits.append((toks[j].start, toks[j + 1].end, ""))
                j += 2
            tname = _text(toks[j]) if toks[j].token_type != TokenType.IDENTIFIER else toks[j].text.lower()
            prev = toks[i - 1] if i > 0 else None
            if tname in ("regclass", "regtype") and prev is not None and prev.token_type == TokenType.STRING:
                fn = "regclass_oid" if tname == "regclass" else "regtype_oid"
                literal = sql[prev.start:prev.end + 1]
                edits.append((prev.start, toks[j].end, f"{SHIM}{fn}({literal})"))
                i = j + 1
                continue
            if tname in ("regclass", "regtype"):
                edits.append((toks[j].start, toks[j].end, "BIGINT"))
                i = j + 1
                continue
            if tname in _TYPE_CASTS:
                edits.append((toks[j].start, toks[j].end, _TYPE_CASTS[tname]))
                i = j + 1
                continue
            if tname in ("numeric", "decimal") and (j + 1 >= n or toks[j + 1].token_type != TokenType.L_PAREN):
                edits.append((toks[j].start, toks[j].end, _numeric_type(prev)))
                i = j + 1
                continue
            i = j
            continue
        if word in ("current_user", "session_user") and user and not is_dot(i - 1) and (
                nxt is None or nxt.token_type != TokenType.L_PAREN):
            edits.append((tok.start, tok.end, "'" + user.replace("'", "''") + "'"))
            i += 1
            continue
        # CAST(x AS [pg_catalog.]regclass) and friends
        if tok.token_type == TokenType.ALIAS and nxt is not None:
            j = i + 1
            if _text(toks[j]) == "pg_catalog" and is_dot(j + 1) and j + 2 < n:
                j += 2
            tname = _text(toks[j])
            closing = toks[j + 1] if j + 1 < n else None
            if closing is not None and closing.token_type == TokenType.R_PAREN and tname in ("numeric", "decimal"):
                opener = _cast_start(toks, i)
                inner = toks[opener + 2:i] if opener is not None else []  # between "CAST(" and "AS"
                signed = len(inner) == 2 and inner[0].token_type in (TokenType.DASH, TokenType.PLUS)
                operand = inner[-1] if len(inner) == 1 or signed else None
                edits.append((toks[j].start, toks[j].end, _numeric_type(operand)))
                i = j + 1
                continue
            if closing is not None and closing.token_type == TokenType.R_PAREN and (
                    tname in _TYPE_CASTS or tname in ("regclass", "regtype")):
                opener = _cast_start(toks, i)
                if tname in ("regclass", "regtype") and opener is not None:
                    fn = "regclass_oid" if tname == "regclass" else "regtype_oid"
                    edits.append((toks[opener].start, toks[opener].end, f"{SHIM}{fn}(CAST"))
                    edits.append((toks[i + 1].start, toks[j].end, "VARCHAR)"))
                else:
                    edits.append((toks[i + 1].start, toks[j].end, _TYPE_CASTS.get(tname, "BIGINT")))
                i = j + 1
                continue
        # a set-returning generate_series in a select list: one row per value, as in PostgreSQL
        if word == "generate_series" and clauses[i] == "select" and nxt is not None \
                and nxt.token_type == TokenType.L_PAREN:
            _unnest_select_item(toks, i, edits)
        # scalar functions used as FROM items (PostgreSQL allows it; Grafana's table list does it)
        prev_tok = toks[i - 1] if i > 0 else None
        in_from_list = prev_tok is not None and clauses[i] == "from" and prev_tok.token_type in _FROM_ITEM_PREFIX
        if in_from_list and word in _FROM_FUNCTIONS and nxt is not None and nxt.token_type == TokenType.L_PAREN:
            close = _matching_paren(toks, i + 1)
            if close is not None:
                k = close + 1
                if k < n and toks[k].token_type == TokenType.ALIAS:
                    k += 1
                if k < n and toks[k].token_type in (TokenType.VAR, TokenType.IDENTIFIER) and (
                        k + 1 >= n or toks[k + 1].token_type != TokenType.L_PAREN):
                    alias = toks[k].text
                    if word == "generate_series":
                        edits.append((toks[k].start, toks[k].end, f"{alias}({alias})"))
                    else:  # insert "(SELECT " before the call; ") AS alias" after it
                        edits.append((tok.start, tok.start - 1, "(SELECT "))
                        edits.append((toks[close].end + 1, toks[k].end, f" AS {alias}) AS {alias}"))
        # functions DuckDB has under another name
        if word in _RENAMED_FUNCTIONS and nxt is not None and nxt.token_type == TokenType.L_PAREN \
                and not is_dot(i - 1):
            edits.append((tok.start, tok.end, _RENAMED_FUNCTIONS[word]))
            i += 1
            continue
        # relations and functions, optionally qualified with pg_catalog.
        qualified = word == "pg_catalog" and is_dot(i + 1) and i + 2 < n
        target = toks[i + 2] if qualified else tok
        tword = _text(target)
        after = toks[i + 3] if qualified and i + 3 < n else (nxt if not qualified else None)
        preceded_by_dot = is_dot(i - 1)
        if not preceded_by_dot:
            is_call = after is not None and after.token_type == TokenType.L_PAREN
            if is_call and tword in SHIM_FUNCTIONS:
                edits.append((tok.start, target.end, SHIM + tword))
                i += 3 if qualified else 1
                continue
            if not is_call and tword in SHIM_TABLES:
                edits.append((tok.start, target.end, SHIM + tword))
                i += 3 if qualified else 1
                continue
            if word == "information_schema" and is_dot(i + 1) and i + 2 < n:
                name = _text(toks[i + 2])
                if name in SHIM_INFORMATION_SCHEMA:
                    edits.append((tok.start, toks[i + 2].end, f"{SHIM}information_schema_{name}"))
                    i += 3
                    continue
            if qualified:  # pg_catalog.<builtin>: DuckDB knows most of these unqualified
                edits.append((tok.start, toks[i + 1].end, ""))
                i += 2
                continue
        i += 1
    if not edits:
        return sql
    out: list[str] = []
    pos = 0
    for start, end, repl in sorted(edits):
        if start < pos:
            continue
        out.append(sql[pos:start])
        out.append(repl)
        pos = end + 1
    out.append(sql[pos:])
    return "".join(out)


def _unnest_select_item(toks: list[Token], i: int, edits: list[tuple[int, int, str]]) -> None:
    """Wrap the generate_series(...) call at token `i` (in a select list) in unnest(...).

    DuckDB's generate_series in a select list returns one list value; PostgreSQL returns one row per
    element. A call that is a whole select item keeps PostgreSQL's column name `generate_series`."""
    close = _matching_paren(toks, i + 1)
    if close is None:
        return
    first = i
    if i >= 2 and toks[i - 1].token_type == TokenType.DOT and _text(toks[i - 2]) == "pg_catalog":
        first = i - 2
    if first > 0 and toks[first - 1].token_type == TokenType.DOT:
        return  # some_schema.generate_series: not PostgreSQL's
    before = toks[first - 1].token_type if first > 0 else None
    after = toks[close + 1].token_type if close + 1 < len(toks) else None
    whole_item = before in (TokenType.SELECT, TokenType.DISTINCT, TokenType.ALL, TokenType.COMMA) and (
        after is None or after in (TokenType.COMMA, TokenType.FROM, TokenType.R_PAREN, TokenType.SEMICOLON)
        or after in _CLAUSES)
    alias = " AS generate_series" if whole_item else ""
    edits.append((toks[first].start, toks[first].start - 1, "unnest("))
    edits.append((toks[close].end + 1, toks[close].end, ")" + alias))


def translate(sql: str) -> str | None:
    """sqlglot's PostgreSQL -> DuckDB translation, or None when it fails or changes nothing."""
    try:
        out = sqlglot.transpile(sql, read="postgres", write="duckdb")
    except SqlglotError:
        return None
    if len(out) != 1 or out[0].strip() == sql.strip():
        return None
    return out[0]


_SET_RE = re.compile(
    r"^\s*SET\s+(?:SESSION\s+|LOCAL\s+)?(?:(TIME\s+ZONE)|([\w.]+))\s*(?:=|\bTO\b)?\s*(.*?)\s*$",
    re.IGNORECASE | re.DOTALL)


def parse_set(sql: str) -> tuple[str, str] | None:
    """(name, value) of a `SET name = value` statement, or None when it is some other SET."""
    m = _SET_RE.match(sql)
    if not m:
        return None
    name = "TimeZone" if m.group(1) else m.group(2)
    value = m.group(3).strip().strip("'\"")
    return name, value


def show_name(sql: str) -> str:
    """The parameter of `SHOW name` (lower case), '' for SHOW without one."""
    m = re.match(r"^\s*SHOW\s+(.*?)\s*$", sql, re.IGNORECASE | re.DOTALL)
    if not m:
        return ""
    name = " ".join(m.group(1).strip('"').lower().split())
    return {"transaction isolation level": "transaction_isolation", "time zone": "timezone"}.get(name, name)


_DECLARE_RE = re.compile(
    r"^\s*DECLARE\s+(\"[^\"]+\"|\w+)\s+(?:BINARY\s+)?(?:(?:ASENSITIVE|INSENSITIVE)\s+)?(?:NO\s+)?(?:SCROLL\s+)?"
    r"CURSOR\s+(?:(?:WITH|WITHOUT)\s+HOLD\s+)?FOR\s+(.*)$", re.IGNORECASE | re.DOTALL)
_FETCH_RE = re.compile(
    r"^\s*(FETCH|MOVE)\s+(?:(NEXT|FIRST|ALL|FORWARD\s+ALL|FORWARD\s+\d+|FORWARD|\d+)\s+)?(?:FROM\s+|IN\s+)?"
    r"(\"[^\"]+\"|\w+)\s*$", re.IGNORECASE)
_CLOSE_RE = re.compile(r"^\s*CLOSE\s+(\"[^\"]+\"|\w+)\s*$", re.IGNORECASE)


def _ident(s: str) -> str:
    return s[1:-1].replace('""', '"') if s.startswith('"') else s.lower()


def parse_declare(sql: str) -> tuple[str, str] | None:
    """(cursor name, query) of DECLARE ... CURSOR FOR query."""
    m = _DECLARE_RE.match(sql)
    return (_ident(m.group(1)), m.group(2)) if m else None


def parse_fetch(sql: str) -> tuple[str, str, int | None] | None:
    """(FETCH|MOVE, cursor name, count or None for ALL) of a FETCH/MOVE statement."""
    m = _FETCH_RE.match(sql)
    if not m:
        return None
    how = (m.group(2) or "NEXT").upper()
    digits = re.search(r"\d+", how)
    count: int | None = int(digits.group()) if digits else (None if "ALL" in how else 1)
    return m.group(1).upper(), _ident(m.group(3)), count


def parse_close(sql: str) -> str | None:
    """Cursor name of CLOSE name ('all' for CLOSE ALL)."""
    m = _CLOSE_RE.match(sql)
    return _ident(m.group(1)) if m else None


_DEALLOCATE_RE = re.compile(r"^\s*DEALLOCATE\s+(?:PREPARE\s+)?(\"(?:[^\"]|\"\")+\"|\w+)\s*$", re.IGNORECASE)


def parse_deallocate(sql: str) -> str | None:
    """Statement name of `DEALLOCATE [PREPARE] name` ('all' for DEALLOCATE ALL), None if not one.

    psqlODBC deallocates a plan this way (simple query) and then Parses another statement under the
    same name, so the session must really forget it."""
    m = _DEALLOCATE_RE.match(sql)
    if not m:
        return None
    name = m.group(1)
    return name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()
