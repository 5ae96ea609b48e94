"""The house style of every Excel workbook: real numbers with Danish display formats, bold frozen header,
filters, sensible column widths. openpyxl is imported here, so import this only when a workbook is made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kkrdesk.exports.atomic import atomic_output

# Excel stores the format with "," and "."; a Danish Excel shows 1.807.526 and 2,125.
FMT_KRONER = "#,##0"
FMT_DECIMAL = "#,##0.00"
FMT_MIO = "#,##0.0"
FMT_PERCENT = "0.0%"
FMT_DATE = "dd.mm.yyyy"
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="1F3864")
NOTE_FONT = Font(italic=True, size=9, color="666666")


class Formula(str):
    """A formula this program wrote ("=ROUND(…)"). Every other string is written as text, never as a formula:
    an item title "=HYPERLINK(…)" from an imported file must stay the words it is (issue 12.9)."""


def put(cell, value):
    """Set a cell: Decimals as numbers, Formula as a formula, any other string as a string cell."""
    cell.value = cell_value(value)
    if isinstance(value, str) and not isinstance(value, Formula):
        cell.data_type = "s"
    return cell


def cell_value(value):
    """Decimals become numbers Excel can add (exact to the øre for our sizes); dates stay dates; text loses the
    control characters an .xlsx cannot hold (a title typed with one made the workbook fail to save)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str) and not isinstance(value, Formula):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_table(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence], *, start_row: int = 1,
                formats: dict[int, str] | None = None, widths: dict[int, float] | None = None,
                autofilter: bool = True, freeze: bool = True) -> int:
    """Write a header row and data rows from `start_row`; returns the last row written.

    formats maps a 0-based column index to a number format; dates get FMT_DATE on their own.
    """
    formats = formats or {}
    for col, header in enumerate(headers, start=1):
        cell = put(ws.cell(row=start_row, column=col), header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    row_no = start_row
    for row in rows:
        row_no += 1
        for col, value in enumerate(row, start=1):
            cell = put(ws.cell(row=row_no, column=col), value)
            if col - 1 in formats:
                cell.number_format = formats[col - 1]
            elif isinstance(value, dt.date):
                cell.number_format = FMT_DATE
    if freeze:
        ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    if autofilter and headers:
        ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(headers))}{max(row_no, start_row)}"
    for col, header in enumerate(headers, start=1):
        width = (widths or {}).get(col - 1)
        if width is None:
            longest = max([len(str(header))] + [len(str(r[col - 1])) for r in rows if col - 1 < len(r)] or [10])
            width = min(max(10, longest + 2), 60)
        ws.column_dimensions[get_column_letter(col)].width = width
    return row_no


def title_rows(ws: Worksheet, title: str, notes: Sequence[str] = ()) -> int:
    """A title and note lines above a table; returns the next free row."""
    put(ws.cell(row=1, column=1), title).font = TITLE_FONT
    row = 2
    for note in notes:
        put(ws.cell(row=row, column=1), note).font = NOTE_FONT
        row += 1
    return row + 1


def stream_sheet(wb, sheet_title: str, title: str, notes: Sequence[str], headers: Sequence[str],
                 rows: Sequence[Sequence], *, formats: dict[int, str] | None = None,
                 widths: dict[int, float] | None = None) -> None:
    """title_rows + write_table for a write-only workbook (Workbook(write_only=True)): the same sheet, written
    row by row without a cell object per value, for lists of thousands of rows. Widths must all be given."""
    from openpyxl.cell import WriteOnlyCell

    ws = wb.create_sheet(sheet_title)
    header_row = len(notes) + 3
    # A write-only sheet writes its view, widths and filter when the first row goes out: set them first.
    for col, width in (widths or {}).items():
        ws.column_dimensions[get_column_letter(col + 1)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(rows)}"
    cell = WriteOnlyCell(ws, value=title)
    cell.font = TITLE_FONT
    ws.append([cell])
    for note in notes:
        cell = WriteOnlyCell(ws, value=note)
        cell.font = NOTE_FONT
        ws.append([cell])
    ws.append([])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header_cells.append(cell)
    ws.append(header_cells)
    formats = formats or {}
    # One styled cell per formatted column, reused row after row (openpyxl writes a row out as it is appended),
    # instead of a new cell object and a style lookup per value.
    templates: dict[int, WriteOnlyCell] = {}
    for col, fmt in formats.items():
        templates[col] = WriteOnlyCell(ws)
        templates[col].number_format = fmt
    for row in rows:
        values = list(row)
        texts = [v for v in values if isinstance(v, str)]
        if texts and ILLEGAL_CHARACTERS_RE.search("".join(texts)):  # one search a row, not one a value
            values = [cell_value(v) for v in values]
        for col, value in enumerate(values):
            if isinstance(value, Decimal):
                value = values[col] = cell_value(value)
            if isinstance(value, str) and value.startswith("=") and not isinstance(value, Formula):
                values[col] = put(WriteOnlyCell(ws), value)  # outside text that looks like a formula stays text
            elif col in templates and value is not None:  # an empty cell needs no format (nor XML)
                templates[col].value = value
                values[col] = templates[col]
            elif isinstance(value, dt.date):
                cell = values[col] = WriteOnlyCell(ws, value=value)
                cell.number_format = FMT_DATE
        ws.append(values)


def save(wb, out: Path | str) -> Path:
    """Save a workbook whole or not at all (see exports.atomic)."""
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return Path(out)
