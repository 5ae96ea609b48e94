"""Sagsliste as Excel: every item of a meeting or a period with status, type, route and bilag count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from kkrdesk.exports import xlsxstyle

HEADERS = ("Dato", "Organ", "Møde", "Nr.", "Titel", "Type", "Åben/lukket", "Status", "Sags-id (rute)", "Rute",
           "Bilag", "Beslutning")
WIDTHS = {0: 12, 1: 12, 2: 28, 3: 7, 4: 60, 5: 16, 6: 12, 7: 22, 8: 12, 9: 50, 10: 8, 11: 50}


def build_cases(store, out: Path | str, *, meeting_id: int | None = None, start: dt.date | None = None,
                end: dt.date | None = None) -> Path:
    from kkrdesk.services.case_list import case_rows

    rows = case_rows(store, meeting_id=meeting_id, start=start, end=end)
    wb = Workbook(write_only=True)  # ten years are 10,000 rows: no cell object kept per value
    scope = "ét møde" if meeting_id is not None else "alle møder"
    if start or end:
        scope = f"perioden {start:%d.%m.%Y} – {end:%d.%m.%Y}" if start and end else scope
    # Case ids and bilag counts are whole numbers, which Excel's General format shows as they are: a "0" format
    # on them changed nothing on screen and cost a styled cell each (20,000 at ten years).
    data = [[r["date"], r["body"], r["meeting"], r["number"], r["title"], r["type"],
             "Åben" if r["public"] else "Lukket", r["status"], r["case_id"], r["route"], r["bilag"],
             r["beslutning"]] for r in rows]
    xlsxstyle.stream_sheet(wb, "Sager", "Sagsliste", [f"{len(rows)} punkter, {scope}. Udskrevet "
                                                      f"{dt.date.today():%d.%m.%Y} fra KKR Desk."],
                           HEADERS, data, formats={0: xlsxstyle.FMT_DATE}, widths=WIDTHS)
    out = Path(out)
    xlsxstyle.save(wb, out)
    return out
