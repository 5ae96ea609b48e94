"""Read weights, populations, agreed amounts and participant lists from CSV or Excel files.

A file has a name column and a number column (participants: names only). CSV may be separated by ";", ","
or tabs, in UTF-8 or the Windows encoding Danish Excel writes; a header row is optional and detected.
Numbers are read the Danish way (parse_number), names go through the municipality resolver, and every
error names the line it is on.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kkrdesk.calc.calculators import canonical_name
from kkrdesk.errors import UserError

NAME_HEADERS = {"navn", "name", "kommune", "kommuner", "deltager", "deltagere", "part", "parter", "region"}
NUMBER_HEADERS = {"vægt", "vægte", "weight", "indbyggere", "indbyggertal", "befolkning", "population",
                  "beløb", "aftalt", "original", "amount", "antal", "andel", "nøgle", "kr", "kr."}


@dataclass(frozen=True)
class Line:
    number: int  # line in the CSV file or row in the sheet, as the user sees it
    cells: tuple[str | Decimal, ...]


def _delimiter(text: str) -> str:
    sample = [line for line in text.splitlines()[:20] if line.strip()]
    joined = "\n".join(sample)
    if ";" in joined:
        return ";"  # Danish Excel's own CSV; "," is then a decimal mark
    if "\t" in joined:
        return "\t"
    return ","


def read_text_lines(text: str) -> list[Line]:
    """Lines of delimited text (also what is pasted from a spreadsheet: tab-separated)."""
    from kkrdesk import intake

    intake.check_lines(text, what="Tabellen")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    lines = []
    try:
        for number, cells in enumerate(reader, start=1):
            cleaned = tuple(c.replace("\u00a0", " ").strip() for c in cells)
            if any(cleaned):
                lines.append(Line(number, cleaned))
    except csv.Error as exc:
        raise UserError(f"Linje {reader.line_num}: kan ikke læses: {intake.csv_problem(exc)}.") from None
    return lines


def _xlsx_lines(path: Path) -> list[Line]:
    from openpyxl import load_workbook

    from kkrdesk import intake

    intake.check_workbook(path, what="Excel-filen")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise UserError(f"Excel-filen {path.name} kan ikke læses ({type(exc).__name__}).") from None
    try:
        ws = wb.worksheets[0]
        lines = []
        rows = ws.iter_rows(max_row=intake.MAX_SHEET_ROWS, max_col=intake.MAX_SHEET_COLUMNS, values_only=True)
        for number, values in _numbered_rows(rows, path):
            cells = []
            for v in values:
                if v is None:
                    cells.append("")
                elif isinstance(v, bool):
                    cells.append(str(v))
                elif isinstance(v, int):
                    cells.append(Decimal(v))
                elif isinstance(v, float):
                    if v != v or v in (float("inf"), float("-inf")):
                        raise UserError(f"Excel-filen {path.name}, række {number}: en celle er ikke et tal "
                                        f"({v}).")
                    cells.append(Decimal(repr(v)))
                else:
                    cells.append(str(v).replace("\u00a0", " ").strip())
            if any(c != "" for c in cells):
                lines.append(Line(number, tuple(cells)))
        return lines
    finally:
        wb.close()


def _numbered_rows(rows, path: Path):
    """(row number, values); a cell openpyxl cannot read ("NaN" where a number should be) names its row."""
    number = 0
    while True:
        number += 1
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - a damaged part (zlib.error, BadZipFile) or an unreadable cell
            raise UserError(f"Excel-filen {path.name}, række {number}: en celle er ikke et tal, der kan læses "
                            f"({exc}).") from None
        yield number, values


def read_lines(path: Path | str) -> list[Line]:
    from kkrdesk import intake

    path = Path(path)
    if path.suffix.lower() == ".xls":
        raise UserError(f"{path.name} er i det gamle Excel-format (.xls). Gem filen som .xlsx eller CSV.")
    data = intake.read_bytes(path, limit=intake.MAX_TABLE_BYTES)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_lines(path)
    return read_text_lines(intake.decode(data))


MAX_AMOUNT = Decimal(10) ** 15  # a thousand billion kroner: beyond any KKR budget, well inside Decimal's precision


def checked_amount(value: Decimal, what: str) -> Decimal:
    """`value` when it is a finite number below MAX_AMOUNT; a Danish refusal otherwise (1e30 would overflow the
    rounding, NaN and infinity are no amounts)."""
    if not value.is_finite() or abs(value) >= MAX_AMOUNT:
        raise UserError(f"{what} er ikke et brugbart tal ({value}); beløb og vægte skal være under 1.000 mia.")
    return value


def _number(cell) -> Decimal | None:
    """The cell as a number, or None when it is not one."""
    if isinstance(cell, Decimal):
        return cell
    from kkrdesk.reference import parse_number

    text = str(cell).strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except (ValueError, ArithmeticError):
        return None


def _name(raw: str, line: int) -> str:
    from kkrdesk import intake

    return intake.clean(raw, f"Linje {line}: navnet", limit=200, lines=False)


def _is_header(line: Line) -> bool:
    words = {str(c).strip().casefold().rstrip(":") for c in line.cells if not isinstance(c, Decimal)}
    if words & (NAME_HEADERS | NUMBER_HEADERS):
        return True
    # No cell is a number and the first is no municipality: the line names the columns. A known name with
    # a bad number ("Albertslund;abc") is data, so its error is reported with the line number.
    filled = [c for c in line.cells if c != ""]
    if len(filled) < 2 or any(_number(c) is not None for c in filled):
        return False
    from kkrdesk.reference import is_known

    return not is_known(str(filled[0]))


def _columns(lines: list[Line], header: Line | None) -> tuple[int, int]:
    """(name column, number column): by header words, else the first text column and the next number one."""
    width = max(len(line.cells) for line in lines)
    name_col = number_col = None
    if header is not None:
        for i, cell in enumerate(header.cells):
            word = str(cell).strip().casefold().rstrip(":")
            if name_col is None and word in NAME_HEADERS:
                name_col = i
            elif number_col is None and word in NUMBER_HEADERS:
                number_col = i
    if name_col is None:
        for i in range(width):
            texts = [line.cells[i] for line in lines if i < len(line.cells) and line.cells[i] != ""]
            if texts and sum(_number(c) is None for c in texts) * 2 > len(texts):
                name_col = i
                break
        else:
            name_col = 0
    if number_col is None:
        candidates = [i for i in range(width) if i != name_col]
        after = [i for i in candidates if i > name_col] + [i for i in candidates if i < name_col]
        for i in after:
            values = [line.cells[i] for line in lines if i < len(line.cells) and line.cells[i] != ""]
            if values and sum(_number(c) is not None for c in values) * 2 >= len(values):
                number_col = i
                break
        else:
            number_col = after[0] if after else None
    if number_col is None:
        raise UserError("Filen har kun én kolonne; der skal være en kolonne med navne og en med tal.")
    return name_col, number_col


def _split_header(lines: list[Line], path_name: str) -> tuple[Line | None, list[Line]]:
    if not lines:
        raise UserError(f"{path_name} er tom.")
    if _is_header(lines[0]):
        return lines[0], lines[1:]
    return None, lines


def pairs_from_lines(lines: list[Line], what: str = "vægten",
                     source: str = "Filen") -> list[tuple[str, Decimal]]:
    """(canonical name, number) per line; bad numbers, missing names and duplicates name their line."""
    header, data = _split_header(lines, source)
    if not data:
        raise UserError(f"{source} har ingen rækker med navne og tal.")
    name_col, number_col = _columns(data, header)
    pairs: list[tuple[str, Decimal]] = []
    seen: dict[str, int] = {}
    for line in data:
        cells = line.cells
        raw_name = str(cells[name_col]).strip() if name_col < len(cells) else ""
        raw_value = cells[number_col] if number_col < len(cells) else ""
        if not raw_name:
            raise UserError(f"Linje {line.number}: navnet mangler.")
        name = canonical_name(_name(raw_name, line.number))
        if raw_value == "":
            raise UserError(f"Linje {line.number}: {what} for {name} mangler.")
        value = _number(raw_value)
        if value is None:
            raise UserError(f"Linje {line.number}: {what} for {name} er ikke et tal: '{raw_value}'.")
        checked_amount(value, f"Linje {line.number}: {what} for {name}")
        key = name.casefold()
        if key in seen:
            raise UserError(f"Linje {line.number}: {name} står allerede på linje {seen[key]}.")
        seen[key] = line.number
        pairs.append((name, value))
    return pairs


def names_from_lines(lines: list[Line], source: str = "Filen") -> list[str]:
    """Participants: the first non-empty cell of each line; a header line (Navn, Kommune …) is skipped."""
    if lines and str(lines[0].cells[0]).strip().casefold().rstrip(":") in NAME_HEADERS:
        lines = lines[1:]
    names: list[str] = []
    seen: dict[str, int] = {}
    for line in lines:
        raw = next((str(c).strip() for c in line.cells if str(c).strip()), "")
        if not raw:
            continue
        name = canonical_name(_name(raw, line.number))
        key = name.casefold()
        if key in seen:
            raise UserError(f"Linje {line.number}: {name} står allerede på linje {seen[key]}.")
        seen[key] = line.number
        names.append(name)
    if not names:
        raise UserError(f"{source} indeholder ingen deltagere.")
    return names


def read_pairs(path: Path | str, what: str = "vægten") -> list[tuple[str, Decimal]]:
    """A name column and a number column from CSV or Excel."""
    path = Path(path)
    return pairs_from_lines(read_lines(path), what, source=path.name)


def read_names(path: Path | str) -> list[str]:
    path = Path(path)
    return names_from_lines(read_lines(path), source=path.name)


def parse_pasted(text: str, what: str = "vægten") -> list[tuple[str, Decimal]]:
    """Rows pasted from a spreadsheet (tab-separated) or typed as "Navn; tal"."""
    return pairs_from_lines(read_text_lines(text), what, source="Det indsatte")
