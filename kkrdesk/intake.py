"""The one gate for files from outside (issue 12.8–12.12): every import reads through here before a service
sees a byte of it.

- Paths named inside an import file resolve inside its folder: no absolute paths, no "..", no symbolic link
  anywhere on the way (each component is lstat'ed, the file opened with O_NOFOLLOW), regular files only.
- Sizes are limited before reading, and a workbook's decompressed size, compression ratio and sheet
  dimensions are checked before openpyxl loads it (a 310 KB zip bomb would otherwise grow to gigabytes).
- Text is decoded by a stated rule: a byte-order mark decides (UTF-8, UTF-16 LE/BE); else strict UTF-8; else
  UTF-16 without a mark when every other byte is NUL; else the Windows code page 1252 or the old DOS code page
  850, whichever reads more Danish letters (æ ø å) — 1252 when equal, latin-1 never fails beyond that.
- Names and short fields refuse control characters and lone surrogates with the field named.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from kkrdesk.errors import UserError

MB = 1024 * 1024
MAX_BILAG_BYTES = 200 * MB  # one bilag file (a scanned bundle of a few hundred pages is well under)
MAX_TABLE_BYTES = 20 * MB  # a member list, a weights table, a population table, a returned form
MAX_JSON_BYTES = 50 * MB  # a kkrdesk-meeting/1 file (its bilag are separate files)
MAX_UNZIPPED_BYTES = 100 * MB  # everything inside one workbook, decompressed
MAX_ZIP_RATIO = 200  # decompressed : compressed for one workbook part; real sheets stay far below
MAX_ZIP_MEMBERS = 2000
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 500
MAX_LINES = 20_000  # a pasted or imported text list (a KKR list has tens of lines)
MAX_FIELD_CHARS = 10_000

_DANISH = set("æøåÆØÅ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _size_text(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


# -- paths -----------------------------------------------------------------------------------------------------

def inside(folder: Path | str, name: str, *, what: str = "Filen") -> Path:
    """The regular file `name` names inside `folder`, refusing absolute paths, "..", symbolic links on the way
    and anything that is not a regular file."""
    folder = Path(folder)
    rel = Path(name)
    if not name or rel.is_absolute() or rel.drive or name.startswith(("/", "\\")):
        raise UserError(f'{what} "{name}" skal være en sti i forhold til importfilens mappe.')
    if any(part in ("..", "") for part in rel.parts) or "\\.." in name or "../" in name.replace("\\", "/"):
        raise UserError(f'{what} "{name}" peger uden for importfilens mappe.')
    if not rel.parts or rel.parts == (".",):  # "." or "./" names the folder itself, not a file
        raise UserError(f'{what} "{name}" er ikke et filnavn.')
    current = folder
    for part in rel.parts:
        current = current / part
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            raise UserError(f'{what} "{name}" findes ikke i importfilens mappe.') from None
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                raise UserError(f'{what}s navn er for langt ("{name[:40]}…").') from None
            raise UserError(f'{what} "{name}" kan ikke læses: {exc.strerror or exc}.') from None
        if stat.S_ISLNK(st.st_mode):
            raise UserError(f'{what} "{name}" er et symbolsk link; kun almindelige filer i mappen kan indlæses.')
    if not stat.S_ISREG(st.st_mode):
        raise UserError(f'{what} "{name}" er ikke en almindelig fil.')
    return current


def read_bytes(path: Path | str, *, limit: int, what: str = "Filen") -> bytes:
    """A regular file's bytes, at most `limit` of them (a Danish refusal above), not following a symbolic link
    in the last component."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UserError(f"{what} {path.name} findes ikke.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UserError(f"{what} {path.name} er et symbolsk link; vælg selve filen.") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise UserError(f"{what}s navn er for langt.") from None
        raise UserError(f"{what} {path.name} kan ikke læses: {exc.strerror or exc}.") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"{what} {path.name} er ikke en almindelig fil.")
        if st.st_size > limit:
            raise UserError(f"{what} {path.name} er for stor ({_size_text(st.st_size)}; højst {_size_text(limit)}).")
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > limit:  # a file that grows while read, or a special file that lies about its size
                raise UserError(f"{what} {path.name} er for stor (højst {_size_text(limit)}).")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


# -- text ------------------------------------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """Text by the rule in the module docstring; CRLF and CR become LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _legacy(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _legacy(data: bytes) -> str:
    sample = data[:4000]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:  # UTF-16 without a byte-order mark
        return data.decode("utf-16-le", errors="replace")
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return data.decode("utf-16-be", errors="replace")
    candidates = []
    for codec in ("cp1252", "cp850"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((sum(ch in _DANISH for ch in text), codec == "cp1252", text))
    if candidates:
        return max(candidates, key=lambda c: (c[0], c[1]))[2]
    return data.decode("latin-1")


def read_text(path: Path | str, *, limit: int = MAX_TABLE_BYTES, what: str = "Filen") -> str:
    return decode(read_bytes(path, limit=limit, what=what))


def csv_problem(exc: Exception) -> str:
    """csv's error in Danish: the one a hostile file meets is a field beyond its 128 KB limit."""
    text = str(exc)
    if "field larger than field limit" in text:
        return "et felt er længere end 128 KB"
    if "NUL" in text or "null byte" in text:
        return "filen indeholder nul-tegn og er ikke en tekstfil"
    return f"forkert opbygget CSV ({text})"


def check_lines(text: str, *, what: str = "Listen", limit: int = MAX_LINES) -> None:
    count = text.count("\n") + 1
    if count > limit:
        raise UserError(f"{what} har {count:,} linjer; højst {limit:,} kan indlæses ad gangen. Del den op."
                        .replace(",", "."))


def clean(value: str, field: str, *, limit: int = MAX_FIELD_CHARS, lines: bool = True) -> str:
    """A text field from outside: no control characters (tab and newline allowed where `lines`), no lone
    surrogates, at most `limit` characters."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise UserError(f"{field}: indeholder ugyldige tegn (en halv UTF-16-tegnkode).")
    bad = _CONTROL.search(value) if lines else re.search(r"[\x00-\x1f\x7f]", value)
    if bad:
        raise UserError(f"{field}: indeholder et styretegn (kode {ord(bad.group()):#04x}), som ikke kan gemmes.")
    if len(value) > limit:
        raise UserError(f"{field}: er for lang ({len(value):,} tegn; højst {limit:,}).".replace(",", "."))
    return value


# -- workbooks -------------------------------------------------------------------------------------------------

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def check_workbook(path: Path | str, *, what: str = "Regnearket") -> Path:
    """Refuse, before openpyxl loads it, a workbook that is too big once unpacked, packed suspiciously tightly
    (a zip bomb) or declares sheets beyond the limits; returns the path when it may be loaded."""
    path = Path(path)
    read_bytes_limit = MAX_TABLE_BYTES
    size = os.stat(path).st_size if path.exists() else 0
    if size > read_bytes_limit:
        raise UserError(f"{what} {path.name} er for stor ({_size_text(size)}; højst {_size_text(read_bytes_limit)}).")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise UserError(f"{what} {path.name} har for mange dele ({len(members)}).")
            total = sum(m.file_size for m in members)
            if total > MAX_UNZIPPED_BYTES:
                raise UserError(f"{what} {path.name} fylder {_size_text(total)} udpakket; højst "
                                f"{_size_text(MAX_UNZIPPED_BYTES)} kan indlæses.")
            for m in members:
                if m.file_size > 1 * MB and m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1):
                    raise UserError(f"{what} {path.name} er pakket mistænkeligt tæt ({m.filename}: "
                                    f"{_size_text(m.file_size)} udpakket); det indlæses ikke.")
            for m in members:
                if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml"):
                    with archive.open(m) as f:
                        head = f.read(4096)
                    found = _DIMENSION.search(head)
                    if found and found.group(4):
                        rows = int(found.group(4))
                        cols = _column_number(found.group(3))
                        if rows > MAX_SHEET_ROWS or cols > MAX_SHEET_COLUMNS:
                            raise UserError(
                                f"{what} {path.name} har et ark på {rows:,} rækker og {cols} kolonner; højst "
                                f"{MAX_SHEET_ROWS:,} rækker og {MAX_SHEET_COLUMNS} kolonner kan indlæses."
                                .replace(",", "."))
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise UserError(f"{what} {path.name} er ikke et Excel-regneark (.xlsx), eller det er beskadiget.") from None
    except (OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise UserError(f"{what} {path.name} kan ikke læses ({exc}).") from None
    return path
