"""Member list PDF/Excel and the udpegningsoversigt: grouped by role, real dates, readable back in."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from pypdf import PdfReader

from kkrdesk.exports.members_pdf import export_members_pdf
from kkrdesk.exports.members_xlsx import export_members_xlsx
from kkrdesk.exports.udpegning_xlsx import export_udpegning_xlsx
from kkrdesk.services.member_import import import_members, parse_file

VUB = "Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse"


def test_pdf_groups_by_role_in_the_papers_order(demo_store, tmp_path):
    path = export_members_pdf(demo_store, VUB, tmp_path / "vub.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    order = [text.index(h) for h in ("Formand", "Medlemmer\n", "Indsupplerede medlemmer", "KKR-sekretariat")]
    assert order == sorted(order)
    assert "Eik Møller" in text and "Side 1 af" in text


def test_xlsx_has_real_dates_and_reads_back_as_the_same_list(body_store, tmp_path):
    text = ("– Eik Møller, kommunaldirektør, Ballerup Kommune (formand)\n"
            "– Tine Gram, direktør, Furesø Kommune\n"
            "Indsupplerede medlemmer:\n"
            "– Sofus Rex, direktør, Gate 21\n")
    import_members(body_store, text, "VUB", start=dt.date(2022, 1, 1))
    path = export_members_xlsx(body_store, "VUB", tmp_path / "vub.xlsx", on=dt.date(2023, 1, 1))
    ws = load_workbook(path).active
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "Gruppe")
    start = ws.cell(row=header + 1, column=8)
    assert start.value == dt.datetime(2022, 1, 1) and start.number_format == "dd.mm.yyyy"
    again = parse_file(path)
    assert again.errors == []
    assert [r.to_dict() for r in again.rows] == [
        {"name": "Eik Møller", "title": "kommunaldirektør", "organisation": "Ballerup", "role": "formand"},
        {"name": "Tine Gram", "title": "direktør", "organisation": "Furesø", "role": "medlem"},
        {"name": "Sofus Rex", "title": "direktør", "organisation": "Gate 21", "role": "indsuppleret medlem"},
    ]


def test_udpegningsoversigt_workbook(demo_store, tmp_path):
    path = export_udpegning_xlsx(demo_store, tmp_path / "udpegning.xlsx", on=dt.date(2025, 11, 1))
    wb = load_workbook(path)
    ws = wb["Udpegninger"]
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "Organ")
    rows = list(ws.iter_rows(min_row=header + 1, values_only=True))
    assert len(rows) > 50
    assert any(r[3] == "(ledig)" for r in rows)
    ends = [ws.cell(row=i, column=11) for i in range(header + 1, header + 1 + len(rows))]
    dated = [c for c in ends if c.value is not None]
    assert dated and all(isinstance(c.value, dt.datetime) and c.number_format == "dd.mm.yyyy" for c in dated)
    assert wb["Opmærksomhed"].max_row > 1
