"""Lets Docs that carry `Doc._.actors` cross process boundaries (`nlp.pipe(n_process=N)`, DocBin).

spaCy serialises `Doc.user_data` with srsly's msgpack, which knows no dataclasses; this module
registers an encoder/decoder pair for `ActorMention` (as a tagged list of its fields). Importing it is
enough; it must not change the ActorMention type itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import srsly

from transforms.model import ActorMention

TAG = "__evw_actor_mention__"
FIELDS = tuple(f.name for f in dataclasses.fields(ActorMention))

Chain = Callable[[Any], Any] | None


def encode_actor_mention(obj: Any, chain: Chain = None) -> Any:
    if isinstance(obj, ActorMention):
        return {TAG: [getattr(obj, name) for name in FIELDS]}
    return obj if chain is None else chain(obj)


def decode_actor_mention(obj: Any, chain: Chain = None) -> Any:
    if isinstance(obj, dict) and TAG in obj:
        return ActorMention(**dict(zip(FIELDS, obj[TAG], strict=True)))
    return obj if chain is None else chain(obj)


def register() -> None:
    """Register the msgpack hooks (idempotent)."""
    if "actor_mention" not in srsly.msgpack_encoders.get_all():
        srsly.msgpack_encoders.register("actor_mention", func=encode_actor_mention)
        srsly.msgpack_decoders.register("actor_mention", func=decode_actor_mention)
