"""Indsatser, tovholder assignments and their reports (the Tovholdere tab)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kkrdesk.models import Assignment, Indsats
from kkrdesk.store import Store


def format_tovholdere(assignments: list[Assignment]) -> str:
    """As the papers print it: "Furesø (lead), Allerød"; the lead is marked only when there are helpers."""
    active = [a for a in sorted(assignments, key=lambda a: a.position) if a.role != "interesseret"]
    leads = [a for a in active if a.role == "hovedansvarlig"]
    helpers = [a for a in active if a.role == "medansvarlig"]
    if helpers and len(leads) == 1:
        return ", ".join([f"{leads[0].party} (lead)"] + [a.party for a in helpers])
    return ", ".join(a.party for a in leads + helpers)


def latest_status(indsats: Indsats) -> str | None:
    reports = [r for a in indsats.assignments for r in a.reports]
    return max(reports, key=lambda r: (r.received, r.id)).status if reports else None


def indsats_rows(store: Store) -> list[dict]:
    with store.session() as s:
        query = select(Indsats).options(
            selectinload(Indsats.assignments).selectinload(Assignment.reports)
        ).order_by(Indsats.id)
        return [
            {"id": i.id, "title": i.title, "category": i.category, "plan": i.plan,
             "when": i.phase or (str(i.year) if i.year else None), "amount_mio": i.amount_mio,
             "is_frame": i.is_frame, "tovholdere": format_tovholdere(i.assignments),
             "status": latest_status(i), "note": i.note}
            for i in s.scalars(query)
        ]
