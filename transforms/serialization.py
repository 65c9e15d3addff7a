"""Lets Docs that carry our results cross process boundaries (`nlp.pipe(n_process=N)`, DocBin).

spaCy serialises `Doc.user_data` with srsly's msgpack, which knows no dataclasses; this module
registers one encoder/decoder pair for the records of `transforms.model` (each as a tagged list
of its fields; nested records are encoded the same way) and for `Doc._.event_date` dates.
It must not change the record types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import srsly

from transforms.model import ActorMention, EventMention

#: msgpack tag -> record type
RECORDS: dict[str, type[Any]] = {"__evw_actor_mention__": ActorMention, "__evw_event_mention__": EventMention}
TAGS = {cls: tag for tag, cls in RECORDS.items()}
FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in RECORDS.values()}

Chain = Callable[[Any], Any] | None


DATE_TAG = "__evw_date__"


def encode_record(obj: Any, chain: Chain = None) -> Any:
    cls = type(obj)
    if cls is dt.date:
        return {DATE_TAG: obj.isoformat()}
    if cls in TAGS:
        return {TAGS[cls]: [getattr(obj, name) for name in FIELDS[cls]]}
    return obj if chain is None else chain(obj)


def decode_record(obj: Any, chain: Chain = None) -> Any:
    if isinstance(obj, dict) and len(obj) == 1:
        tag = next(iter(obj))
        if tag == DATE_TAG:
            return dt.date.fromisoformat(obj[tag])
        if tag in RECORDS:
            cls = RECORDS[tag]
            return cls(**dict(zip(FIELDS[cls], obj[tag], strict=True)))
    return obj if chain is None else chain(obj)


def register() -> None:
    """Register the msgpack hooks (idempotent)."""
    if "evw_records" not in srsly.msgpack_encoders.get_all():
        srsly.msgpack_encoders.register("evw_records", func=encode_record)
        srsly.msgpack_decoders.register("evw_records", func=decode_record)
