"""A budget calculation as an Excel workbook with live formulas.

Amounts are formulas (=ROUND(total*weight/SUM(weights),0) …), so changing a weight or the total in Excel
recomputes the split; Excel's ROUND rounds half away from zero, exactly like the half-up policy. A
largest-remainder split cannot be written as a simple formula, so its amounts are values with a note.
Numbers are real numbers with Danish display formats; price level and population source print as notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kkrdesk.calc import HALF_UP, KIND_NAMES, KeyFigures, ProjectBudget, Result
from kkrdesk.exports.xlsxstyle import (
    FMT_DECIMAL,
    FMT_KRONER,
    FMT_PERCENT,
    NOTE_FONT,
    Formula,
    cell_value,
    save,
    title_rows,
    write_table,
)

BOLD = Font(bold=True)
ROUNDING_NOTE = {
    HALF_UP: "Afrunding: hver række afrundes til hele kroner (ROUND); rækkerne kan afvige fra totalen.",
    "largest-remainder": "Afrunding: største rest – beløbene er faste tal, der summer præcist til totalen. "
                         "Ændres en vægt, skal beregningen laves igen i KKR Desk.",
}


@dataclass(frozen=True)
class Meta:
    """What prints above every table: title, price level, population source and date, a free note."""

    title: str = ""
    price_level: str | None = None
    source: str | None = None
    source_date: str | None = None
    note: str | None = None

    def lines(self, rounding: str | None = None) -> list[str]:
        lines = []
        if self.price_level:
            lines.append(f"Prisniveau: {self.price_level}")
        if self.source or self.source_date:
            lines.append("Befolkningstal: " + ", ".join(x for x in (self.source, self.source_date) if x))
        if rounding:
            lines.append(ROUNDING_NOTE.get(rounding, f"Afrunding: {rounding}"))
        if self.note:
            lines.append(self.note)
        return lines


def _input(ws, row: int, label: str, value, fmt: str = FMT_KRONER) -> str:
    ws.cell(row=row, column=1, value=label).font = BOLD
    cell = ws.cell(row=row, column=2, value=cell_value(Decimal(value)))
    cell.number_format = fmt
    return f"$B${row}"


def _summary(ws, row: int, col: int, label: str, formula, fmt: str = FMT_KRONER, bold: bool = False) -> None:
    ws.cell(row=row, column=1, value=label).font = Font(bold=bold)
    cell = ws.cell(row=row, column=col, value=formula)
    cell.number_format = fmt
    if bold:
        cell.font = BOLD


def _split_like(ws, result: Result, row: int) -> None:
    """split, pro-rata and equal share one layout: inputs, table, sum, total, remainder."""
    live = result.rounding == HALF_UP
    n = len(result.rows)
    label = "Nyt samlet beløb" if result.kind == "pro-rata" else "Samlet beløb at fordele"
    total = _input(ws, row, label, result.total)
    row += 2
    first, last = row + 1, row + n
    if result.kind == "equal":
        headers = ["Deltager", "Andel", "Beløb (kr.)", "Præcist beløb"]
        count = f"COUNTA($A${first}:$A${last})"
        data = [[r.name, Formula(f"=1/{count}"), Formula(f"=ROUND({total}/{count},0)") if live else r.amount,
                 Formula(f"={total}/{count}")] for r in result.rows]
        formats = {1: FMT_PERCENT, 2: FMT_KRONER, 3: FMT_DECIMAL}
        amount_col = 3
    else:
        weight_header = "Aftalt beløb (kr.)" if result.kind == "pro-rata" else "Vægt"
        headers = ["Deltager", weight_header, "Andel", "Beløb (kr.)", "Præcist beløb"]
        weights = f"SUM($B${first}:$B${last})"
        data = []
        for i, r in enumerate(result.rows):
            ref = f"B{first + i}"
            weight = r.original if result.kind == "pro-rata" else r.weight
            data.append([r.name, weight, Formula(f"={ref}/{weights}"),
                         Formula(f"=ROUND({total}*{ref}/{weights},0)") if live else r.amount,
                         Formula(f"={total}*{ref}/{weights}")])
        weight_fmt = FMT_KRONER if result.kind == "pro-rata" or all(
            r.weight == r.weight.to_integral_value() for r in result.rows) else FMT_DECIMAL
        formats = {1: weight_fmt, 2: FMT_PERCENT, 3: FMT_KRONER, 4: FMT_DECIMAL}
        amount_col = 4
    write_table(ws, headers, data, start_row=row, formats=formats, widths={0: 28}, autofilter=False,
                freeze=False)
    col = get_column_letter(amount_col)
    end = last + 1
    _summary(ws, end, amount_col, "I alt (sum af rækkerne)", Formula(f"=SUM({col}{first}:{col}{last})"), bold=True)
    _summary(ws, end + 1, amount_col, "Beløb at fordele", Formula(f"={total}"))
    _summary(ws, end + 2, amount_col, "Difference (afrunding)", Formula(f"={total}-SUM({col}{first}:{col}{last})"))


def _per_capita(ws, result: Result, row: int) -> None:
    live = result.rounding == HALF_UP
    rate = _input(ws, row, "Sats pr. indbygger (kr.)", result.rate, FMT_DECIMAL)
    uplift = None
    if result.uplift_pct is not None:
        row += 1
        uplift = _input(ws, row, "Pris- og lønfremskrivning (%)", result.uplift_pct, "0.0##")
    row += 2
    n = len(result.rows)
    first, last = row + 1, row + n
    data = []
    for i, r in enumerate(result.rows):
        ref = first + i
        base = Formula(f"=ROUND({rate}*B{ref},0)") if live else r.base_amount
        if uplift:
            amount = Formula(f"=ROUND(C{ref}*(1+{uplift}/100),0)") if live else r.amount
        else:
            amount = Formula(f"=C{ref}") if live else r.amount
        data.append([r.name, r.population, base, amount])
    write_table(ws, ["Deltager", "Indbyggere", "Grundbeløb (kr.)", "Beløb (kr.)"], data, start_row=row,
                formats={1: FMT_KRONER, 2: FMT_KRONER, 3: FMT_KRONER}, widths={0: 28}, autofilter=False,
                freeze=False)
    end = last + 1
    exact = f"SUM(C{first}:C{last})*(1+{uplift}/100)" if uplift else f"{rate}*SUM(B{first}:B{last})"
    _summary(ws, end, 4, "I alt (sum af rækkerne)", Formula(f"=SUM(D{first}:D{last})"), bold=True)
    _summary(ws, end + 1, 4, "I alt, beregnet uden afrunding", Formula(f"={exact}"), FMT_DECIMAL)
    _summary(ws, end + 2, 4, "Difference (afrunding)", Formula(f"={exact}-SUM(D{first}:D{last})"), FMT_DECIMAL)
    ws.cell(row=end, column=2, value=Formula(f"=SUM(B{first}:B{last})")).number_format = FMT_KRONER


def _project(ws, budget: ProjectBudget, row: int) -> None:
    years = budget.years
    ny = len(years)
    if budget.staff_year_price is not None:
        _input(ws, row, "Pris pr. årsværk (kr.)", budget.staff_year_price)
        row += 2
    headers = ["Post", "Type", "Årsværk pr. år"] + [
        y.label + ("" if y.fraction == 1 else f" ({str(y.fraction).replace('.', ',')} år)") for y in years
    ] + ["I alt"]
    first_year_col = 4
    last_col = get_column_letter(first_year_col + ny - 1)
    total_col = first_year_col + ny
    section_rows: dict[str, int] = {}
    for section, label in (("expenses", "Udgifter"), ("financing", "Finansiering")):
        posts = budget.section(section)
        ws.cell(row=row, column=1, value=label).font = Font(bold=True, size=12, color="1F3864")
        row += 1
        data = []
        first = row + 1
        for i, p in enumerate(posts):
            r = first + i
            data.append([p.name, p.kind_label, p.staff_years, *p.amounts,
                         Formula(f"=SUM({get_column_letter(first_year_col)}{r}:{last_col}{r})")])
        formats = {i: FMT_KRONER for i in range(first_year_col - 1, total_col)}
        formats[2] = "0.00"
        write_table(ws, headers, data, start_row=row, formats=formats, widths={0: 34, 1: 20},
                    autofilter=False, freeze=False)
        last = first + len(posts) - 1
        row = last + 1
        ws.cell(row=row, column=1, value=f"{label} i alt").font = BOLD
        for c in range(first_year_col, total_col + 1):
            letter = get_column_letter(c)
            cell = ws.cell(row=row, column=c, value=Formula(f"=SUM({letter}{first}:{letter}{last})") if posts else 0)
            cell.number_format = FMT_KRONER
            cell.font = BOLD
        section_rows[section] = row
        row += 2
    ws.cell(row=row, column=1, value="Difference (finansiering − udgifter)").font = BOLD
    for c in range(first_year_col, total_col + 1):
        letter = get_column_letter(c)
        cell = ws.cell(row=row, column=c,
                       value=Formula(f"={letter}{section_rows['financing']}-{letter}{section_rows['expenses']}"))
        cell.number_format = FMT_KRONER
        cell.font = BOLD


def _key_figures(ws, result: KeyFigures, row: int) -> None:
    n = len(result.rows)
    first, last = row + 1, row + n
    if result.figure == "per-capacity":
        headers = ["Område", "Indbyggere", "Kapacitet", "Indbyggere pr. kapacitet"]
        formats = {1: FMT_KRONER, 2: "#,##0.00", 3: FMT_KRONER}
        data = [[r.name, *r.values, Formula(f"=B{first + i}/C{first + i}")] for i, r in enumerate(result.rows)]
        total_formula = Formula(f"=B{last + 1}/C{last + 1}")
    else:
        headers = ["Område", "Ramme (kr.)", "Udgifter (kr.)", "Afvigelse"]
        formats = {1: FMT_KRONER, 2: FMT_KRONER, 3: FMT_PERCENT}
        data = [[r.name, *r.values, Formula(f"=(C{first + i}-B{first + i})/B{first + i}")]
                for i, r in enumerate(result.rows)]
        total_formula = Formula(f"=(C{last + 1}-B{last + 1})/B{last + 1}")
    write_table(ws, headers, data, start_row=row, formats=formats, widths={0: 28, 3: 24}, autofilter=False,
                freeze=False)
    end = last + 1
    ws.cell(row=end, column=1, value="I alt").font = BOLD
    for c, letter in ((2, "B"), (3, "C")):
        cell = ws.cell(row=end, column=c, value=Formula(f"=SUM({letter}{first}:{letter}{last})"))
        cell.number_format = formats[c - 1]
        cell.font = BOLD
    cell = ws.cell(row=end, column=4, value=total_formula)
    cell.number_format = formats[3]
    cell.font = BOLD


def write_xlsx(result, path: Path | str, meta: Meta | None = None) -> Path:
    """Write a calculation result (Result, ProjectBudget or KeyFigures) to an .xlsx file."""
    meta = meta or Meta()
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Beregning"
    title = meta.title or KIND_NAMES.get(result.kind, "Beregning")
    rounding = getattr(result, "rounding", None) if result.kind != "key-figures" else None
    row = title_rows(ws, title, [f"Beregningstype: {KIND_NAMES.get(result.kind, result.kind)}",
                                 *meta.lines(rounding)])
    if isinstance(result, ProjectBudget):
        _project(ws, result, row)
    elif isinstance(result, KeyFigures):
        _key_figures(ws, result, row)
    elif result.kind == "per-capita":
        _per_capita(ws, result, row)
    else:
        _split_like(ws, result, row)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 34)
    for r in range(2, row):
        ws.cell(row=r, column=1).font = NOTE_FONT
    ws.sheet_view.showGridLines = True
    wb.properties.title = cell_value(title)  # outside text: no control characters
    wb.properties.creator = "KKR Desk"
    save(wb, path)
    return path
