"""Indsatser, tovholder assignments and their reports (the Tovholdere tab)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kkrdesk.errors import UserError
from kkrdesk.models import Assignment, Indsats, Report
from kkrdesk.services.rows import STEP_AGAIN, unchanged_since
from kkrdesk.store import Store

STATUSES = ("grøn", "gul", "rød")
ROLES = ("hovedansvarlig", "medansvarlig", "interesseret")
ASSIGNMENT_STATES = ("foreslået", "udpeget", "afsluttet")
TOO_MANY_LEADS = "Der bør kun være 1-2 tovholdere med hovedansvar"
NO_LEAD = "Ingen tovholder med hovedansvar"
REPORT_INTERVAL = dt.timedelta(days=365)  # "rapporterer årligt eller ved afvigelser"
# A report's deviation flags (migration 0003) and the word each is shown as: "afvigelser i tid, økonomi …".
DEVIATION_KINDS = (("afvigelse_tid", "tid"), ("afvigelse_oekonomi", "økonomi"), ("afvigelse_indhold", "indhold"))


def _join(names: list[str]) -> str:
    """"A", "A og B", "A, B og C": the papers' way of listing tovholdere."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}" if names else ""


def format_tovholdere(assignments: list[Assignment]) -> str:
    """As the papers list them, with the window's word for the lead: the papers' "Furesø (lead), Allerød"
    (kkr-hovedstaden-2022-bilag.txt 53) reads "Furesø (hovedansvarlig), Allerød"; "Hillerød og Region H"; an
    action with only interested parties reads "København, Glostrup og Region H er interesserede"
    (kkr-hovedstaden-2025-bilag.txt 1244)."""
    ordered = sorted(assignments, key=lambda a: (a.position, a.id or 0))
    leads = [a.party for a in ordered if a.role == "hovedansvarlig"]
    helpers = [a.party for a in ordered if a.role == "medansvarlig"]
    if helpers and len(leads) == 1:
        return ", ".join([f"{leads[0]} (hovedansvarlig)"] + helpers)
    if leads or helpers:
        return _join(leads + helpers)
    interested = [a.party for a in ordered if a.role == "interesseret"]
    if not interested:
        return ""
    return f"{_join(interested)} er {'interesserede' if len(interested) > 1 else 'interesseret'}"


def latest_report(assignment: Assignment) -> Report | None:
    return max(assignment.reports, key=lambda r: (r.received, r.id)) if assignment.reports else None


def _latest_of(indsats: Indsats) -> Report | None:
    reports = [r for a in indsats.assignments for r in a.reports]
    return max(reports, key=lambda r: (r.received, r.id)) if reports else None


def latest_status(indsats: Indsats) -> str | None:
    last = _latest_of(indsats)
    return last.status if last else None


def deviation_kinds(report: Report | None) -> list[str]:
    """["tid", "økonomi", "indhold"]: the kinds a report marks its afvigelser as, in the form's order."""
    return [word for name, word in DEVIATION_KINDS if report is not None and getattr(report, name)]


def describe_deviations(afvigelser: str | None, kinds: list[str]) -> str:
    """"Afvigelser (tid, økonomi): Tre måneder forsinket"; either part may be missing, both gives ""."""
    if not afvigelser and not kinds:
        return ""
    head = f"Afvigelser ({', '.join(kinds)})" if kinds else "Afvigelser"
    return f"{head}: {afvigelser}" if afvigelser else head


def lead_warning(indsats: Indsats) -> str | None:
    """The papers' rule: one or two tovholdere with main responsibility per indsats."""
    leads = [a for a in indsats.assignments if a.role == "hovedansvarlig" and a.status != "afsluttet"]
    if len(leads) > 2:
        return f"{TOO_MANY_LEADS} ({len(leads)} har hovedansvar)"
    if not leads:
        return NO_LEAD
    return None


def is_ended(assignment: Assignment, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return assignment.status == "afsluttet" or (assignment.end is not None and assignment.end < today)


def is_due(assignment: Assignment, today: dt.date | None = None) -> bool:
    """An appointed tovholder owes a report once a year (or by its set date) until the assignment ends."""
    today = today or dt.date.today()
    if assignment.status != "udpeget" or is_ended(assignment, today):
        return False
    last = latest_report(assignment)
    if assignment.cadence and assignment.cadence[:1].isdigit():
        try:
            deadline = dt.date.fromisoformat(assignment.cadence)
        except ValueError:
            deadline = None
        if deadline is not None:
            return deadline <= today and (last is None or last.received.date() < deadline)
    if assignment.cadence == "ved afvigelser":
        return False
    return last is None or last.received.date() + REPORT_INTERVAL <= today


def _indsatser(session) -> list[Indsats]:
    query = select(Indsats).options(
        selectinload(Indsats.assignments).selectinload(Assignment.reports)
    ).order_by(Indsats.id)
    return list(session.scalars(query))


def indsats_rows(store: Store, *, party: str | None = None, plan: str | None = None,
                 overdue: bool = False) -> list[dict]:
    """One row per indsats; filtered to those a party has a role in, a plan, or those with a report due."""
    with store.session() as s:
        rows = []
        for i in _indsatser(s):
            if party and not any(a.party == party for a in i.assignments):
                continue
            if plan and i.plan != plan:
                continue
            if overdue and not any(is_due(a) for a in i.assignments):
                continue
            rows.append(
                {"id": i.id, "row_version": i.row_version, "title": i.title, "category": i.category, "plan": i.plan,
                 "when": i.phase or (str(i.year) if i.year else None), "amount_mio": i.amount_mio,
                 "is_frame": i.is_frame, "tovholdere": format_tovholdere(i.assignments),
                 "status": latest_status(i), "note": i.note, "warning": lead_warning(i),
                 "price_level": i.price_level,
                 # "Hvad leder Rebild?": the chosen party's own role in each indsats.
                 "party_role": ", ".join(dict.fromkeys(a.role for a in i.assignments if a.party == party))
                 if party else None}
            )
        return rows


def assignment_rows(store: Store, indsats_id: int | None) -> list[dict]:
    if indsats_id is None:
        return []
    with store.session() as s:
        query = (select(Assignment).where(Assignment.indsats_id == indsats_id)
                 .options(selectinload(Assignment.reports)).order_by(Assignment.position, Assignment.id))
        rows = []
        for a in s.scalars(query):
            last = latest_report(a)
            rows.append({"id": a.id, "row_version": a.row_version, "party": a.party, "party_kind": a.party_kind,
                         "role": a.role,
                         "status": a.status, "phase": a.phase, "cadence": a.cadence, "start": a.start, "end": a.end,
                         "report_status": last.status if last else None,
                         "report_date": last.dato if last else None, "due": is_due(a),
                         "afvigelser": last.afvigelser if last else None, "afvigelser_i": deviation_kinds(last)})
        return rows


def parties(store: Store) -> list[str]:
    from kkrdesk.reference import danish_sorted

    with store.session() as s:
        return danish_sorted(set(s.scalars(select(Assignment.party))))


def plans(store: Store) -> list[str]:
    from kkrdesk.reference import danish_sorted

    with store.session() as s:
        return danish_sorted({p for p in s.scalars(select(Indsats.plan)) if p})


def due_assignment_ids(store: Store, today: dt.date | None = None) -> list[int]:
    with store.session() as s:
        query = select(Assignment).options(selectinload(Assignment.reports)).order_by(Assignment.id)
        return [a.id for a in s.scalars(query) if is_due(a, today)]


def overview(store: Store) -> list[dict]:
    """Every indsats grouped as the paper prints them, for the overview exports."""
    with store.session() as s:
        return [
            {"category": i.category or "Øvrige", "title": i.title, "plan": i.plan,
             "when": i.phase or (str(i.year) if i.year else ""), "amount_mio": i.amount_mio,
             "is_frame": i.is_frame, "price_level": i.price_level,
             "tovholdere": format_tovholdere(i.assignments), "status": latest_status(i), "note": i.note,
             "afvigelser_i": deviation_kinds(_latest_of(i))}
            for i in _indsatser(s)
        ]


# What a conflict message calls each field of a tovholder (rows.unchanged_since).
ASSIGNMENT_LABELS = {"party": "Tovholder", "party_kind": "Slags", "role": "Rolle", "status": "Status",
                     "phase": "Fase", "start": "Fra", "end": "Til", "cadence": "Rapportering"}


def set_assignment_status(store: Store, assignment_id: int, status: str,
                          allowed_from: tuple[str, ...] | None = None, *, base: dict | None = None) -> None:
    """Move an assignment to a status; with `allowed_from`, only from those (the workflow's steps). With `base`
    (the row as the list showed it), refused when a colleague changed the tovholder since."""
    if status not in ASSIGNMENT_STATES:
        raise UserError(f'Ukendt status "{status}". Vælg en af: {", ".join(ASSIGNMENT_STATES)}.')
    with store.session() as s:
        assignment = s.get(Assignment, assignment_id)
        if assignment is None:
            raise UserError(f"Tovholderopgave {assignment_id} findes ikke.")
        unchanged_since(assignment, base, ASSIGNMENT_LABELS, f"Tovholderen {assignment.party}",
                        then=STEP_AGAIN)
        if allowed_from is not None and assignment.status not in allowed_from:
            already = assignment.status == status
            raise UserError(f"{assignment.party} er allerede {status}." if already else
                            f"{assignment.party} er {assignment.status} og kan ikke blive {status}. "
                            "Ret tovholderen, hvis status skal ændres alligevel.")
        assignment.status = status
    store.notify({"assignments"})


def status_report_rows(store: Store) -> list[dict]:
    """Every appointed tovholder's latest report, for the status report to a committee meeting."""
    with store.session() as s:
        rows = []
        for i in _indsatser(s):
            for a in sorted(i.assignments, key=lambda a: a.position):
                if a.status != "udpeget":
                    continue
                last = latest_report(a)
                rows.append({"indsats": i.title, "category": i.category or "Øvrige", "party": a.party,
                             "role": a.role, "status": last.status if last else None,
                             "dato": last.dato if last else None, "fremdrift": last.fremdrift if last else None,
                             "afvigelser": last.afvigelser if last else None,
                             "afvigelser_i": deviation_kinds(last),
                             "kkr_handling": last.kkr_handling if last else False, "due": is_due(a)})
        return rows
