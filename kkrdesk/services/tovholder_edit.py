"""Create, edit and delete indsatser and their tovholdere; the workflow foreslået → udpeget → afsluttet.

Each function is one transaction: everything is read and checked before anything is written, and a refusal
(UserError in Danish) leaves the store as it was. A refusal names the field it concerns in `error.field`, so a
dialog can put the cursor there. Amounts and dates are read the Danish way ("1,9", "12.500", "1.3.2026").
With `base` (the row as the dialog showed it, rows.editing_base of a *_detail), a save over a colleague's later
change is refused with what they changed (rows.unchanged_since).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from decimal import Decimal

from sqlalchemy import func, select

from kkrdesk.errors import UserError
from kkrdesk.models import Assignment, Body, Indsats, Person, Report
from kkrdesk.reference import danish_sorted, lookup, municipalities, normalise_text, parse_date, parse_number, regions
from kkrdesk.reference.municipalities import Region
from kkrdesk.services.rows import DELETE_AGAIN, existing, unchanged_since
from kkrdesk.services.tovholdere import ASSIGNMENT_LABELS, ASSIGNMENT_STATES, ROLES, set_assignment_status
from kkrdesk.store import Store

# The phases the project table prints instead of a year (kkr-hovedstaden-2022-bilag.txt 65–88).
KNOWN_PHASES = ("Reservation", "Foranalyse", "Strategisk analyse", "Beslutningsgrundlag (VVM)")
# "rapporterer til EKI årligt eller ved afvigelser" (kkr-hovedstaden-2022-bilag.txt 3365–3369), or by a date.
CADENCES = ("årligt", "ved afvigelser")
PARTY_KINDS = ("kommune", "region", "organ", "person")
INDSATS_FIELDS = ("title", "category", "plan", "phase", "year", "amount_mio", "price_level", "is_frame", "note")
ASSIGNMENT_FIELDS = ("party", "party_kind", "role", "status", "phase", "start", "end", "cadence")
# The columns' widths in models.py: longer text is refused rather than cut.
MAX_LENGTH = {"title": 400, "category": 200, "plan": 200, "phase": 100, "price_level": 20, "party": 200}
LABELS = {"title": "Titlen", "category": "Kategorien", "plan": "Planen", "phase": "Fasen",
          "price_level": "Prisniveauet", "party": "Tovholderens navn"}
INDSATS_LABELS = {"title": "Titel", "category": "Kategori", "plan": "Plan", "phase": "Fase", "year": "År",
                  "amount_mio": "Beløb (mio. kr.)", "price_level": "Prisniveau", "is_frame": "Ramme", "note": "Note"}
_MIO = re.compile(r"\s*(?:mio\.?|mia\.?)?\s*(?:kr\.?)?\s*$", re.IGNORECASE)
_PRICE_LEVEL = re.compile(r"^(?:i\s+)?(\d{4})\s*-?\s*(?:pl|priser|prisniveau)$", re.IGNORECASE)


def _refuse(message: str, field: str | None = None) -> UserError:
    error = UserError(message)
    error.field = field  # which input to put the cursor in
    return error


# --- reading the user's values ----------------------------------------------------------------------------


def _text(value, field: str, *, required: bool = False) -> str | None:
    text = normalise_text(str(value)) if value is not None else ""
    if not text:
        if required:
            raise _refuse(f"{LABELS[field]} skal udfyldes.", field)
        return None
    if len(text) > MAX_LENGTH[field]:
        raise _refuse(f"{LABELS[field]} er for lang ({len(text)} tegn; højst {MAX_LENGTH[field]}).", field)
    return text


def _note(value) -> str | None:
    """A note keeps its line breaks; each line is tidied like any other text."""
    if value is None:
        return None
    lines = [normalise_text(line) for line in unicodedata.normalize("NFC", str(value)).splitlines()]
    return "\n".join(lines).strip() or None


def parse_amount(value) -> tuple[Decimal | None, bool]:
    """An estimated amount in mio. kr. read the Danish way ("1,9", "12.500", "438 mio. kr."); the papers print a
    frame (ramme) in parentheses, "(2482)", so parentheses also mark it as a frame. Returns (amount, frame)."""
    if value is None:
        return None, False
    if isinstance(value, bool):
        raise TypeError("amount must be a number or text")
    if isinstance(value, int | Decimal):
        amount, frame = Decimal(value), False
    else:
        written = normalise_text(str(value))
        text = written
        frame = text.startswith("(") and text.endswith(")")
        if frame:
            text = text[1:-1].strip()
        text = _MIO.sub("", text) if text else text
        if not text:
            if frame:
                raise _refuse(f'Beløbet "{written}" er ikke et tal. Skriv fx 1,9 eller 12.500 (mio. kr.).',
                              "amount_mio")
            return None, False
        try:
            amount = parse_number(text)
        except ValueError:
            raise _refuse(f'Beløbet "{written}" er ikke et tal. Skriv fx 1,9 eller 12.500 (mio. kr.).',
                          "amount_mio") from None
    if not amount.is_finite():
        raise _refuse("Beløbet er ikke et tal.", "amount_mio")
    if amount < 0:
        raise _refuse("Beløbet kan ikke være negativt.", "amount_mio")
    return amount, frame


def _year(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text, re.ASCII) or not 1900 <= int(text) <= 2100:
        raise _refuse(f'"{text}" er ikke et årstal. Skriv fx 2026, eller lad feltet stå tomt og skriv en fase.',
                      "year")
    return int(text)


def _price_level(value) -> str | None:
    text = _text(value, "price_level")
    if text and (m := _PRICE_LEVEL.match(text)):
        return f"{m[1]}-pl"  # "2024 PL", "i 2024-priser" → "2024-pl" as the papers write it
    return text


def _date(value, field: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise _refuse(f'"{text}" er ikke en dato. Skriv fx 1.3.2026 eller 1. marts 2026.', field) from None


def _cadence(value) -> str:
    """"årligt", "ved afvigelser" or a date, stored as ISO (tovholdere.is_due reads it so)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = normalise_text(str(value or "")).casefold()
    if not text:
        return "årligt"
    for cadence in CADENCES:
        if text == cadence:
            return cadence
    try:
        return parse_date(text).isoformat()
    except ValueError:
        raise _refuse(f'Rapportering skal være "årligt", "ved afvigelser" eller en dato (fx 1.3.2026), '
                      f'ikke "{value}".', "cadence") from None


def _choice(value, allowed: tuple[str, ...], what: str, field: str) -> str:
    text = normalise_text(str(value or "")).casefold()
    if text not in allowed:
        raise _refuse(f'Ukendt {what} "{value}". Vælg en af: {", ".join(allowed)}.', field)
    return text


def _fold(text: str) -> str:
    return normalise_text(text).casefold()


# --- indsatser --------------------------------------------------------------------------------------------


def _clean_indsats(values: dict) -> dict:
    unknown = set(values) - set(INDSATS_FIELDS)
    if unknown:
        raise TypeError(f"unknown indsats fields: {sorted(unknown)}")
    clean = {"title": _text(values.get("title"), "title", required=True),
             "category": _text(values.get("category"), "category"),
             "plan": _text(values.get("plan"), "plan"),
             "phase": _text(values.get("phase"), "phase"),
             "year": _year(values.get("year")),
             "price_level": _price_level(values.get("price_level")),
             "note": _note(values.get("note"))}
    amount, frame = parse_amount(values.get("amount_mio"))
    clean["amount_mio"] = amount
    clean["is_frame"] = bool(values.get("is_frame")) or frame
    return clean


def _indsats_values(indsats: Indsats) -> dict:
    return {key: getattr(indsats, key) for key in INDSATS_FIELDS}


def _get_indsats(session, indsats_id: int) -> Indsats:
    return existing(session, Indsats, indsats_id, f"Indsats {indsats_id} findes ikke (længere).")


def indsats_detail(store: Store, indsats_id: int) -> dict:
    """The stored values of an indsats, for the edit dialog."""
    with store.session() as s:
        indsats = _get_indsats(s, indsats_id)
        return {"id": indsats.id, **_indsats_values(indsats), "row_version": indsats.row_version,
                "assignments": len(indsats.assignments), "reports": _report_count(s, indsats_id=indsats_id)}


def create_indsats(store: Store, **values) -> int:
    """A new indsats from the dialog's fields (title required; amount in mio. kr. as Danish text or Decimal)."""
    clean = _clean_indsats(values)
    with store.session() as s:
        indsats = Indsats(**clean)
        s.add(indsats)
        s.flush()
        new_id = indsats.id
    store.notify({"indsatser"})
    return new_id


def update_indsats(store: Store, indsats_id: int, *, base: dict | None = None, **changes) -> None:
    """Change some fields of an indsats; the result is checked as a whole, as create_indsats does."""
    with store.session() as s:
        indsats = _get_indsats(s, indsats_id)
        unchanged_since(indsats, base, INDSATS_LABELS, "Indsatsen")
        merged = {**_indsats_values(indsats), **changes}
        clean = _clean_indsats(merged)
        for key, value in clean.items():
            setattr(indsats, key, value)
    store.notify({"indsatser"})


def _report_count(session, *, indsats_id: int | None = None, assignment_id: int | None = None) -> int:
    query = select(func.count()).select_from(Report).join(Assignment, Report.assignment_id == Assignment.id)
    if indsats_id is not None:
        query = query.where(Assignment.indsats_id == indsats_id)
    if assignment_id is not None:
        query = query.where(Assignment.id == assignment_id)
    return session.scalar(query) or 0


def _reports(n: int) -> str:
    return "1 rapport" if n == 1 else f"{n} rapporter"


def delete_indsats(store: Store, indsats_id: int, *, base: dict | None = None) -> None:
    """Delete an indsats with its tovholdere; refused once a tovholder has reported (the reports are kept), and
    after someone else's change since `base` (the row as the list showed it)."""
    with store.session() as s:
        indsats = _get_indsats(s, indsats_id)
        unchanged_since(indsats, base, INDSATS_LABELS, "Indsatsen", then=DELETE_AGAIN)
        reports = _report_count(s, indsats_id=indsats_id)
        if reports:
            raise _refuse(f'Indsatsen "{indsats.title}" kan ikke slettes: dens tovholdere har sendt '
                          f"{_reports(reports)}, som skal bevares. Afslut tovholderne i stedet.")
        s.delete(indsats)
    store.notify({"indsatser", "assignments", "calculations"})


# --- tovholdere (assignments) -----------------------------------------------------------------------------


def _bodies_named(session, name: str) -> list[Body]:
    key = _fold(name)
    return [b for b in session.scalars(select(Body))
            if _fold(b.name) == key or (b.short_name and _fold(b.short_name) == key)]


def _close_name(session, name: str) -> str | None:
    """The known place or body a misspelt name most likely means ("Hillerd" → Hillerød)."""
    names = [m.name for m in municipalities()] + [r.name for r in regions()]
    names += [n for b in session.scalars(select(Body)) for n in (b.name, b.short_name) if n]
    by_key = {_fold(n): n for n in names}
    close = difflib.get_close_matches(_fold(name), list(by_key), n=1, cutoff=0.75)
    return by_key[close[0]] if close else None


def _suggestion(session, name: str) -> str:
    close = _close_name(session, name)
    return f" Mente du {close}?" if close else ""


def resolve_party(session, name, kind: str | None = None) -> dict:
    """Who a tovholder is: a municipality or region through the resolver (its official name is stored), a body
    (by name or short name), or a person. With no kind given, only places and bodies are recognised, so a
    misspelt municipality is not quietly stored as a person."""
    text = _text(name, "party")
    if text is None:
        raise _refuse("Skriv hvem der er tovholder: en kommune, en region, et organ eller en person.", "party")
    if kind is not None and kind not in PARTY_KINDS:
        raise _refuse(f'Ukendt slags tovholder "{kind}". Vælg en af: {", ".join(PARTY_KINDS)}.', "party_kind")
    if kind == "person":
        people = [p for p in session.scalars(select(Person)) if _fold(p.name) == _fold(text)]
        person = people[0] if len(people) == 1 else None  # two namesakes: keep the name, link neither
        return {"party": person.name if person else text, "party_kind": "person",
                "person_id": person.id if person else None, "body_id": None}
    if kind in (None, "kommune", "region"):
        place = lookup(text)
        if place is not None:
            found = "region" if isinstance(place, Region) else "kommune"
            if kind in (None, found):
                return {"party": place.name, "party_kind": found, "person_id": None, "body_id": None}
            raise _refuse(f"{place.name} er en {found}, ikke en {kind}.", "party")
        if kind is not None:
            raise _refuse(f'"{text}" er ikke en kendt {kind}.{_suggestion(session, text)}', "party")
    bodies = _bodies_named(session, text)
    if len(bodies) > 1:
        raise _refuse(f'Flere organer hedder "{text}". Skriv organets fulde navn.', "party")
    if bodies:
        body = bodies[0]
        return {"party": body.short_name or body.name, "party_kind": "organ", "person_id": None, "body_id": body.id}
    if kind == "organ":
        raise _refuse(f'Der er intet organ, der hedder "{text}".{_suggestion(session, text)}', "party")
    raise _refuse(f'"{text}" er hverken en kommune, en region eller et organ i databasen.'
                  f'{_suggestion(session, text)} Er tovholderen en person, så vælg "Person" som slags.', "party")


def bodies_or_places_named(session, name) -> bool:
    return lookup(str(name)) is not None or bool(_bodies_named(session, str(name)))


def _get_assignment(session, assignment_id: int) -> Assignment:
    return existing(session, Assignment, assignment_id, f"Tovholder {assignment_id} findes ikke (længere).")


def _assignment_values(a: Assignment) -> dict:
    return {"party": a.party, "party_kind": a.party_kind, "role": a.role, "status": a.status, "phase": a.phase,
            "start": a.start, "end": a.end, "cadence": a.cadence}


def _clean_assignment(session, indsats: Indsats, values: dict, *, self_id: int | None = None,
                      party: dict | None = None) -> dict:
    """Check every field; `party` is the stored party when an edit leaves it as it was."""
    unknown = set(values) - set(ASSIGNMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown assignment fields: {sorted(unknown)}")
    clean = dict(party) if party else resolve_party(session, values.get("party"), values.get("party_kind"))
    clean["role"] = _choice(values.get("role") or "hovedansvarlig", ROLES, "rolle", "role")
    clean["status"] = _choice(values.get("status") or "foreslået", ASSIGNMENT_STATES, "status", "status")
    clean["phase"] = _text(values.get("phase"), "phase")
    clean["start"] = _date(values.get("start"), "start")
    clean["end"] = _date(values.get("end"), "end")
    if clean["start"] and clean["end"] and clean["end"] < clean["start"]:
        raise _refuse("Til-datoen ligger før fra-datoen.", "end")
    clean["cadence"] = _cadence(values.get("cadence"))
    for other in indsats.assignments:
        if other.id != self_id and _fold(other.party) == _fold(clean["party"]) and other.role == clean["role"] \
                and _fold(other.phase or "") == _fold(clean["phase"] or ""):
            in_phase = f" i fasen {other.phase}" if other.phase else ""
            raise _refuse(f"{clean['party']} er allerede {clean['role']} på indsatsen{in_phase}.", "party")
    return clean


def assignment_detail(store: Store, assignment_id: int) -> dict:
    """The stored values of a tovholder, for the edit dialog."""
    with store.session() as s:
        a = _get_assignment(s, assignment_id)
        return {"id": a.id, "indsats_id": a.indsats_id, "indsats": a.indsats.title, **_assignment_values(a),
                "row_version": a.row_version,
                "reports": _report_count(s, assignment_id=assignment_id)}


def add_assignment(store: Store, indsats_id: int, **values) -> int:
    """Appoint or propose a tovholder for an indsats: party, role, status, phase, from/to, cadence."""
    with store.session() as s:
        indsats = _get_indsats(s, indsats_id)
        clean = _clean_assignment(s, indsats, values)
        position = max((a.position for a in indsats.assignments), default=-1) + 1
        assignment = Assignment(indsats=indsats, position=position, **clean)
        s.add(assignment)
        s.flush()
        new_id = assignment.id
    store.notify({"assignments"})
    return new_id


def update_assignment(store: Store, assignment_id: int, *, base: dict | None = None, **changes) -> None:
    with store.session() as s:
        assignment = _get_assignment(s, assignment_id)
        unchanged_since(assignment, base, ASSIGNMENT_LABELS, f"Tovholderen {assignment.party}")
        merged = {**_assignment_values(assignment), **changes}
        same_party = (normalise_text(str(merged["party"] or "")) == assignment.party
                      and merged["party_kind"] in (None, assignment.party_kind))
        # An unchanged party keeps its link, even to a body since renamed; a new name is recognised afresh.
        stored = {"party": assignment.party, "party_kind": assignment.party_kind,
                  "person_id": assignment.person_id, "body_id": assignment.body_id} if same_party else None
        if not same_party and "party_kind" not in changes:
            merged["party_kind"] = None
        clean = _clean_assignment(s, assignment.indsats, merged, self_id=assignment.id, party=stored)
        for key, value in clean.items():
            setattr(assignment, key, value)
    store.notify({"assignments"})


def delete_assignment(store: Store, assignment_id: int, *, base: dict | None = None) -> None:
    """Remove a tovholder that has not reported; one that has is finished (afsluttet) instead. Refused after
    someone else's change since `base` (the row as the list showed it)."""
    with store.session() as s:
        assignment = _get_assignment(s, assignment_id)
        unchanged_since(assignment, base, ASSIGNMENT_LABELS, "Tovholderen", then=DELETE_AGAIN)
        reports = _report_count(s, assignment_id=assignment_id)
        if reports:
            raise _refuse(f"{assignment.party} kan ikke slettes som tovholder: der er {_reports(reports)} fra "
                          f"{assignment.party} på indsatsen, som skal bevares. Afslut opgaven i stedet.")
        s.delete(assignment)
    store.notify({"assignments"})


def appoint(store: Store, assignment_id: int, *, base: dict | None = None) -> None:
    """foreslået → udpeget: KKR has appointed the proposed tovholder."""
    set_assignment_status(store, assignment_id, "udpeget", allowed_from=("foreslået",), base=base)


def finish(store: Store, assignment_id: int, *, base: dict | None = None) -> None:
    """foreslået or udpeget → afsluttet: the tovholder's task is over (a proposal not taken up ends too)."""
    set_assignment_status(store, assignment_id, "afsluttet", allowed_from=("foreslået", "udpeget"), base=base)


# --- choices for the dialogs ------------------------------------------------------------------------------


def indsats_choices(store: Store) -> dict[str, list[str]]:
    """Categories, plans and phases already in use (and the papers' phases), Danish sorted."""
    with store.session() as s:
        rows = s.execute(select(Indsats.category, Indsats.plan, Indsats.phase)).all()
        assignment_phases = set(s.scalars(select(Assignment.phase)))
    return {"categories": danish_sorted({r.category for r in rows if r.category}),
            "plans": danish_sorted({r.plan for r in rows if r.plan}),
            "phases": danish_sorted({*KNOWN_PHASES, *(r.phase for r in rows if r.phase),
                                     *(p for p in assignment_phases if p)})}


def party_choices(store: Store) -> list[dict]:
    """Every municipality, region and body (by short and full name) a tovholder can be, Danish sorted."""
    places = [{"name": m.name, "kind": "kommune"} for m in municipalities()]
    places += [{"name": r.name, "kind": "region"} for r in regions()]
    with store.session() as s:
        names = {n for b in s.scalars(select(Body)) for n in (b.short_name, b.name) if n}
    return danish_sorted(places + [{"name": n, "kind": "organ"} for n in names], key=lambda c: c["name"])


def person_choices(store: Store) -> list[str]:
    with store.session() as s:
        return danish_sorted(set(s.scalars(select(Person.name))))


def describe_party(store: Store, name, kind: str | None = None) -> tuple[bool, str]:
    """How a typed name will be stored, or why it cannot be: the hint under the party field."""
    if not normalise_text(str(name or "")):
        return False, ""
    with store.session() as s:
        try:
            party = resolve_party(s, name, kind)
        except UserError as exc:
            if exc.field != "party" or kind is not None or bodies_or_places_named(s, name):
                return False, exc.message
            # Shorter than the refusal: the hint changes as the user types.
            close = _close_name(s, name)
            return False, (f"Ikke genkendt. Mente du {close}?" if close else
                           'Ikke en kommune, region eller et organ. En person? Vælg "Person".')
    if party["party_kind"] == "person":
        known = "kendt fra Organer og medlemmer" if party["person_id"] else "ikke i Organer og medlemmer"
        return True, f"Gemmes som personen {party['party']} ({known})"
    return True, f"Gemmes som {party['party']} ({party['party_kind']})"
