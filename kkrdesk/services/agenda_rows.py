"""What the Sager tab reads to show a meeting: the meeting list, one agenda, one item, its route and its bilag.

Plain SQL through Store.rows that both engines speak, and no SQLAlchemy or models imported here: the window's
first paint reads these with sqlite3 while the engine is still being made (issue 14, start-up to data shown).
services/meetings.py re-exports every name, so callers keep using `meetings.item_detail` and friends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kkrdesk.errors import UserError
from kkrdesk.services.case_list import meeting_missing
from kkrdesk.store import sql_date

if TYPE_CHECKING:
    from kkrdesk.store import Store

SECTION_KEYS = ("resume", "baggrund", "sagsfremstilling", "indstilling", "oekonomi", "beslutning")
MEETING_STATES = ("planlagt", "indkaldt", "afholdt")
STATUSES = ("kladde", "klar", "godkendt til dagsorden", "behandlet")
DEFAULT_ITEM_TYPES = ("Beslutningssag", "Orienteringssag", "Drøftelsessag", "Udpegning", "Godkendelse", "Oplæg")
ITEM_LABELS = {"title": "Titel", "number": "Nummer", "type": "Type", "public": "Åbent punkt", "status": "Status",
               "resume": "Resumé", "baggrund": "Baggrund", "sagsfremstilling": "Sagsfremstilling",
               "indstilling": "Indstilling", "oekonomi": "Økonomi", "beslutning": "Beslutning"}
BILAG_FIELDS = ("title", "author", "version", "draft", "sags_id", "dok_id", "public")
BILAG_TEXT_FIELDS = ("author", "version", "draft", "sags_id", "dok_id")  # the optional texts beside the title
BILAG_LABELS = {"title": "Titel", "author": "Afsender/organisation", "version": "Dato/version",
                "draft": "Udkast-markering", "sags_id": "Sags ID", "dok_id": "Dok. ID", "public": "Åbent bilag"}

_MEETING_ROWS = ('SELECT m.id, m."date", coalesce(b.short_name, b.name), b.name, m.title, m.location, m.state, '
                 "(SELECT count(*) FROM agenda_item i WHERE i.meeting_id = m.id), m.row_version "
                 'FROM meeting m JOIN body b ON b.id = m.body_id ORDER BY m."date" DESC, m.id')
_ITEM_ROWS = ("SELECT i.id, i.number, i.title, i.type, i.public, i.status, "
              "(SELECT count(*) FROM bilag x WHERE x.item_id = i.id), i.standing, i.case_id, i.row_version "
              "FROM agenda_item i WHERE i.meeting_id = :meeting_id ORDER BY i.position, i.id")
_ITEM_DETAIL = ("SELECT id, meeting_id, number, title, type, public, status, standing, case_id, row_version, "
                + ", ".join(SECTION_KEYS) + " FROM agenda_item WHERE id = :id")
_ROUTE = ('SELECT i.id, i.meeting_id, i.case_id, coalesce(b.short_name, b.name), m."date", i.number, i.status, '
          "i.beslutning FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN body b ON b.id = m.body_id "
          'WHERE {where} ORDER BY m."date", m.id')
_BILAG_ROWS = ("SELECT x.id, x.title, x.author, x.version, x.draft, x.sags_id, x.dok_id, x.public, x.page_count, "
               "f.filename, x.blob_id, (SELECT count(*) FROM bilag_version v WHERE v.bilag_id = x.id), x.row_version "
               "FROM bilag x LEFT JOIN blob f ON f.id = x.blob_id WHERE x.item_id = :item_id "
               "ORDER BY x.position, x.id")


def section_of(number: str) -> int:
    try:
        return int(number.split(".")[0])
    except ValueError:
        return 0


def configured_types(text: str | None) -> list[str]:
    """A body's item types as stored (one per line)."""
    return [t.strip() for t in (text or "").splitlines() if t.strip()]


def items_without_listed_type(usage: dict[str, int], types: list[str]) -> int:
    """How many items have a type that is not (or no longer) on the list; the list may be the default one."""
    listed = {t.strip().casefold() for t in (types or DEFAULT_ITEM_TYPES)}
    return sum(n for t, n in usage.items() if t and t.strip().casefold() not in listed)


def meeting_rows(store: Store) -> list[dict]:
    """One row per meeting, newest first, for the meetings table."""
    return [
        {"id": id_, "date": sql_date(date), "body": body,
         "body_name": body_name, "title": title, "location": location, "state": state, "items": items,
         "row_version": row_version}
        for id_, date, body, body_name, title, location, state, items, row_version in store.rows(_MEETING_ROWS)
    ]


def item_rows(store: Store, meeting_id: int | None) -> list[dict]:
    """The agenda of one meeting in order, with its bilag count."""
    if meeting_id is None:
        return []
    return [
        {"id": id_, "number": number, "title": title, "type": type_, "public": bool(public), "status": status,
         "bilag": bilag, "standing": bool(standing), "case_id": case_id, "row_version": row_version}
        for id_, number, title, type_, public, status, bilag, standing, case_id, row_version
        in store.rows(_ITEM_ROWS, meeting_id=meeting_id)
    ]


def item_detail(store: Store, item_id: int) -> dict:
    rows = store.rows(_ITEM_DETAIL, id=item_id)
    if not rows:
        raise UserError(f"Dagsordenspunktet med id {item_id} findes ikke.")
    id_, meeting_id, number, title, type_, public, status, standing, case_id, row_version, *sections = rows[0]
    return {
        "id": id_, "meeting_id": meeting_id, "number": number, "title": title, "type": type_, "public": bool(public),
        "status": status, "standing": bool(standing), "case_id": case_id,
        "sections": {key: text or "" for key, text in zip(SECTION_KEYS, sections, strict=True)},
        "row_version": row_version,
    }


def item_types(store: Store, meeting_id: int) -> list[str]:
    """The item types of the meeting's body (configurable per body), else the default list."""
    rows = store.rows("SELECT b.item_types FROM meeting m JOIN body b ON b.id = m.body_id WHERE m.id = :id",
                      id=meeting_id)
    if not rows:
        raise meeting_missing(meeting_id)
    return configured_types(rows[0][0]) or list(DEFAULT_ITEM_TYPES)


def route(store: Store, item_id: int) -> list[dict]:
    """Every step of the item's case in date order: body, meeting, number, status and decision."""
    found = store.rows("SELECT case_id FROM agenda_item WHERE id = :id", id=item_id)
    if not found:
        raise UserError(f"Dagsordenspunktet med id {item_id} findes ikke.")
    case_id = found[0][0]
    rows = (store.rows(_ROUTE.format(where="i.id = :id"), id=item_id) if case_id is None
            else store.rows(_ROUTE.format(where="i.case_id = :case_id"), case_id=case_id))
    return [
        {"item_id": id_, "meeting_id": meeting_id, "case_id": case, "body": body, "date": sql_date(date),
         "number": number, "status": status, "beslutning": beslutning}
        for id_, meeting_id, case, body, date, number, status, beslutning in rows
    ]


def bilag_rows(store: Store, item_id: int | None) -> list[dict]:
    """The bilag of one item in order, numbered like the bundle prints them ("3.5.1")."""
    if item_id is None:
        return []
    found = store.rows("SELECT number FROM agenda_item WHERE id = :id", id=item_id)
    if not found:
        return []
    number = found[0][0]
    return [
        {"id": id_, "number": f"{number}.{n}", "title": title, "author": author, "version": version, "draft": draft,
         "sags_id": sags_id, "dok_id": dok_id, "public": bool(public), "pages": pages, "file": filename,
         "has_file": blob_id is not None, "versions": versions, "row_version": row_version}
        for n, (id_, title, author, version, draft, sags_id, dok_id, public, pages, filename, blob_id, versions,
                row_version) in enumerate(store.rows(_BILAG_ROWS, item_id=item_id), start=1)
    ]
