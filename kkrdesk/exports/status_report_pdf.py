"""Status report for a committee meeting: every appointed tovholder's latest report with its traffic light."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from kkrdesk.exports import pdfstyle
from kkrdesk.exports.tovholdere_pdf import STATUS_COLOURS, status_cell
from kkrdesk.reference import format_date
from kkrdesk.services.tovholdere import describe_deviations


def write_status_report(rows: list[dict], out: Path, title: str = "Status fra tovholderne") -> Path:
    st = pdfstyle.styles()
    reported = sum(1 for r in rows if r["status"])
    lights = ", ".join(f"{sum(1 for r in rows if r['status'] == s)} {s}" for s in STATUS_COLOURS)
    story = [Paragraph(title, st["title"]),
             Paragraph(f"{reported} af {len(rows)} tovholderopgaver har rapporteret ({lights}). "
                       f"{sum(1 for r in rows if r['kkr_handling'])} beder KKR om at handle.", st["body"]),
             Spacer(1, 3 * mm)]
    table_rows = [["Indsats", "Tovholder", "Status", "Dato", "Fremdrift og afvigelser", "KKR handler"]]
    for r in rows:
        text = "\n".join(t for t in (r["fremdrift"], describe_deviations(r["afvigelser"], r["afvigelser_i"])) if t)
        table_rows.append([
            pdfstyle.para(r["indsats"], st["cell"]), pdfstyle.para(f"{r['party']} ({r['role']})", st["cell"]),
            status_cell(r["status"], st["cell"]) if r["status"] else pdfstyle.para(
                "mangler" if r["due"] else "", st["cell"]),
            format_date(r["dato"], "short") if r["dato"] else "", pdfstyle.para(text, st["cell"]),
            "Ja" if r["kkr_handling"] else "",
        ])
    story.append(pdfstyle.table(table_rows, [70 * mm, 45 * mm, 20 * mm, 20 * mm, 78 * mm, 24 * mm]))
    return pdfstyle.build(out, story, title=title, landscape_pages=True)
