"""The whole loop without the program on the lead's side, and every kind of bad returned form."""

import json
import shutil

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

from kkrdesk.cli import main
from kkrdesk.errors import UserError
from kkrdesk.models import Assignment, Report
from kkrdesk.services import forms
from kkrdesk.services.listing import list_kind

ANSWERS = {"status": "gul", "fremdrift": "Forundersøgelsen er i gang", "afvigelser": "Tre måneder forsinket",
           "naeste_milepaele": "Beslutningsgrundlag ultimo 2026", "kkr_handling": "Ja",
           "udfyldt_af": "Anne Hansen, Furesø Kommune", "dato": "15.03.2026"}


def fill_xlsx(src, dst, answers):
    """What a lead does in a spreadsheet program: type into the named cells."""
    wb = load_workbook(src)
    for name, value in answers.items():
        sheet, coord = next(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    wb.save(dst)
    return dst


def fill_pdf(src, dst, answers):
    """What a lead does in a PDF reader: fill the form fields."""
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.update_page_form_field_values(writer.pages[0], answers, auto_regenerate=False)
    writer.write(dst)
    return dst


def _assignment(store, party="Furesø"):
    with store.session() as s:
        return next(a.id for a in s.query(Assignment).all() if a.party == party and a.status == "udpeget")


def _reports(store):
    with store.session() as s:
        return s.query(Report).count()


def test_excel_form_round_trip_through_the_cli(demo_store, tmp_path, capsys):
    aid = _assignment(demo_store)
    db = str(demo_store)
    assert main(["export", "tovholder-form", str(aid), "--out", str(tmp_path / "skema.xlsx"), "--db", db]) == 0
    wb = load_workbook(tmp_path / "skema.xlsx")
    ws = wb["Tovholderskema"]
    assert ws.protection.sheet is True
    status_cell = next(wb.defined_names["status"].destinations)[1].replace("$", "")
    assert ws[status_cell].protection.locked is False and ws["B4"].protection.locked is True
    assert any('"grøn,gul,rød"' in (dv.formula1 or "") for dv in ws.data_validations.dataValidation)
    assert any('"Ja,Nej"' in (dv.formula1 or "") for dv in ws.data_validations.dataValidation)
    filled = fill_xlsx(tmp_path / "skema.xlsx", tmp_path / "udfyldt.xlsx", ANSWERS)
    capsys.readouterr()
    assert main(["import", "tovholder-reports", str(filled), "--dry-run", "--json", "--db", db]) == 0
    preview = json.loads(capsys.readouterr().out)
    assert preview["errors"] == [] and preview["reports"][0]["assignment_id"] == aid
    assert _reports(demo_store) == 0  # a dry run stores nothing
    assert main(["import", "tovholder-reports", str(filled), "--db", db]) == 0
    capsys.readouterr()
    assert main(["list", "reports", "--json", "--db", db]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    assert report["assignment_id"] == aid and report["status"] == "gul" and report["kkr_handling"] is True
    assert report["dato"] == "2026-03-15" and report["udfyldt_af"] == "Anne Hansen, Furesø Kommune"
    assert report["afvigelser"] == "Tre måneder forsinket"


def test_pdf_form_round_trip(demo_store, tmp_path):
    aid = _assignment(demo_store, "Hillerød")
    forms.export_form(demo_store, aid, tmp_path / "skema.pdf")
    fields = PdfReader(tmp_path / "skema.pdf").get_fields()
    assert set(forms.FIELDS) <= set(fields)
    answers = {k: v for k, v in ANSWERS.items() if k != "kkr_handling"} | {"status": "rød"}
    filled = fill_pdf(tmp_path / "skema.pdf", tmp_path / "udfyldt.pdf", answers)
    forms.import_reports(demo_store, [filled])
    rows = [r for r in list_kind(demo_store, "reports") if r["assignment_id"] == aid]
    assert len(rows) == 1 and rows[0]["status"] == "rød" and rows[0]["fremdrift"] == ANSWERS["fremdrift"]


def _good_and(demo_store, tmp_path, bad_name, make_bad):
    good = fill_xlsx(forms.export_form(demo_store, _assignment(demo_store), tmp_path / "a.xlsx"),
                     tmp_path / "god.xlsx", ANSWERS)
    bad = make_bad(tmp_path / bad_name)
    with pytest.raises(UserError) as exc:
        forms.import_reports(demo_store, [good, bad])
    assert _reports(demo_store) == 0  # the good form is not stored either: all or nothing
    assert any(d.startswith(bad.name) for d in exc.value.details)
    assert not any(d.startswith("god.xlsx") for d in exc.value.details)
    return " ".join(exc.value.details)


def test_altered_form_id_is_refused(demo_store, tmp_path):
    def make(path):
        src = forms.export_form(demo_store, _assignment(demo_store, "Hillerød"), tmp_path / "b.xlsx")
        wb = load_workbook(src)
        sheet, coord = next(wb.defined_names["form_id"].destinations)
        cell = wb[sheet][coord.replace("$", "")]
        cell.value = cell.value.replace("KKR-", "KKR-1", 1)  # points it at another assignment
        wb.save(src)
        return fill_xlsx(src, path, ANSWERS)

    assert "ændret" in _good_and(demo_store, tmp_path, "aendret.xlsx", make)


def test_form_from_another_store_is_refused(demo_store, tmp_path):
    from kkrdesk.services.demo import open_demo_store

    other = open_demo_store(tmp_path / "anden.sqlite")

    def make(path):
        return fill_xlsx(forms.export_form(other, 1, tmp_path / "c.xlsx"), path, ANSWERS)

    assert "ændret eller hører ikke til" in _good_and(demo_store, tmp_path, "fremmed.xlsx", make)


def test_ended_assignment_is_refused(demo_store, tmp_path):
    from kkrdesk.services.tovholdere import set_assignment_status

    aid = _assignment(demo_store, "Hillerød")

    def make(path):
        src = forms.export_form(demo_store, aid, tmp_path / "d.xlsx")
        set_assignment_status(demo_store, aid, "afsluttet")
        return fill_xlsx(src, path, ANSWERS)

    assert "afsluttet" in _good_and(demo_store, tmp_path, "afsluttet.xlsx", make)


@pytest.mark.parametrize("field,value,message", [
    ("fremdrift", None, "«Fremdrift» er tomt"),
    ("status", "blå", "Status skal være grøn, gul eller rød"),
    ("dato", "i morgen", "kan ikke læses"),
])
def test_bad_answers_are_refused(demo_store, tmp_path, field, value, message):
    def make(path):
        src = forms.export_form(demo_store, _assignment(demo_store, "Hillerød"), tmp_path / "e.xlsx")
        return fill_xlsx(src, path, ANSWERS | {field: value})

    assert message in _good_and(demo_store, tmp_path, "daarlig.xlsx", make)


def test_a_file_that_is_no_form_is_refused(demo_store, tmp_path):
    from openpyxl import Workbook

    def make(path):
        wb = Workbook()
        wb.active["A1"] = "=HYPERLINK(\"http://example.invalid\")"
        wb.save(path)
        return path

    assert "ikke et tovholderskema" in _good_and(demo_store, tmp_path, "regneark.xlsx", make)


def test_macro_workbooks_and_other_files_are_refused(demo_store, tmp_path):
    def make_xlsm(path):
        shutil.copy(forms.export_form(demo_store, 1, tmp_path / "f.xlsx"), path)
        return path

    assert "makroer" in _good_and(demo_store, tmp_path, "skema.xlsm", make_xlsm)
    (tmp_path / "noter.txt").write_text("status: grøn")
    with pytest.raises(UserError):
        forms.import_reports(demo_store, [tmp_path / "noter.txt"])


def test_send_forms_makes_one_file_per_due_assignment(demo_store, tmp_path):
    from kkrdesk.services.tovholdere import due_assignment_ids

    due = due_assignment_ids(demo_store)
    made = forms.export_due_forms(demo_store, tmp_path / "ud", "xlsx")
    assert len(made) == len(due) > 15
    assert len({p.name for p in made}) == len(made)
