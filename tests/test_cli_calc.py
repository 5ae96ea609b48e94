"""`kkrdesk calc …` in-process and once as a real subprocess: the JSON contract, Danish tables, exports,
saving, and exit codes (1 with a Danish message for bad input, 2 for a usage error)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kkrdesk.cli import main

KLIMA_CSV = """Kommune;Allerede aftalt
København;300.000
Frederiksberg;60.000
Gentofte;60.000
Gladsaxe;60.000
Helsingør;60.000
Lyngby-Taarbæk;50.000
Rudersdal;50.000
Høje-Taastrup;50.000
Hillerød;50.000
Hvidovre;50.000
Ballerup;50.000
Frederikssund;50.000
Egedal;50.000
Tårnby;50.000
Rødovre;50.000
Furesø;50.000
Fredensborg;50.000
Gribskov;50.000
Bornholm;40.000
Brøndby;40.000
Halsnæs;40.000
Herlev;30.000
Albertslund;30.000
Allerød;30.000
Hørsholm;30.000
Glostrup;30.000
Ishøj;30.000
Vallensbæk;30.000
Dragør;30.000
"""


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def klima(tmp_path) -> Path:
    path = tmp_path / "klima.csv"
    path.write_text(KLIMA_CSV, encoding="utf-8")
    return path


@pytest.fixture
def weights(tmp_path) -> Path:
    path = tmp_path / "w.csv"
    path.write_text("Albertslund;1\nAllerød;1\n", encoding="utf-8")
    return path


def test_pro_rata_klimaalliancen_scenario_3_json(capsys, klima):
    # kkr-hovedstaden-2025-bilag.txt 2361–2390: 1.550.000 scaled to 3.660.000, printed rows to the krone.
    code, out, _ = _run(capsys, "calc", "pro-rata", "--amounts", str(klima), "--new-total", "3.660.000", "--json")
    assert code == 0
    data = json.loads(out)
    amounts = {r["name"]: r["amount"] for r in data["rows"]}
    assert amounts["København"] == 708387 and amounts["Gentofte"] == 141677 and amounts["Dragør"] == 70839
    assert amounts["Rudersdal"] == 118065 and amounts["Brøndby"] == 94452
    assert data["rows"][0]["original"] == 300000
    assert (data["total"], data["sum_of_rows"], data["remainder"]) == (3660000, 3660008, -8)


def test_split_half_krone_and_readable_table(capsys, weights):
    # DOMAIN.md §4: 2.608.562,5 → 2.608.563
    code, out, _ = _run(capsys, "calc", "split", "--total", "5.217.125", "--weights", str(weights))
    assert code == 0
    assert "2.608.563" in out and "Difference (afrunding)" in out and "-1" in out
    code, out, _ = _run(capsys, "calc", "split", "--total", "5.217.125", "--weights", str(weights), "--json",
                        "--rounding", "largest-remainder")
    data = json.loads(out)
    assert [r["amount"] for r in data["rows"]] == [2608563, 2608562] and data["remainder"] == 0
    assert data["rows"][0]["weight"] == 1 and data["rows"][0]["share"] == 0.5


def test_per_capita_uplift(capsys, tmp_path):
    # Issue 7: 1.773.823 × 1,019 → 1.807.526
    pop = tmp_path / "pop.csv"
    pop.write_text("Kommune;Indbyggere\nRoskilde;1.773.823\n", encoding="utf-8")
    code, out, _ = _run(capsys, "calc", "per-capita", "--rate", "1", "--population", str(pop), "--uplift-pct", "1,9",
                        "--json")
    assert code == 0
    row = json.loads(out)["rows"][0]
    assert (row["population"], row["base_amount"], row["amount"]) == (1773823, 1773823, 1807526)


def test_equal_2_mio_among_11(capsys, tmp_path):
    # DOMAIN.md §4: 2 mio. kr. "ligeligt" among the 11 municipalities of Nordjylland
    path = tmp_path / "p.csv"
    path.write_text("Kommune\nMorsø\nThisted\nBrønderslev\nFrederikshavn\nVesthimmerland\nLæsø\nRebild\n"
                    "Mariagerfjord\nJammerbugt\nAalborg\nHjørring\n", encoding="utf-8")
    code, out, _ = _run(capsys, "calc", "equal", "--total", "2.000.000", "--participants", str(path), "--json")
    data = json.loads(out)
    assert code == 0 and len(data["rows"]) == 11
    assert {r["amount"] for r in data["rows"]} == {181818} and data["remainder"] == 2


def test_project_budget(capsys, tmp_path):
    spec = {"title": "Klimaalliancen", "years": ["2026", {"label": "2027", "half": True}],
            "staff_year_price": "1240000",
            "expenses": [{"name": "Gate 21", "staff_years": 1.25}, {"name": "Aktivitetsmidler", "per_year": 250000}],
            "financing": [{"name": "Kommunerne", "per_year": 1550000},
                          {"name": "Region H, årsværk", "staff_years": "1,5".replace(",", "."), "in_kind": True}]}
    path = tmp_path / "b.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    code, out, _ = _run(capsys, "calc", "project-budget", str(path))
    assert code == 0
    assert "Udgifter i alt" in out and "Finansiering i alt" in out and "Difference" in out
    # expenses 2026: 1,25 × 1.240.000 + 250.000 = 1.800.000; 2027 is a half year: 900.000; in all 2.700.000
    assert "1.800.000" in out and "2.700.000" in out
    code, out, _ = _run(capsys, "calc", "project-budget", str(path), "--json")
    data = json.loads(out)
    assert data["expenses"]["per_year"] == [1800000, 900000]
    assert data["financing"]["per_year"] == [3410000, 1705000]
    assert data["difference"] == {"per_year": [1610000, 805000], "total": 2415000}


def test_exports_and_save(capsys, klima, tmp_path):
    db = tmp_path / "calc.sqlite"
    xlsx, pdf = tmp_path / "k.xlsx", tmp_path / "k.pdf"
    code, out, _ = _run(capsys, "calc", "pro-rata", "--amounts", str(klima), "--new-total", "2605000",
                        "--out", str(xlsx), "--save", "Scenarie 2", "--db", str(db), "--price-level", "2025-pl")
    assert code == 0 and xlsx.exists() and "Gemt som beregning" in out
    code, out, _ = _run(capsys, "calc", "pro-rata", "--amounts", str(klima), "--new-total", "3660000",
                        "--out", str(pdf), "--save", "Scenarie 3", "--db", str(db), "--json")
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF") and json.loads(out)["saved_id"] == 2
    from kkrdesk.services import budgets
    from kkrdesk.store import open_store

    store = open_store(db)
    try:
        comparison = budgets.compare(store, 1, 2)
        row = comparison.rows[0]
        assert (row.name, row.a, row.b) == ("København", 504194, 708387)
        saved = budgets.load(store, 1)
        assert saved.price_level == "2025-pl" and saved.kind == "pro-rata"
    finally:
        store.close()


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("Albertslund;1\nAllerød;ti\n", ["--total", "1000"], "Linje 2: vægten for Allerød er ikke et tal"),
        ("Albertslund;0\nAllerød;0\n", ["--total", "1000"], "Summen af vægtene er 0"),
        ("Albertslund;1\nAllerød;-3\n", ["--total", "1000"], "må ikke være negative"),
        ("Høje-Taastrup;1\nHøje Tåstrup;1\n", ["--total", "1000"], "står allerede på linje 1"),
        ("Albertslund;1\n", ["--total", "2 mio"], "--total skal være et tal"),
        ("Albertslund;1\n", ["--total", "1000", "--out", "x.docx"], ".xlsx eller .pdf"),
    ],
)
def test_bad_input_exit_1_danish_and_nothing_saved(capsys, tmp_path, content, args, message):
    path = tmp_path / "w.csv"
    path.write_text(content, encoding="utf-8")
    db = tmp_path / "bad.sqlite"
    code, out, err = _run(capsys, "calc", "split", "--weights", str(path), *args, "--save", "X", "--db", str(db))
    assert code == 1
    assert err.startswith("Fejl: ") and message in err
    assert not db.exists()  # the store was never opened, so nothing was saved


def test_empty_participant_list(capsys, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Kommune\n", encoding="utf-8")
    code, _, err = _run(capsys, "calc", "equal", "--total", "1000", "--participants", str(path))
    assert code == 1 and "ingen deltagere" in err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["calc", "split", "--total", "1000"])
    assert exc.value.code == 2
    assert "fejl i kommandoen" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["calc", "split", "--total", "1", "--weights", "w.csv", "--rounding", "bankers"])
    assert exc.value.code == 2


def test_subprocess_split_json(tmp_path, weights):
    exe = Path(sys.executable).with_name("kkrdesk")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kkrdesk"]
    proc = subprocess.run([*cmd, "calc", "split", "--total", "5.217.125", "--weights", str(weights), "--json"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [r["amount"] for r in data["rows"]] == [2608563, 2608563]
    assert data["total"] == 5217125 and data["sum_of_rows"] == 5217126 and data["remainder"] == -1
    bad = subprocess.run([*cmd, "calc", "split", "--total", "abc", "--weights", str(weights)],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert bad.returncode == 1 and "Fejl:" in bad.stderr and "Traceback" not in bad.stderr


def test_split_of_all_98_municipalities_flows_over_pages(capsys, tmp_path):
    """98 rows made one 1,100-pt bar chart and a reportlab LayoutError (issue 13 item 2)."""
    from pypdf import PdfReader

    from kkrdesk.reference import municipalities

    names = [m.name for m in municipalities()]
    path = tmp_path / "alle.csv"
    path.write_text("Kommune;Vægt\n" + "".join(f"{n};{1000 + i}\n" for i, n in enumerate(names)), encoding="utf-8")
    out = tmp_path / "alle.pdf"
    code, _, err = _run(capsys, "calc", "split", "--total", "2000000", "--weights", str(path), "--out", str(out))
    assert code == 0, err
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert len(PdfReader(out).pages) >= 3
    assert all(n in text for n in ("København", "Hjørring", "Brønderslev"))
    assert "Andel af det samlede beløb (1 af 2)" in text and "(2 af 2)" in text
