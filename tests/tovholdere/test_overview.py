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
    assert main(["export", "tovholdere", "--out", str(out), "--db", str(demo_store.path)]) == 0
    ws = load_workbook(out).active
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Kategori")
    amounts = [(ws.cell(r, 5).value, ws.cell(r, 6).value, ws.cell(r, 5).number_format)
               for r in range(header + 1, ws.max_row)]
    assert all(isinstance(a, int | float) for a, _, _ in amounts if a is not None)
    assert any(fmt.startswith("(") for a, frame, fmt in amounts if frame == "Ja")
    assert {fmt for a, frame, fmt in amounts if frame == "Nej" and a is not None and a == int(a)} == {"#,##0"}
    total = ws.cell(ws.max_row, 5).value
    assert total.startswith("=SUMIF(") and '"Nej"' in total
    expected = sum(a for a, frame, _ in amounts if a is not None and frame == "Nej")
    assert expected < sum(a for a, _, _ in amounts if a is not None)  # the frame would have changed it


def test_overview_and_status_report_pdfs(demo_store, tmp_path):
    assert main(["export", "tovholdere", "--out", str(tmp_path / "o.pdf"), "--db", str(demo_store.path)]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "o.pdf").pages)
    assert "Furesø (lead), Allerød" in text and "(2.482)" in text and "Side 1 af" in text
    assert main(["export", "status-report", "--out", str(tmp_path / "s.pdf"), "--db", str(demo_store.path)]) == 0
    assert "tovholderopgaver har rapporteret" in PdfReader(tmp_path / "s.pdf").pages[0].extract_text()
