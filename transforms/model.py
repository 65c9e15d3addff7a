"""Records passed between the coder's components: actor mentions and event mentions.

Plain frozen dataclasses carried on `Doc._.actors` / `Doc._.events`; no logic beyond derived fields.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One actor found in a Doc, coded CAMEO-style.

    Offsets are relative to the Doc text (which is the article text). `code` is the full CAMEO
    code (`RUSGOV`, `IGOUNO`, `PSEHMS`), `country_code` its 3-letter country part (None for IGOs
    and unresolved mentions), `agent_code` the first role/agent code (`GOV`, `REB`, `IGO` ...).
    Unresolved named actors are kept with `code=None` and their text, so analysts can find gaps.
    """

    start: int  # first token index
    end: int  # token index after the last
    start_char: int
    end_char: int
    text: str  # as written in the text
    code: str | None
    country_code: str | None
    agent_code: str | None
    known_group_code: str | None = None
    head: int = -1  # token index of the mention's syntactic head (-1: use end - 1)
    entry_id: str = ""  # dictionary entry that matched, e.g. "people.tsv:212" or "coref:surname"
    certainty: float = 1.0  # 1.0 dictionary match; lower for coreference or context guesses

    @property
    def has_country(self) -> bool:
        """False for an unresolved mention (`code=None`) and for a role whose country is unknown (`---COP`)."""
        return self.code is not None and not self.code.startswith("---")

    @property
    def head_index(self) -> int:
        return self.head if self.head >= 0 else self.end - 1


@dataclass(frozen=True, slots=True)
class EventMention:
    """One coded event in one sentence: source actor did `event_code` to target actor."""

    sentence_index: int  # 0-based sentence number in the Doc
    source: ActorMention | None
    target: ActorMention | None
    event_code: str  # CAMEO code, 3 or 4 digits; always a code from the codebook
    action_start_char: int  # offset of the verb or event noun in the Doc text
    action_text: str  # the verb phrase or noun that carried the event
    is_negated: bool
    is_hypothetical: bool
    confidence: float  # in [0, 1]
    pattern_id: str  # id of the pattern that fired, e.g. "verbs.yaml:meet-with"
    rule: str  # dependency rule that found source/target, e.g. "svo", "passive", "nominal"


def register_extensions() -> None:
    """Register the custom attributes our components use (idempotent).

    `Doc._.event_date` (datetime.date | None): the article's date, set before the pipeline runs;
    the actor resolver picks date-restricted roles with it. `Doc._.actors` / `Doc._.events`: the
    resolver's and coder's output.
    """
    from spacy.tokens import Doc

    for name, default in (("event_date", None), ("actors", None), ("events", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
