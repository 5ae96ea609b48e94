"""The one gate every file from outside passes before a service sees it (no Qt, no store).

- A file named inside an import folder (a bilag of a meeting file) must resolve inside that folder, through
  no symbolic link, and be a regular file: `read_inside`.
- A file the user names directly must be a regular file (not a folder, a device or /proc): `read_file`.
- Every read has a size limit; an .xlsx (a zip) is checked for its unpacked size, its compression ratio and
  its sheet dimensions before openpyxl unpacks anything, and rows are read up to a cap: `open_workbook`,
  `sheet_rows`.
- Text is decoded by one stated rule: `decode_text`.
- Names from outside may not hold control characters: `check_name`.

Every refusal is a UserError with a Danish message naming the file (and the line or field where there is one).
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

from kkrdesk.errors import UserError

MB = 1024 * 1024
MAX_TEXT_BYTES = 20 * MB  # a member list, a weights file or a meeting file is text of a few KB
MAX_BILAG_BYTES = 500 * MB  # the largest real bilag are scanned reports of some tens of MB
MAX_XLSX_BYTES = 20 * MB
MAX_UNPACKED_BYTES = 100 * MB  # the sum of an .xlsx's parts, unpacked
MAX_RATIO = 100  # real workbooks pack 5-20 times; a zip bomb thousands of times
MAX_ROWS = 20_000  # KKR lists are tens or hundreds of rows; 98 municipalities for a fordelingsnøgle
MAX_COLUMNS = 200
MAX_FIELD_CHARS = 128 * 1024  # one CSV field
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')


def _size_text(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n // 1024} KB"


def _os_error(name: str, exc: OSError) -> UserError:
    return UserError(f"Filen {name} kan ikke læses: {exc.strerror or exc}.")


def _read_fd(fd: int, name: str, max_bytes: int) -> bytes:
    """Read an open descriptor that must be a regular file no larger than max_bytes."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{name} er ikke en almindelig fil (men en mappe, en enhed eller lignende).")
        if info.st_size > max_bytes:
            raise UserError(f"{name} fylder {_size_text(info.st_size)}; grænsen er {_size_text(max_bytes)}.")
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(max_bytes + 1)  # a file that grows while read is still capped
        if len(data) > max_bytes:
            raise UserError(f"{name} fylder mere end grænsen på {_size_text(max_bytes)}.")
        return data
    finally:
        os.close(fd)


def check_file(path: Path | str, max_bytes: int = MAX_TEXT_BYTES) -> Path:
    """The path of a regular file the user named, no larger than max_bytes; a Danish error otherwise."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UserError(f"Filen {path} findes ikke.") from None
    except (OSError, ValueError) as exc:  # a name too long, a NUL in it, no permission
        raise UserError(f"Filen {path.name[:80]} kan ikke åbnes: {getattr(exc, 'strerror', None) or exc}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{path} er ikke en almindelig fil (men en mappe, en enhed eller lignende).")
    if info.st_size > max_bytes:
        raise UserError(f"{path.name} fylder {_size_text(info.st_size)}; grænsen er {_size_text(max_bytes)}.")
    return path


def read_file(path: Path | str, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file the user named (a folder, a device or a FIFO is refused)."""
    path = check_file(path, max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _os_error(path.name, exc) from None
    return _read_fd(fd, path.name, max_bytes)


def read_inside(folder: Path | str, name: str, max_bytes: int = MAX_BILAG_BYTES) -> tuple[bytes, str]:
    """A file named relative to folder (a bilag next to a meeting file): the bytes and the file's own name.

    Refused: absolute names, "..", any symbolic link on the way (the file or a folder), anything but a regular
    file, a name the system cannot hold, and files over max_bytes.
    """
    if not name or "\x00" in name:
        raise UserError("Filnavnet er tomt eller indeholder ugyldige tegn.")
    rel = Path(name.replace("\\", "/"))
    if rel.is_absolute() or rel.drive or any(part == ".." for part in rel.parts):
        raise UserError(f'"{name[:120]}" skal være en sti inde i importmappen (uden ".." og ikke absolut).')
    folder = Path(folder)
    parts = [p for p in rel.parts if p not in ("", ".")]
    if not parts:
        raise UserError(f'"{name[:120]}" er ikke et filnavn.')
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        if nofollow and hasattr(os, "O_DIRECTORY"):
            # Walk component by component with O_NOFOLLOW: no link can lead out, even one made meanwhile.
            dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                for part in parts[:-1]:
                    nxt = os.open(part, os.O_RDONLY | os.O_DIRECTORY | nofollow, dir_fd=dir_fd)
                    os.close(dir_fd)
                    dir_fd = nxt
                fd = os.open(parts[-1], os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0), dir_fd=dir_fd)
            finally:
                os.close(dir_fd)
        else:  # Windows: check each step for a link, then open
            current = folder
            for part in parts:
                current = current / part
                if current.is_symlink() or (hasattr(current, "is_junction") and current.is_junction()):
                    raise OSError(40, "symbolsk link")
            fd = os.open(current, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UserError(f'"{name[:120]}" findes ikke i importmappen.') from None
    except OSError as exc:
        if exc.errno in (40, 20):  # ELOOP (a link with O_NOFOLLOW), ENOTDIR (a link or file on the way)
            raise UserError(f'"{name[:120]}" er et symbolsk link eller går gennem et; det følges ikke.') from None
        raise UserError(f'"{name[:120]}" kan ikke læses: {exc.strerror or exc}.') from None
    return _read_fd(fd, parts[-1], max_bytes), parts[-1]


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a text file as text, by this rule:

    1. a byte order mark decides: UTF-8 (EF BB BF), UTF-16 LE (FF FE) or UTF-16 BE (FE FF);
    2. without one, text with NUL bytes in every other place is UTF-16 without a mark (LE or BE);
    3. otherwise strict UTF-8;
    4. otherwise Windows-1252 (what a Danish Excel saves as CSV) or cp850 (an old DOS export), whichever
       gives more Danish letters (æ ø å é ü, either case); a tie or a byte cp1252 leaves undefined decides
       for cp1252 and cp850 respectively.
    Latin-1 text reads as cp1252 for every Danish letter. Line ends CRLF, CR and LF are all fine.
    Text that still holds NUL bytes is refused as not being text.
    """
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text = data[3:].decode("utf-8")
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        elif len(data) >= 4 and data[1::2].count(0) > len(data) // 4 and data[0::2].count(0) == 0:
            text = data.decode("utf-16-le")
        elif len(data) >= 4 and data[0::2].count(0) > len(data) // 4 and data[1::2].count(0) == 0:
            text = data.decode("utf-16-be")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = _cp1252_or_cp850(data)
    except UnicodeDecodeError as exc:
        raise UserError(f"{name} kan ikke læses som tekst (byte {exc.start}); gem filen som UTF-8.") from None
    if "\x00" in text:
        raise UserError(f"{name} er ikke en tekstfil (den indeholder binære data).")
    return text


_DANISH = set("æøåéüÆØÅÉÜ")


def _cp1252_or_cp850(data: bytes) -> str:
    dos = data.decode("cp850")  # every byte is defined in cp850
    try:
        windows = data.decode("cp1252")
    except UnicodeDecodeError:
        return dos
    score = sum(ch in _DANISH for ch in windows), sum(ch in _DANISH for ch in dos)
    return dos if score[1] > score[0] else windows


def read_text(path: Path | str, max_bytes: int = MAX_TEXT_BYTES) -> str:
    path = Path(path)
    return decode_text(read_file(path, max_bytes), path.name)


def check_name(text: str, field: str) -> str:
    """Text that names something (a person, a municipality, a title) with no control characters."""
    bad = CONTROL_CHARS.search(text)
    if bad:
        raise UserError(f"{field} indeholder et kontroltegn (U+{ord(bad.group()):04X}), som ikke kan bruges i et "
                        "navn.")
    return text


def check_csv_fields(rows: Iterator[list[str]], name: str, first_line: int = 1) -> Iterator[list[str]]:
    """Rows of a csv.reader with its errors as Danish messages naming the line, and a row cap."""
    import csv

    number = first_line - 1
    try:
        for number, row in enumerate(rows, start=first_line):
            if number > MAX_ROWS:
                raise UserError(f"{name} har mere end {MAX_ROWS:,} linjer; del filen op.".replace(",", "."))
            yield row
    except csv.Error as exc:
        detail = f"et felt er længere end {MAX_FIELD_CHARS // 1024} KB" if "field limit" in str(exc) else str(exc)
        raise UserError(f"{name}, linje {number + 1}: kan ikke læses som CSV ({detail}).") from None


def check_xlsx(path: Path | str, max_bytes: int = MAX_XLSX_BYTES) -> Path:
    """Refuse an .xlsx that is no zip, unpacks too large or too many times, or declares too big a sheet.

    Only the zip directory and the first bytes of each sheet are read, so a zip bomb is refused at once.
    """
    path = check_file(path, max_bytes)
    name = path.name
    if not zipfile.is_zipfile(path):
        raise UserError(f"{name} er ikke en Excel-fil (.xlsx er en zip-fil, og det er denne ikke).")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if unpacked > MAX_UNPACKED_BYTES:
                raise UserError(f"{name} fylder {_size_text(unpacked)} udpakket; grænsen er "
                                f"{_size_text(MAX_UNPACKED_BYTES)}. Filen læses ikke.")
            if unpacked > MB and unpacked / packed > MAX_RATIO:
                raise UserError(f"{name} pakker sig {unpacked // packed} gange større ud; det gør et regneark "
                                "ikke (en zip-bombe?). Filen læses ikke.")
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as f:
                        head = f.read(4096)
                    _check_dimension(head, name)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken zip raises many kinds
        raise UserError(f"{name} kan ikke læses som Excel: {exc}") from None
    return path


def _check_dimension(head: bytes, name: str) -> None:
    match = _DIMENSION.search(head)
    if not match or not match.group(4):
        return
    from openpyxl.utils import column_index_from_string

    rows = int(match.group(4)[:12])
    letters = match.group(3).decode("ascii")
    cols = column_index_from_string(letters) if len(letters) <= 3 else MAX_COLUMNS + 1
    if rows > MAX_ROWS or cols > MAX_COLUMNS:
        raise UserError(f"{name} har et ark på {rows:,} rækker og {cols} kolonner; grænsen er {MAX_ROWS:,} rækker "
                        f"og {MAX_COLUMNS} kolonner.".replace(",", "."))


def open_workbook(path: Path | str, *, read_only: bool = True, max_bytes: int = MAX_XLSX_BYTES):
    """An openpyxl workbook (cached values, no macros, no external links) after check_xlsx."""
    path = check_xlsx(path, max_bytes)
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=read_only, data_only=True, keep_vba=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise UserError(f"{path.name} kan ikke læses som Excel: {str(exc)[:200]}") from None


def sheet_rows(ws, name: str) -> Iterator[tuple]:
    """The values of a sheet row by row, at most MAX_ROWS rows and MAX_COLUMNS cells a row (the dimension a
    sheet declares may lie)."""
    try:
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise UserError(f"{name} har mere end {MAX_ROWS:,} rækker; del filen op.".replace(",", "."))
            yield values[:MAX_COLUMNS]
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken sheet part raises many kinds
        raise UserError(f"{name} kan ikke læses som Excel: {str(exc)[:200]}") from None
