"""Parse one raw JSON record (a JSONL line or a JSON array element) into a candidate.

Strict UTF-8, strict JSON, must be an object. Never raises: every failure is a `Rejected`.
A compiled parser (msgspec) reads the common case; whatever it refuses (invalid UTF-8, NaN,
lone surrogate escapes, numbers out of range, deep nesting ...) goes through the standard
library, which alone decides the outcome and the message, so the result is always what
`json.loads` gives.
"""

from __future__ import annotations

import json

import msgspec

from transforms.ingest.records import Candidate, Rejected

#: Decodes valid UTF-8 JSON to the same Python values as json.loads (tested); raises otherwise.
_fast_decode = msgspec.json.Decoder().decode


def parse_json_record(raw: bytes, input_name: str, number: int | None,
                      source_name: str | None = None) -> Candidate | Rejected:
    """`raw` is the record's bytes without surrounding whitespace."""
    try:
        obj = _fast_decode(raw)
    except Exception:  # anything unusual: the standard library path below decides
        obj = None
    if type(obj) is dict:
        return Candidate(input_name, number, obj, raw, source_name)
    return parse_json_record_stdlib(raw, input_name, number, source_name)


def parse_json_record_stdlib(raw: bytes, input_name: str, number: int | None,
                             source_name: str | None = None) -> Candidate | Rejected:
    """`parse_json_record` with the standard library alone (the reference for the fast path)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(input_name, number, "invalid_utf8",
                        f"invalid UTF-8 at byte {exc.start}: {raw[exc.start:exc.start + 4]!r}", raw)
    try:
        obj = json.loads(text)
    except ValueError as exc:
        return Rejected(input_name, number, "malformed_json", f"not valid JSON: {exc}", raw)
    except RecursionError:
        return Rejected(input_name, number, "malformed_json", "JSON nested too deeply", raw)
    if not isinstance(obj, dict):
        return Rejected(input_name, number, "not_an_object",
                        f"expected a JSON object, got {type(obj).__name__}", raw)
    return Candidate(input_name, number, obj, raw, source_name)
