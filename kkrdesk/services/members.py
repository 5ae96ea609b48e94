"""Bodies, seats, persons and memberships (the Organer og medlemmer tab)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kkrdesk.models import Body, Membership, Person  # noqa: F401 - Person re-exported for demo
from kkrdesk.store import Store

ROLE_ORDER = ["formand", "næstformand", "medlem", "indsuppleret medlem", "observatør", "stedfortræder",
              "sekretariat"]


def is_current(m: Membership, on: dt.date) -> bool:
    return (m.start is None or m.start <= on) and (m.end is None or m.end >= on)


def body_rows(store: Store, on: dt.date | None = None) -> list[dict]:
    """One row per body with its number of current members."""
    on = on or dt.date.today()
    with store.session() as s:
        bodies = s.scalars(select(Body).options(selectinload(Body.memberships), selectinload(Body.parent)))
        return [
            {"id": b.id, "name": b.name, "short_name": b.short_name, "type": b.type,
             "parent": b.parent.name if b.parent else None, "term_start": b.term_start, "term_end": b.term_end,
             "members": sum(1 for m in b.memberships if is_current(m, on) and m.role != "sekretariat")}
            for b in bodies
        ]


def membership_rows(store: Store, body_id: int | None, on: dt.date | None = None) -> list[dict]:
    """Members of one body (current on `on`, or all when on is None), ordered by role as the papers print."""
    if body_id is None:
        return []
    with store.session() as s:
        rows = s.scalars(
            select(Membership).where(Membership.body_id == body_id).options(selectinload(Membership.person))
        )
        result = [
            {"id": m.id, "name": m.person.name, "title": m.person.title, "organisation": m.person.organisation,
             "party": m.person.party, "role": m.role, "start": m.start, "end": m.end,
             "on_behalf_of": m.on_behalf_of}
            for m in rows
            if on is None or is_current(m, on)
        ]
    rank = {role: i for i, role in enumerate(ROLE_ORDER)}
    result.sort(key=lambda r: (rank.get(r["role"], len(rank)), r["id"]))
    return result


def get_or_create_person(session, name: str, organisation: str | None, **fields):
    """Persons are matched by name and organisation, never duplicated."""

    person = session.scalars(
        select(Person).where(Person.name == name, Person.organisation.is_(None) if organisation is None
                             else Person.organisation == organisation)
    ).first()
    if person is None:
        person = Person(name=name, organisation=organisation)
        session.add(person)
    for key, value in fields.items():
        if value and not getattr(person, key):
            setattr(person, key, value)
    return person
