"""Bodies, seats, persons and memberships (the Organer og medlemmer tab)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kkrdesk.models import AgendaItem, Body, Meeting, Membership, Person  # noqa: F401 - Person re-exported for demo
from kkrdesk.services.member_rules import (  # noqa: F401 - re-exported: the rules without the store
    blanks_to_fill,
    end_before_start,
    formand_taken,
    is_current,
    organisation_key,
)
from kkrdesk.store import Store

ROLE_ORDER = ["formand", "næstformand", "medlem", "indsuppleret medlem", "observatør", "stedfortræder",
              "sekretariat"]


def periods_overlap(start: dt.date | None, end: dt.date | None, other_start: dt.date | None,
                    other_end: dt.date | None) -> bool:
    """Whether two periods share a day; an open start or end runs for ever that way."""
    return (start is None or other_end is None or start <= other_end) and \
        (other_start is None or end is None or other_start <= end)


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    """ "01.01.2022–31.12.2025", "fra 01.01.2022", "til 31.12.2025" or "uden start- og slutdato"."""
    if start and end:
        return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"
    if start:
        return f"fra {start:%d.%m.%Y}"
    if end:
        return f"til {end:%d.%m.%Y}"
    return "uden start- og slutdato"


def body_rows(store: Store, on: dt.date | None = None) -> list[dict]:
    """One row per body with its number of current members."""
    from sqlalchemy import func, or_

    on = on or dt.date.today()
    with store.session() as s:
        # Counted in the database (is_current as SQL): ten years of udpegninger are not loaded to count them.
        counts = dict(s.execute(
            select(Membership.body_id, func.count())
            .where(or_(Membership.start.is_(None), Membership.start <= on),
                   or_(Membership.end.is_(None), Membership.end >= on), Membership.role != "sekretariat")
            .group_by(Membership.body_id)).all())
        bodies = s.scalars(select(Body).options(selectinload(Body.parent)))
        return [
            {"id": b.id, "name": b.name, "short_name": b.short_name, "type": b.type,
             "parent": b.parent.name if b.parent else None, "term_start": b.term_start, "term_end": b.term_end,
             "members": counts.get(b.id, 0)}
            for b in bodies
        ]


def membership_rows(store: Store, body_id: int | None, on: dt.date | None = None) -> list[dict]:
    """Members of one body (current on `on`, or all when on is None), ordered by role as the papers print."""
    if body_id is None:
        return []
    with store.session() as s:
        rows = s.scalars(
            select(Membership).where(Membership.body_id == body_id)
            .options(selectinload(Membership.person), selectinload(Membership.item).selectinload(AgendaItem.meeting)
                     .selectinload(Meeting.body))
        )
        result = [
            {"id": m.id, "person_id": m.person_id, "name": m.person.name, "title": m.person.title,
             "organisation": m.person.organisation, "party": m.person.party, "role": m.role, "start": m.start,
             "end": m.end, "on_behalf_of": m.on_behalf_of, "item_id": m.item_id,
             "decided": item_label(m.item, short=True) if m.item is not None else ""}
            for m in rows
            if on is None or is_current(m, on)
        ]
    rank = {role: i for i, role in enumerate(ROLE_ORDER)}
    result.sort(key=lambda r: (rank.get(r["role"], len(rank)), r["id"]))
    return result


def item_label(item, *, short: bool = False) -> str:
    """The agenda item that made an appointment, as the papers cite it: "KKR H 15.06.2022, pkt. 4.1"."""
    meeting = item.meeting
    body = meeting.body.short_name or meeting.body.name
    label = f"{body} {meeting.date:%d.%m.%Y}, pkt. {item.number}"
    return label if short else f"{label} {item.title}"


def find_person(session, name: str, organisation: str | None) -> Person | None:
    """The person with this name in this organisation (compared through the municipality resolver)."""
    wanted = organisation_key(organisation)
    for person in session.scalars(select(Person).where(Person.name == name).order_by(Person.id)):
        if organisation_key(person.organisation) == wanted:
            return person
    return None


def get_or_create_person(session, name: str, organisation: str | None, **fields):
    """Persons are matched by name and organisation, never duplicated; what is given fills only blanks."""
    person = find_person(session, name, organisation)
    if person is None:
        person = Person(name=name, organisation=organisation)
        session.add(person)
    for key, value in blanks_to_fill(lambda key: getattr(person, key), fields).items():
        setattr(person, key, value)
    return person


def role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def body_tree(store: Store, on: dt.date | None = None) -> list[dict]:
    """Bodies nested under their parents: each row has "children"; siblings sorted the Danish way."""
    from kkrdesk.reference import sort_key

    rows = body_rows(store, on)
    by_parent: dict[str | None, list[dict]] = {}
    names = {r["name"] for r in rows}
    for row in rows:
        parent = row["parent"] if row["parent"] in names else None
        by_parent.setdefault(parent, []).append(row)

    def build(parent: str | None, seen: frozenset) -> list[dict]:
        children = sorted(by_parent.get(parent, []), key=lambda r: sort_key(r["name"]))
        return [dict(r, children=build(r["name"], seen | {r["name"]})) for r in children if r["name"] not in seen]

    return build(None, frozenset())


def person_rows(store: Store) -> list[dict]:
    """Every person with the number of bodies they sit in today."""
    today = dt.date.today()
    with store.session() as s:
        persons = s.scalars(select(Person).options(selectinload(Person.memberships)))
        return [
            {"id": p.id, "name": p.name, "title": p.title, "organisation": p.organisation, "party": p.party,
             "email": p.email, "phone": p.phone,
             "bodies": len({m.body_id for m in p.memberships if is_current(m, today)})}
            for p in persons
        ]


def person_memberships(store: Store, person_id: int | None, on: dt.date | None = None) -> list[dict]:
    """Every body a person sits in (on a date, or ever when on is None)."""
    if person_id is None:
        return []
    with store.session() as s:
        rows = s.scalars(select(Membership).where(Membership.person_id == person_id)
                         .options(selectinload(Membership.body)))
        result = [
            {"id": m.id, "body": m.body.name, "body_id": m.body_id, "role": m.role, "start": m.start,
             "end": m.end, "on_behalf_of": m.on_behalf_of, "appointed_by": m.appointed_by,
             "current": is_current(m, on or dt.date.today())}
            for m in rows if on is None or is_current(m, on)
        ]
    result.sort(key=lambda r: (not r["current"], role_rank(r["role"]), r["body"]))
    return result


def end_membership(store: Store, membership_id: int, end: dt.date, *, base: dict | None = None) -> None:
    """Close an appointment on a date; the history keeps it. `base` as in member_edit.edit_membership."""
    from kkrdesk.errors import UserError
    from kkrdesk.services.member_edit import MEMBERSHIP_LABELS
    from kkrdesk.services.rows import unchanged_since

    with store.session() as s:
        m = s.get(Membership, membership_id)
        if m is None:
            raise UserError("Udpegningen findes ikke længere.")
        unchanged_since(m, base, MEMBERSHIP_LABELS, "Udpegningen",
                        then="Intet er gemt. Se ændringen, og tryk Afslut igen, hvis udpegningen stadig skal slutte.")
        if m.start and end < m.start:
            raise UserError(end_before_start(m.start, end))
        m.end = end
    store.notify({"members", "persons"})
