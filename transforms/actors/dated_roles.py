"""Picks the CAMEO code a person had on a given day from their date-restricted roles.

Rules: the role whose [start, end) covers the day; after the last role ended, the country's ELI
(former official); before the first role, the country alone; with no day, the most recent role.
Pure function of its inputs: no I/O, no knowledge of spaCy.
"""

from __future__ import annotations

import datetime as dt

from transforms.actors.dictionary import INTERNATIONAL, Person, Role


def role_on(person: Person, day: dt.date | None) -> tuple[str, str, float]:
    """(code, evidence entry id, certainty) of `person` on `day`."""
    roles = person.roles
    if day is None:
        last = roles[-1]
        return last.code, last.entry_id, 0.8
    for role in roles:
        if role.covers(day):
            return role.code, role.entry_id, 1.0
    country = roles[0].code[:3]
    ended = [r for r in roles if r.end is not None and r.end <= day]
    if ended:
        return country + "ELI", ended[-1].entry_id, 0.8
    return country, roles[0].entry_id, 0.6


def national_country(person: Person, day: dt.date | None) -> str | None:
    """The country of the person's national role nearest to `day` (for `Prime Minister Donald Tusk`
    while Tusk held an EU post): the first three letters of a role code that is not international."""
    national = [r for r in person.roles if r.code[:3] not in INTERNATIONAL]
    if not national:
        return None
    if day is None:
        return national[-1].code[:3]

    def distance(r: Role) -> int:
        if r.covers(day):
            return 0
        gaps = [abs((d - day).days) for d in (r.start, r.end) if d is not None]
        return min(gaps) if gaps else 0

    return min(national, key=distance).code[:3]
