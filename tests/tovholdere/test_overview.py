from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader

from kkrdesk.cli import main
from kkrdesk.models import Assignment, Indsats
from kkrdesk.services import tovholdere


def test_tovholdere_print_as_the_paper(demo_store):
    rows = {r["title"]: r for r in tovholdere.indsats_rows(demo_store)}
    # kkr-hovedstaden-2022-bilag.txt 53: "Furesø (lead), Allerød"
    assert rows["Forundersøgelse af forlængelse af Farumbanen til Hillerød"]["tovholdere"] == "Furesø (lead), Allerød"
    frame = next(r for r in rows.values() if r["is_frame"])
    assert frame["amount_mio"] == Decimal("2482")
    assert frame["tovholdere"] == "København, Gladsaxe og Region Hovedstaden"  # line 35: "…, Gladsaxe og Region H"
    # kkr-hovedstaden-2025-bilag.txt 1244: only interested parties, no lead yet
    assert rows["Knudepunkter"]["tovholdere"].endswith("og Region Hovedstaden er interesserede")
    assert rows["Knudepunkter"]["warning"] == tovholdere.NO_LEAD


def test_lead_warning(store):
    with store.session() as s:
        i = Indsats(title="BRT-linje 200 S")
        for party in ("Gladsaxe", "Hvidovre", "Region Hovedstaden"):
            i.assignments.append(Assignment(party=party, role="hovedansvarlig", status="udpeget"))
        s.add(i)
        s.add(Indsats(title="Uden tovholder"))
    warnings = {r["title"]: r["warning"] for r in tovholdere.indsats_rows(store)}
    assert warnings["BRT-linje 200 S"].startswith(tovholdere.TOO_MANY_LEADS)
    assert warnings["Uden tovholder"] == tovholdere.NO_LEAD


def test_views_by_party_plan_and_overdue(demo_store):
    rebild = tovholdere.indsats_rows(demo_store, party="Furesø")
    assert rebild and all("Furesø" in r["tovholdere"] for r in rebild)
    plan = tovholdere.plans(demo_store)[0]
    assert {r["plan"] for r in tovholdere.indsats_rows(demo_store, plan=plan)} == {plan}
    assert len(tovholdere.indsats_rows(demo_store, overdue=True)) > 0


def test_overview_excel_leaves_frames_out_of_the_sum(demo_store, tmp_path, capsys):
    out = tmp_path / "oversigt.xlsx"
    assert main(["export", "tovholdere", "--out", str(out), "--db", str(demo_store)]) == 0
    ws = load_workbook(out).active
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Kategori")
    total_row = next(r for r in range(header, ws.max_row + 1) if ws.cell(r, 2).value == "I alt (uden rammer)")
    amounts = [(ws.cell(r, 5).value, ws.cell(r, 6).value, ws.cell(r, 5).number_format)
               for r in range(header + 1, total_row)]
    assert all(isinstance(a, int | float) for a, _, _ in amounts if a is not None)
    assert any(fmt.startswith("(") for a, frame, fmt in amounts if frame == "Ja")
    assert {fmt for a, frame, fmt in amounts if frame == "Nej" and a is not None and a == int(a)} == {"#,##0"}
    total = ws.cell(total_row, 5).value
    assert total.startswith("=SUMIF(") and '"Nej"' in total
    expected = sum(a for a, frame, _ in amounts if a is not None and frame == "Nej")
    assert expected < sum(a for a, _, _ in amounts if a is not None)  # the frame would have changed it


def test_overview_and_status_report_pdfs(demo_store, tmp_path):
    assert main(["export", "tovholdere", "--out", str(tmp_path / "o.pdf"), "--db", str(demo_store)]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "o.pdf").pages)
    assert "Furesø (lead), Allerød" in text and "(2.482)" in text and "Side 1 af" in text
    assert main(["export", "status-report", "--out", str(tmp_path / "s.pdf"), "--db", str(demo_store)]) == 0
    assert "tovholderopgaver har rapporteret" in PdfReader(tmp_path / "s.pdf").pages[0].extract_text()


def test_overview_excel_years_are_numbers_and_each_category_has_a_sum(demo_store, tmp_path):
    from kkrdesk.exports.tovholdere_xlsx import write_overview

    rows = tovholdere.overview(demo_store)
    ws = load_workbook(write_overview(rows, tmp_path / "o.xlsx")).active
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Kategori")
    whens = [ws.cell(r, 4).value for r in range(header + 1, header + 1 + len(rows))]
    assert 2022 in whens and "Foranalyse" in whens
    sums = {ws.cell(r, 2).value: ws.cell(r, 5).value for r in range(header + len(rows) + 1, ws.max_row + 1)
            if str(ws.cell(r, 5).value).startswith("=SUMIFS(")}
    assert set(sums) == {r["category"] for r in rows}
    assert all('"Nej"' in formula for formula in sums.values())


def test_overview_pdf_has_no_zero_sum_for_actions_without_amounts(demo_store, tmp_path):
    from kkrdesk.exports.tovholdere_pdf import write_overview

    pages = PdfReader(write_overview(tovholdere.overview(demo_store), tmp_path / "o.pdf")).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Knudepunkter" in text and "I alt 0 " not in text and "I alt 7.435" in text
