"""Plain rows for `kkrdesk list KIND --json` and anything else that wants a simple listing.

Each lister is plain SQL text both engines speak, run through a `query(sql, **params) -> rows` function: the
store's (Store.rows) in the window, or a bare sqlite3 connection from kkrdesk.store.read_rows on the command
line, which spares `kkrdesk list` the import of SQLAlchemy and the models (most of its time). SQLite hands back
dates as ISO text and booleans as 0/1, PostgreSQL as date and bool: _iso and _bool give both the same JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING

from kkrdesk.errors import UserError
from kkrdesk.services.deviations import DEVIATION_KINDS, deviation_kinds

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kkrdesk.models import Body
    from kkrdesk.store import Query, Store


def _iso(value):
    return value if value is None or isinstance(value, str) else value.isoformat()


def _bool(value):
    return None if value is None else bool(value)


def _matches(wanted: str, name: str, short_name: str | None) -> bool:
    wanted = wanted.strip().casefold()
    return wanted in {name.casefold(), (short_name or "").casefold()}


def _no_body(name: str) -> UserError:
    return UserError(f'Organet "{name}" findes ikke i databasen.')


def find_body(session: Session, name: str) -> Body:
    """A body by its name or short name (case-insensitive); a Danish error when there is none."""
    from sqlalchemy import select

    from kkrdesk.models import Body

    for body in session.scalars(select(Body)):
        if _matches(name, body.name, body.short_name):
            return body
    raise _no_body(name)


def body_by_name(query: Query, name: str) -> tuple[int, str]:
    """A body's id and name by its name or short name, with plain SQL; find_body's Danish error when none."""
    for id_, body_name, short_name in query("SELECT id, name, short_name FROM body ORDER BY id"):
        if _matches(name, body_name, short_name):
            return id_, body_name
    raise _no_body(name)


def _municipalities(query: Query, **_) -> list[dict]:
    from kkrdesk.reference import municipalities

    return [{"id": m.code, "name": m.name, "code": m.code, "region": m.region} for m in municipalities()]


def _bodies(query: Query, **_) -> list[dict]:
    rows = query('SELECT id, name, short_name, "type", parent_id, term_start, term_end FROM body ORDER BY id')
    names = {r[0]: r[1] for r in rows}
    return [
        {
            "id": id_,
            "name": name,
            "short_name": short_name,
            "type": type_,
            "parent": names.get(parent_id),
            "term_start": _iso(start),
            "term_end": _iso(end),
        }
        for id_, name, short_name, type_, parent_id, start, end in rows
    ]


def _persons(query: Query, **_) -> list[dict]:
    return [
        {"id": id_, "name": name, "title": title, "organisation": organisation, "party": party}
        for id_, name, title, organisation, party in query(
            "SELECT id, name, title, organisation, party FROM person ORDER BY id")
    ]


def _memberships(query: Query, body: str | None = None, **_) -> list[dict]:
    sql = ('SELECT m.id, p.name, m.person_id, p.title, p.organisation, b.name, m.role, m."start", m."end", '
           "m.on_behalf_of FROM membership m JOIN person p ON p.id = m.person_id JOIN body b ON b.id = m.body_id")
    params = {}
    if body:
        sql += " WHERE m.body_id = :body_id"
        params["body_id"] = body_by_name(query, body)[0]
    return [
        {
            "id": id_,
            "name": name,
            "person_id": person_id,
            "title": title,
            "organisation": organisation,
            "body": body_name,
            "role": role,
            "start": _iso(start),
            "end": _iso(end),
            "on_behalf_of": on_behalf_of,
        }
        for id_, name, person_id, title, organisation, body_name, role, start, end, on_behalf_of
        in query(sql + " ORDER BY m.id", **params)
    ]


def _meetings(query: Query, **_) -> list[dict]:
    sql = ('SELECT m.id, m.title, b.name, m."date", m."start", m."end", m.location, m.state, '
           "(SELECT count(*) FROM agenda_item i WHERE i.meeting_id = m.id) "
           'FROM meeting m JOIN body b ON b.id = m.body_id ORDER BY m."date", m.id')
    return [
        {
            "id": id_,
            "title": title,
            "body": body,
            "date": _iso(date),
            "start": start,
            "end": end,
            "location": location,
            "state": state,
            "items": items,
        }
        for id_, title, body, date, start, end, location, state, items in query(sql)
    ]


def _items(query: Query, **_) -> list[dict]:
    sql = ('SELECT id, title, "number", meeting_id, "type", public, status FROM agenda_item '
           'ORDER BY meeting_id, "position", id')
    return [
        {
            "id": id_,
            "title": title,
            "number": number,
            "meeting_id": meeting_id,
            "type": type_,
            "public": _bool(public),
            "status": status,
        }
        for id_, title, number, meeting_id, type_, public, status in query(sql)
    ]


def _assignments(query: Query, **_) -> list[dict]:
    sql = ("SELECT a.id, i.title, a.indsats_id, a.party, a.role, a.status, a.phase "
           "FROM assignment a JOIN indsats i ON i.id = a.indsats_id ORDER BY a.id")
    return [
        {
            "id": id_,
            "name": f"{indsats} – {party}",
            "indsats": indsats,
            "indsats_id": indsats_id,
            "party": party,
            "role": role,
            "status": status,
            "phase": phase,
        }
        for id_, indsats, indsats_id, party, role, status, phase in query(sql)
    ]


def _reports(query: Query, **_) -> list[dict]:
    flags = ", ".join(f"r.{name}" for name, _word in DEVIATION_KINDS)
    sql = (f"SELECT r.id, i.title, a.party, r.assignment_id, r.status, r.fremdrift, r.afvigelser, {flags}, "
           "r.naeste_milepaele, r.kkr_handling, r.udfyldt_af, r.dato FROM report r "
           "JOIN assignment a ON a.id = r.assignment_id JOIN indsats i ON i.id = a.indsats_id ORDER BY r.id")
    n = len(DEVIATION_KINDS)
    rows = []
    for row in query(sql):
        id_, indsats, party, assignment_id, status, fremdrift, afvigelser = row[:7]
        marked = SimpleNamespace(**dict(zip((name for name, _ in DEVIATION_KINDS), row[7:7 + n], strict=True)))
        naeste, kkr_handling, udfyldt_af, dato = row[7 + n:]
        rows.append({
            "id": id_,
            "name": f"{indsats} – {party}",
            "assignment_id": assignment_id,
            "status": status,
            "fremdrift": fremdrift,
            "afvigelser": afvigelser,
            "afvigelser_i": deviation_kinds(marked),
            "naeste_milepaele": naeste,
            "kkr_handling": _bool(kkr_handling),
            "udfyldt_af": udfyldt_af,
            "dato": _iso(dato),
        })
    return rows


def _calculations(query: Query, **_) -> list[dict]:
    return [
        {"id": id_, "name": name, "kind": kind, "price_level": price_level, "rounding": rounding}
        for id_, name, kind, price_level, rounding in query(
            "SELECT id, name, kind, price_level, rounding FROM calculation ORDER BY id")
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


def _lister(kind: str) -> Callable[..., list[dict]]:
    if kind not in KINDS:
        raise UserError(f'Ukendt slags "{kind}". Vælg en af: {", ".join(sorted(KINDS))}.')
    return KINDS[kind]


def list_kind(store: Store, kind: str, *, body: str | None = None) -> list[dict]:
    return _lister(kind)(store.rows, body=body)


def list_at(location, kind: str, *, body: str | None = None) -> list[dict]:
    """list_kind for the store at `location` (a path, a server URL, or None for the default), read the lean way
    (kkrdesk.store.read_rows)."""
    from kkrdesk.store import read_rows

    lister = _lister(kind)
    with read_rows(location) as query:
        return lister(query, body=body)
