"""Verb-pattern constructs converted to our pattern lines: preposition synsets, a synset joined to
the next word by `_`, a preposition closing a noun phrase, a governing verb before the verb, and
what stays unexpressible (a prepositional phrase inside a noun phrase, auxiliary words)."""

from __future__ import annotations

from pathlib import Path

from transforms.petrarch.convert import convert_verbs
from transforms.petrarch.verbs import read_verbs

VERBS = """&PREPS_
+AGAINST
+ON

&KINDS
+MILITARY
+ECONOMIC

--- ACT [100] ---
ACT
- * &PREPS RESOLUTION  [102]
- * (&PREPS +)  [103]
- INDICATED WOULD * NOW  [1010]
- SAID *  [1011]
- HAS *  [1012]

--- WELCOME [041] ---
WELCOME
- * &KINDS_MEMOS FROM [911]
- * MEMOS_ON_&KINDS FROM [912]
- * &KINDS_MEMOS  [913]

--- SAY [023] ---
SAY {SAID}
"""


def converted(tmp: Path) -> tuple[dict[str, str], dict[str, int]]:
    p = tmp / "t.verbs.txt"
    p.write_text(VERBS, encoding="utf-8")
    conv = convert_verbs([read_verbs(p)], lambda c: True)
    lines = {where.rsplit(":", 1)[1]: text for text, where in conv.lines}
    return lines, dict(conv.issues.counts)


def test_preposition_synset(tmp_path: Path) -> None:
    lines, issues = converted(tmp_path)
    assert lines["11"] == "102  act {resolution}"  # `act on a resolution`: the preposition is not checked
    assert lines["12"] == "103  act [against|on]"  # `(&PREPS +)`: the target's preposition
    assert issues["preposition synset before a noun: the preposition is not checked"] == 1


def test_governing_verb_before_the_verb(tmp_path: Path) -> None:
    lines, issues = converted(tmp_path)
    assert lines["13"] == "1010  indicate|indicat > act {now}"  # `Ethiopia indicated it would act now`
    assert lines["14"] == "1011  say > act"  # a dictionary verb's irregular form: SAID -> say
    assert "12" in lines and "15" not in lines  # `HAS *`: auxiliary words stay unexpressible
    assert issues["pattern not expressible: words before the verb (subject-side or auxiliary words)"] == 1
    assert issues["modal words between a governing verb and the verb not checked "
                  "(`INDICATED WOULD *` -> `indicate > verb`)"] == 1


def test_synset_joined_to_a_word_and_closing_preposition(tmp_path: Path) -> None:
    lines, issues = converted(tmp_path)
    assert lines["19"] == "911  welcome {economic memos|military memos} [from]"
    assert lines["21"] == "913  welcome {economic memos|military memos}"
    assert "20" not in lines  # MEMOS_ON_&KINDS: widening it to any memos would over-code
    assert issues["pattern not expressible: a noun phrase with a prepositional phrase inside "
                  "(`MEMOS_ON_&TIETYPES`)"] == 1
    assert not any("undefined synset" in k for k in issues)
