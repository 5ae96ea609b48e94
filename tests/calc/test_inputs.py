"""Reading weights, populations and participants from CSV and Excel (DOMAIN.md §5: Danish numbers, names)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kkrdesk.calc.inputs import parse_pasted, read_names, read_pairs
from kkrdesk.errors import UserError

D = Decimal


def _write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_semicolon_csv_with_header_and_danish_numbers(tmp_path):
    # Issue 7 §3: "1.822.000", "39.287", "3,125"; "1.9" (a single dot, not three digits) is a decimal point.
    text = "Kommune;Vægt\nKøbenhavn;1.822.000\nRoskilde;39.287\nKøge;3,125\nLejre;1.9\n"
    path = _write(tmp_path, "w.csv", text)
    assert read_pairs(path) == [("København", D(1822000)), ("Roskilde", D(39287)), ("Køge", D("3.125")),
                                ("Lejre", D("1.9"))]


def test_comma_csv_without_header_resolves_names(tmp_path):
    # DOMAIN.md §5: Høje Taastrup / Høje Tåstrup, KK, Guldborgssund are the same municipalities.
    path = _write(tmp_path, "w.csv", 'Høje Tåstrup,50000\nKK,300000\nGuldborgssund,"3,5"\n')
    assert read_pairs(path) == [("Høje-Taastrup", D(50000)), ("København", D(300000)),
                                ("Guldborgsund", D("3.5"))]


def test_windows_encoding_and_tabs(tmp_path):
    path = _write(tmp_path, "w.txt", "Navn\tIndbyggere\nNæstved\t84.747\nSorø\t30.478\n", "cp1252")
    assert read_pairs(path, "indbyggertallet") == [("Næstved", D(84747)), ("Sorø", D(30478))]


def test_extra_code_column_is_ignored(tmp_path):
    path = _write(tmp_path, "w.csv", "Kode;Kommune;Indbyggere\n265;Roskilde;90.931\n370;Næstved;84.747\n")
    assert read_pairs(path) == [("Roskilde", D(90931)), ("Næstved", D(84747))]


def test_weight_not_a_number_names_the_line(tmp_path):
    path = _write(tmp_path, "w.csv", "Kommune;Vægt\nRoskilde;10\nKøge;ti\n")
    with pytest.raises(UserError, match=r"Linje 3: vægten for Køge er ikke et tal: 'ti'"):
        read_pairs(path)


def test_bad_number_on_the_first_line_without_header(tmp_path):
    path = _write(tmp_path, "w.csv", "Albertslund;abc\nAllerød;2\n")
    with pytest.raises(UserError, match="Linje 1"):
        read_pairs(path)


def test_duplicate_after_resolving_names_the_lines(tmp_path):
    path = _write(tmp_path, "w.csv", "Høje-Taastrup;1\nRoskilde;2\nHøje Taastrup;3\n")
    with pytest.raises(UserError, match="Linje 3: Høje-Taastrup står allerede på linje 1"):
        read_pairs(path)


def test_missing_number(tmp_path):
    path = _write(tmp_path, "w.csv", "Roskilde;1\nKøge;\n")
    with pytest.raises(UserError, match="Linje 2: vægten for Køge mangler"):
        read_pairs(path)


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(UserError, match="tom"):
        read_pairs(_write(tmp_path, "e.csv", "\n\n"))
    with pytest.raises(UserError, match="findes ikke"):
        read_pairs(tmp_path / "nope.csv")


def test_participants_one_per_line_with_header(tmp_path):
    path = _write(tmp_path, "p.csv", "Kommune\nAalborg\nLæsø\nRegion H\n")
    assert read_names(path) == ["Aalborg", "Læsø", "Region Hovedstaden"]


def test_participants_duplicate(tmp_path):
    with pytest.raises(UserError, match="Linje 2: København står allerede på linje 1"):
        read_names(_write(tmp_path, "p.csv", "København\nKøbenhavns Kommune\n"))


def test_participants_empty(tmp_path):
    with pytest.raises(UserError, match="ingen deltagere"):
        read_names(_write(tmp_path, "p.csv", "Kommune\n"))


def test_excel_with_numbers_and_text(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Kommune", "Indbyggere"])
    ws.append(["Roskilde", 90931])
    ws.append(["Køge", "62.848"])
    ws.append(["Lejre", 1.5])
    path = tmp_path / "pop.xlsx"
    wb.save(path)
    assert read_pairs(path) == [("Roskilde", D(90931)), ("Køge", D(62848)), ("Lejre", D("1.5"))]


def test_excel_bad_number_names_the_row(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Kommune", "Vægt"])
    ws.append(["Roskilde", "x"])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    with pytest.raises(UserError, match="Linje 2"):
        read_pairs(path)


def test_pasted_from_a_spreadsheet():
    pasted = "Roskilde\t90.931\r\nKøge\t62.848\r\n"
    assert parse_pasted(pasted) == [("Roskilde", D(90931)), ("Køge", D(62848))]
