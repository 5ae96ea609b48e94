"""The overview as the papers print it: a landscape table per category, frames in parentheses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from kkrdesk.exports import pdfstyle
from kkrdesk.reference import format_number

STATUS_COLOURS = {"grøn": "#2E7D32", "gul": "#F9A825", "rød": "#C62828"}


def _mio(amount: Decimal) -> str:
    return format_number(amount, 0 if amount == amount.to_integral_value() else 1)


def _amount(r: dict) -> str:
    if r["amount_mio"] is None:
        return ""
    return f"({_mio(r['amount_mio'])})" if r["is_frame"] else _mio(r["amount_mio"])


def status_cell(status: str | None, style, kinds: list[str] | None = None) -> Paragraph:
    """The traffic light, and under it what the latest report's afvigelser are in ("afvigelse i tid")."""
    if not status:
        return Paragraph("", style)
    text = f'<font color="{STATUS_COLOURS.get(status, "#000000")}">●</font> {status}'
    if kinds:
        text += f"<br/>afvigelse i {', '.join(kinds)}"
    return Paragraph(text, style)


def write_overview(rows: list[dict], out: Path) -> Path:
    st = pdfstyle.styles()
    story = [Paragraph("Indsatser og tovholdere", st["title"]),
             Paragraph("Beløb i mio. kr. Rammer står i parentes og indgår ikke i summerne.", st["small"]),
             Spacer(1, 3 * mm)]
    categories: dict[str, list[dict]] = {}
    for r in rows:
        categories.setdefault(r["category"], []).append(r)
    grand = Decimal(0)
    for category, items in categories.items():
        table_rows = [["Indsats", "År/fase", "Mio. kr.", "Tovholder(e)", "Status", "Note"]]
        subtotal = Decimal(0)
        for r in items:
            table_rows.append([pdfstyle.para(r["title"], st["cell"]), pdfstyle.para(r["when"], st["cell"]),
                               _amount(r),
                               pdfstyle.para(r["tovholdere"], st["cell"]),
                               status_cell(r["status"], st["cell"], r.get("afvigelser_i")),
                               pdfstyle.para(r["note"], st["cell"])])
            if r["amount_mio"] is not None and not r["is_frame"]:
                subtotal += r["amount_mio"]
        grand += subtotal
        # A category of actions without amounts (the 2025 strategy) gets no "I alt 0" line.
        summed = any(r["amount_mio"] is not None and not r["is_frame"] for r in items)
        if summed:
            table_rows.append(["I alt", "", _mio(subtotal), "", "", ""])
        widths = [85 * mm, 36 * mm, 18 * mm, 54 * mm, 26 * mm, 38 * mm]  # 257 mm: landscape A4 within margins
        # The heading never stands alone at the foot of a page: with less room left than the heading and a
        # few rows, the category starts on the next page.
        table = pdfstyle.table(table_rows, widths, numeric_cols=[2], total_row=summed)
        if summed and len(table_rows) > 2:
            table.setStyle([("NOSPLIT", (0, -2), (-1, -1))])  # "I alt" never starts a page alone
        story += [CondPageBreak(40 * mm), Paragraph(category, st["h1"]), table]
    story += [Spacer(1, 4 * mm), Paragraph(f"<b>I alt, alle kategorier (uden rammer): "
                                           f"{_mio(grand)} mio. kr.</b>", st["body"])]
    return pdfstyle.build(out, story, title="Indsatser og tovholdere", landscape_pages=True)
