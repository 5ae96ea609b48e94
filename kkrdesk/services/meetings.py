"""Meetings, agenda items and bilag (the Sager tab): every user action on a meeting is one function here.

Numbers are "section.item" ("3.1"); the order on the agenda is `position`, and `renumber` keeps the section
of each item but numbers the items inside a section 1, 2, 3 … in agenda order. `meeting_document` is the one
place that decides what a public export may show: every export builds from it. It lives in services.documents
(plain SQL, so the bundle is made without importing SQLAlchemy) and is imported here with its section names.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kkrdesk.errors import UserError
from kkrdesk.models import AgendaItem, Attendance, Bilag, Body, Case, Meeting
from kkrdesk.services.agenda_rows import (  # noqa: F401 - re-exported: the Sager tab's reads live there
    DEFAULT_ITEM_TYPES,
    ITEM_LABELS,
    MEETING_STATES,
    SECTION_KEYS,
    STATUSES,
    bilag_rows,
    configured_types,
    item_detail,
    item_rows,
    item_types,
    items_without_listed_type,
    meeting_rows,
    route,
    section_of,
)
from kkrdesk.services.case_list import meeting_missing
from kkrdesk.services.documents import (  # noqa: F401 - re-exported
    AGENDA_ORDER,
    CLOSED_TITLE,
    MINUTES_ORDER,
    SECTION_TITLES,
    attendance_rows,
    meeting_document,
)
from kkrdesk.services.rows import DELETE_AGAIN, STEP_AGAIN, editing_base, existing, unchanged_since  # noqa: F401 - editing_base for the dialogs
from kkrdesk.store import Store

# Standing items of a new meeting: (section, title, type). Eventuelt sits in the last section.
STANDING_ITEMS = (("1", "Godkendelse af dagsorden", "Godkendelse"), ("2", "Meddelelser", "Orienteringssag"),
                  ("9", "Eventuelt", "Orienteringssag"))
NUMBER_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# --- listing ----------------------------------------------------------------------------------------------------


def body_names(store: Store) -> list[str]:
    from kkrdesk.reference import danish_sorted

    with store.session() as s:
        return danish_sorted(s.scalars(select(Body.name)).all())


def meeting_detail(store: Store, meeting_id: int) -> dict:
    """One meeting's own fields, for the edit dialog."""
    with store.session() as s:
        m = _meeting(s, meeting_id)
        return {"id": m.id, "body_id": m.body_id, "body": m.body.name, "title": m.title, "date": m.date,
                "start": m.start, "end": m.end, "location": m.location, "state": m.state,
                "row_version": m.row_version}


MEETING_LABELS = {"title": "Titel", "date": "Dato", "start": "Start", "end": "Slut", "location": "Sted",
                  "state": "Status"}
ITEM_TYPES_LABELS = {"item_types": "Punkttyper"}


def item_type_settings(store: Store, body_id: int) -> dict:
    """A body's item type list (or the default list), and how many of its items use each type."""
    with store.session() as s:
        body = _body(s, body_id)
        configured = configured_types(body.item_types)
        usage = dict(s.execute(
            select(AgendaItem.type, func.count()).join(Meeting).where(Meeting.body_id == body_id,
                                                                      AgendaItem.type.is_not(None))
            .group_by(AgendaItem.type)).all())
        return {"body_id": body.id, "body": body.name, "types": configured or list(DEFAULT_ITEM_TYPES),
                "default": not configured, "usage": usage, "item_types": body.item_types,
                "row_version": body.row_version}


def set_item_types(store: Store, body_id: int, types: list[str], *, base: dict | None = None) -> int:
    """Save a body's item types in the given order; an empty list means the default list. Items keep their type
    even when it leaves the list; returns how many items of the body now have a type not on the list."""
    cleaned: list[str] = []
    seen: dict[str, str] = {}
    for n, raw in enumerate(types or [], start=1):
        text = (raw or "").strip()
        if not text:
            raise UserError(f"Punkttype nr. {n} er tom. Skriv en betegnelse eller slet linjen.")
        if "\n" in text or "\r" in text:
            raise UserError(f'Punkttypen "{text.splitlines()[0]}" må ikke fylde mere end én linje.')
        if len(text) > 80:
            raise UserError(f'Punkttypen "{text[:40]} …" er for lang (højst 80 tegn).')
        key = text.casefold()
        if key in seen:
            same = f'"{text}"' if seen[key] == text else f'"{seen[key]}" og "{text}"'
            raise UserError(f"Punkttypen {same} står to gange på listen (store og små bogstaver tæller ikke).")
        seen[key] = text
        cleaned.append(text)
    with store.session() as s:
        body = _body(s, body_id)
        unchanged_since(body, base, ITEM_TYPES_LABELS, f"Organet {body.name}")
        body.item_types = "\n".join(cleaned) or None
    store.notify({"bodies", "items"})
    return items_without_listed_type(item_type_settings(store, body_id)["usage"], cleaned)


# --- helpers ----------------------------------------------------------------------------------------------------


def _meeting(session: Session, meeting_id: int) -> Meeting:
    return existing(session, Meeting, meeting_id, meeting_missing(meeting_id).message)


def _body(session: Session, body_id: int) -> Body:
    body = session.get(Body, body_id)
    if body is None:
        raise UserError(f"Organet med id {body_id} findes ikke.")
    return body


def _item(session: Session, item_id: int) -> AgendaItem:
    return existing(session, AgendaItem, item_id, f"Dagsordenspunktet med id {item_id} findes ikke.")


def _get_or_create_body(session, name: str):
    body = session.scalars(select(Body).where(Body.name == name)).first()
    if body is None:
        body = session.scalars(select(Body).where(Body.short_name == name)).first()
    if body is None:
        body = Body(name=name, type="andet")
        session.add(body)
    return body


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))


def _check_time(value: str | None, label: str) -> str | None:
    if value in (None, ""):
        return None
    if not TIME_RE.match(value):
        raise UserError(f'{label} skal skrives som tt:mm, fx 09:30, ikke "{value}".')
    return value


def _check_order(start: str | None, end: str | None) -> None:
    # Zero-padded tt:mm strings compare like times.
    if start and end and end < start:
        raise UserError(f"Sluttidspunktet {end} ligger før starttidspunktet {start}.")


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    from kkrdesk.reference import parse_date

    try:
        return parse_date(str(value))
    except ValueError:
        raise UserError(f'Datoen "{value}" kan ikke læses; skriv fx 17.09.2025 eller 17. september 2025.') from None


# --- meetings ---------------------------------------------------------------------------------------------------


def meeting_from_dict(session, data: dict) -> Meeting:
    """Build a meeting with its items and bilag (without files) from a kkrdesk-meeting/1-shaped dict."""
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
        meeting.items.append(item_from_dict(item_data, position))
    session.add(meeting)
    return meeting


def item_from_dict(item_data: dict, position: int) -> AgendaItem:
    """One agenda item with its bilag (without files) from a kkrdesk-meeting/1 item."""
    sections = item_data.get("sections") or {}
    item = AgendaItem(
        number=str(item_data["number"]),
        position=position,
        title=item_data["title"],
        type=item_data.get("type"),
        public=bool(item_data.get("public", True)),
        status=item_data.get("status") or "kladde",
        standing=bool(item_data.get("standing", False)),
        **{key: sections.get(key) for key in SECTION_KEYS},
    )
    for bilag_pos, bilag_data in enumerate(item_data.get("bilag") or []):
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
    return item


def create_meeting(store: Store, body: str, date, *, title: str | None = None, start: str | None = None,
                   end: str | None = None, location: str | None = None, standing: bool = True) -> int:
    """A new meeting of `body` (created when unknown), with the standing items on its agenda."""
    body = (body or "").strip()
    if not body:
        raise UserError("Mødet skal have et organ.")
    date = _as_date(date)
    start, end = _check_time(start, "Starttidspunktet"), _check_time(end, "Sluttidspunktet")
    _check_order(start, end)
    with store.session() as s:
        b = _get_or_create_body(s, body)
        meeting = Meeting(body=b, title=(title or "").strip() or f"Møde i {b.name}", date=date, start=start, end=end,
                          location=location or None, state="planlagt")
        if standing:
            for position, (section, item_title, item_type) in enumerate(STANDING_ITEMS):
                meeting.items.append(AgendaItem(number=f"{section}.1", position=position, title=item_title,
                                                type=item_type, standing=True, public=True))
        s.add(meeting)
        s.flush()
        meeting_id = meeting.id
    store.notify({"meetings", "items", "bodies"})
    return meeting_id


def update_meeting(store: Store, meeting_id: int, *, base: dict | None = None, **fields) -> None:
    """Change a meeting's title, date, start/end time, place or state (any subset); items and route untouched.
    base: the meeting as the dialog showed it; a save over someone else's later change is refused."""
    allowed = {"title", "date", "start", "end", "location", "state"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown meeting fields {unknown}")
    if "title" in fields and not (fields["title"] or "").strip():
        raise UserError("Mødet skal have en titel.")
    if "date" in fields:
        if fields["date"] is None or not str(fields["date"]).strip():
            raise UserError("Mødet skal have en dato.")
        date = _as_date(fields["date"])
    start = _check_time(fields.get("start"), "Starttidspunktet")
    end = _check_time(fields.get("end"), "Sluttidspunktet")
    if "state" in fields and fields["state"] not in MEETING_STATES:
        raise UserError(f'Mødestatus skal være en af {", ".join(MEETING_STATES)}, ikke "{fields["state"]}".')
    with store.session() as s:
        meeting = _meeting(s, meeting_id)
        unchanged_since(meeting, base, MEETING_LABELS, "Mødet")
        if "title" in fields:
            meeting.title = fields["title"].strip()
        if "date" in fields:
            meeting.date = date
        if "start" in fields:
            meeting.start = start
        if "end" in fields:
            meeting.end = end
        _check_order(meeting.start, meeting.end)
        if "location" in fields:
            meeting.location = (fields["location"] or "").strip() or None
        if "state" in fields:
            meeting.state = fields["state"]
    store.notify({"meetings"})


def delete_meeting(store: Store, meeting_id: int, *, base: dict | None = None) -> None:
    """base: the meeting as the list showed it; a delete after someone else's later change is refused."""
    with store.session() as s:
        meeting = _meeting(s, meeting_id)
        unchanged_since(meeting, base, MEETING_LABELS, "Mødet", then=DELETE_AGAIN)
        s.delete(meeting)
    store.notify({"meetings", "items", "bilag"})


def clone_meeting(store: Store, meeting_id: int, date, *, title: str | None = None) -> int:
    """Copy a meeting's structure (items, types, open/closed, texts before the decision) to a new date.

    Bilag, decisions and statuses are not copied: the new meeting starts as a draft agenda.
    """
    date = _as_date(date)
    with store.session() as s:
        src = _meeting(s, meeting_id)
        new = Meeting(body=src.body, title=title or src.title, date=date, start=src.start, end=src.end,
                      location=src.location, state="planlagt")
        s.add(new)
        for item in src.items:
            new.items.append(AgendaItem(
                number=item.number, position=item.position, title=item.title, type=item.type, public=item.public,
                standing=item.standing, status="kladde",
                **{key: getattr(item, key) for key in SECTION_KEYS if key != "beslutning"},
            ))
        s.add(new)
        s.flush()
        new_id = new.id
    store.notify({"meetings", "items"})
    return new_id


# --- items ------------------------------------------------------------------------------------------------------


def renumber(meeting: Meeting) -> None:
    """Keep each item's section, number items within a section in agenda order, positions 0, 1, 2 …"""
    items = sorted(meeting.items, key=lambda i: i.position)
    counters: dict[int, int] = {}
    wanted = []
    for position, item in enumerate(items):
        section = section_of(item.number)
        counters[section] = counters.get(section, 0) + 1
        wanted.append((item, position, f"{section}.{counters[section]}"))
    # Two passes: the unique (meeting, number) constraint must not trip over a swap.
    session = Session.object_session(meeting)
    for item, position, _ in wanted:
        item.number = f"tmp-{item.id or id(item)}"
        item.position = position
    if session is not None:
        session.flush()
    for item, _, number in wanted:
        item.number = number


def _insert_position(meeting: Meeting, section: int) -> int:
    """After the last item whose section ≤ `section` (so new items land before Eventuelt)."""
    items = sorted(meeting.items, key=lambda i: i.position)
    position = 0
    for index, item in enumerate(items):
        if section_of(item.number) <= section:
            position = index + 1
    return position


def add_item(store: Store, meeting_id: int, title: str, *, section: int | None = None, type: str | None = None,
             public: bool = True, **sections) -> int:
    """A new item at the end of `section` (default: the last section before Eventuelt, at least 3)."""
    title = (title or "").strip()
    if not title:
        raise UserError("Punktet skal have en titel.")
    bad = set(sections) - set(SECTION_KEYS)
    if bad:
        raise ValueError(f"unknown sections {bad}")
    with store.session() as s:
        meeting = _meeting(s, meeting_id)
        if section is None:
            sections_used = [section_of(i.number) for i in meeting.items if not i.standing]
            section = max(sections_used, default=3)
        position = _insert_position(meeting, section)
        for item in meeting.items:
            if item.position >= position:
                item.position += 1
        item = AgendaItem(number=f"{section}.999", position=position, title=title, type=type, public=public,
                          **{k: v for k, v in sections.items() if v})
        meeting.items.append(item)
        s.flush()
        renumber(meeting)
        s.flush()
        item_id = item.id
    store.notify({"items", "meetings"})
    return item_id


def update_item(store: Store, item_id: int, *, base: dict | None = None, **fields) -> None:
    """Change an item's title, type, open/closed, number, status or text sections (one transaction).
    base: the item as the editor showed it; a save over someone else's later change is refused."""
    allowed = {"title", "type", "public", "number", "status"} | set(SECTION_KEYS)
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown item fields {unknown}")
    with store.session() as s:
        item = _item(s, item_id)
        unchanged_since(item, base, ITEM_LABELS, f"Punkt {item.number}")
        if "title" in fields:
            if not (fields["title"] or "").strip():
                raise UserError("Punktet skal have en titel.")
            item.title = fields["title"].strip()
        if "number" in fields and fields["number"] != item.number:
            number = str(fields["number"]).strip()
            if not NUMBER_RE.match(number):
                raise UserError(f'Punktnummeret skal være som "3.1", ikke "{number}".')
            if any(other.number == number for other in item.meeting.items if other.id != item.id):
                raise UserError(f"Punktnummeret {number} findes allerede på dagsordenen.")
            item.number = number
        if "type" in fields:
            item.type = fields["type"] or None
        if "public" in fields:
            item.public = bool(fields["public"])
        if "status" in fields:
            _check_status(item.status, fields["status"])
            item.status = fields["status"]
        for key in SECTION_KEYS:
            if key in fields:
                setattr(item, key, fields[key] or None)
    store.notify({"items"})


def _check_status(old: str, new: str) -> None:
    """The workflow kladde → klar → godkendt til dagsorden → behandlet: one step forward, any step back."""
    if new not in STATUSES:
        raise UserError(f'Status skal være en af: {", ".join(STATUSES)}; ikke "{new}".')
    if old in STATUSES and STATUSES.index(new) > STATUSES.index(old) + 1:
        raise UserError(f'Et punkt med status "{old}" kan kun gå videre til '
                        f'"{STATUSES[STATUSES.index(old) + 1]}", ikke springe til "{new}".')


def advance_status(store: Store, item_id: int, *, base: dict | None = None) -> str:
    """Move an item one step along the workflow; returns the new status. base as in update_item."""
    with store.session() as s:
        item = _item(s, item_id)
        unchanged_since(item, base, ITEM_LABELS, f"Punkt {item.number}", then=STEP_AGAIN)
        index = STATUSES.index(item.status) if item.status in STATUSES else -1
        if index + 1 >= len(STATUSES):
            raise UserError(f'Punktet er allerede "{item.status}".')
        item.status = STATUSES[index + 1]
        status = item.status
    store.notify({"items"})
    return status


def delete_item(store: Store, item_id: int, *, base: dict | None = None) -> None:
    """base: the item as the agenda showed it; a delete after someone else's later change is refused."""
    with store.session() as s:
        item = _item(s, item_id)
        unchanged_since(item, base, ITEM_LABELS, f"Punkt {item.number}", then=DELETE_AGAIN)
        meeting = item.meeting
        meeting.items.remove(item)  # delete-orphan removes the row
        s.flush()
        renumber(meeting)
    store.notify({"items", "meetings", "bilag"})


def move_item(store: Store, item_id: int, new_index: int, *, section: int | None = None) -> None:
    """Move an item to `new_index` on the agenda and renumber. Without `section` it joins the section of the
    item it now follows (or precedes, when it becomes first)."""
    with store.session() as s:
        item = _item(s, item_id)
        meeting = item.meeting
        order = [i for i in sorted(meeting.items, key=lambda i: i.position) if i.id != item.id]
        new_index = max(0, min(new_index, len(order)))
        order.insert(new_index, item)
        if section is None:
            section = _drop_section(order, new_index, item)
        old_number = item.number
        item.number = f"{section}.999"
        if any(i.number == item.number for i in order if i is not item):
            item.number = old_number
        for position, i in enumerate(order):
            i.position = position
        s.flush()
        renumber(meeting)
    store.notify({"items"})


def _drop_section(order: list[AgendaItem], index: int, item: AgendaItem) -> int:
    """The section an item joins where it is dropped: the one before it, unless that is a standing item
    (Godkendelse af dagsorden, Meddelelser have their own sections); then the one after it, unless standing."""
    before = order[index - 1] if index > 0 else None
    after = order[index + 1] if index + 1 < len(order) else None
    if before is not None and not before.standing:
        return section_of(before.number)
    if after is not None and not after.standing:
        return section_of(after.number)
    return section_of(item.number)


def reorder_items(store: Store, meeting_id: int, ordered_ids: list[int],
                  sections: dict[int, int] | None = None) -> None:
    """Put the agenda in the given order (every item id once) and renumber; `sections` moves items."""
    with store.session() as s:
        meeting = _meeting(s, meeting_id)
        by_id = {i.id: i for i in meeting.items}
        if sorted(ordered_ids) != sorted(by_id):
            raise UserError("Rækkefølgen skal nævne hvert punkt på dagsordenen én gang.")
        for position, item_id in enumerate(ordered_ids):
            by_id[item_id].position = position
        for item_id, section in (sections or {}).items():
            by_id[item_id].number = f"{section}.{900 + by_id[item_id].position}"
        s.flush()
        renumber(meeting)
    store.notify({"items"})


# --- the route of a case ----------------------------------------------------------------------------------------


def send_to_meeting(store: Store, item_id: int, target_meeting_id: int, *, section: int | None = None) -> int:
    """The next step of a case's route (embedsmandsudvalg → K29/K17 → KKR): a new item in the target meeting
    with the same case id, the texts before the decision and the same bilag files."""
    with store.session() as s:
        item = _item(s, item_id)
        target = _meeting(s, target_meeting_id)
        if target.id == item.meeting_id:
            raise UserError("Punktet står allerede på dette møde.")
        if item.case is None:
            item.case = Case(title=item.title)
        if any(i.case_id == item.case.id for i in target.items if item.case.id is not None):
            raise UserError(f"Sagen står allerede på mødet {target.title} {target.date:%d.%m.%Y}.")
        if section is None:
            section = max((section_of(i.number) for i in target.items if not i.standing), default=3)
        position = _insert_position(target, section)
        for other in target.items:
            if other.position >= position:
                other.position += 1
        with s.no_autoflush:  # the new item is complete only after its bilag are copied
            new = AgendaItem(number=f"{section}.999", position=position, title=item.title, type=item.type,
                             public=item.public, status="kladde",
                             **{key: getattr(item, key) for key in SECTION_KEYS if key != "beslutning"})
            for pos, b in enumerate(item.bilag):
                new.bilag.append(Bilag(position=pos, title=b.title, author=b.author, version=b.version,
                                       draft=b.draft, sags_id=b.sags_id, dok_id=b.dok_id, public=b.public,
                                       page_count=b.page_count, blob_id=b.blob_id))
            new.case = item.case
            target.items.append(new)
            s.add(new)
        s.flush()
        renumber(target)
        s.flush()
        new_id = new.id
    store.notify({"items", "meetings", "bilag"})
    return new_id


def link_items(store: Store, item_ids: list[int], *, title: str | None = None) -> int:
    """Put existing items (one per body's meeting) on the same case; returns the case id."""
    with store.session() as s:
        items = [_item(s, i) for i in item_ids]
        case = next((i.case for i in items if i.case), None) or Case(title=title or items[0].title)
        for item in items:
            item.case = case
        s.flush()
        case_id = case.id
    store.notify({"items"})
    return case_id


def record_decision(store: Store, item_id: int, text: str) -> None:
    """The decision of one step; the item becomes "behandlet"."""
    with store.session() as s:
        item = _item(s, item_id)
        item.beslutning = (text or "").strip() or None
        if item.beslutning:
            item.status = "behandlet"
    store.notify({"items"})


# --- attendance -------------------------------------------------------------------------------------------------


def set_attendance(store: Store, meeting_id: int, person_id: int, present: bool, note: str | None = None) -> None:
    with store.session() as s:
        meeting = _meeting(s, meeting_id)
        row = next((a for a in meeting.attendance if a.person_id == person_id), None)
        if row is None:
            row = Attendance(person_id=person_id)
            meeting.attendance.append(row)
        row.present, row.note = present, note
    store.notify({"meetings"})


def sort_numbers(numbers: list[str]) -> list[str]:
    return sorted(numbers, key=_number_key)
