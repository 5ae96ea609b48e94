"""Plain rows for `kkrdesk list KIND --json` and anything else that wants a simple listing."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kkrdesk.errors import UserError
from kkrdesk.models import AgendaItem, Assignment, Body, Calculation, Meeting, Membership, Person, Report
from kkrdesk.services.tovholdere import deviation_kinds
from kkrdesk.store import Store


def _iso(value):
    return value.isoformat() if value is not None else None


def find_body(session: Session, name: str) -> Body:
    """A body by its name or short name (case-insensitive); a Danish error when there is none."""
    wanted = name.strip().casefold()
    for body in session.scalars(select(Body)):
        if wanted in {body.name.casefold(), (body.short_name or "").casefold()}:
            return body
    raise UserError(f'Organet "{name}" findes ikke i databasen.')


def _municipalities(session: Session, **_) -> list[dict]:
    from kkrdesk.reference import municipalities

    return [{"id": m.code, "name": m.name, "code": m.code, "region": m.region} for m in municipalities()]


def _bodies(session: Session, **_) -> list[dict]:
    bodies = session.scalars(select(Body).order_by(Body.id)).all()
    names = {b.id: b.name for b in bodies}
    return [
        {
            "id": b.id,
            "name": b.name,
            "short_name": b.short_name,
            "type": b.type,
            "parent": names.get(b.parent_id),
            "term_start": _iso(b.term_start),
            "term_end": _iso(b.term_end),
        }
        for b in bodies
    ]


def _persons(session: Session, **_) -> list[dict]:
    return [
        {"id": p.id, "name": p.name, "title": p.title, "organisation": p.organisation, "party": p.party}
        for p in session.scalars(select(Person).order_by(Person.id))
    ]


def _memberships(session: Session, body: str | None = None, **_) -> list[dict]:
    query = select(Membership).options(selectinload(Membership.person), selectinload(Membership.body))
    if body:
        query = query.where(Membership.body_id == find_body(session, body).id)
    return [
        {
            "id": m.id,
            "name": m.person.name,
            "person_id": m.person_id,
            "title": m.person.title,
            "organisation": m.person.organisation,
            "body": m.body.name,
            "role": m.role,
            "start": _iso(m.start),
            "end": _iso(m.end),
            "on_behalf_of": m.on_behalf_of,
        }
        for m in session.scalars(query.order_by(Membership.id))
    ]


def _meetings(session: Session, **_) -> list[dict]:
    counts = dict(session.execute(select(AgendaItem.meeting_id, func.count()).group_by(AgendaItem.meeting_id)).all())
    query = select(Meeting).options(selectinload(Meeting.body)).order_by(Meeting.date, Meeting.id)
    return [
        {
            "id": m.id,
            "title": m.title,
            "body": m.body.name,
            "date": _iso(m.date),
            "start": m.start,
            "end": m.end,
            "location": m.location,
            "state": m.state,
            "items": counts.get(m.id, 0),
        }
        for m in session.scalars(query)
    ]


def _items(session: Session, **_) -> list[dict]:
    query = select(AgendaItem).order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
    return [
        {
            "id": i.id,
            "title": i.title,
            "number": i.number,
            "meeting_id": i.meeting_id,
            "type": i.type,
            "public": i.public,
            "status": i.status,
        }
        for i in session.scalars(query)
    ]


def _assignments(session: Session, **_) -> list[dict]:
    query = select(Assignment).options(selectinload(Assignment.indsats)).order_by(Assignment.id)
    return [
        {
            "id": a.id,
            "name": f"{a.indsats.title} – {a.party}",
            "indsats": a.indsats.title,
            "indsats_id": a.indsats_id,
            "party": a.party,
            "role": a.role,
            "status": a.status,
            "phase": a.phase,
        }
        for a in session.scalars(query)
    ]


def _reports(session: Session, **_) -> list[dict]:
    query = select(Report).options(selectinload(Report.assignment).selectinload(Assignment.indsats))
    return [
        {
            "id": r.id,
            "name": f"{r.assignment.indsats.title} – {r.assignment.party}",
            "assignment_id": r.assignment_id,
            "status": r.status,
            "fremdrift": r.fremdrift,
            "afvigelser": r.afvigelser,
            "afvigelser_i": deviation_kinds(r),
            "naeste_milepaele": r.naeste_milepaele,
            "kkr_handling": r.kkr_handling,
            "udfyldt_af": r.udfyldt_af,
            "dato": _iso(r.dato),
        }
        for r in session.scalars(query.order_by(Report.id))
    ]


def _calculations(session: Session, **_) -> list[dict]:
    return [
        {"id": c.id, "name": c.name, "kind": c.kind, "price_level": c.price_level, "rounding": c.rounding}
        for c in session.scalars(select(Calculation).order_by(Calculation.id))
    ]


KINDS: dict[str, Callable[..., list[dict]]] = {
    "municipalities": _municipalities,
    "bodies": _bodies,
    "persons": _persons,
    "memberships": _memberships,
    "meetings": _meetings,
    "items": _items,
    "assignments": _assignments,
    "reports": _reports,
    "calculations": _calculations,
}


def list_kind(store: Store, kind: str, *, body: str | None = None) -> list[dict]:
    if kind not in KINDS:
        raise UserError(f'Ukendt slags "{kind}". Vælg en af: {", ".join(sorted(KINDS))}.')
    with store.session() as session:
        return KINDS[kind](session, body=body)
