"""Meetings, agenda items and bilag (the Sager tab)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kkrdesk.models import AgendaItem, Bilag, Meeting
from kkrdesk.store import Store


def meeting_rows(store: Store) -> list[dict]:
    """One row per meeting, newest first, for the meetings table."""
    with store.session() as s:
        counts = dict(s.execute(select(AgendaItem.meeting_id, func.count()).group_by(AgendaItem.meeting_id)).all())
        meetings = s.scalars(select(Meeting).options(selectinload(Meeting.body)).order_by(Meeting.date.desc()))
        return [
            {"id": m.id, "date": m.date, "body": m.body.short_name or m.body.name, "title": m.title,
             "location": m.location, "state": m.state, "items": counts.get(m.id, 0)}
            for m in meetings
        ]


def item_rows(store: Store, meeting_id: int | None) -> list[dict]:
    """The agenda of one meeting in order, with its bilag count."""
    if meeting_id is None:
        return []
    with store.session() as s:
        counts = dict(
            s.execute(
                select(Bilag.item_id, func.count())
                .join(AgendaItem, AgendaItem.id == Bilag.item_id)
                .where(AgendaItem.meeting_id == meeting_id)
                .group_by(Bilag.item_id)
            ).all()
        )
        items = s.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)
        )
        return [
            {"id": i.id, "number": i.number, "title": i.title, "type": i.type, "public": i.public,
             "status": i.status, "bilag": counts.get(i.id, 0)}
            for i in items
        ]


def _get_or_create_body(session, name: str):
    from kkrdesk.models import Body

    body = session.scalars(select(Body).where(Body.name == name)).first()
    if body is None:
        body = session.scalars(select(Body).where(Body.short_name == name)).first()
    if body is None:
        body = Body(name=name, type="andet")
        session.add(body)
    return body


def meeting_from_dict(session, data: dict) -> Meeting:
    """Build a meeting with its items and bilag (without files) from a kkrdesk-meeting/1-shaped dict."""
    import datetime as dt

    meeting = Meeting(
        body=_get_or_create_body(session, data["body"]),
        title=data.get("title") or f"Møde i {data['body']}",
        date=dt.date.fromisoformat(data["date"]),
        start=data.get("start"),
        end=data.get("end"),
        location=data.get("location"),
        state=data.get("state") or "planlagt",
    )
    for position, item_data in enumerate(data.get("items", [])):
        sections = item_data.get("sections") or {}
        item = AgendaItem(
            number=str(item_data["number"]),
            position=position,
            title=item_data["title"],
            type=item_data.get("type"),
            public=bool(item_data.get("public", True)),
            status=item_data.get("status") or "kladde",
            **{key: sections.get(key) for key in SECTION_KEYS},
        )
        for bilag_pos, bilag_data in enumerate(item_data.get("bilag", [])):
            item.bilag.append(
                Bilag(
                    position=bilag_pos,
                    title=bilag_data["title"],
                    author=bilag_data.get("author"),
                    version=bilag_data.get("version"),
                    draft=bilag_data.get("draft"),
                    sags_id=bilag_data.get("sags_id"),
                    dok_id=bilag_data.get("dok_id"),
                    public=bool(bilag_data.get("public", True)),
                    page_count=bilag_data.get("pages"),
                )
            )
        meeting.items.append(item)
    session.add(meeting)
    return meeting


SECTION_KEYS = ("resume", "baggrund", "sagsfremstilling", "indstilling", "oekonomi", "beslutning")
SECTION_TITLES = {"resume": "Resumé", "baggrund": "Baggrund", "sagsfremstilling": "Sagsfremstilling",
                  "indstilling": "Indstilling", "oekonomi": "Økonomi", "beslutning": "Beslutning"}
