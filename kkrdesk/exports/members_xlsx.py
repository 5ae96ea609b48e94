"""A body's member list as an Excel workbook: one table grouped by role (the papers' order), dates as dates.

The sheet can be read back by `kkrdesk import members` (header row "Navn", "Titel", "Organisation", "Rolle").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from kkrdesk.exports.xlsxstyle import FMT_DATE, cell_value, save, title_rows, write_table
from kkrdesk.reference import format_date
from kkrdesk.services.composition import member_list, term_label
from kkrdesk.store import Store

HEADERS = ["Gruppe", "Navn", "Titel", "Organisation", "Parti", "Rolle", "På vegne af", "Fra", "Til"]


def export_members_xlsx(store: Store, body: str, out: Path | str, *, on: dt.date | None = None) -> Path:
    data = member_list(store, body, on)
    wb = Workbook()
    ws = wb.active
    ws.title = "Medlemmer"
    notes = [f"Sammensætning pr. {format_date(data['on'])}"]
    if data["term_start"] or data["term_end"]:
        notes.append(f"Valgperiode {term_label(data['term_start'], data['term_end'])}")
    start = title_rows(ws, f"Medlemmer af {data['name']}", notes)
    rows = [[group, r["name"], r["title"], r["organisation"], r["party"], r["role"], r["on_behalf_of"],
             r["start"], r["end"]] for group, members in data["groups"] for r in members]
    last = write_table(ws, HEADERS, rows, start_row=start, formats={7: FMT_DATE, 8: FMT_DATE},
                       widths={0: 24, 1: 30, 2: 34, 3: 28, 4: 7, 5: 20, 6: 18, 7: 12, 8: 12})
    # The first row of each group in bold, so the sheet reads like the printed list.
    previous = None
    for row_no in range(start + 1, last + 1):
        group = ws.cell(row=row_no, column=1).value
        if group != previous:
            ws.cell(row=row_no, column=1).font = Font(bold=True)
        previous = group
    if data["seats"]:
        seats = wb.create_sheet("Pladser")
        write_table(seats, ["Rolle", "Antal", "Besat", "Ledige", "Udpeget af", "Indstillet af", "Kriterier",
                            "Stemmeret"],
                    [[s["role"], s["count"], s["filled"], s["vacant"], s["appointed_by"], s["nominated_by"],
                      s["criteria"], "Ja" if s["voting"] else "Nej"] for s in data["seats"]],
                    formats={1: "0", 2: "0", 3: "0"})
    out = Path(out)
    wb.properties.title = cell_value(f"Medlemmer af {data['name']}")  # outside text: no control characters
    wb.properties.creator = "KKR Desk"
    save(wb, out)
    return out
