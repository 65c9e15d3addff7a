"""Unit tests of the `evw serve` building blocks: wire encoding, types, SQL rewriting, SCRAM, settings."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import struct
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from typer import Typer
from typer.testing import CliRunner

from transforms.config import ConfigError, load_config
from warehouse.serve import encode, pgtypes, results
from warehouse.serve.catalog import build_shim_file
from warehouse.serve.scram import ScramFailure, ScramServer
from warehouse.serve.settings import from_config, make_verifier, mock_verifier, parse_verifier
from warehouse.serve.sqlrewrite import (
    parse_declare,
    parse_fetch,
    parse_set,
    rewrite_catalog,
    show_name,
    split_statements,
    translate,
)


def _rows(data: bytes) -> list[list[bytes | None]]:
    """Decode DataRow messages back into values."""
    out, pos = [], 0
    while pos < len(data):
        assert data[pos:pos + 1] == b"D"
        length = struct.unpack("!i", data[pos + 1:pos + 5])[0]
        body = data[pos + 5:pos + 1 + length]
        n = struct.unpack("!h", body[:2])[0]
        vals: list[bytes | None] = []
        p = 2
        for _ in range(n):
            ln = struct.unpack("!i", body[p:p + 4])[0]
            p += 4
            if ln < 0:
                vals.append(None)
            else:
                vals.append(body[p:p + ln])
                p += ln
        assert p == len(body)
        out.append(vals)
        pos += 1 + length
    return out


def test_text_encoding_matches_postgres_output() -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    batch = con.sql("""SELECT 1::INTEGER AS i, NULL::BIGINT AS n, 0.1::DOUBLE AS f, 'inf'::DOUBLE AS inf,
        true AS b, DATE '2024-02-29' AS d, TIMESTAMP '2024-01-02 03:04:05.5' AS ts,
        TIMESTAMPTZ '2024-01-02 03:04:05+00' AS tz, 12.30::DECIMAL(6,2) AS num, [1, NULL]::INTEGER[] AS arr,
        ['a b', '', 'NULL', 'q"x']::VARCHAR[] AS sarr, INTERVAL '1 year 2 months 3 days 04:05:06' AS iv,
        '\\xff'::BLOB AS blob""").to_arrow_table().to_batches()[0]
    types = [pgtypes.pg_type(str(t)) for t in con.sql("SELECT * FROM (SELECT 1)").types]  # smoke
    assert types
    oids = [pgtypes.INT4, pgtypes.INT8, pgtypes.FLOAT8, pgtypes.FLOAT8, pgtypes.BOOL, pgtypes.DATE,
            pgtypes.TIMESTAMP, pgtypes.TIMESTAMPTZ, pgtypes.NUMERIC, 1007, 1009, pgtypes.INTERVAL, pgtypes.BYTEA]
    (row,) = _rows(bytes(encode.encode_batch(batch, oids, [0] * len(oids))))
    assert row == [b"1", None, b"0.1", b"Infinity", b"t", b"2024-02-29", b"2024-01-02 03:04:05.5",
                   b"2024-01-02 03:04:05+00", b"12.30", b"{1,NULL}", b'{"a b","","NULL","q\\"x"}',
                   b"1 year 2 mons 3 days 04:05:06", b"\\xff"]


def test_binary_encoding() -> None:
    batch = pa.record_batch({
        "i": pa.array([7, None], pa.int32()), "f": pa.array([1.5, 2.0], pa.float64()),
        "d": pa.array([dt.date(2000, 1, 2), dt.date(1999, 12, 31)]),
        "ts": pa.array([dt.datetime(2000, 1, 1, 0, 0, 1), None], pa.timestamp("us")),
        "num": pa.array([Decimal("-12345.678"), Decimal("0.0001")], pa.decimal128(12, 4)),
    })
    oids = [pgtypes.INT4, pgtypes.FLOAT8, pgtypes.DATE, pgtypes.TIMESTAMP, pgtypes.NUMERIC]
    rows = _rows(bytes(encode.encode_batch(batch, oids, [1] * 5)))
    assert rows[0][0] == struct.pack("!i", 7) and rows[1][0] is None
    assert rows[0][1] == struct.pack("!d", 1.5)
    assert rows[0][2] == struct.pack("!i", 1) and rows[1][2] == struct.pack("!i", -1)
    assert rows[0][3] == struct.pack("!q", 1_000_000) and rows[1][3] is None
    for raw, expected in ((rows[0][4], Decimal("-12345.6780")), (rows[1][4], Decimal("0.0001"))):
        assert raw is not None
        assert pgtypes.decode_param(pgtypes.NUMERIC, 1, raw) == expected


def test_type_oids_and_format_type() -> None:
    assert pgtypes.pg_type("INTEGER").oid == 23
    assert pgtypes.pg_type("DECIMAL(10,2)") == pgtypes.PgType(1700, -1, (10 << 16 | 2) + 4)
    assert pgtypes.pg_type("TIMESTAMP WITH TIME ZONE").oid == 1184
    assert pgtypes.pg_type("VARCHAR[]").oid == 1009
    assert pgtypes.pg_type("STRUCT(a INTEGER)").oid == 25
    assert pgtypes.format_type(1700, (10 << 16 | 2) + 4) == "numeric(10,2)"
    assert pgtypes.format_type(1007) == "integer[]"


def test_param_decoding() -> None:
    assert pgtypes.decode_param(pgtypes.INT4, 0, b"42") == 42
    assert pgtypes.decode_param(pgtypes.INT8, 1, struct.pack("!q", -5)) == -5
    assert pgtypes.decode_param(pgtypes.BOOL, 0, b"t") is True
    assert pgtypes.decode_param(pgtypes.TIMESTAMPTZ, 0, b"2024-01-02 03:04:05+00") == dt.datetime(
        2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert pgtypes.decode_param(0, 0, b"anything") == "anything"
    assert pgtypes.decode_param(pgtypes.INT4, 0, None) is None
    with pytest.raises(pgtypes.ParameterError):
        pgtypes.decode_param(pgtypes.INT4, 0, b"abc")


def test_split_and_classify() -> None:
    stmts = split_statements("BEGIN; SELECT ';' AS s; -- c\n;  ")
    assert [(s.kind, s.text) for s in stmts] == [("BEGIN", "BEGIN"), ("SELECT", "SELECT ';' AS s")]
    assert split_statements("  ") == []
    assert parse_set("SET TIME ZONE 'UTC'") == ("TimeZone", "UTC")
    assert parse_set("set extra_float_digits = 3") == ("extra_float_digits", "3")
    assert show_name("SHOW TRANSACTION ISOLATION LEVEL") == "transaction_isolation"
    assert parse_declare('DECLARE "c" NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1') == ("c", "SELECT 1")
    assert parse_fetch('FETCH FORWARD 100 FROM "c"') == ("FETCH", "c", 100)
    assert parse_fetch("FETCH ALL IN c") == ("FETCH", "c", None)


def test_catalog_rewrite() -> None:
    q = ("SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.~) '^(events)$' "
         "COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid) AND 'events'::regclass = c.oid "
         "AND c.relname <> 'pg_class'")
    out = rewrite_catalog(q)
    assert "evw.main.pg_class c" in out and "~  '^(events)$'" in out
    assert "COLLATE" not in out and "OPERATOR" not in out
    assert "evw.main.pg_table_is_visible(c.oid)" in out and "evw.main.regclass_oid('events')" in out
    assert out.endswith("<> 'pg_class'")  # string literals untouched
    assert rewrite_catalog("SELECT CAST($1 AS REGCLASS)") == "SELECT evw.main.regclass_oid(CAST($1 AS VARCHAR))"
    assert rewrite_catalog("SELECT * FROM information_schema.columns") == \
        "SELECT * FROM evw.main.information_schema_columns"
    plain = "SELECT day, count(*) FROM events GROUP BY 1"
    assert rewrite_catalog(plain) is plain
    assert translate("SELECT to_char(d, 'YYYY-MM') FROM t") == "SELECT STRFTIME(d, '%Y-%m') FROM t"
    assert translate("SELECT 1") is None


def test_shims_answer_catalog_queries(tmp_path: Path) -> None:
    snap = tmp_path / "s.duckdb"
    con = duckdb.connect(str(snap))
    con.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL, tags VARCHAR[])")
    con.close()
    shim = build_shim_file(tmp_path / "shim.duckdb")
    db = duckdb.connect(":memory:")
    db.execute(f"ATTACH '{snap}' AS snap (READ_ONLY)")
    db.execute(f"ATTACH '{shim}' AS evw (READ_ONLY)")
    db.execute("USE snap")
    rows = db.execute(rewrite_catalog(
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "WHERE c.relname = 't' ORDER BY a.attnum")).fetchall()
    assert rows == [("id", "bigint", True), ("amount", "numeric(10,2)", True), ("tags", "text[]", False)]
    assert db.execute(rewrite_catalog("SELECT current_setting('server_version')")).fetchone() == ("15.0",)
    pk = db.execute(rewrite_catalog("SELECT contype, conkey FROM pg_constraint")).fetchall()
    assert pk == [("p", [1])]


def _client_proof(password: str, salt: bytes, iters: int, auth_message: str) -> str:
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iters)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored = hashlib.sha256(client_key).digest()
    sig = hmac.new(stored, auth_message.encode(), hashlib.sha256).digest()
    return base64.b64encode(bytes(a ^ b for a, b in zip(client_key, sig, strict=True))).decode()


@pytest.mark.parametrize("password,ok", [("right", True), ("wrong", False)])
def test_scram_exchange(password: str, ok: bool) -> None:
    server = ScramServer(*parse_verifier(make_verifier("right")))
    first = server.server_first_message("n,,n=,r=clientnonce")
    attrs = dict(part.split("=", 1) for part in first.split(","))
    without_proof = f"c=biws,r={attrs['r']}"
    auth = f"n=,r=clientnonce,{first},{without_proof}"
    proof = _client_proof(password, base64.b64decode(attrs["s"]), int(attrs["i"]), auth)
    if ok:
        assert server.server_final_message(f"{without_proof},p={proof}").startswith("v=")
    else:
        with pytest.raises(ScramFailure):
            server.server_final_message(f"{without_proof},p={proof}")


def test_settings_from_config(tmp_path: Path) -> None:
    cfg_file = tmp_path / "evw.toml"
    cfg_file.write_text('[serve]\nport = 6543\nquery_timeout = 30\nmemory_limit = "1GB"\n'
                        '[serve.users]\nalice = "pw"\n[serve.tls]\ncert = "c.pem"\nkey = "k.pem"\n')
    s = from_config(load_config(cfg_file), tmp_path / "snap.duckdb")
    assert (s.port, s.query_timeout, s.memory_limit, s.trust) == (6543, 30.0, "1GB", False)
    assert s.startup_timeout == 60.0  # the default
    assert s.tls_cert == tmp_path / "c.pem" and s.users == {"alice": "pw"}
    cfg_file.write_text('[serve.tls]\ncert = "c.pem"\n')
    with pytest.raises(ConfigError, match="both cert and key"):
        from_config(load_config(cfg_file), tmp_path / "snap.duckdb")
    cfg_file.write_text('[serve]\nstartup_timeout = 5\nmax_connections = 3\n')
    limits = from_config(load_config(cfg_file), tmp_path / "snap.duckdb")
    assert (limits.startup_timeout, limits.max_connections) == (5.0, 3)
    cfg_file.write_text('[serve]\nstartup_timeout = "soon"\n')
    with pytest.raises(ConfigError, match="startup_timeout"):
        from_config(load_config(cfg_file), tmp_path / "snap.duckdb")


def test_serve_command_needs_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from warehouse.serve.cli import serve_command

    app = Typer()
    app.command()(serve_command)
    monkeypatch.delenv("EVW_SERVE_PASSWORD", raising=False)
    monkeypatch.delenv("EVW_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["--warehouse", str(tmp_path / "w.duckdb"), "--user", "bi"])
    assert result.exit_code != 0 and "EVW_SERVE_PASSWORD" in result.output
    monkeypatch.setenv("EVW_SERVE_PASSWORD", "pw")
    made = CliRunner().invoke(app, ["--make-verifier"])
    assert made.exit_code == 0 and made.output.startswith("SCRAM-SHA-256$4096:")


@pytest.mark.parametrize("scale,precision", [(0, 18), (1, 18), (2, 18), (4, 18), (6, 18), (1, 21), (3, 38)])
def test_vectorised_numeric_binary_matches_per_value(scale: int, precision: int) -> None:
    import random

    rnd = random.Random(scale)
    vals: list[Decimal | None] = [Decimal("0"), None, Decimal("-0.5"), Decimal("10000"), Decimal("1.5")]
    vals += [Decimal(rnd.randint(-10**11, 10**11)).scaleb(-rnd.randint(0, 6)) for _ in range(500)]
    quantised = [None if v is None else v.quantize(Decimal(1).scaleb(-scale)) for v in vals]
    if precision > 30:
        quantised.append(Decimal("-123456789012345678901234.5").quantize(Decimal(1).scaleb(-scale)))  # > 64 bits
    col = pa.array(quantised, pa.decimal128(precision, scale))
    fast = encode.encode_column(col, pgtypes.NUMERIC, 1).to_pylist()
    per_value = [None if v is None else encode.binary_value(pgtypes.NUMERIC, v) for v in quantised]
    assert fast == per_value
    assert [None if b is None else pgtypes.decode_param(pgtypes.NUMERIC, 1, b) for b in fast] == quantised


def _exchange(verifier: tuple[bytes, bytes, bytes, int], password: str) -> str:
    """A complete SCRAM exchange against `verifier` with `password`; the server-final message."""
    server = ScramServer(*verifier)
    first = server.server_first_message("n,,n=,r=clientnonce")
    attrs = dict(part.split("=", 1) for part in first.split(","))
    without_proof = f"c=biws,r={attrs['r']}"
    auth = f"n=,r=clientnonce,{first},{without_proof}"
    proof = _client_proof(password, base64.b64decode(attrs["s"]), int(attrs["i"]), auth)
    return server.server_final_message(f"{without_proof},p={proof}")


def test_plain_password_gets_a_random_salt() -> None:
    one, two = parse_verifier("hunter2"), parse_verifier("hunter2")
    assert one[0] != hashlib.sha256(b"hunter2").digest()[:16]  # not derivable from the password
    assert one[0] != two[0] and len(one[0]) == 16
    assert _exchange(one, "hunter2").startswith("v=") and _exchange(two, "hunter2").startswith("v=")
    with pytest.raises(ScramFailure):
        _exchange(one, "hunter3")


def test_mock_verifier_for_unknown_users() -> None:
    secret = b"k" * 32
    salt = mock_verifier(secret, "nobody")[0]
    assert len(salt) == 16 and salt != bytes(16)
    assert mock_verifier(secret, "nobody")[0] == salt  # stable per user while the process runs
    assert mock_verifier(secret, "other")[0] != salt and mock_verifier(b"j" * 32, "nobody")[0] != salt
    assert mock_verifier(secret, "nobody")[3] == parse_verifier("pw")[3]  # same iteration count as real users
    for guess in ("", "nobody", "pw"):
        with pytest.raises(ScramFailure):
            _exchange(mock_verifier(secret, "nobody"), guess)


def test_describe_paths() -> None:
    """DuckDB 2.0.0 (the pin) takes the private binder; the DESCRIBE fallback agrees and never runs anything."""
    if duckdb.__version__ == "2.0.0":
        assert results.BINDER == "seam"
    db = duckdb.connect()
    db.execute("ATTACH ':memory:' AS warehouse")
    db.execute("USE warehouse")
    db.execute("CREATE TABLE t (i INTEGER, n DECIMAL(10,2), s VARCHAR)")
    db.execute("INSERT INTO t SELECT range, range / 4, 'r' || range FROM range(50000)")
    cur = db.cursor()
    cur.execute("USE warehouse")
    open_result = cur.sql("SELECT * FROM t").to_arrow_reader(1000)  # the session may be mid-result
    first = open_result.read_next_batch()
    for sql in ("SELECT i, n * 2 AS twice, s FROM t", "FROM t WHERE i > 3", "SELECT error('ran') AS e",
                "WITH x AS (SELECT 1 AS a) SELECT a, 'b' AS b FROM x", "SELECT i + $1::INTEGER AS k FROM t"):
        fallback, current = results.describe_by_describe(cur, sql), results.describe_sql(cur, sql)
        assert (fallback.names, fallback.types) == (current.names, current.types), sql
    # statements other than queries fail, and are not executed
    for sql in ("CREATE TABLE made (i INTEGER)", "INSERT INTO t VALUES (-1, 0, 'x')", "DROP TABLE t",
                "SET threads = 1"):
        with pytest.raises(duckdb.Error):
            results.describe_by_describe(cur, sql)
    assert first.num_rows == 1000 and open_result.read_next_batch().num_rows == 1000  # result left intact
    open_result.close()
    assert db.execute("SELECT count(*), min(i) FROM t").fetchone() == (50000, 0)
    assert db.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'made'").fetchone() == (0,)


def test_generate_series_and_numeric_rewrites() -> None:
    con = duckdb.connect()

    def run(sql: str) -> tuple[list[str], list[str], list[tuple[object, ...]]]:
        rel = con.sql(rewrite_catalog(sql))
        return rel.columns, [str(t) for t in rel.types], rel.fetchall()

    assert run("SELECT generate_series(1,3)") == (["generate_series"], ["BIGINT"], [(1,), (2,), (3,)])
    assert run("SELECT 1 AS a, pg_catalog.generate_series(2,3) AS g") == (["a", "g"], ["INTEGER", "BIGINT"],
                                                                          [(1, 2), (1, 3)])
    assert run("SELECT generate_series(1,2) * 10 AS x")[2] == [(10,), (20,)]
    assert run("SELECT 'y' WHERE 2 IN (SELECT generate_series(1,3))")[2] == [("y",)]
    assert run("SELECT sum(g) FROM generate_series(1,4) g")[2] == [(10,)]  # FROM items unchanged
    assert run("SELECT g FROM (SELECT 2 AS n) t, LATERAL generate_series(1, n) g ORDER BY g")[2] == [(1,), (2,)]
    assert run("SELECT g FROM generate_series(1,2) AS g WHERE g IN (SELECT generate_series(2,2))")[2] == [(2,)]
    assert rewrite_catalog("SELECT 'generate_series(1,3)'") == "SELECT 'generate_series(1,3)'"
    # bare numeric: DECIMAL(38, the literal's scale) for literals, DECIMAL(38,10) otherwise
    _, types, rows = run("SELECT 12345678901234567890.123::numeric, CAST(-0.5 AS NUMERIC), '2.25'::decimal, "
                         "7::numeric, (1.0 / 3)::numeric, 1.5::numeric(5,2)")
    assert types == ["DECIMAL(38,3)", "DECIMAL(38,1)", "DECIMAL(38,2)", "DECIMAL(38,0)", "DECIMAL(38,10)",
                     "DECIMAL(5,2)"]
    assert rows == [(Decimal("12345678901234567890.123"), Decimal("-0.5"), Decimal("2.25"), Decimal("7"),
                     Decimal("0.3333333333"), Decimal("1.50"))]
    assert pgtypes.pg_type(types[0]).oid == pgtypes.NUMERIC
