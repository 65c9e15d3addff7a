"""Parse one raw JSON record (a JSONL line or a JSON array element) into a candidate.

Strict UTF-8, strict JSON, must be an object. Never raises: every failure is a `Rejected`.
"""

from __future__ import annotations

import json

from transforms.ingest.records import Candidate, Rejected


def parse_json_record(raw: bytes, input_name: str, number: int | None,
                      source_name: str | None = None) -> Candidate | Rejected:
    """`raw` is the record's bytes without surrounding whitespace."""
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
