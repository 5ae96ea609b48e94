"""Who sits where on a date: seats filled and vacant, composition rules, terms running out, udpegningsoversigt.

Memberships fill seats: one with a seat_id fills that seat; the rest are placed by role (a formand fills a
formand seat, else a member seat). Sekretariat is never a seat. Everything is computed for one date, so the
composition on any past date comes from the same code as today's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kkrdesk.models import Body, Membership, Seat
from kkrdesk.reference import (
    format_date,
    format_number,
    is_known,
    lookup,
    municipalities_in_region,
    population,
    resolve,
)
from kkrdesk.reference.municipalities import Region
from kkrdesk.services.members import ROLE_ORDER, is_current, role_rank
from kkrdesk.store import Store

ENDING_SOON_DAYS = 90
NOT_A_SEAT = {"sekretariat"}
# Sundhedsråd: kommunale pladser efter indbyggertal (DOMAIN.md §1; kkr-sjaelland-2025-bilag.txt 2582–2590).
SUNDHEDSRAAD_BANDS = ((300_000, 3), (80_000, 2), (0, 1))
_POPULATION_CRITERIA = re.compile(r"(under|over)\s+([\d.]+)\s+(?:borgere|indbyggere)", re.IGNORECASE)
VACANT = "(ledig)"


@dataclass
class SeatStatus:
    seat_id: int | None
    role: str
    count: int
    appointed_by: str | None
    nominated_by: str | None
    criteria: str | None
    voting: bool
    holders: list[str] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return min(len(self.holders), self.count)

    @property
    def vacant(self) -> int:
        return max(self.count - len(self.holders), 0)

    def to_dict(self) -> dict:
        return {"id": self.seat_id, "role": self.role, "count": self.count, "filled": self.filled,
                "vacant": self.vacant, "appointed_by": self.appointed_by, "nominated_by": self.nominated_by,
                "criteria": self.criteria, "voting": self.voting, "holders": ", ".join(self.holders)}


@dataclass
class Warning:
    body: str
    kind: str  # ledig, regel, udløber, formand, indbyggertal
    text: str

    def to_dict(self) -> dict:
        return {"body": self.body, "kind": self.kind, "text": self.text}


# --- populations -------------------------------------------------------------------------------------------


def population_on(name: str, on: dt.date, extra=None) -> tuple[int, dt.date, str] | None:
    """The newest reference population of a municipality dated on or before `on` (inhabitants, date, source);
    `extra`: figures a store imported (services/populations.stored_figures), which come before shipped ones."""
    figure = population(name, on=on, extra=extra) if is_known(name) else None
    return (figure.population, figure.date, figure.source) if figure else None


def sundhedsraad_seats(inhabitants: int) -> int:
    """Kommunale pladser i et sundhedsråd: under 80.000 indbyggere 1, over 80.000 2, over 300.000 3."""
    for limit, seats in SUNDHEDSRAAD_BANDS:
        if inhabitants > limit:
            return seats
    return 1


def _population_seats(body: Body) -> bool:
    return body.type == "sundhedsråd" or any(is_population_band(s.criteria) for s in body.seats)


def is_population_band(criteria: str | None) -> bool:
    """A seat whose count depends on inhabitants ("kommune med over 80.000 borgere"): one band per municipality."""
    return bool(_POPULATION_CRITERIA.search(criteria or ""))


def member_seat_total(seats) -> int:
    """Seats that count towards a body's "højst N medlemmer", as body_warnings counts members: voting seats,
    not observers, substitutes or sekretariat, and not population bands (only one of those applies)."""
    return sum(s.count for s in seats if s.voting and s.role not in NOT_A_SEAT | {"observatør", "stedfortræder"}
               and not is_population_band(s.criteria))


def region_named_in(text: str | None) -> str | None:
    """ "Region Hovedstaden" when a body's name names a region ("KKR Hovedstaden", "Rammeaftale Sjælland")."""
    for region in ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"):
        if region.casefold() in (text or "").casefold():
            found = lookup(f"Region {region}")
            if isinstance(found, Region):
                return found.name
    return None


def body_region(body: Body) -> str | None:
    """The region a body belongs to, from its own name or the nearest body above it that names one."""
    seen: set[int] = set()
    while body is not None and id(body) not in seen:
        seen.add(id(body))
        region = region_named_in(body.name)
        if region:
            return region
        body = body.parent
    return None


def _body_municipalities(body: Body, members: list[Membership]) -> list[str]:
    """The municipalities a population rule covers: those of a region named in the body, plus those members
    sit on behalf of."""
    names: list[str] = []
    region = region_named_in(body.name)
    if region:
        names += [m.name for m in municipalities_in_region(region)]
    for m in members:
        if m.on_behalf_of and is_known(m.on_behalf_of) and not isinstance(lookup(m.on_behalf_of), Region):
            name = resolve(m.on_behalf_of)
            if name not in names:
                names.append(name)
    return names


def population_rule_rows(body: Body, members: list[Membership], on: dt.date) -> list[dict]:
    """Per municipality: inhabitants (with date and source), required seats, members on its behalf."""
    from sqlalchemy.orm import object_session

    from kkrdesk.services.populations import stored_figures

    session = object_session(body)
    extra = stored_figures(session) if session is not None else None  # imported from Statistikbanken
    rows = []
    for name in _body_municipalities(body, members):
        figure = population_on(name, on, extra)
        sitting = sum(1 for m in members if m.on_behalf_of and resolve(m.on_behalf_of) == name
                      and m.role not in NOT_A_SEAT and m.role != "observatør")
        rows.append({"municipality": name, "population": figure[0] if figure else None,
                     "population_date": figure[1] if figure else None, "source": figure[2] if figure else None,
                     "required": sundhedsraad_seats(figure[0]) if figure else None, "members": sitting})
    return rows


# --- seats and rules ---------------------------------------------------------------------------------------


def _current(body: Body, on: dt.date) -> list[Membership]:
    members = [m for m in body.memberships if is_current(m, on)]
    members.sort(key=lambda m: (role_rank(m.role), m.id))
    return members


def seat_status(body: Body, on: dt.date) -> tuple[list[SeatStatus], list[Membership]]:
    """Seats with their holders on `on`, and the members that found no seat."""
    seats = [SeatStatus(s.id, s.role, s.count, s.appointed_by, s.nominated_by, s.criteria, s.voting)
             for s in sorted(body.seats, key=lambda s: (role_rank(s.role), s.id))]
    if _population_seats(body):
        # One band applies per municipality, so the bands are not added up as seats; the rule check does that.
        seats = [s for s in seats if not is_population_band(s.criteria)]
    by_id = {s.seat_id: s for s in seats}
    rest: list[Membership] = []
    for m in _current(body, on):
        if m.role in NOT_A_SEAT:
            continue
        if m.seat_id in by_id and len(by_id[m.seat_id].holders) < by_id[m.seat_id].count:
            by_id[m.seat_id].holders.append(m.person.name)
        else:
            rest.append(m)
    fallbacks = {"formand": ("formand", "medlem"), "næstformand": ("næstformand", "medlem"),
                 "medlem": ("medlem",), "indsuppleret medlem": ("indsuppleret medlem", "medlem"),
                 "observatør": ("observatør",), "stedfortræder": ("stedfortræder",)}
    unplaced = []
    for m in rest:
        for role in fallbacks.get(m.role, (m.role,)):
            seat = next((s for s in seats if s.role == role and len(s.holders) < s.count), None)
            if seat:
                seat.holders.append(m.person.name)
                break
        else:
            unplaced.append(m)
    return seats, unplaced


def in_term(body: Body, on: dt.date) -> bool:
    """Whether the body sits on `on`: seats outside its term are not vacant, the body simply is not there."""
    return (body.term_start is None or body.term_start <= on) and (body.term_end is None or body.term_end >= on)


def _voting_count(members: list[Membership]) -> int:
    return sum(1 for m in members if m.role not in NOT_A_SEAT | {"observatør", "stedfortræder"})


def body_warnings(body: Body, on: dt.date) -> list[Warning]:
    """Vacant seats, broken rules and terms ending within 90 days, for one body on one date."""
    out: list[Warning] = []
    members = _current(body, on)
    seats, unplaced = seat_status(body, on)
    for s in seats if in_term(body, on) else []:
        if s.vacant:
            who = f" (udpeget af {s.appointed_by})" if s.appointed_by else ""
            out.append(Warning(body.name, "ledig", f"{s.vacant} af {s.count} pladser som {s.role} er ledige{who}."))
    if seats and unplaced:
        names = ", ".join(m.person.name for m in unplaced)
        out.append(Warning(body.name, "regel", f"{len(unplaced)} medlemmer har ingen plads i sammensætningen: "
                                              f"{names}."))
    count = _voting_count(members)
    if body.max_members and count > body.max_members:
        out.append(Warning(body.name, "regel", f"{count} medlemmer; højst {body.max_members} er tilladt."))
    if body.odd_members and count and count % 2 == 0:
        out.append(Warning(body.name, "regel", f"{count} medlemmer; antallet skal være ulige."))
    chairs = [m for m in members if m.role == "formand"]
    if len(chairs) > 1:
        out.append(Warning(body.name, "formand", "Mere end én formand: "
                                                 + ", ".join(m.person.name for m in chairs) + "."))
    if _population_seats(body):
        for row in population_rule_rows(body, members, on):
            if row["required"] is None or row["members"] == row["required"]:
                continue
            out.append(Warning(
                body.name, "indbyggertal",
                f"{row['municipality']} har {row['members']} medlemmer, skal have {row['required']} "
                f"({format_number(row['population'])} indbyggere pr. {format_date(row['population_date'])})."))
    horizon = on + dt.timedelta(days=ENDING_SOON_DAYS)
    holding_over = [m for m in members if m.end is None and m.role not in NOT_A_SEAT]
    if body.term_end and body.term_end < on and holding_over:
        out.append(Warning(body.name, "udløber", f"Valgperioden udløb {format_date(body.term_end)}; "
                                                 f"{len(holding_over)} medlemmer fortsætter, til nye er udpeget."))
    if body.term_end and on <= body.term_end <= horizon:
        out.append(Warning(body.name, "udløber", f"Valgperioden udløber {format_date(body.term_end)}."))
    for m in members:
        if m.end and on <= m.end <= horizon:
            out.append(Warning(body.name, "udløber",
                               f"{m.person.name} ({m.role}) er udpeget til {format_date(m.end)}."))
    return out


def _load_bodies(session: Session, on: dt.date, body_id: int | None = None) -> list[Body]:
    """Bodies with their seats and the udpegninger current on `on` (all that _current looks at): ten years of
    history stay in the database."""
    from sqlalchemy import or_

    current = Body.memberships.and_(or_(Membership.start.is_(None), Membership.start <= on),
                                    or_(Membership.end.is_(None), Membership.end >= on))
    query = select(Body).options(selectinload(Body.seats), selectinload(current).selectinload(Membership.person))
    if body_id is not None:
        query = query.where(Body.id == body_id)
    return list(session.scalars(query.order_by(Body.id)))


def composition(store: Store, body_id: int, on: dt.date | None = None) -> dict:
    """A body on a date: members (by role), seats filled/vacant, warnings and the population table."""
    on = on or dt.date.today()
    with store.session() as s:
        bodies = _load_bodies(s, on, body_id)
        if not bodies:
            return {"members": [], "seats": [], "population_seats": [], "warnings": [], "population": [], "filled": 0,
                    "vacant": 0}
        body = bodies[0]
        members = _current(body, on)
        seats, _ = seat_status(body, on)
        return {
            "body": body.name, "on": on,
            "members": [{"id": m.id, "name": m.person.name, "title": m.person.title,
                         "organisation": m.person.organisation, "party": m.person.party, "role": m.role,
                         "start": m.start, "end": m.end, "on_behalf_of": m.on_behalf_of} for m in members],
            "seats": [x.to_dict() for x in seats],
            # Band seats are checked per municipality (warnings, population), not filled; listed so they can be edited.
            "population_seats": [{"id": x.id, "role": x.role, "count": x.count, "filled": None, "vacant": None,
                                  "appointed_by": x.appointed_by, "nominated_by": x.nominated_by,
                                  "criteria": x.criteria, "voting": x.voting, "holders": "efter indbyggertal"}
                                 for x in sorted(body.seats, key=lambda x: (role_rank(x.role), x.id))
                                 if is_population_band(x.criteria)] if _population_seats(body) else [],
            "filled": sum(x.filled for x in seats), "vacant": sum(x.vacant for x in seats),
            "warnings": [w.to_dict() for w in body_warnings(body, on)],
            "population": population_rule_rows(body, members, on) if _population_seats(body) else [],
        }


def all_warnings(store: Store, on: dt.date | None = None) -> list[dict]:
    on = on or dt.date.today()
    with store.session() as s:
        return [w.to_dict() for b in _load_bodies(s, on) for w in body_warnings(b, on)]


def udpegningsoversigt(store: Store, on: dt.date | None = None) -> list[dict]:
    """Every appointment across all bodies on a date, plus one row per vacant seat; sekretariat left out."""
    on = on or dt.date.today()
    horizon = on + dt.timedelta(days=ENDING_SOON_DAYS)
    rows = []
    with store.session() as s:
        for body in _load_bodies(s, on):
            for m in _current(body, on):
                if m.role in NOT_A_SEAT:
                    continue
                rows.append({
                    "id": m.id, "body": body.name, "body_type": body.type, "role": m.role, "name": m.person.name,
                    "title": m.person.title, "organisation": m.person.organisation, "party": m.person.party,
                    "on_behalf_of": m.on_behalf_of, "appointed_by": m.appointed_by or _seat_appointer(m),
                    "start": m.start, "end": m.end or body.term_end,
                    "ending_soon": bool((m.end or body.term_end) and on <= (m.end or body.term_end) <= horizon),
                })
            seats, _ = seat_status(body, on)
            for seat in seats if in_term(body, on) else []:
                for _ in range(seat.vacant):
                    rows.append({
                        "id": None, "body": body.name, "body_type": body.type, "role": seat.role, "name": VACANT,
                        "title": None, "organisation": None, "party": None, "on_behalf_of": None,
                        "appointed_by": seat.appointed_by, "start": None, "end": body.term_end,
                        "ending_soon": False,
                    })
    rank = {r: i for i, r in enumerate(ROLE_ORDER)}
    from kkrdesk.reference import sort_key

    rows.sort(key=lambda r: (sort_key(r["body"]), rank.get(r["role"], len(rank)), r["name"] == VACANT,
                             sort_key(r["name"])))
    return rows


def _seat_appointer(m: Membership) -> str | None:
    return m.seat.appointed_by if m.seat is not None else None


def seats_of(session: Session, body_id: int) -> list[Seat]:
    return list(session.scalars(select(Seat).where(Seat.body_id == body_id).order_by(Seat.id)))


GROUP_TITLES = {
    "formand": "Formand", "næstformand": "Næstformand", "medlem": "Medlemmer",
    "indsuppleret medlem": "Indsupplerede medlemmer", "observatør": "Observatører",
    "stedfortræder": "Stedfortrædere", "sekretariat": "KKR-sekretariat",
}


def member_list(store: Store, body: str, on: dt.date | None = None) -> dict:
    """A body's member list on a date, grouped by role as the papers print it (for the PDF and Excel lists)."""
    from kkrdesk.services.listing import find_body

    on = on or dt.date.today()
    with store.session() as s:
        found = find_body(s, body)
        info = {"id": found.id, "name": found.name, "short_name": found.short_name, "type": found.type,
                "term_start": found.term_start, "term_end": found.term_end, "description": found.description}
    data = composition(store, info["id"], on)
    groups: list[tuple[str, list[dict]]] = []
    for role in ROLE_ORDER:
        rows = [m for m in data["members"] if m["role"] == role]
        if rows:
            groups.append((GROUP_TITLES.get(role, role.capitalize()), rows))
    others = [m for m in data["members"] if m["role"] not in ROLE_ORDER]
    if others:
        groups.append(("Øvrige", others))
    return {**info, "on": on, "groups": groups, "seats": data["seats"], "warnings": data["warnings"],
            "members": data["members"]}


def body_overview(store: Store, on: dt.date | None = None) -> dict[int, dict]:
    """Per body id: seats filled and vacant, members and warnings on a date (for the body tree)."""
    on = on or dt.date.today()
    with store.session() as s:
        out = {}
        for body in _load_bodies(s, on):
            seats, _ = seat_status(body, on)
            out[body.id] = {
                "filled": sum(x.filled for x in seats), "vacant": sum(x.vacant for x in seats),
                "seats": sum(x.count for x in seats),
                "members": sum(1 for m in _current(body, on) if m.role not in NOT_A_SEAT),
                "warnings": [w.text for w in body_warnings(body, on)],
            }
        return out


def term_label(start: dt.date | None, end: dt.date | None) -> str:
    """ "2022–2025", or "2022" for a term within one year; "" when neither end is known."""
    years = sorted({d.year for d in (start, end) if d})
    return "–".join(str(y) for y in years)
