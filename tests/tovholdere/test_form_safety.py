"""Forms are signed with a secret of the store, every issue is recorded, and bad PDFs and files are refused."""

import json
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

from kkrdesk.cli import main
from kkrdesk.errors import UserError
from kkrdesk.models import Assignment, FormIssue, Report, Setting
from kkrdesk.services import forms

ANSWERS = {"status": "grøn", "fremdrift": "Efter planen", "udfyldt_af": "Tovholderen", "dato": "2.3.2026"}


def _fill_pdf(src, dst, answers):
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.update_page_form_field_values(writer.pages[0], answers, auto_regenerate=False)
    writer.write(dst)
    return dst


def _count(store, model):
    with store.session() as s:
        return s.query(model).count()


def test_secret_is_made_once_and_every_form_is_recorded(demo_store, tmp_path):
    a = forms.issue_form(demo_store, 2)
    b = forms.issue_form(demo_store, 2)
    assert a.form_id != b.form_id and a.form_id.startswith("KKR-2-")
    with demo_store.session() as s:
        secrets = s.query(Setting).filter_by(key="form_secret").all()
        assert len(secrets) == 1 and len(bytes.fromhex(secrets[0].value)) == 32
        assert s.query(FormIssue).filter_by(assignment_id=2).count() == 2


def test_pdf_form_id_is_read_only_and_its_status_a_choice(demo_store, tmp_path):
    fields = PdfReader(forms.export_form(demo_store, 2, tmp_path / "s.pdf")).get_fields()
    assert int(fields["form_id"].get("/Ff", 0)) & 1  # ReadOnly flag
    assert fields["status"]["/FT"] == "/Ch" and fields["fremdrift"]["/FT"] == "/Tx"


def test_unanswered_pdf_and_altered_pdf_id_are_refused_whole(demo_store, tmp_path):
    empty = forms.export_form(demo_store, 2, tmp_path / "tom.pdf")
    good = _fill_pdf(forms.export_form(demo_store, 5, tmp_path / "g.pdf"), tmp_path / "god.pdf", ANSWERS)
    src = forms.export_form(demo_store, 8, tmp_path / "a.pdf")
    form_id = PdfReader(src).get_fields()["form_id"]["/V"]
    forged = form_id[:-1] + ("0" if form_id[-1] != "0" else "1")
    altered = _fill_pdf(src, tmp_path / "aendret.pdf", ANSWERS | {"form_id": forged})
    with pytest.raises(UserError) as exc:
        forms.import_reports(demo_store, [good, empty, altered])
    details = " ".join(exc.value.details)
    assert "«Status» er tomt" in details and "ændret" in details and "god.pdf" not in details
    assert _count(demo_store, Report) == 0


def test_form_for_a_deleted_assignment_matches_nothing(demo_store, tmp_path):
    src = forms.export_form(demo_store, 2, tmp_path / "s.pdf")
    filled = _fill_pdf(src, tmp_path / "u.pdf", ANSWERS)
    with demo_store.session() as s:
        s.delete(s.get(Assignment, 2))
    (parsed,) = forms.import_reports(demo_store, [filled], dry_run=True)
    assert parsed.errors == ["Skemaet passer ikke til nogen tovholderopgave."]


def test_files_that_pretend_to_be_forms(demo_store, tmp_path):
    fake_pdf = tmp_path / "skema.pdf"
    fake_pdf.write_text("status: grøn")
    fake_xlsx = tmp_path / "skema.xlsx"
    fake_xlsx.write_bytes(b"PK not really a zip")
    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.xml", b"0" * (forms.MAX_UNPACKED_BYTES + 1))
    parsed = forms.import_reports(demo_store, [fake_pdf, fake_xlsx, bomb], dry_run=True)
    assert [bool(p.errors) for p in parsed] == [True, True, True]
    assert "ikke et PDF-skema" in parsed[0].errors[0] and "fylder for meget" in parsed[2].errors[0]


def test_same_form_twice_in_a_batch_is_refused(demo_store, tmp_path):
    src = forms.export_form(demo_store, 2, tmp_path / "s.xlsx")
    wb = load_workbook(src)
    for name, value in ANSWERS.items():
        sheet, coord = next(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    wb.save(tmp_path / "a.xlsx")
    wb.save(tmp_path / "b.xlsx")
    parsed = forms.import_reports(demo_store, [tmp_path / "a.xlsx", tmp_path / "b.xlsx"], dry_run=True)
    assert parsed[1].errors == ["Det samme skema er med to gange."]


def test_cli_json_lists_every_error_and_exits_1(demo_store, tmp_path, capsys):
    empty = forms.export_form(demo_store, 2, tmp_path / "tom.xlsx")
    db = str(demo_store)
    assert main(["import", "tovholder-reports", str(empty), "--json", "--db", db]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["reports"] == [] and out["errors"][0].startswith("tom.xlsx:")
    assert _count(demo_store, Report) == 0


def test_excel_date_typed_as_a_date_is_read(demo_store, tmp_path):
    import datetime as dt

    src = forms.export_form(demo_store, 2, tmp_path / "s.xlsx")
    wb = load_workbook(src)
    for name, value in (ANSWERS | {"dato": dt.datetime(2026, 3, 2)}).items():
        sheet, coord = next(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    wb.save(src)
    (parsed,) = forms.import_reports(demo_store, [src])
    assert parsed.values["dato"] == dt.date(2026, 3, 2)


def test_openpyxl_reads_returned_forms_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_a_form_imported_once_is_refused_the_second_time(demo_store, tmp_path):
    filled = _fill_pdf(forms.export_form(demo_store, 2, tmp_path / "s.pdf"), tmp_path / "u.pdf", ANSWERS)
    forms.import_reports(demo_store, [filled])
    with pytest.raises(UserError) as exc:
        forms.import_reports(demo_store, [filled])
    assert "allerede indlæst" in exc.value.details[0]
    assert _count(demo_store, Report) == 1


def test_decomposed_status_is_read_and_a_pasted_book_is_refused(demo_store, tmp_path):
    import unicodedata

    status = unicodedata.normalize("NFD", "Grøn ")
    ok = _fill_pdf(forms.export_form(demo_store, 2, tmp_path / "a.pdf"), tmp_path / "ok.pdf",
                   ANSWERS | {"status": status})
    long = _fill_pdf(forms.export_form(demo_store, 5, tmp_path / "b.pdf"), tmp_path / "lang.pdf",
                     ANSWERS | {"fremdrift": "x" * (forms.MAX_FIELD_CHARS + 1)})
    first, second = forms.import_reports(demo_store, [ok, long], dry_run=True)
    assert first.errors == [] and first.values["status"] == "grøn"
    assert second.errors == [f"Feltet «Fremdrift» er længere end {forms.MAX_FIELD_CHARS} tegn."]
