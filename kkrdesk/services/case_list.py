"""The Sagsliste's rows (every item of a meeting or of a period, with its route and bilag count), in plain SQL
both engines speak, so `kkrdesk export cases` can read a SQLite store with sqlite3 alone (kkrdesk.store.
read_rows) instead of paying for SQLAlchemy's import; the window runs the same text through Store.rows."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kkrdesk.errors import UserError
from kkrdesk.store import sql_date

if TYPE_CHECKING:
    from kkrdesk.store import Query, Store

BODY_LABEL = "coalesce(b.short_name, b.name)"
ITEMS = ("FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN body b ON b.id = m.body_id")


def meeting_missing(meeting_id: int) -> UserError:
    return UserError(f"Mødet med id {meeting_id} findes ikke.")


def _where(meeting_id: int | None, start: dt.date | None, end: dt.date | None) -> str:
    parts = ["i.meeting_id = :meeting_id" if meeting_id is not None else "",
             'm."date" >= :start' if start is not None else "", 'm."date" <= :end' if end is not None else ""]
    return " AND ".join(p for p in parts if p) or "1 = 1"


def case_rows(store: Store | Query, *, meeting_id: int | None = None, start: dt.date | None = None,
              end: dt.date | None = None) -> list[dict]:
    """Every item of a meeting or of a period, with its route and bilag count (the Excel case list).

    `store` is a Store or a read_rows query. Columns, not objects: ten years are 10,000 items whose section
    texts the list does not show; the bilag counts come with the items, the routes in one query per 500 cases."""
    query = getattr(store, "rows", store)
    if meeting_id is not None and not query("SELECT id FROM meeting WHERE id = :id", id=meeting_id):
        raise meeting_missing(meeting_id)
    params = {k: v for k, v in (("meeting_id", meeting_id), ("start", start), ("end", end)) if v is not None}
    where = _where(meeting_id, start, end)
    items = query(f'SELECT i.id, m."date", {BODY_LABEL}, m.title, i."number", i.title, i."type", i.public, '
                  "i.status, i.case_id, i.beslutning, (SELECT count(*) FROM bilag bl WHERE bl.item_id = i.id) "
                  f'{ITEMS} WHERE {where} ORDER BY m."date", m.id, i."position"', **params)
    steps: dict[int, list[tuple]] = {}
    case_ids = sorted({row[9] for row in items if row[9] is not None})
    for chunk in range(0, len(case_ids), 500):  # SQLite's bound-parameter limit
        part = {f"c{n}": case_id for n, case_id in enumerate(case_ids[chunk:chunk + 500])}
        route = (f'SELECT i.case_id, m."date", {BODY_LABEL} {ITEMS} WHERE i.case_id IN '
                 f"({', '.join(':' + name for name in part)}) ORDER BY m.\"date\", i.id")
        for case_id, date, body in query(route, **part):
            steps.setdefault(case_id, []).append((body, sql_date(date)))
    # Every item of a case shares its route, and ten years have 500 meeting dates: each text is made once.
    dates: dict[str, dt.date] = {}
    routes: dict[int, str] = {case_id: " → ".join(f"{b} {d:%d.%m.%Y}" for b, d in route)
                              for case_id, route in steps.items()}
    rows = []
    for item_id, date, body, meeting, number, title, type_, public, status, case_id, beslutning, bilag in items:
        date = dates.get(date) or dates.setdefault(date, sql_date(date))
        route = routes.get(case_id) if case_id is not None else None
        rows.append({
            "id": item_id, "date": date, "body": body, "meeting": meeting, "number": number, "title": title,
            "type": type_, "public": bool(public), "status": status, "case_id": case_id,
            "route": route if route is not None else f"{body} {date:%d.%m.%Y}",
            "bilag": bilag, "beslutning": beslutning})
    return rows
