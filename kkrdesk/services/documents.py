"""What the exports print: a meeting as plain data for the agenda, the bundle and the minutes (meeting_document),
with its attendance.

Plain SQL both engines speak, through Store.rows or a kkrdesk.store.read_rows query: the bundle of 1,500 pages
is made in about a second, and SQLAlchemy's import with the ORM models would add a third to that. Re-exported by
services.meetings, whose names these are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kkrdesk.services.agenda_rows import SECTION_KEYS
from kkrdesk.services.case_list import meeting_missing
from kkrdesk.services.member_rules import runs_on
from kkrdesk.store import sql_date

if TYPE_CHECKING:
    from kkrdesk.store import Query, Store

SECTION_TITLES = {"resume": "Resumé", "baggrund": "Baggrund", "sagsfremstilling": "Sagsfremstilling",
                  "indstilling": "Indstilling", "oekonomi": "Økonomi", "beslutning": "Beslutning"}
# The minutes print Beslutning right after Indstilling.
MINUTES_ORDER = ("resume", "baggrund", "sagsfremstilling", "indstilling", "beslutning", "oekonomi")
AGENDA_ORDER = ("resume", "baggrund", "sagsfremstilling", "indstilling", "oekonomi")
CLOSED_TITLE = "Lukket punkt"

_MEETING = ('SELECT m.id, b.name, b.short_name, m.title, m."date", m."start", m."end", m.location, m.state, '
            "m.body_id FROM meeting m JOIN body b ON b.id = m.body_id WHERE m.id = :id")
# Agenda order is `position`; the id breaks a tie the same way every time.
_ITEMS = (f"SELECT id, number, title, public, type, status, {', '.join(SECTION_KEYS)} FROM agenda_item "
          "WHERE meeting_id = :id ORDER BY position, id")
_BILAG = ("SELECT b.item_id, b.id, b.title, b.author, b.version, b.draft, b.sags_id, b.dok_id, b.public, "
          "b.page_count, b.blob_id, f.filename FROM bilag b JOIN agenda_item i ON i.id = b.item_id "
          "LEFT JOIN blob f ON f.id = b.blob_id WHERE i.meeting_id = :id ORDER BY b.item_id, b.position, b.id")
_MEMBERS = ('SELECT ms.person_id, p.name, p.title, p.organisation, ms.role, ms."start", ms."end" '
            "FROM membership ms JOIN person p ON p.id = ms.person_id WHERE ms.body_id = :body ORDER BY ms.id")
_RECORDED = ("SELECT a.person_id, p.name, p.title, p.organisation, a.present, a.note "
             "FROM attendance a JOIN person p ON p.id = a.person_id WHERE a.meeting_id = :id ORDER BY a.id")


def _meeting_row(query: Query, meeting_id: int) -> tuple:
    rows = query(_MEETING, id=meeting_id)
    if not rows:
        raise meeting_missing(meeting_id)
    return rows[0]


def attendance_rows(store: Store | Query, meeting_id: int) -> list[dict]:
    """The body's members on the meeting date, each present unless recorded otherwise."""
    query = getattr(store, "rows", store)
    row = _meeting_row(query, meeting_id)
    date, body_id = sql_date(row[4]), row[9]
    return _attendance(query, meeting_id, body_id, date)


def _attendance(query: Query, meeting_id: int, body_id: int, date) -> list[dict]:
    rows: dict[int, dict] = {}
    for person_id, name, title, organisation, role, start, end in query(_MEMBERS, body=body_id):
        if not runs_on(sql_date(start), sql_date(end), date):
            continue
        rows[person_id] = {"person_id": person_id, "name": name, "title": title, "organisation": organisation,
                           "role": role, "present": True, "note": None}
    for person_id, name, title, organisation, present, note in query(_RECORDED, id=meeting_id):
        row = rows.setdefault(person_id, {"person_id": person_id, "name": name, "title": title,
                                          "organisation": organisation, "role": None})
        row["present"], row["note"] = bool(present), note
    return list(rows.values())


def meeting_document(store: Store | Query, meeting_id: int, *, public: bool) -> dict:
    """The meeting as plain data for the agenda, bundle and minutes (`store` is a Store or a read_rows query).

    With public=True a closed item keeps only its number and "Lukket punkt", and closed bilag (and every bilag
    of a closed item) are left out: this is the single filter every public export goes through.
    """
    query = getattr(store, "rows", store)
    id_, body, body_short, title, date, start, end, location, state, body_id = _meeting_row(query, meeting_id)
    date = sql_date(date)
    doc = {
        "id": id_, "body": body, "body_short": body_short or body, "title": title, "date": date,
        "start": start, "end": end, "location": location, "state": state, "public": public, "items": [],
    }
    bilag_of: dict[int, list[tuple]] = {}
    for row in query(_BILAG, id=meeting_id):
        bilag_of.setdefault(row[0], []).append(row)
    for item_id, number, item_title, item_public, type_, status, *texts in query(_ITEMS, id=meeting_id):
        if public and not item_public:
            doc["items"].append({"id": None, "number": number, "title": CLOSED_TITLE, "closed": True,
                                 "type": None, "status": None, "sections": {}, "bilag": []})
            continue
        entry = {"id": item_id, "number": number, "title": item_title, "closed": not item_public,
                 "type": type_, "status": status,
                 "sections": {k: text for k, text in zip(SECTION_KEYS, texts, strict=True) if text}, "bilag": []}
        # Numbered among all of the item's bilag, so a public bundle keeps the full one's numbers.
        for n, (_, bilag_id, b_title, author, version, draft, sags_id, dok_id, b_public, pages, blob_id,
                filename) in enumerate(bilag_of.get(item_id, ()), start=1):
            if public and not b_public:
                continue
            entry["bilag"].append({
                "id": bilag_id, "number": f"{number}.{n}", "title": b_title, "author": author,
                "version": version, "draft": draft, "sags_id": sags_id, "dok_id": dok_id,
                "closed": not b_public, "pages": pages, "blob_id": blob_id, "filename": filename,
            })
        doc["items"].append(entry)
    rows = _attendance(query, meeting_id, body_id, date)
    doc["present"] = [r for r in rows if r["present"]]
    doc["absent"] = [r for r in rows if not r["present"]]
    return doc
