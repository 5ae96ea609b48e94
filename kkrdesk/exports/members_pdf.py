"""A body's member list as PDF, grouped by role as the papers print it (formand, medlemmer, indsupplerede,
KKR-sekretariat), with the seats filled and vacant and any warnings on the date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm

from kkrdesk.exports import pdfstyle
from kkrdesk.reference import format_date
from kkrdesk.services.composition import member_list, term_label
from kkrdesk.services.members import period_text
from kkrdesk.store import Store

WIDTHS = [55 * mm, 50 * mm, 45 * mm, 20 * mm]


def export_members_pdf(store: Store, body: str, out: Path | str, *, on: dt.date | None = None) -> Path:
    data = member_list(store, body, on)
    st = pdfstyle.styles()
    flow = [pdfstyle.para(f"Medlemmer af {data['name']}", st["title"])]
    lines = [f"Sammensætning pr. {format_date(data['on'])}"]
    if data["term_start"] or data["term_end"]:
        lines.append(f"Valgperiode {term_label(data['term_start'], data['term_end'])}")
    flow.append(pdfstyle.para(" · ".join(lines), st["body"]))
    if not data["groups"]:
        flow.append(pdfstyle.para("Organet har ingen medlemmer på datoen.", st["body"]))
    for title, rows in data["groups"]:
        heading = pdfstyle.para(title, st["h1"])
        table = [["Navn", "Titel", "Organisation", "Periode"]]
        for r in rows:
            name = f"{r['name']} ({r['party']})" if r["party"] else r["name"]
            period = period_text(r["start"], r["end"]) if r["start"] or r["end"] else ""  # no dates: left blank
            table.append([pdfstyle.para(name, st["cell"]), pdfstyle.para(r["title"], st["cell"]),
                          pdfstyle.para(r["organisation"], st["cell"]),
                          pdfstyle.para(period, st["cell"])])
        flow += pdfstyle.keep_with_next([heading], pdfstyle.table(table, WIDTHS))
    if data["seats"]:
        heading = pdfstyle.para("Pladser", st["h1"])
        table = [["Rolle", "Antal", "Besat", "Ledige", "Udpeget af / kriterier"]]
        for seat in data["seats"]:
            who = "; ".join(x for x in (seat["appointed_by"], seat["criteria"]) if x)
            table.append([seat["role"], seat["count"], seat["filled"], seat["vacant"], pdfstyle.para(who, st["cell"])])
        flow += pdfstyle.keep_with_next([heading], pdfstyle.table(
            table, [35 * mm, 15 * mm, 15 * mm, 15 * mm, 90 * mm], numeric_cols=(1, 2, 3)))
    if data["warnings"]:
        points = [pdfstyle.para(f"• {w['text']}", st["body"]) for w in data["warnings"]]
        flow += pdfstyle.keep_with_next([pdfstyle.para("Opmærksomhedspunkter", st["h1"])], points[0]) + points[1:]
    return pdfstyle.build(out, flow, title=f"Medlemmer af {data['name']}", subject="Medlemsliste",
                          footer=f"{data['name']} · medlemsliste pr. {data['on']:%d.%m.%Y}")
