"""Excel exports keep live formulas that recompute the split (checked with a tiny evaluator for the formula
shapes the exporter writes), and the PDF prints the table, the notes and the chart."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook

from kkrdesk.calc import LARGEST_REMAINDER, equal, fmt, per_capita, pro_rata, project_budget, split
from kkrdesk.exports.budget_pdf import write_pdf
from kkrdesk.exports.budget_xlsx import Meta, write_xlsx

D = Decimal
META = Meta(title="Klimaalliancen, scenarie 3", price_level="2025-pl", source="Danmarks Statistik, FOLK1A",
            source_date="1. januar 2025")
REF = re.compile(r"\$?([A-Z]+)\$?(\d+)")


class Sheet:
    """Evaluates =ROUND(..), SUM(range), COUNTA(range), + - * / ( ) and cell refs with Decimals, as Excel would."""

    def __init__(self, ws):
        self.ws = ws

    def value(self, ref: str):
        v = self.ws[ref].value
        if isinstance(v, str) and v.startswith("="):
            return self.eval(v[1:])
        if isinstance(v, int | float):
            return D(repr(v)) if isinstance(v, float) else D(v)
        return v

    def _range(self, a: str, b: str) -> list:
        from openpyxl.utils import column_index_from_string, get_column_letter

        (ca, ra), (cb, rb) = REF.fullmatch(a).groups(), REF.fullmatch(b).groups()
        cols = range(column_index_from_string(ca), column_index_from_string(cb) + 1)
        return [self.value(f"{get_column_letter(c)}{r}") for c in cols for r in range(int(ra), int(rb) + 1)]

    def eval(self, formula: str) -> Decimal:
        def sum_(a, b):
            return sum((v for v in self._range(a, b) if isinstance(v, Decimal)), D(0))

        def counta(a, b):
            return D(sum(1 for v in self._range(a, b) if v not in (None, "")))

        def round_(x, places):
            return x.quantize(D(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)

        expr = re.sub(r"(SUM|COUNTA)\((\$?[A-Z]+\$?\d+):(\$?[A-Z]+\$?\d+)\)",
                      lambda m: f'{m.group(1).lower()}_("{m.group(2).replace("$", "")}",'
                                f'"{m.group(3).replace("$", "")}")', formula)
        expr = expr.replace("ROUND(", "round_(")
        expr = re.sub(r'(?<![\w"$])\$?([A-Z]+)\$?(\d+)(?![\w"])', lambda m: f'cell("{m.group(1)}{m.group(2)}")',
                      expr)
        expr = re.sub(r"(?<![\w.\"])(\d+(?:\.\d+)?)(?![\w\"])", r'D("\1")', expr)
        return eval(expr, {"D": D, "sum_": sum_, "counta_": counta, "round_": round_, "cell": self.value})


def _find(ws, text: str) -> int:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row
    raise AssertionError(text)


KLIMA = [("København", 300000), ("Frederiksberg", 60000), ("Lyngby-Taarbæk", 50000), ("Bornholm", 40000),
         ("Herlev", 30000)]


def test_split_xlsx_has_live_formulas_that_recompute(tmp_path):
    result = split("5217125", [("Albertslund", 1), ("Allerød", 1), ("Ballerup", 2)])
    path = write_xlsx(result, tmp_path / "s.xlsx", META)
    wb = load_workbook(path)
    ws = wb.active
    header = _find(ws, "Deltager")
    first = header + 1
    amount = ws.cell(row=first, column=4)
    assert isinstance(amount.value, str) and amount.value.startswith("=ROUND(")
    assert amount.number_format == "#,##0"
    assert ws.cell(row=first, column=2).number_format == "#,##0"
    sheet = Sheet(ws)
    assert [sheet.value(f"D{first + i}") for i in range(3)] == [r.amount for r in result.rows]
    # 5.217.125 / 4 = 1.304.281,25 → 1.304.281; the sum row and the remainder are formulas too
    total_row = _find(ws, "I alt (sum af rækkerne)")
    assert sheet.value(f"D{total_row}") == result.sum_of_rows
    assert sheet.value(f"D{total_row + 2}") == result.remainder
    # change a weight "in Excel": the split follows, as KKR Desk would compute it
    ws.cell(row=first, column=2, value=3)
    changed = split("5217125", [("Albertslund", 3), ("Allerød", 1), ("Ballerup", 2)])
    assert [sheet.value(f"D{first + i}") for i in range(3)] == [r.amount for r in changed.rows]
    notes = " ".join(str(c.value) for c in ws["A"] if c.value)
    assert "Prisniveau: 2025-pl" in notes and "Danmarks Statistik, FOLK1A, 1. januar 2025" in notes


def test_half_krone_rounds_up_in_excel_too(tmp_path):
    # DOMAIN.md §4: 2.608.562,5 → 2.608.563 (Excel's ROUND is half away from zero).
    result = split("5217125", [("Albertslund", 1), ("Allerød", 1)])
    ws = load_workbook(write_xlsx(result, tmp_path / "h.xlsx")).active
    first = _find(ws, "Deltager") + 1
    assert Sheet(ws).value(f"D{first}") == D(2608563)


def test_pro_rata_xlsx_recomputes_a_new_total(tmp_path):
    result = pro_rata("3660000", KLIMA)
    ws = load_workbook(write_xlsx(result, tmp_path / "p.xlsx", META)).active
    sheet = Sheet(ws)
    first = _find(ws, "Deltager") + 1
    assert [sheet.value(f"D{first + i}") for i in range(len(KLIMA))] == [r.amount for r in result.rows]
    total_row = _find(ws, "Nyt samlet beløb")
    ws.cell(row=total_row, column=2, value=2605000)
    again = pro_rata("2605000", KLIMA)
    assert [sheet.value(f"D{first + i}") for i in range(len(KLIMA))] == [r.amount for r in again.rows]


def test_per_capita_xlsx_uplift_formula(tmp_path):
    # Issue 7: 1.773.823 × 1,019 → 1.807.526
    result = per_capita(1, [("Roskilde", 1773823), ("Køge", 62848)], uplift_pct="1.9")
    ws = load_workbook(write_xlsx(result, tmp_path / "c.xlsx", META)).active
    sheet = Sheet(ws)
    first = _find(ws, "Deltager") + 1
    assert ws.cell(row=first, column=3).value.startswith("=ROUND(")
    assert sheet.value(f"D{first}") == D(1807526)
    assert [sheet.value(f"D{first + i}") for i in range(2)] == [r.amount for r in result.rows]


def test_equal_xlsx(tmp_path):
    result = equal(2000000, ["Aalborg", "Læsø", "Morsø"])
    ws = load_workbook(write_xlsx(result, tmp_path / "e.xlsx")).active
    first = _find(ws, "Deltager") + 1
    assert [Sheet(ws).value(f"C{first + i}") for i in range(3)] == [D(666667)] * 3


def test_largest_remainder_xlsx_is_values_with_a_note(tmp_path):
    result = equal(2000000, ["Aalborg", "Læsø", "Morsø"], LARGEST_REMAINDER)
    ws = load_workbook(write_xlsx(result, tmp_path / "lr.xlsx")).active
    first = _find(ws, "Deltager") + 1
    assert [ws.cell(row=first + i, column=3).value for i in range(3)] == [666667, 666667, 666666]
    assert any("største rest" in str(c.value) for c in ws["A"] if c.value)


def test_project_budget_xlsx_totals_and_difference(tmp_path):
    budget = project_budget({"years": ["2026", {"label": "2027", "half": True}], "staff_year_price": 1240000,
                             "expenses": [{"name": "Gate 21", "staff_years": "1.25"}],
                             "financing": [{"name": "Kommunerne", "per_year": 1500000}]})
    ws = load_workbook(write_xlsx(budget, tmp_path / "b.xlsx")).active
    sheet = Sheet(ws)
    diff_row = _find(ws, "Difference (finansiering − udgifter)")
    assert sheet.value(f"F{diff_row}") == budget.difference == D(-75000)


@pytest.mark.parametrize("rounding", ["half-up", LARGEST_REMAINDER])
def test_pdf_has_table_notes_and_chart(tmp_path, rounding):
    from pypdf import PdfReader

    result = pro_rata("3660000", KLIMA, rounding)
    path = write_pdf(result, tmp_path / "p.pdf", META)
    reader = PdfReader(path)
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    for name, _ in KLIMA:
        assert name in text
    assert "Prisniveau: 2025-pl" in text
    assert "Difference (afrunding)" in text
    assert "Andel af det samlede beløb" in text  # the bar chart's caption
    assert fmt(result.rows[0].amount) in text and "." in fmt(result.rows[0].amount)  # Danish thousands


def test_pdf_project_budget(tmp_path):
    from pypdf import PdfReader

    budget = project_budget({"years": ["2026"], "expenses": [{"name": "Gate 21", "per_year": 100}],
                             "financing": [{"name": "Kommunerne", "per_year": 90}]})
    text = PdfReader(write_pdf(budget, tmp_path / "b.pdf", META)).pages[0].extract_text()
    assert "Difference (finansiering – udgifter)" in text and "-10" in text


def _recalculated_by_libreoffice(path, tmp_path) -> list[list[str]]:
    """The sheet as LibreOffice computes it (formulas evaluated by a real spreadsheet program), as CSV rows."""
    import csv
    import shutil
    import subprocess

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    out = tmp_path / "lo"
    out.mkdir(exist_ok=True)
    subprocess.run([exe, f"-env:UserInstallation={(tmp_path / 'lo-profil').as_uri()}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)
    # Raw values, not as shown (token 9 false), every sheet (-1); the first sheet is the calculation.
    csv_file = sorted(out.glob(f"{path.stem}*.csv"))[0]
    with open(csv_file, encoding="utf-8") as f:
        return list(csv.reader(f, delimiter=";"))


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice er ikke installeret")
def test_libreoffice_computes_the_same_split_and_follows_a_changed_weight(tmp_path):
    # DOMAIN.md §4: 5.217.125 split in two is 2.608.562,5 each → 2.608.563 half up, also in a real spreadsheet.
    result = split("5217125", [("Albertslund", 1), ("Allerød", 1), ("Ballerup", 2)])
    path = write_xlsx(result, tmp_path / "fordeling.xlsx", META)
    rows = {r[0]: r for r in _recalculated_by_libreoffice(path, tmp_path) if r}
    assert [D(rows[name][3]) for name in ("Albertslund", "Allerød", "Ballerup")] == [r.amount for r in result.rows]
    assert D(rows["I alt (sum af rækkerne)"][3]) == result.sum_of_rows

    wb = load_workbook(path)
    ws = wb.active
    ws.cell(row=_find(ws, "Deltager") + 1, column=2, value=3)  # Albertslund's weight changed "in Excel"
    wb.save(path)
    changed = split("5217125", [("Albertslund", 3), ("Allerød", 1), ("Ballerup", 2)])
    rows = {r[0]: r for r in _recalculated_by_libreoffice(path, tmp_path) if r}
    assert [D(rows[name][3]) for name in ("Albertslund", "Allerød", "Ballerup")] == [r.amount for r in changed.rows]
