"""Files from hostile hands (issue 12.8–12.12), thrown at the command line: each is refused with a Danish message
naming the line or field (exit 1), never a traceback nor the "unexpected error" sentence, and nothing is
written to the store. Text from outside is written to Excel as text, never as a live formula."""

from __future__ import annotations

import json
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kkrdesk.cli import main

MEMBER_LIST = Path(__file__).parents[1] / "members" / "data" / "kkr-hovedstaden-2025-bilag_4400-4422.txt"


def _snapshot(store) -> dict:
    """Rows per table, read on either engine."""
    from sqlalchemy import func, select

    from kkrdesk.models import Base

    with store.engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(table)).scalar()
                for name, table in Base.metadata.tables.items() if name != "store_change"}


@pytest.fixture
def refused(capsys, demo_store):
    """refused(*args, says=...) runs the CLI on the demo store and checks the refusal and that nothing changed."""
    db = str(demo_store)  # the file, or the server address

    def run(*args, says: str) -> str:
        before = _snapshot(demo_store)
        code = main([str(a) for a in args] + ["--db", db])
        out, err = capsys.readouterr()
        assert code == 1, (out, err)
        assert "Traceback" not in err and "uventet fejl" not in err, err
        assert says in err, err
        assert _snapshot(demo_store) == before
        return err

    return run


def _meeting(folder: Path, **bilag) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"format": "kkrdesk-meeting/1", "body": "KKR Hovedstaden", "date": "2025-09-17",
            "items": [{"number": "3.5", "title": "Klimaalliancen", "public": True,
                       "bilag": [dict({"title": "Bilag", "public": True}, **bilag)]}]}
    path = folder / "møde.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- 12.8: bilag paths stay inside the import folder ------------------------------------------------------------

@pytest.mark.parametrize("name, says", [
    ("../../../../etc/passwd", "uden for"),
    ("/etc/passwd", "i forhold til"),
    ("bilag/../../hemmelig.pdf", "uden for"),
    ("/proc/self/environ", "i forhold til"),
    ("x" * 256 + ".pdf", "navn er for langt"),
])
def test_bilag_paths_outside_the_folder_are_refused(tmp_path, refused, name, says):
    (tmp_path / "hemmelig.pdf").write_bytes(b"%PDF-1.4 hemmelig")
    path = _meeting(tmp_path / "import", file=name)
    refused("import", "meeting", path, says=says)


def test_symbolic_links_to_files_and_folders_are_refused(tmp_path, refused):
    secret = tmp_path / "hemmelig.pdf"
    secret.write_bytes(b"%PDF-1.4 hemmelig")
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "bilag.pdf").symlink_to(secret)
    refused("import", "meeting", _meeting(folder, file="bilag.pdf"), says="symbolsk link")
    (tmp_path / "andet").mkdir()
    (tmp_path / "andet" / "b.pdf").write_bytes(b"%PDF-1.4")
    (folder / "mappe").symlink_to(tmp_path / "andet", target_is_directory=True)
    refused("import", "meeting", _meeting(folder, file="mappe/b.pdf"), says="symbolsk link")


def test_only_regular_files_are_bilag(tmp_path, refused):
    folder = tmp_path / "import"
    (folder / "en-mappe").mkdir(parents=True)
    refused("import", "meeting", _meeting(folder, file="en-mappe"), says="ikke en almindelig fil")
    os.mkfifo(folder / "fifo")
    refused("import", "meeting", _meeting(folder, file="fifo"), says="ikke en almindelig fil")


# -- 12.10: malformed meeting files ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, says", [
    ("[" * 100_000 + "]" * 100_000, "indlejret for dybt"),
    ('{"format": "kkrdesk-meeting/1", "pages": ' + "9" * 5000 + "}", "kan ikke læses"),
    ('{"format": "kkrdesk-meeting/1", "body": "KKR\\ud800", "date": "2025-09-17", "items": []}', "ugyldige tegn"),
    ('{"format": "kkrdesk-meeting/1", "body": "KKR\\u0001", "date": "2025-09-17", "items": []}', "styretegn"),
    ("\xff\xfe{", "UTF-8"),
])
def test_malformed_meeting_files_are_refused(tmp_path, refused, text, says):
    path = tmp_path / "møde.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if not text.startswith("\xff") else b"\xff\xfe{")
    refused("import", "meeting", path, says=says)


def test_page_counts_beyond_64_bits_are_refused(tmp_path, refused):
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    path = _meeting(tmp_path, file="b.pdf", pages=2 ** 70)
    refused("import", "meeting", path, says="pages")


def test_bilag_null_is_no_bilag(tmp_path, capsys, demo_store):
    path = _meeting(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][0]["bilag"] = None
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", "meeting", str(path), "--db", str(demo_store)]) == 0
    assert "Traceback" not in capsys.readouterr().err


# -- member lists: encodings, long fields, limits -------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "cp850", "latin-1", "utf-16", "utf-16-le"])
def test_member_lists_in_any_common_encoding_read_the_same(tmp_path, capsys, demo_store, encoding):
    from kkrdesk.models import Body

    with demo_store.session() as s:
        s.add(Body(name="Sundhedsudvalget", type="embedsmandsudvalg"))
    text = MEMBER_LIST.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "liste.txt"
    path.write_bytes(text.encode(encoding))
    code = main(["import", "members", str(path), "--body", "Sundhedsudvalget", "--dry-run", "--json", "--db",
                 str(demo_store)])
    out, err = capsys.readouterr()
    assert code == 0, err
    rows = json.loads(out)["rows"]
    names = [r["name"] for r in rows]
    assert "Jeppe Bøgh Andersen" in names and "Karen Nørskov Toke" in names
    assert any(r.get("organisation") and "Hørsholm" in r["organisation"] for r in rows)


def test_a_csv_field_over_128_kb_names_its_line(tmp_path, refused):
    path = tmp_path / "liste.csv"
    path.write_text("Navn;Titel\nAnne Holm;" + "x" * 200_000 + "\n", encoding="utf-8")
    refused("import", "members", path, "--body", "VUB", says="Linje")


def test_a_list_of_100000_lines_is_refused_at_once(tmp_path, refused):
    path = tmp_path / "liste.txt"
    path.write_text("\n".join(f"{i}) Direktør Anne Holm, Gentofte" for i in range(100_000)), encoding="utf-8")
    refused("import", "members", path, "--body", "VUB", says="højst 20.000")


def _zip_bomb(path: Path, megabytes: int = 60) -> Path:
    """A tiny .xlsx whose one sheet unpacks to tens of megabytes."""
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + b"<row/>" * (megabytes * MB // 6) + b"</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


MB = 1024 * 1024


def _declared_huge(path: Path) -> Path:
    """A valid workbook whose sheet declares a million rows."""
    wb = Workbook()
    wb.active["A1"] = "Navn"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b'<dimension ref="A1:A1" />' in sheet
    huge = b'<dimension ref="A1:XFD1048576" />'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b'<dimension ref="A1:A1" />', huge)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_zip_bombs_are_refused_before_loading(tmp_path, refused):
    bomb = _zip_bomb(tmp_path / "bombe.xlsx")
    assert bomb.stat().st_size < 400 * 1024
    refused("import", "members", bomb, "--body", "VUB", says="mistænkeligt tæt")
    refused("import", "tovholder-reports", bomb, says="mistænkeligt tæt")
    huge = _declared_huge(tmp_path / "stor.xlsx")
    refused("import", "members", huge, "--body", "VUB", says="1.048.576 rækker")


def test_calc_refuses_zip_bombs_and_absurd_numbers(tmp_path, capsys):
    bomb = _zip_bomb(tmp_path / "bombe.xlsx")
    weights = tmp_path / "vægte.csv"
    weights.write_text("Navn;Vægt\nFuresø;1\nAllerød;2\n", encoding="utf-8")
    for args, says in [
        (["calc", "equal", "--total", "1000", "--participants", str(bomb)], "mistænkeligt tæt"),
        (["calc", "split", "--total", "1e30", "--weights", str(weights)], "--total"),
        (["calc", "split", "--total", "9" * 40, "--weights", str(weights)], "ikke et brugbart tal"),
    ]:
        assert main(args) == 1
        err = capsys.readouterr().err
        assert says in err and "Traceback" not in err and "uventet fejl" not in err, err


def test_nan_and_infinity_in_a_workbook_cell_are_refused(tmp_path, capsys):
    path = tmp_path / "vægte.xlsx"
    wb = Workbook()
    wb.active.append(["Navn", "Vægt"])
    wb.active.append(["Furesø", 1])
    wb.active.append(["Allerød", 2])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"<v>2</v>", b"<v>NaN</v>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert main(["calc", "split", "--total", "1000", "--weights", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "uventet fejl" not in err and "tal" in err, err


# -- 12.11: --save only after everything else worked -------------------------------------------------------------

def test_calc_save_happens_last_and_not_at_all_when_the_input_is_bad(tmp_path, capsys, demo_store):
    weights = tmp_path / "vægte.csv"
    weights.write_text("Navn;Vægt\nFur\x01esø;1\nAllerød;2\n", encoding="utf-8")
    db = str(demo_store)
    before = _snapshot(demo_store)["calculation"]
    out = tmp_path / "fordeling.xlsx"
    assert main(["calc", "split", "--total", "1000", "--weights", str(weights), "--out", str(out),
                 "--save", "Forsøg", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "styretegn" in err and "Linje 2" in err
    assert _snapshot(demo_store)["calculation"] == before and not out.exists()
    assert not list(tmp_path.glob(".*skrives*"))


# -- 12.9: outside text is text in every workbook ---------------------------------------------------------------

FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"Klik her")'


def test_outside_text_is_written_as_text_in_excel_exports(tmp_path, capsys, demo_store):
    from kkrdesk.services import meetings

    meeting_id = meetings.meeting_rows(demo_store)[0]["id"]
    item = meetings.item_rows(demo_store, meeting_id)[0]["id"]
    meetings.update_item(demo_store, item, title=FORMULA)
    out = tmp_path / "sager.xlsx"
    assert main(["export", "cases", "--out", str(out), "--db", str(demo_store)]) == 0
    cells = [c for row in load_workbook(out).active.iter_rows() for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


def test_budget_workbook_keeps_its_own_formulas_but_names_stay_text(tmp_path):
    from kkrdesk.calc import calculators
    from kkrdesk.exports.budget_xlsx import write_xlsx

    result = calculators.split(Decimal("1000"), [("+Gate 21", Decimal(1)), ("@Foreningen", Decimal(2))])
    out = write_xlsx(result, tmp_path / "f.xlsx")
    ws = load_workbook(out).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    names = [c for c in cells if c.value in ("+Gate 21", "@Foreningen")]
    assert len(names) == 2 and all(c.data_type == "s" for c in names)
    assert any(c.data_type == "f" and str(c.value).startswith("=ROUND(") for c in cells)


# -- property: arbitrary bytes as any import never crash ------------------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), kind=st.sampled_from(["members-txt", "members-csv", "members-xlsx",
                                                            "meeting", "reports-xlsx", "reports-pdf", "weights"]))
def test_arbitrary_bytes_never_give_a_traceback(tmp_path, capsys, demo_store, data, kind):
    suffix = {"members-txt": ".txt", "members-csv": ".csv", "members-xlsx": ".xlsx", "meeting": ".json",
              "reports-xlsx": ".xlsx", "reports-pdf": ".pdf", "weights": ".csv"}[kind]
    path = tmp_path / f"fil{suffix}"
    path.write_bytes(data)
    db = str(demo_store)
    args = {"members-txt": ["import", "members", str(path), "--body", "VUB", "--dry-run", "--db", db],
            "members-csv": ["import", "members", str(path), "--body", "VUB", "--dry-run", "--db", db],
            "members-xlsx": ["import", "members", str(path), "--body", "VUB", "--dry-run", "--db", db],
            "meeting": ["import", "meeting", str(path), "--db", db],
            "reports-xlsx": ["import", "tovholder-reports", str(path), "--dry-run", "--db", db],
            "reports-pdf": ["import", "tovholder-reports", str(path), "--dry-run", "--db", db],
            "weights": ["calc", "split", "--total", "1000", "--weights", str(path)]}[kind]
    code = main(args)
    err = capsys.readouterr().err
    assert code in (0, 1)
    assert "Traceback" not in err and "uventet fejl" not in err, err


def test_a_workbook_damaged_inside_its_sheet_is_refused_in_danish(tmp_path, capsys):
    """Found by bench/hostile_soak.py: a mutated weights .xlsx failed while its rows were read (zlib)."""
    path = tmp_path / "vægte.xlsx"
    wb = Workbook()
    for row in [["Navn", "Vægt"]] + [[f"Deltager {n}", n] for n in range(1, 400)]:
        wb.active.append(row)
    wb.save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 200, start + 260):  # damage the compressed stream, not the zip directory
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    assert main(["calc", "split", "--total", "1000", "--weights", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "uventet fejl" not in err and "beskadiget" in err, err
