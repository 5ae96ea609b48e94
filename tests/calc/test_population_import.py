"""Issue 13 item 3: `kkrdesk import population` reads Statistikbanken's FOLK1A exports into the store.

The files in tests/data/population are shaped as Statistikbanken exports them; their numbers are invented (the last
digits are the kommunekode), see the README there.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kkrdesk.cli import main
from kkrdesk.errors import UserError
from kkrdesk.reference import population as shipped_population
from kkrdesk.services import populations
from kkrdesk.services.composition import population_on

DATA = Path(__file__).parent.parent / "data" / "population"
MATRIX = DATA / "folk1a-matrix-cp1252.csv"
LONG = DATA / "folk1a-api-long.csv"
XLSX = DATA / "folk1a-matrix.xlsx"
EXPECTED_2025 = {"København": 605101, "Frederiksberg": 101147, "Dragør": 15155, "Høje-Taastrup": 56169,
                 "Tårnby": 43185, "Greve": 51253, "Køge": 61259}


def stored(store) -> dict[str, list]:
    return populations.figures(store)


@pytest.mark.parametrize("path", [MATRIX, LONG, XLSX], ids=["matrix-cp1252", "api-long", "xlsx"])
def test_every_export_shape_reads_the_same_figures(path):
    report = populations.read_population(path)
    assert report.year == 2025 and report.period == "2025K1" and report.source == "Danmarks Statistik, FOLK1A"
    assert report.figures == EXPECTED_2025 and report.years == [2024, 2025]
    assert list(report.figures)[:2] == ["København", "Frederiksberg"]  # kommunekode order
    assert report.totals == 4 and report.unknown == []  # Hele landet, two regions, a landsdel


def test_matrix_file_really_is_cp1252_with_danish_thousands():
    raw = MATRIX.read_bytes()
    assert "Tårnby".encode("cp1252") in raw and b"605.101" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_year_option_and_a_missing_year():
    assert populations.read_population(XLSX, year=2024).figures["København"] == 600101
    with pytest.raises(UserError, match="ikke tal for 1. januar 2023; den har 2024, 2025"):
        populations.read_population(MATRIX, year=2023)


def test_dry_run_writes_nothing_run_writes_all_second_run_changes_nothing(store):
    dry = populations.import_population(store, MATRIX, dry_run=True)
    assert dry.dry_run and len(dry.changed) == 7 and stored(store) == {}
    # Greve and Køge have a shipped 2025 figure from the papers: old is that figure.
    assert ("Greve", 53536, 51253) in dry.changed and ("København", None, 605101) in dry.changed

    real = populations.import_population(store, MATRIX)
    assert not real.dry_run and real.changed == dry.changed
    figures = stored(store)
    assert {name: figs[-1].population for name, figs in figures.items()} == EXPECTED_2025
    assert figures["København"][-1].date == dt.date(2025, 1, 1)
    assert figures["København"][-1].source == "Danmarks Statistik, FOLK1A"

    again = populations.import_population(store, LONG)  # the same figures in the API's shape
    assert again.changed == [] and len(again.figures) == 7


def test_store_figures_take_precedence_over_the_shipped_file(store):
    assert shipped_population("Greve").population == 53536  # resources/populations.csv, 1 January 2025
    populations.import_population(store, MATRIX)
    figure = populations.population(store, "Greve")
    assert (figure.population, figure.date, figure.source) == (51253, dt.date(2025, 1, 1), "Danmarks Statistik, FOLK1A")
    assert shipped_population("Greve").population == 53536  # the shipped file itself is untouched
    # A shipped figure of another date still answers for its own date.
    assert populations.population(store, "Greve", on=dt.date(2024, 6, 1)).population == 52157
    # Sundhedsråd seats read the same figures.
    with store.session() as s:
        extra = populations.stored_figures(s)
    assert population_on("Køge", dt.date(2025, 3, 1), extra)[0] == 61259


def test_unknown_names_are_reported_with_their_line_and_the_rest_imported(store, tmp_path):
    text = MATRIX.read_bytes().decode("cp1252").replace('"Køge";', '"Christiansø";1;1;1\r\n"Køge";')
    path = tmp_path / "folk1a.csv"
    path.write_bytes(text.encode("cp1252"))
    report = populations.import_population(store, path)
    assert report.unknown == [(15, "Christiansø")]  # line 15 as a text editor counts (Køge was 15)
    assert len(report.changed) == 7 and stored(store)["Køge"][-1].population == 61259


def _bad(tmp_path, body: str, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    (';"2024K1";"2025K1"\n"København";600.101;mange\n"Greve";1;2\n',
     "Linje 2: befolkningstallet for København i 2025K1 er ikke et helt tal (mange)"),
    (';"2025K1"\n"København";12,5\n', "ikke et helt tal (12,5)"),
    ("Kommune;Indbyggere\nKøbenhavn;600101\n", "ligner ikke en tabel fra Statistikbanken"),
    (';"2025K2";"2025K3"\n"København";1;2\n', "ingen tal for 1. januar"),
    (';"2025K1"\n"Hele landet";5950000\n', "ingen kommuner med et befolkningstal"),
    (';"2025K1"\n"København";1\n"Københavns Kommune";2\n', "står også i linje 2 med et andet tal"),
])
def test_a_broken_file_is_refused_in_danish_and_nothing_is_written(store, tmp_path, body, message):
    path = _bad(tmp_path, body)
    with pytest.raises(UserError) as caught:
        populations.import_population(store, path)
    assert message in str(caught.value)
    assert stored(store) == {}


def test_an_old_xls_file_is_named_as_such(tmp_path):
    path = tmp_path / "folk1a.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old binary workbook")
    with pytest.raises(UserError, match=r"gamle Excel-format \(\.xls\); gem den som \.xlsx eller CSV"):
        populations.read_population(path)


def test_a_damaged_workbook_is_refused_through_the_gate(store, tmp_path):
    path = tmp_path / "folk1a.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(UserError, match="ikke et Excel-regneark"):
        populations.import_population(store, path)
    assert stored(store) == {}


def test_monthly_folk1am_counts_january(tmp_path):
    path = _bad(tmp_path, "OMRÅDE;TID;INDHOLD\nKøbenhavn;2025M01;605101\nKøbenhavn;2025M02;605202\n")
    report = populations.read_population(path)
    assert report.source == "Danmarks Statistik, FOLK1AM" and report.figures == {"København": 605101}


# --- the command line ------------------------------------------------------------------------------------------


def test_cli_json_contract(capsys, tmp_path):
    db = tmp_path / "kkr.sqlite"
    assert main(["import", "population", str(MATRIX), "--dry-run", "--json", "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"year", "date", "source", "municipalities", "changed", "unknown", "dry_run"}
    assert out["year"] == 2025 and out["date"] == "2025-01-01" and out["dry_run"] is True
    assert out["municipalities"] == 7 and out["source"] == "Danmarks Statistik, FOLK1A"
    assert out["changed"][0] == {"municipality": "København", "old": None, "new": 605101}
    assert out["unknown"] == []

    assert main(["import", "population", str(XLSX), "--year", "2024", "--json", "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is False and out["date"] == "2024-01-01" and len(out["changed"]) == 7
    assert main(["import", "population", str(XLSX), "--year", "2024", "--json", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] == []


def test_cli_text_output_and_refusal(capsys, tmp_path):
    db = tmp_path / "kkr.sqlite"
    assert main(["import", "population", str(LONG), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Greve" in out and "53.536 →     51.253" in out and "7 befolkningstal er gemt" in out
    bad = shutil.copy(MATRIX, tmp_path / "tom.csv")
    Path(bad).write_bytes(b"")
    assert main(["import", "population", str(bad), "--db", str(db)]) == 1
    assert "ligner ikke en tabel fra Statistikbanken" in capsys.readouterr().err


def test_cli_help_documents_the_json(capsys):
    with pytest.raises(SystemExit):
        main(["import", "population", "--help"])
    out = capsys.readouterr().out
    assert '"municipalities"' in out and '"unknown"' in out and "--year" in out and "--dry-run" in out


def test_api_csv_with_codes_and_every_breakdown(tmp_path):
    """The API's CSV with valuePresentation=Code and KØN, ALDER and CIVILSTAND: only the totals are read."""
    path = _bad(tmp_path, "OMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD\n"
                          "000;I alt;Alder i alt;I alt;2025K1;5950000\n"
                          "084;I alt;Alder i alt;I alt;2025K1;1910000\n"
                          "101;I alt;Alder i alt;I alt;2025K1;605101\n"
                          "101;I alt;Alder i alt;Ugift;2025K1;300101\n"
                          "101;Mænd;Alder i alt;I alt;2025K1;302101\n"
                          "147;I alt;Alder i alt;I alt;2025K1;..\n")
    with pytest.raises(UserError, match=r"Linje 7: befolkningstallet for Frederiksberg i 2025K1 .* \(\.\.\)"):
        populations.read_population(path)
    path.write_text(path.read_text(encoding="utf-8").replace(";..", ";101147"), encoding="utf-8")
    report = populations.read_population(path)
    assert report.figures == {"København": 605101, "Frederiksberg": 101147} and report.totals == 2
