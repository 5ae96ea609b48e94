"""Overview of every indsats with its tovholdere and latest status; sums leave out frames (rammer)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from kkrdesk.exports.xlsxstyle import FMT_KRONER, FMT_MIO, save, title_rows, write_table


def amount_format(amount, is_frame: bool) -> str:
    """Whole millions as "#,##0", else one decimal; a frame in parentheses as in the papers."""
    fmt = FMT_KRONER if amount is None or amount == int(amount) else FMT_MIO
    return f"({fmt});({fmt})" if is_frame else fmt


def _year_or_phase(when: str | None):
    return int(when) if when and when.isdigit() else when


def write_overview(rows: list[dict], out: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tovholdere"
    start = title_rows(ws, "Indsatser og tovholdere", [
        f"Udskrevet {dt.date.today().strftime('%d.%m.%Y')} fra KKR Desk. Beløb i mio. kr.; rammer står i "
        "parentes og indgår ikke i summen.",
    ])
    headers = ["Kategori", "Indsats", "Plan", "År/fase", "Mio. kr.", "Ramme", "Prisniveau", "Tovholder(e)",
               "Seneste status", "Afvigelse i", "Note"]
    # A year is a number (filters and sorts as one); a phase such as "Foranalyse" stays text.
    data = [[r["category"], r["title"], r["plan"], _year_or_phase(r["when"]), r["amount_mio"],
             "Ja" if r["is_frame"] else "Nej",
             r["price_level"], r["tovholdere"], r["status"] or "", ", ".join(r.get("afvigelser_i") or []),
             r["note"]] for r in rows]
    last = write_table(ws, headers, data, start_row=start, formats={4: FMT_MIO},
                       widths={0: 34, 1: 60, 2: 26, 3: 16, 4: 10, 5: 8, 6: 11, 7: 34, 8: 13, 9: 22, 10: 40})
    for row_no, r in enumerate(rows, start=start + 1):
        ws.cell(row=row_no, column=5).number_format = amount_format(r["amount_mio"], r["is_frame"])
    total = last + 1
    ws.cell(row=total, column=2, value="I alt (uden rammer)").font = Font(bold=True)
    cell = ws.cell(row=total, column=5, value=f'=SUMIF(F{start + 1}:F{last},"Nej",E{start + 1}:E{last})')
    whole = all(r["amount_mio"] is None or r["amount_mio"] == int(r["amount_mio"]) for r in rows)
    cell.number_format = FMT_KRONER if whole else FMT_MIO
    cell.font = Font(bold=True)
    # Per category, as the paper sums each group; SUMIFS so a changed amount or frame flag updates it.
    row_no = total + 2
    ws.cell(row=row_no, column=2, value="I alt pr. kategori (uden rammer)").font = Font(bold=True)
    for category in dict.fromkeys(r["category"] for r in rows):
        row_no += 1
        ws.cell(row=row_no, column=2, value=category)
        sub = ws.cell(row=row_no, column=5, value=(
            f'=SUMIFS(E{start + 1}:E{last},A{start + 1}:A{last},B{row_no},F{start + 1}:F{last},"Nej")'))
        sub.number_format = cell.number_format
    save(wb, out)
    return out
