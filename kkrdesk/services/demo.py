"""Demo data transcribed from real KKR papers (resources/demo/*.json, each record citing its seed line)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from kkrdesk.errors import UserError
from kkrdesk.models import Assignment, Body, Indsats, Membership, Seat
from kkrdesk.paths import resource_path
from kkrdesk.reference import is_known, lookup, resolve
from kkrdesk.reference.municipalities import Region
from kkrdesk.store import Store, open_store


def _load(name: str) -> list[dict]:
    return json.loads(resource_path("demo", name).read_text(encoding="utf-8"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def demo_store_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("KKR Desk", "KL", roaming=True)) / "demo.sqlite"


def open_demo_store(path: Path | None = None) -> Store:
    """Open the demo store, filling it with demo data the first time."""
    store = open_store(path or demo_store_path())
    with store.session() as s:
        empty = s.scalar(select(func.count()).select_from(Body)) == 0
    if empty:
        load_demo(store)
    return store


def party_kind(name: str, body_names: set[str]) -> str:
    if name in body_names:
        return "organ"
    found = lookup(name)
    if isinstance(found, Region):
        return "region"
    if found is not None:
        return "kommune"
    return "person"


def _link_routes(meetings_with_data) -> None:
    """Items that carry the same "case" in meetings.json are one case on its route (K29 → KKR)."""
    from kkrdesk.models import Case

    cases: dict[str, Case] = {}
    for meeting, data in meetings_with_data:
        for item, item_data in zip(meeting.items, data.get("items", []), strict=True):
            if item_data.get("case"):
                item.case = cases.setdefault(item_data["case"], Case(title=item_data["case"]))


def load_demo(store: Store) -> dict[str, int]:
    """Fill an empty store with the demo data in one transaction; refuses a store that has data."""
    from kkrdesk.services import budgets, meetings, members

    with store.session(immediate=True) as s:  # "is it empty" and the load under one write lock
        if s.scalar(select(func.count()).select_from(Body)):
            raise UserError(f"Databasen {store.label} er ikke tom; demodata lægges kun i en tom database.")
        bodies: dict[str, Body] = {}
        for data in _load("bodies.json"):
            body = Body(
                name=data["name"], short_name=data.get("short_name"), type=data.get("type") or "andet",
                term_start=_date(data.get("term_start")), term_end=_date(data.get("term_end")),
                description=data.get("description"), max_members=data.get("max_members"),
                odd_members=bool(data.get("odd_members")),
                item_types="\n".join(data.get("item_types") or []) or None,
            )
            for seat in data.get("seats") or []:
                body.seats.append(Seat(
                    count=int(seat.get("count") or 1), role=seat.get("role") or "medlem",
                    appointed_by=seat.get("appointed_by"), nominated_by=seat.get("nominated_by"),
                    criteria=seat.get("criteria"), voting=bool(seat.get("voting", True)), note=seat.get("note"),
                ))
            bodies[body.name] = body
            if body.short_name:
                bodies.setdefault(body.short_name, body)
            s.add(body)
        for data in _load("bodies.json"):
            if data.get("parent") and data["parent"] in bodies:
                bodies[data["name"]].parent = bodies[data["parent"]]
        s.flush()
        for data in _load("members.json"):
            body = bodies.get(data["body"])
            if body is None:
                continue
            organisation = data.get("organisation")
            person = members.get_or_create_person(
                s, data["name"], organisation, title=data.get("title"), party=data.get("party")
            )
            behalf = resolve(organisation) if organisation and is_known(organisation) else None
            s.add(Membership(person=person, body=body, role=data.get("role") or "medlem",
                             start=_date(data.get("start")), end=_date(data.get("end")), on_behalf_of=behalf))
            s.flush()
        _link_routes([(meetings.meeting_from_dict(s, data), data) for data in _load("meetings.json")])
        names = set(bodies)
        for data in _load("indsatser.json"):
            amount = data.get("amount_mio")
            indsats = Indsats(
                title=data["title"], category=data.get("category"), plan=data.get("plan"),
                phase=data.get("phase"), year=data.get("year"),
                amount_mio=Decimal(amount) if amount not in (None, "") else None,
                price_level=data.get("price_level"), is_frame=bool(data.get("is_frame")), note=data.get("note"),
            )
            for position, a in enumerate(data.get("assignments") or []):
                party = resolve(a["party"])
                kind = party_kind(party, names)
                indsats.assignments.append(Assignment(
                    party=party, party_kind=kind, role=a.get("role") or "hovedansvarlig",
                    status=a.get("status") or "udpeget", phase=a.get("phase"), position=position,
                    body_id=bodies[party].id if kind == "organ" else None,
                ))
            s.add(indsats)
        s.flush()
        calculations = budgets.demo_calculations(s)
        counts = {
            "organer": len({b.id for b in bodies.values()}),
            "personer": s.scalar(select(func.count()).select_from(members.Person)),
            "medlemskaber": s.scalar(select(func.count()).select_from(Membership)),
            "møder": s.scalar(select(func.count()).select_from(meetings.Meeting)),
            "dagsordenspunkter": s.scalar(select(func.count()).select_from(meetings.AgendaItem)),
            "indsatser": s.scalar(select(func.count()).select_from(Indsats)),
            "tovholdere": s.scalar(select(func.count()).select_from(Assignment)),
            "beregninger": calculations,
        }
    store.notify({"all"})
    return counts
