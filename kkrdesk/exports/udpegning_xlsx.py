"""Udpegningsoversigt: every appointment across all bodies on a date, vacant seats and terms running out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from kkrdesk.exports.xlsxstyle import FMT_DATE, save, title_rows, write_table
from kkrdesk.reference import format_date
from kkrdesk.services.composition import ENDING_SOON_DAYS, VACANT, all_warnings, udpegningsoversigt
from kkrdesk.store import Store

HEADERS = ["Organ", "Type", "Rolle", "Navn", "Titel", "Organisation", "Parti", "På vegne af", "Udpeget af",
           "Fra", "Til", "Udløber snart"]
SOON_FILL = PatternFill("solid", fgColor="FFF2CC")
VACANT_FONT = Font(italic=True, color="C62828")


def export_udpegning_xlsx(store: Store, out: Path | str, *, on: dt.date | None = None) -> Path:
    on = on or dt.date.today()
    rows = udpegningsoversigt(store, on)
    wb = Workbook()
    ws = wb.active
    ws.title = "Udpegninger"
    vacant = sum(1 for r in rows if r["name"] == VACANT)
    start = title_rows(ws, "Udpegningsoversigt", [
        f"Pr. {format_date(on)}: {len(rows) - vacant} udpegninger og {vacant} ledige pladser.",
        f"Gul: udpegningen udløber inden for {ENDING_SOON_DAYS} dage.",
    ])
    data = [[r["body"], r["body_type"], r["role"], r["name"], r["title"], r["organisation"], r["party"],
             r["on_behalf_of"], r["appointed_by"], r["start"], r["end"], "Ja" if r["ending_soon"] else ""]
            for r in rows]
    write_table(ws, HEADERS, data, start_row=start, formats={9: FMT_DATE, 10: FMT_DATE},
                widths={0: 40, 3: 28, 4: 30, 5: 26, 8: 24})
    for offset, r in enumerate(rows, start=start + 1):
        if r["ending_soon"]:
            for col in range(1, len(HEADERS) + 1):
                ws.cell(row=offset, column=col).fill = SOON_FILL
        if r["name"] == VACANT:
            ws.cell(row=offset, column=4).font = VACANT_FONT
    warnings = wb.create_sheet("Opmærksomhed")
    write_table(warnings, ["Organ", "Slags", "Besked"],
                [[w["body"], w["kind"], w["text"]] for w in all_warnings(store, on)], widths={0: 40, 2: 90})
    out = Path(out)
    wb.properties.creator = "KKR Desk"
    save(wb, out)
    return out
