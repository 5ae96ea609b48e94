"""The gate for files from outside (kkrdesk/intake.py): paths, sizes, zip bombs, encodings, control characters."""

from __future__ import annotations

import os
import zipfile

import pytest
from openpyxl import Workbook

from kkrdesk import intake
from kkrdesk.errors import UserError

TEXT = "Navn;Titel\r\nSøren Ærø;Borgmester Å\r\nÉmile Müller;Direktør\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252",
                                      "cp850", "latin-1"])
def test_every_encoding_a_danish_list_comes_in_is_read_right(encoding):
    assert intake.decode_text(TEXT.encode(encoding), "liste.csv") == TEXT


def test_binary_data_is_not_text():
    with pytest.raises(UserError, match="ikke en tekstfil"):
        intake.decode_text(b"PK\x03\x04\x00\x00\x14\x00garbage\x00\x00\x01", "liste.csv")


@pytest.fixture
def folder(tmp_path):
    inside = tmp_path / "import"
    (inside / "bilag").mkdir(parents=True)
    (inside / "bilag" / "a.pdf").write_bytes(b"%PDF-1.4 ok")
    (tmp_path / "secret.txt").write_text("hemmelig")
    return inside


def test_a_file_inside_the_folder_is_read(folder):
    assert intake.read_inside(folder, "bilag/a.pdf") == (b"%PDF-1.4 ok", "a.pdf")


@pytest.mark.parametrize("name", ["../secret.txt", "bilag/../../secret.txt", "/etc/passwd", "/proc/self/environ",
                                  "..\\secret.txt", "bilag", "mangler.pdf", "x" * 256, "a\x00b"])
def test_names_that_leave_the_folder_or_are_no_file_are_refused(folder, name):
    with pytest.raises(UserError):
        intake.read_inside(folder, name)


def test_symbolic_links_are_not_followed(folder, tmp_path):
    os.symlink(tmp_path / "secret.txt", folder / "link.pdf")
    os.symlink(tmp_path, folder / "linkdir")
    os.symlink(folder / "bilag" / "a.pdf", folder / "inside-link.pdf")  # even one pointing inside
    for name in ("link.pdf", "linkdir/secret.txt", "inside-link.pdf"):
        with pytest.raises(UserError, match="symbolsk link"):
            intake.read_inside(folder, name)


def test_a_fifo_or_device_is_no_regular_file(folder):
    os.mkfifo(folder / "fifo.pdf")
    with pytest.raises(UserError, match="almindelig fil"):
        intake.read_inside(folder, "fifo.pdf")
    with pytest.raises(UserError, match="almindelig fil"):
        intake.read_file("/dev/zero")


def test_a_file_over_the_limit_is_refused_without_reading_it(folder):
    with open(folder / "stor.pdf", "wb") as f:
        f.truncate(intake.MAX_BILAG_BYTES + 1)  # sparse: no disk used
    with pytest.raises(UserError, match="grænsen"):
        intake.read_inside(folder, "stor.pdf")


def _rewrite_sheet(path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    assert old in parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _workbook(path, rows: int = 1):
    wb = Workbook()
    for n in range(rows):
        wb.active.append([f"navn {n}", n])
    wb.save(path)
    return path


def test_zip_bombs_and_huge_sheets_are_refused_before_loading(tmp_path):
    ratio = _workbook(tmp_path / "ratio.xlsx")
    with zipfile.ZipFile(ratio, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/big.bin", b"\0" * 20 * intake.MB)
    with pytest.raises(UserError, match="zip-bombe"):
        intake.check_xlsx(ratio)
    rows = _workbook(tmp_path / "rows.xlsx")
    _rewrite_sheet(rows, b'<dimension ref="A1:B1" />', b'<dimension ref="A1:XFD1048576" />')
    with pytest.raises(UserError, match="rækker"):
        intake.check_xlsx(rows)
    assert intake.check_xlsx(_workbook(tmp_path / "fine.xlsx")).name == "fine.xlsx"


def test_rows_are_capped_even_when_the_sheet_does_not_declare_them(tmp_path):
    path = _workbook(tmp_path / "lang.xlsx", intake.MAX_ROWS + 5)
    _rewrite_sheet(path, f'<dimension ref="A1:B{intake.MAX_ROWS + 5}" />'.encode(), b"")
    book = intake.open_workbook(path)
    with pytest.raises(UserError, match="mere end"):
        list(intake.sheet_rows(book.worksheets[0], "lang.xlsx"))
    book.close()


def test_control_characters_in_a_name_are_refused():
    assert intake.check_name("Søren Sandahl", "Navnet") == "Søren Sandahl"
    for bad in ("Søren\x07", "A\u202eB"[:1] + "\x1b[31m", "x\ud800"):
        with pytest.raises(UserError, match="kontroltegn"):
            intake.check_name(bad, "Navnet")
