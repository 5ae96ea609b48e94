"""One udpegning, person or organ at a time: what the secretariat records between the pasted lists.

Every function is one transaction: it checks everything first and raises UserError (Danish, meant for the user)
with nothing written, or writes and then tells the open views what changed. Roles are read with the import's
normalisation, names of municipalities with the one resolver, and persons are matched as the import matches them
(`members.get_or_create_person`), so a person typed here and the same person in a pasted list are one person.

Edit functions take only the fields to change; a field left out keeps its value (UNCHANGED). With `base` (the row
as the dialog showed it, rows.editing_base of a *_detail), a save or delete over a colleague's later change is
refused with what they changed (rows.unchanged_since).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from kkrdesk.errors import UserError
from kkrdesk.models import AgendaItem, Body, Meeting, Membership, Person, Seat
from kkrdesk.reference import danish_sorted, is_known, normalise_text
from kkrdesk.services import composition, members
from kkrdesk.services.member_import import normalise_role, normalise_title, resolve_organisation
from kkrdesk.services.rows import DELETE_AGAIN, existing, unchanged_since
from kkrdesk.store import Store

# The kinds of bodies around a KKR (DOMAIN.md §1); "andet" for anything else.
BODY_TYPES = ("KKR", "K29/K17", "embedsmandsudvalg", "bestyrelse", "styregruppe", "arbejdsgruppe", "netværk",
              "sundhedsråd", "samarbejdsudvalg", "andet")
ROLES = tuple(members.ROLE_ORDER)
# Seats are placed with a role; sekretariat never fills a seat (composition.NOT_A_SEAT).
SEAT_ROLES = tuple(r for r in ROLES if r not in composition.NOT_A_SEAT)
MAX_SEAT_COUNT = 999
MEMBER_KINDS = {"members", "persons"}
BODY_KINDS = {"bodies"}
SEAT_KINDS = {"seats", "members"}  # a seat changes who fills what, and an udpegning may lose its seat

# What a conflict message calls each field the dialogs show.
MEMBERSHIP_LABELS = {"role": "Rolle", "start": "Fra", "end": "Til", "on_behalf_of": "På vegne af", "seat_id": "Plads",
                     "appointed_by": "Udpeget af", "item_id": "Besluttet på punkt"}
PERSON_LABELS = {"name": "Navn", "title": "Titel", "organisation": "Organisation", "party": "Parti",
                 "email": "E-mail", "phone": "Telefon"}
BODY_LABELS = {"name": "Navn", "short_name": "Kortnavn", "type": "Type", "parent_id": "Ligger under",
               "term_start": "Valgperiode fra", "term_end": "Valgperiode til", "max_members": "Højst antal medlemmer",
               "odd_members": "Ulige antal medlemmer", "description": "Beskrivelse"}
SEAT_LABELS = {"count": "Antal", "role": "Rolle", "appointed_by": "Udpeget af", "nominated_by": "Indstillet af",
               "criteria": "Kriterier", "voting": "Stemmeret", "note": "Note"}

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


# --- reading for the dialogs ---------------------------------------------------------------------------------


def membership_detail(store: Store, membership_id: int) -> dict:
    """One udpegning with its person and body, as the edit dialog shows it."""
    with store.session() as s:
        m = _membership(s, membership_id)
        p = m.person
        return {"id": m.id, "body_id": m.body_id, "body": m.body.name, "person_id": p.id, "name": p.name,
                "title": p.title, "organisation": p.organisation, "role": m.role, "start": m.start, "end": m.end,
                "on_behalf_of": m.on_behalf_of, "appointed_by": m.appointed_by, "seat_id": m.seat_id,
                "item_id": m.item_id, "row_version": m.row_version}


def item_choices(store: Store) -> list[dict]:
    """Agenda items that can have made an appointment: udpegninger first, then the rest, newest meeting first."""
    with store.session() as s:
        items = s.scalars(select(AgendaItem).where(AgendaItem.standing.is_(False))
                          .options(selectinload(AgendaItem.meeting).selectinload(Meeting.body))).all()
        rows = [{"id": i.id, "label": members.item_label(i), "appointment": _is_appointment(i),
                 "date": i.meeting.date, "position": i.position} for i in items]
    rows.sort(key=lambda r: (not r["appointment"], -r["date"].toordinal(), r["position"]))
    return rows


def _is_appointment(item: AgendaItem) -> bool:
    return (item.type or "").casefold() == "udpegning" or "udpeg" in item.title.casefold()


def person_detail(store: Store, person_id: int) -> dict:
    with store.session() as s:
        p = _person(s, person_id)
        return {"id": p.id, "name": p.name, "title": p.title, "organisation": p.organisation, "party": p.party,
                "email": p.email, "phone": p.phone, "row_version": p.row_version,
                "bodies": danish_sorted({m.body.name for m in p.memberships})}


def body_detail(store: Store, body_id: int) -> dict:
    with store.session() as s:
        b = _body(s, body_id)
        return {"id": b.id, "name": b.name, "short_name": b.short_name, "type": b.type, "parent_id": b.parent_id,
                "term_start": b.term_start, "term_end": b.term_end, "max_members": b.max_members,
                "odd_members": b.odd_members, "description": b.description,
                "member_seats": composition.member_seat_total(b.seats), "row_version": b.row_version}


def person_choices(store: Store) -> list[dict]:
    """Every person for the picker, sorted the Danish way, with a label that tells namesakes apart."""
    with store.session() as s:
        rows = [{"id": p.id, "name": p.name, "title": p.title, "organisation": p.organisation,
                 "label": person_label(p.name, p.title, p.organisation)} for p in s.scalars(select(Person))]
    return danish_sorted(rows, key=lambda r: r["label"])


def person_label(name: str, title: str | None, organisation: str | None) -> str:
    """ "Eik Møller – kommunaldirektør, Ballerup Kommune"."""
    rest = ", ".join(x for x in (title, organisation) if x)
    return f"{name} – {rest}" if rest else name


def seat_choices(store: Store, body_id: int | None) -> list[dict]:
    """A body's seats as the picker shows them: "4 × medlem, udpeget af KKR Hovedstaden"."""
    if body_id is None:
        return []
    with store.session() as s:
        seats = s.scalars(select(Seat).where(Seat.body_id == body_id))
        rows = [{"id": seat.id, "role": seat.role, "label": seat_label(seat.count, seat.role, seat.appointed_by)}
                for seat in seats]
    rows.sort(key=lambda r: (members.role_rank(r["role"]), r["id"]))
    return rows


def parent_choices(store: Store, body_id: int | None = None) -> list[dict]:
    """Bodies a body may be placed under: all but itself and the bodies under it, sorted the Danish way."""
    with store.session() as s:
        bodies = list(s.scalars(select(Body)))
        below = _descendants(bodies, body_id) if body_id is not None else set()
        rows = [{"id": b.id, "name": b.name} for b in bodies if b.id != body_id and b.id not in below]
    return danish_sorted(rows, key=lambda r: r["name"])


# --- udpegninger ---------------------------------------------------------------------------------------------


def add_membership(store: Store, body_id: int, *, person_id: int | None = None, name: str | None = None,
                   title: str | None = None, organisation: str | None = None, role: str = "medlem",
                   start: dt.date | None = None, end: dt.date | None = None, on_behalf_of: str | None = None,
                   seat_id: int | None = None, appointed_by: str | None = None, item_id: int | None = None) -> int:
    """Record one udpegning of an existing person (person_id) or of a person given by name, title and
    organisation (matched as the import matches, else created). Returns the new udpegning's id."""
    role = _role(role)
    _check_dates(start, end)
    behalf = _behalf(on_behalf_of)
    appointed = _text(appointed_by, 200, "Udpeget af")
    with store.session() as s:
        body = _body(s, body_id)
        seat = _seat(s, body, seat_id)
        if person_id is not None:
            person = _person(s, person_id)
        else:
            name = _person_name(name)
            org = resolve_organisation(_text(organisation, 200, "Organisationen"))
            person = members.get_or_create_person(s, name, org,
                                                  title=normalise_title(_text(title, 120, "Titlen")))
            s.flush()
        _check_conflicts(s, body, person, role, start, end, exclude_id=None)
        membership = Membership(person=person, body=body, role=role, start=start, end=end, on_behalf_of=behalf,
                                seat=seat, appointed_by=appointed, item=_item(s, item_id))
        s.add(membership)
        s.flush()
        new_id = membership.id
    store.notify(MEMBER_KINDS)
    return new_id


def edit_membership(store: Store, membership_id: int, *, role=UNCHANGED, start=UNCHANGED, end=UNCHANGED,
                    on_behalf_of=UNCHANGED, seat_id=UNCHANGED, appointed_by=UNCHANGED, item_id=UNCHANGED,
                    base: dict | None = None) -> None:
    """Change an udpegning's role, dates, on-behalf-of, seat, appointer or the agenda item that decided it,
    with the checks of a new one."""
    with store.session() as s:
        m = _membership(s, membership_id)
        unchanged_since(m, base, MEMBERSHIP_LABELS, "Udpegningen")
        new_role = m.role if role is UNCHANGED else _role(role)
        new_start = m.start if start is UNCHANGED else start
        new_end = m.end if end is UNCHANGED else end
        _check_dates(new_start, new_end)
        new_behalf = m.on_behalf_of if on_behalf_of is UNCHANGED else _behalf(on_behalf_of)
        seat = m.seat if seat_id is UNCHANGED else _seat(s, m.body, seat_id)
        appointed = m.appointed_by if appointed_by is UNCHANGED else _text(appointed_by, 200, "Udpeget af")
        _check_conflicts(s, m.body, m.person, new_role, new_start, new_end, exclude_id=m.id)
        item = m.item if item_id is UNCHANGED else _item(s, item_id)
        m.role, m.start, m.end, m.on_behalf_of, m.seat, m.appointed_by, m.item = (
            new_role, new_start, new_end, new_behalf, seat, appointed, item)
    store.notify(MEMBER_KINDS)


def delete_membership(store: Store, membership_id: int, *, base: dict | None = None) -> None:
    """Remove an udpegning entered by mistake (one that ended is closed with members.end_membership instead)."""
    with store.session() as s:
        m = _membership(s, membership_id)
        unchanged_since(m, base, MEMBERSHIP_LABELS, "Udpegningen", then=DELETE_AGAIN)
        s.delete(m)
    store.notify(MEMBER_KINDS)


# --- persons -------------------------------------------------------------------------------------------------


def edit_person(store: Store, person_id: int, *, name=UNCHANGED, title=UNCHANGED, organisation=UNCHANGED,
                party=UNCHANGED, email=UNCHANGED, phone=UNCHANGED, base: dict | None = None) -> None:
    """Correct a person's name, title, organisation, party letter and contact details (in every body at once)."""
    with store.session() as s:
        p = _person(s, person_id)
        unchanged_since(p, base, PERSON_LABELS, "Personen")
        new_name = p.name if name is UNCHANGED else _person_name(name)
        new_title = p.title if title is UNCHANGED else _changed(p.title, _text(title, 120, "Titlen"),
                                                                normalise_title)
        new_org = p.organisation if organisation is UNCHANGED else _changed(
            p.organisation, _text(organisation, 200, "Organisationen"), resolve_organisation)
        new_party = p.party if party is UNCHANGED else _party(party)
        new_email = p.email if email is UNCHANGED else _email(email)
        new_phone = p.phone if phone is UNCHANGED else _phone(phone)
        twin = members.find_person(s, new_name, new_org)
        if twin is not None and twin.id != p.id:
            where = f" i {twin.organisation}" if twin.organisation else ""
            raise UserError(f"Der findes allerede en person ved navn {twin.name}{where}; to personer kan ikke "
                            "have samme navn og organisation.")
        p.name, p.title, p.organisation, p.party, p.email, p.phone = (
            new_name, new_title, new_org, new_party, new_email, new_phone)
    store.notify(MEMBER_KINDS)


# --- bodies --------------------------------------------------------------------------------------------------


def add_body(store: Store, *, name: str, short_name: str | None = None, type: str = "andet",
             parent_id: int | None = None, term_start: dt.date | None = None, term_end: dt.date | None = None,
             max_members: int | None = None, odd_members: bool = False, description: str | None = None) -> int:
    """A new organ. Returns its id."""
    with store.session() as s:
        body = Body(name="", type="andet")
        _fill_body(s, body, name=name, short_name=short_name, type=type, parent_id=parent_id,
                   term_start=term_start, term_end=term_end, max_members=max_members, odd_members=odd_members,
                   description=description)
        s.add(body)
        s.flush()
        new_id = body.id
    store.notify(BODY_KINDS)
    return new_id


def edit_body(store: Store, body_id: int, *, name=UNCHANGED, short_name=UNCHANGED, type=UNCHANGED,
              parent_id=UNCHANGED, term_start=UNCHANGED, term_end=UNCHANGED, max_members=UNCHANGED,
              odd_members=UNCHANGED, description=UNCHANGED, base: dict | None = None) -> None:
    with store.session() as s:
        body = _body(s, body_id)
        unchanged_since(body, base, BODY_LABELS, "Organet")
        given = {"name": name, "short_name": short_name, "type": type, "parent_id": parent_id,
                 "term_start": term_start, "term_end": term_end, "max_members": max_members,
                 "odd_members": odd_members, "description": description}
        _fill_body(s, body, **{k: getattr(body, k) if v is UNCHANGED else v for k, v in given.items()})
    store.notify(BODY_KINDS)


def _fill_body(s: Session, body: Body, *, name, short_name, type, parent_id, term_start, term_end, max_members,
               odd_members, description) -> None:
    name = _text(name, 200, "Navnet")
    if not name:
        raise UserError("Organet skal have et navn.")
    short_name = _text(short_name, 60, "Kortnavnet")
    kind = next((t for t in BODY_TYPES if t.casefold() == normalise_text(type or "andet").casefold()), None)
    if kind is None:
        raise UserError(f'Ukendt organtype "{type}". Vælg en af: {", ".join(BODY_TYPES)}.')
    others = [b for b in s.scalars(select(Body)) if b.id != body.id]
    for other in others:
        taken = {other.name.casefold(), (other.short_name or "").casefold()} - {""}
        if name.casefold() in taken:
            raise UserError(f'Der findes allerede et organ, der hedder "{name}".')
        if short_name and short_name.casefold() in taken:
            raise UserError(f'Kortnavnet "{short_name}" bruges allerede af {other.name}.')
    if parent_id is not None:
        parent = s.get(Body, parent_id)
        if parent is None:
            raise UserError("Det overordnede organ findes ikke længere.")
        if body.id is not None and parent.id == body.id:
            raise UserError("Et organ kan ikke ligge under sig selv.")
        if body.id is not None and parent.id in _descendants(others + [body], body.id):
            raise UserError(f"{name} kan ikke ligge under {parent.name}, for {parent.name} ligger selv under "
                            f"{name}.")
    if term_start and term_end and term_end < term_start:
        raise UserError(f"Valgperioden slutter {term_end:%d.%m.%Y}, før den begynder {term_start:%d.%m.%Y}.")
    if max_members is not None and (not isinstance(max_members, int) or max_members < 1):
        raise UserError("Højst antal medlemmer skal være et helt tal på mindst 1 (eller tomt).")
    body.name, body.short_name, body.type, body.parent_id = name, short_name, kind, parent_id
    body.term_start, body.term_end, body.max_members = term_start, term_end, max_members
    body.odd_members, body.description = bool(odd_members), _text(description, 4000, "Beskrivelsen", lines=True)


def _descendants(bodies: list[Body], body_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for b in bodies:
        children.setdefault(b.parent_id, []).append(b.id)
    found: set[int] = set()
    todo = list(children.get(body_id, []))
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo += children.get(current, [])
    return found


# --- pladser ------------------------------------------------------------------------------------------------


def seat_detail(store: Store, seat_id: int) -> dict:
    """One seat as the dialog shows it, with how many udpegninger (on any date) are placed in it."""
    with store.session() as s:
        seat = _seat_by_id(s, seat_id)
        placed = s.scalar(select(func.count()).select_from(Membership).where(Membership.seat_id == seat.id))
        return {"id": seat.id, "body_id": seat.body_id, "body": seat.body.name, "count": seat.count,
                "role": seat.role, "appointed_by": seat.appointed_by, "nominated_by": seat.nominated_by,
                "criteria": seat.criteria, "voting": seat.voting, "note": seat.note, "memberships": placed,
                "label": seat_label(seat.count, seat.role, seat.appointed_by), "row_version": seat.row_version}


def seat_label(count: int, role: str, appointed_by: str | None) -> str:
    """ "2 × medlem, udpeget af KKR Hovedstaden"."""
    return f"{count} × {role}" + (f", udpeget af {appointed_by}" if appointed_by else "")


def add_seat(store: Store, body_id: int, *, count: int = 1, role: str = "medlem", appointed_by: str | None = None,
             nominated_by: str | None = None, criteria: str | None = None, voting: bool = True,
             note: str | None = None) -> int:
    """A new kind of place in a body ("2 pladser udpeget af KKR Hovedstaden, skal være folkevalgt"). Returns its
    id."""
    with store.session() as s:
        body = _body(s, body_id)
        seat = Seat()
        fill_seat(seat, body, count=count, role=role, appointed_by=appointed_by, nominated_by=nominated_by,
                   criteria=criteria, voting=voting, note=note)
        seat.body = body
        s.add(seat)
        s.flush()
        new_id = seat.id
    store.notify(SEAT_KINDS)
    return new_id


def edit_seat(store: Store, seat_id: int, *, count=UNCHANGED, role=UNCHANGED, appointed_by=UNCHANGED,
              nominated_by=UNCHANGED, criteria=UNCHANGED, voting=UNCHANGED, note=UNCHANGED,
              base: dict | None = None) -> None:
    with store.session() as s:
        seat = _seat_by_id(s, seat_id)
        unchanged_since(seat, base, SEAT_LABELS, "Pladsen")
        given = {"count": count, "role": role, "appointed_by": appointed_by, "nominated_by": nominated_by,
                 "criteria": criteria, "voting": voting, "note": note}
        fill_seat(seat, seat.body, **{k: getattr(seat, k) if v is UNCHANGED else v for k, v in given.items()})
    store.notify(SEAT_KINDS)


def delete_seat(store: Store, seat_id: int, *, base: dict | None = None) -> int:
    """Remove a seat; the udpegninger placed in it stay and are placed by role. Returns how many lost their seat."""
    with store.session() as s:
        seat = _seat_by_id(s, seat_id)
        unchanged_since(seat, base, SEAT_LABELS, "Pladsen", then=DELETE_AGAIN)
        placed = list(s.scalars(select(Membership).where(Membership.seat_id == seat.id)))
        for m in placed:  # what ON DELETE SET NULL does, done here so the session agrees
            m.seat = None
        s.flush()
        s.delete(seat)
    store.notify(SEAT_KINDS)
    return len(placed)


def fill_seat(seat: Seat, body: Body, *, count, role, appointed_by, nominated_by, criteria, voting, note) -> None:
    """The seat rules (count range, role, resolver for udpeget/indstillet af, 'højst N medlemmer') applied to one
    seat; the seat import (services/seat_import.py) uses them as the dialog does."""
    count = _seat_count(count)
    role = _role(role)
    if role not in SEAT_ROLES:
        raise UserError(f"En plads kan ikke have rollen {role}; sekretariatet sidder ikke på pladser. "
                        f"Vælg en af: {', '.join(SEAT_ROLES)}.")
    appointed = _changed(seat.appointed_by, _text(appointed_by, 200, "Udpeget af"), resolve_organisation)
    nominated = _changed(seat.nominated_by, _text(nominated_by, 200, "Indstillet af"), resolve_organisation)
    criteria = _text(criteria, 2000, "Kriterierne", lines=True)
    note = _text(note, 2000, "Noten", lines=True)
    if not isinstance(voting, bool):
        raise UserError("Stemmeret skal være ja eller nej.")
    if body.max_members:
        others = [x for x in body.seats if x is not seat]
        before = composition.member_seat_total(others + ([seat] if seat.id is not None else []))
        after = composition.member_seat_total(others + [Seat(count=count, role=role, voting=voting,
                                                             criteria=criteria)])
        # A body already over its limit (old data) may still be corrected, just not made worse.
        if after > body.max_members and after > before:
            raise UserError(f"{body.name} må højst have {body.max_members} medlemmer, og pladserne ville give "
                            f"{after} medlemmer med stemmeret. Ret antallet, eller ret organets højeste antal "
                            "medlemmer under »Ret organ …«.")
    seat.count, seat.role, seat.appointed_by, seat.nominated_by = count, role, appointed, nominated
    seat.criteria, seat.voting, seat.note = criteria, voting, note


def _seat_count(value) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError(f'Antal pladser skal være et helt tal, ikke "{value}".')
    if not 1 <= value <= MAX_SEAT_COUNT:
        raise UserError(f"Antal pladser skal være mellem 1 og {MAX_SEAT_COUNT} (ikke {value}); en plads, ingen "
                        "skal sidde på, slettes med »Slet plads«.")
    return value


def _seat_by_id(s: Session, seat_id: int) -> Seat:
    return existing(s, Seat, seat_id, "Pladsen findes ikke længere.")


# --- checks --------------------------------------------------------------------------------------------------


def _check_conflicts(s: Session, body: Body, person: Person, role: str, start: dt.date | None,
                     end: dt.date | None, exclude_id: int | None) -> None:
    """The same person twice in a body, or a second formand, over overlapping dates."""
    others = [m for m in s.scalars(select(Membership).where(Membership.body_id == body.id)
                                   .options(selectinload(Membership.person)))
              if m.id != exclude_id and members.periods_overlap(start, end, m.start, m.end)]
    twin = next((m for m in others if m.person_id == person.id), None)
    if twin is not None:
        raise UserError(f"{person.name} sidder allerede i {body.name} som {twin.role} "
                        f"({members.period_text(twin.start, twin.end)}); samme person kan ikke være udpeget "
                        "to gange i samme periode. Ret den udpegning i stedet.")
    chair = next((m for m in others if role == "formand" and m.role == "formand"), None)
    if chair is not None:
        raise UserError(members.formand_taken(body.name, chair.person.name),
                        details=[f"{chair.person.name} er formand {members.period_text(chair.start, chair.end)}."])


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    for value in (start, end):
        if value is not None and not isinstance(value, dt.date):
            raise UserError(f'"{value}" er ikke en dato.')
    if start and end and end < start:
        raise UserError(members.end_before_start(start, end))


def _role(value: str | None) -> str:
    role = normalise_role(value, default=None) if value else None
    if role is None:
        shown = f' "{value}"' if value else ""
        raise UserError(f"Ukendt rolle{shown}. Vælg en af: {', '.join(ROLES)}.")
    return role


def _behalf(value: str | None) -> str | None:
    text = _text(value, 200, "På vegne af")
    if not text:
        return None
    if not is_known(text):
        raise UserError(f'"{text}" er ikke en kommune eller region. Skriv fx "Ballerup" eller "Region '
                        'Hovedstaden", eller lad feltet stå tomt.')
    return resolve_organisation(text)


def _seat(s: Session, body: Body, seat_id: int | None) -> Seat | None:
    if seat_id is None:
        return None
    seat = s.get(Seat, seat_id)
    if seat is None or seat.body_id != body.id:
        raise UserError(f"Pladsen hører ikke til {body.name}.")
    return seat


def _person_name(value: str | None) -> str:
    name = _text(value, 200, "Navnet")
    if not name or not any(ch.isalpha() for ch in name):
        raise UserError("Skriv personens navn.")
    return name


def _party(value: str | None) -> str | None:
    text = _text(value, 10, "Partibogstavet")
    if not text:
        return None
    if not text.isalpha() or len(text) > 3:
        raise UserError(f'Partibogstavet "{text}" skal være ét til tre bogstaver, fx "A" eller "Ø".')
    return text.upper()


def _email(value: str | None) -> str | None:
    text = _text(value, 200, "E-mailadressen")
    if text and not _EMAIL.match(text):
        raise UserError(f'E-mailadressen "{text}" ser ikke rigtig ud; den skal være som navn@kommune.dk.')
    return text


def _phone(value: str | None) -> str | None:
    text = _text(value, 60, "Telefonnummeret")
    if text and (not _PHONE.match(text) or sum(ch.isdigit() for ch in text) < 8):
        raise UserError(f'Telefonnummeret "{text}" ser ikke rigtigt ud; skriv fx "+45 33 70 33 70".')
    return text


def _text(value, limit: int, label: str, *, lines: bool = False) -> str | None:
    """Tidied text or None; too long is an error rather than a silent cut."""
    if value is None:
        return None
    text = str(value)
    text = "\n".join(normalise_text(line) for line in text.splitlines()).strip() if lines else normalise_text(text)
    if len(text) > limit:
        raise UserError(f"{label} er for langt ({len(text)} tegn; højst {limit}).")
    return text or None


def _changed(old: str | None, new: str | None, tidy) -> str | None:
    """Stored text stays as it is when it was not changed; new text is tidied as the import tidies it."""
    return old if new == old else tidy(new)


def _item(s: Session, item_id: int | None) -> AgendaItem | None:
    if item_id is None:
        return None
    return existing(s, AgendaItem, item_id,
                     "Dagsordenspunktet, der skulle have besluttet udpegningen, findes ikke (længere).")


def _membership(s: Session, membership_id: int) -> Membership:
    return existing(s, Membership, membership_id, "Udpegningen findes ikke længere.")


def _person(s: Session, person_id: int) -> Person:
    return existing(s, Person, person_id, "Personen findes ikke længere.")


def _body(s: Session, body_id: int) -> Body:
    return existing(s, Body, body_id, "Organet findes ikke længere.")
