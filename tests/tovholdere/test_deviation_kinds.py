"""A report says whether its afvigelser are in tid, økonomi or indhold: the forms, the import and what shows it."""

import json
from itertools import combinations

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

from kkrdesk.cli import main
from kkrdesk.errors import UserError
from kkrdesk.models import Assignment, Report
from kkrdesk.services import forms, tovholdere
from kkrdesk.services.listing import list_kind

ANSWERS = {"status": "gul", "fremdrift": "Forundersøgelsen er i gang", "afvigelser": "Tre måneder forsinket",
           "afvigelse_tid": "Ja", "afvigelse_oekonomi": "Nej", "afvigelse_indhold": "Ja",
           "naeste_milepaele": "Beslutningsgrundlag ultimo 2026", "kkr_handling": "Nej",
           "udfyldt_af": "Anne Hansen, Furesø Kommune", "dato": "15.03.2026"}
OLD_KEYS = {"id", "name", "assignment_id", "status", "fremdrift", "afvigelser", "naeste_milepaele", "kkr_handling",
            "udfyldt_af", "dato"}
FARUMBANEN = "Forundersøgelse af forlængelse af Farumbanen til Hillerød"


def _fill_xlsx(src, dst, answers, drop_names=()):
    """A lead typing into the named cells; `drop_names` makes the form as issued before the kinds existed."""
    wb = load_workbook(src)
    for name in drop_names:
        del wb.defined_names[name]
    for name, value in answers.items():
        sheet, coord = next(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    wb.save(dst)
    return dst


def _fill_pdf(src, dst, answers):
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.update_page_form_field_values(writer.pages[0], answers, auto_regenerate=False)
    writer.write(dst)
    return dst


def _assignment(store, party="Furesø"):
    with store.session() as s:
        return next(a.id for a in s.query(Assignment).order_by(Assignment.id)
                    if a.party == party and a.status == "udpeget" and a.indsats.title == FARUMBANEN)


def _stored(store):
    with store.session() as s:
        return [(r.afvigelser, r.afvigelse_tid, r.afvigelse_oekonomi, r.afvigelse_indhold)
                for r in s.query(Report).order_by(Report.id)]


def test_excel_form_has_the_three_dropdowns_unlocked_next_to_afvigelser(demo_store, tmp_path):
    wb = load_workbook(forms.export_form(demo_store, _assignment(demo_store), tmp_path / "s.xlsx"))
    ws = wb["Tovholderskema"]
    cell = {name: next(wb.defined_names[name].destinations)[1].replace("$", "") for name in forms.READ_FIELDS}
    text_row = ws[cell["afvigelser"]].row
    assert [ws[cell[name]].row for name in forms.DEVIATION_FIELDS] == [text_row + 1, text_row + 2, text_row + 3]
    assert len(set(cell.values())) == len(cell)  # no two fields share a cell
    yes_no = [dv for dv in ws.data_validations.dataValidation if dv.formula1 == '"Ja,Nej"']
    for name, label in zip(forms.DEVIATION_FIELDS, ("Afvigelse i tid", "Afvigelse i økonomi", "Afvigelse i indhold"),
                           strict=True):
        assert ws[cell[name]].protection.locked is False and ws[cell[name]].value == "Nej"
        assert ws.cell(ws[cell[name]].row, 1).value == label
        assert any(cell[name] in str(dv.sqref) for dv in yes_no)
    assert ws.print_area.endswith(f"$C${ws[cell['form_id']].row}")


def test_excel_loop_through_the_cli_lists_afvigelser_i(demo_store, tmp_path, capsys):
    aid = _assignment(demo_store)
    db = str(demo_store)
    assert main(["export", "tovholder-form", str(aid), "--out", str(tmp_path / "skema.xlsx"), "--db", db]) == 0
    filled = _fill_xlsx(tmp_path / "skema.xlsx", tmp_path / "udfyldt.xlsx", ANSWERS)
    assert main(["import", "tovholder-reports", str(filled), "--db", db]) == 0
    capsys.readouterr()
    assert main(["list", "reports", "--json", "--db", db]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert set(report) == OLD_KEYS | {"afvigelser_i"}
    assert report["afvigelser_i"] == ["tid", "indhold"] and report["afvigelser"] == "Tre måneder forsinket"
    assert report["kkr_handling"] is False and report["status"] == "gul"


def test_pdf_loop_with_choice_fields_and_a_kind_without_text(demo_store, tmp_path):
    aid = _assignment(demo_store, "Allerød")
    src = forms.export_form(demo_store, aid, tmp_path / "skema.pdf")
    fields = PdfReader(src).get_fields()
    for name in forms.DEVIATION_FIELDS:
        assert fields[name]["/FT"] == "/Ch" and fields[name]["/V"] == "Nej"
    answers = ANSWERS | {"afvigelser": "", "afvigelse_tid": "Nej", "afvigelse_oekonomi": "Ja",
                         "afvigelse_indhold": "Ja"}
    forms.import_reports(demo_store, [_fill_pdf(src, tmp_path / "udfyldt.pdf", answers)])
    (row,) = [r for r in list_kind(demo_store, "reports") if r["assignment_id"] == aid]
    assert row["afvigelser_i"] == ["økonomi", "indhold"] and row["afvigelser"] is None  # stored as given


def test_old_form_without_the_kinds_imports_as_nej(demo_store, tmp_path):
    src = forms.export_form(demo_store, _assignment(demo_store), tmp_path / "gammel.xlsx")
    answers = {k: v for k, v in ANSWERS.items() if k not in forms.DEVIATION_FIELDS}
    old = _fill_xlsx(src, tmp_path / "udfyldt.xlsx", answers, drop_names=forms.DEVIATION_FIELDS)
    assert not set(forms.DEVIATION_FIELDS) & set(forms.read_form_file(old))
    (parsed,) = forms.import_reports(demo_store, [old])
    assert parsed.errors == []
    # Text but no kind is not refused either: the afvigelse is stored, no kind is set.
    assert _stored(demo_store) == [("Tre måneder forsinket", False, False, False)]


def test_blank_kind_reads_as_nej(demo_store, tmp_path):
    src = forms.export_form(demo_store, _assignment(demo_store), tmp_path / "s.xlsx")
    forms.import_reports(demo_store, [_fill_xlsx(src, tmp_path / "u.xlsx", ANSWERS | {"afvigelse_tid": None})])
    assert _stored(demo_store) == [("Tre måneder forsinket", False, False, True)]


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_a_kind_that_is_neither_ja_nor_nej_refuses_the_batch(demo_store, tmp_path, suffix):
    fill = _fill_xlsx if suffix == ".xlsx" else _fill_pdf
    good = fill(forms.export_form(demo_store, _assignment(demo_store), tmp_path / f"a{suffix}"),
                tmp_path / f"god{suffix}", ANSWERS)
    bad = fill(forms.export_form(demo_store, _assignment(demo_store, "Allerød"), tmp_path / f"b{suffix}"),
               tmp_path / f"daarlig{suffix}", ANSWERS | {"afvigelse_oekonomi": "Måske"})
    with pytest.raises(UserError) as exc:
        forms.import_reports(demo_store, [good, bad])
    assert "Ingen rapporter er gemt" in exc.value.message
    assert exc.value.details == [f"daarlig{suffix}: «Afvigelse i økonomi» skal være Ja eller Nej, ikke «Måske»."]
    assert _stored(demo_store) == []


def _report_with_kinds(demo_store, tmp_path):
    aid = _assignment(demo_store)
    src = forms.export_form(demo_store, aid, tmp_path / "first.xlsx")
    forms.import_reports(demo_store, [_fill_xlsx(src, tmp_path / "first-filled.xlsx", ANSWERS)])
    return aid


def test_new_form_shows_the_kinds_of_the_last_report(demo_store, tmp_path):
    aid = _report_with_kinds(demo_store, tmp_path)
    wb = load_workbook(forms.export_form(demo_store, aid, tmp_path / "ny.xlsx"))
    ws = wb["Tovholderskema"]
    last = next(ws.cell(r, 2).value for r in range(1, 12) if ws.cell(r, 1).value == "Seneste rapport")
    assert "Afvigelse i: tid, indhold" in last
    text = " ".join(PdfReader(forms.export_form(demo_store, aid, tmp_path / "ny.pdf")).pages[0].extract_text()
                    .split())
    assert "Afvigelse i sidst tid, indhold" in text


def _widget_rects(path):
    page = PdfReader(path).pages[0]
    return {a.get_object()["/T"]: [float(v) for v in a.get_object()["/Rect"]] for a in page["/Annots"]}


def test_pdf_fields_do_not_overlap_even_after_a_long_report(demo_store, tmp_path):
    aid = _assignment(demo_store)
    long = "Forundersøgelsen er i gang og VVM-redegørelsen er sendt i høring. " * 8
    src = forms.export_form(demo_store, aid, tmp_path / "first.xlsx")
    forms.import_reports(demo_store, [_fill_xlsx(src, tmp_path / "f.xlsx", ANSWERS | {
        "fremdrift": long, "naeste_milepaele": long})])
    for name in ("tom.pdf", "lang.pdf"):
        path = forms.export_form(demo_store, aid if name == "lang.pdf" else _assignment(demo_store, "Allerød"),
                                 tmp_path / name)
        assert len(PdfReader(path).pages) == 1
        rects = _widget_rects(path)
        assert set(forms.READ_FIELDS) <= set(rects)
        for (a, ra), (b, rb) in combinations(rects.items(), 2):
            apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
            assert apart, f"{name}: {a} og {b} overlapper"


def test_status_report_and_overviews_show_the_kinds(demo_store, tmp_path):
    _report_with_kinds(demo_store, tmp_path)
    rows = tovholdere.status_report_rows(demo_store)
    assert sum(r["afvigelser_i"] == ["tid", "indhold"] for r in rows) == 1
    db = str(demo_store)
    assert main(["export", "status-report", "--out", str(tmp_path / "s.pdf"), "--db", db]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(tmp_path / "s.pdf").pages).split())
    assert "Afvigelser (tid, indhold): Tre måneder forsinket" in text
    assert main(["export", "tovholdere", "--out", str(tmp_path / "o.pdf"), "--db", db]) == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(tmp_path / "o.pdf").pages).split())
    assert "afvigelse i tid, indhold" in text
    assert main(["export", "tovholdere", "--out", str(tmp_path / "o.xlsx"), "--db", db]) == 0
    ws = load_workbook(tmp_path / "o.xlsx").active
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Kategori")
    column = next(c for c in range(1, 15) if ws.cell(header, c).value == "Afvigelse i")
    assert ws.cell(header, column - 1).value == "Seneste status"
    row = next(r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 2).value == FARUMBANEN)
    assert ws.cell(row, column).value == "tid, indhold"
    assert sum(1 for r in range(header + 1, ws.max_row + 1) if ws.cell(r, column).value) == 1


def test_describe_deviations():
    assert tovholdere.describe_deviations("Forsinket", ["tid", "økonomi"]) == "Afvigelser (tid, økonomi): Forsinket"
    assert tovholdere.describe_deviations("Forsinket", []) == "Afvigelser: Forsinket"
    assert tovholdere.describe_deviations(None, ["indhold"]) == "Afvigelser (indhold)"
    assert tovholdere.describe_deviations(None, []) == ""
