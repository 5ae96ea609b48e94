"""Befolkningstal: import Danmarks Statistik's FOLK1A export into the store, and read figures with the store first.

`kkrdesk import population FILE` and Budgetberegnere → "Indlæs befolkningstal …" both call import_population().
It reads what Statistikbanken (statistikbanken.dk, api.statbank.dk) exports for table FOLK1A (the population on
the first day of each quarter) or FOLK1AM (the first day of each month):

- the long CSV of the API: a header row OMRÅDE;TID;INDHOLD (other variables such as KØN or ALDER may stand
  between them; only their totals, "I alt"/"Alder i alt", are read), one row per area and period;
- the matrix export ("Gem som" CSV or Excel): title lines, a header row whose last cells are periods ("2024K1",
  "2025K1" or "2025M01"), then one row per area with its labels first ("Hele landet", "Region Hovedstaden",
  "København" or "101 København"); a blank label repeats the one above, as Statistikbanken prints them.

Semicolon (or tab) separated, UTF-8 with or without BOM or Windows-1252 (decided by kkrdesk.intake), Danish
thousands separators ("1.234.567"). Only 1 January counts: quarter K1 or month M01, the latest year unless one is
chosen. Totals (Hele landet, regions, landsdele) are skipped; names that are no municipality are reported with
their line and do not stop the import; a figure that is not a whole number refuses the file, and nothing is
written.

The figures go into the store's setting table, one row per municipality and date (key
"population:<kommunekode>:<YYYY-MM-DD>", value JSON {"population": n, "source": "..."}), because the shipped
resources/populations.csv is read-only. figures() and population() merge the two: at the same date the store's
figure wins, otherwise the newest date does.

pandas reads the table (imported inside the functions: the window's start must not pay for it) with every cell
as text; numbers are parsed explicitly with the Danish rules, never guessed by pandas.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from kkrdesk.errors import UserError
from kkrdesk.reference import Municipality, PopulationFigure, Region, format_date, format_number, lookup, municipalities

KEY_PREFIX = "population:"
SOURCE = "Danmarks Statistik, {table}"
_PERIOD = re.compile(r"^(\d{4})(K[1-4]|M(?:0[1-9]|1[0-2]))$")
_JANUARY = ("K1", "M01")  # FOLK1A counts on the first day of the quarter, FOLK1AM of the month
_CODE_PREFIX = re.compile(r"^(\d{1,4})\s+(\S.*)$")  # "101 København", "084 Region Hovedstaden"
# Labels of a breakdown's total ("I alt", "Alder i alt", "Køn i alt", "Total", "Alle").
_TOTAL_LABEL = re.compile(r"(^|\s)(i alt|total|alle)$", re.IGNORECASE)
# Area labels that sum municipalities: the country, its landsdele, and anything unplaced.
_AGGREGATE = re.compile(r"^(hele landet|landsdel\b|uoplyst|danmark$)", re.IGNORECASE)
# DST's own area codes for totals: 000 the country, 01-11 landsdele, 081-085 regions.
_AGGREGATE_CODES = {0, *range(1, 12), *range(81, 86), *range(1081, 1086)}
MAX_TEXT = 200  # an unknown name is echoed back at most this long


@dataclass
class PopulationReport:
    """What an import read and would change (a dry run) or changed."""

    year: int
    period: str  # "2025K1"
    source: str
    figures: dict[str, int]  # municipality → inhabitants, in kommunekode order
    changed: list[tuple[str, int | None, int]] = field(default_factory=list)  # (municipality, old, new)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (line, text as written)
    totals: int = 0  # rows skipped as totals (Hele landet, regions, landsdele)
    dry_run: bool = True
    line_word: str = "Linje"  # "Række" in a workbook
    years: list[int] = field(default_factory=list)  # every year the file has 1 January for, oldest first

    @property
    def date(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def to_dict(self) -> dict:
        """The JSON contract of `kkrdesk import population --json` (see its --help)."""
        return {"year": self.year, "date": self.date.isoformat(), "source": self.source,
                "municipalities": len(self.figures),
                "changed": [{"municipality": name, "old": old, "new": new} for name, old, new in self.changed],
                "unknown": [{"line": line, "text": text} for line, text in self.unknown],
                "dry_run": self.dry_run}

    def summary(self) -> str:
        when = f"pr. {format_date(self.date)}"
        if self.dry_run:
            return (f"{len(self.figures)} kommuner læst ({self.source}, {when}); {len(self.changed)} befolkningstal "
                    "ville ændres. Intet er gemt (prøvekørsel).")
        return (f"{len(self.figures)} kommuner læst ({self.source}, {when}); "
                f"{len(self.changed)} befolkningstal er gemt.")


# --- reading the file -----------------------------------------------------------------------------------------


@dataclass
class _Cell:
    line: int
    area: str
    period: str
    raw: str


def _text(value) -> str:
    """A cell as text: Excel's numbers as the digits they show (5992734.0 → "5992734"), never "nan"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_rows(path: Path) -> tuple[list[list[str]], str, str]:
    """Every row of the file as text cells (row i is line i + 1), the word for a line, and the table name
    FOLK1A or FOLK1AM when the file names it."""
    import io

    import pandas as pd

    from kkrdesk import intake

    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UserError(f"Filen {path.name} er i det gamle Excel-format (.xls); gem den som .xlsx eller CSV, "
                        "eller hent den fra Statistikbanken som CSV.")
    if suffix in {".xlsx", ".xlsm"}:
        intake.read_bytes(path, limit=intake.MAX_TABLE_BYTES, what="Filen")  # exists, regular, not too big
        intake.check_workbook(path, what="Filen")
        try:
            # dtype=object, not str: a workbook's cells are typed already, and str() would turn 5992734.0 into
            # "5992734.0", which the Danish rules read as 59.927.340. _text() gives the digits instead.
            frame = pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine="openpyxl",
                                  nrows=intake.MAX_SHEET_ROWS)
        except Exception as exc:  # noqa: BLE001 - openpyxl and pandas raise many kinds for a broken workbook
            raise UserError(f"Filen {path.name} kan ikke læses som Excel ({type(exc).__name__}).") from None
        rows = [[_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        word = "Række"
        title = " ".join(" ".join(r) for r in rows[:3])
    else:
        text = intake.read_text(path, what="Filen")
        intake.check_lines(text, what="Filen")
        if "\x00" in text:
            raise UserError(f"Filen {path.name} indeholder nul-tegn og er ikke en tekstfil.")
        sample = text[:8192]
        delimiter = ";" if ";" in sample else ("\t" if "\t" in sample else ",")
        lines = text.split("\n")
        width = max((line.count(delimiter) for line in lines), default=0) + 1
        if width > intake.MAX_SHEET_COLUMNS:
            raise UserError(f"Filen {path.name} har {width} kolonner; højst {intake.MAX_SHEET_COLUMNS} kan indlæses.")
        try:
            # Every cell as text, nothing guessed: "0101" stays "0101", ".." stays "..", 1.234 stays "1.234".
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=list(range(width)), dtype=str,
                                keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c")
        except (pd.errors.ParserError, ValueError, OverflowError) as exc:
            raise UserError(f"Filen {path.name} kan ikke læses som CSV ({str(exc).splitlines()[0][:120]}).") from None
        rows = [[_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        word = "Linje"
        title = "\n".join(lines[:3])
    table = "FOLK1AM" if "FOLK1AM" in title.upper() else "FOLK1A"
    return rows, word, table


def _fold(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def _long_header(row: list[str]) -> dict[str, int] | None:
    """OMRÅDE;TID;INDHOLD (the API's long CSV): their columns, or None."""
    folded = [_fold(c) for c in row]
    wanted = {"område": "area", "tid": "period", "indhold": "value"}
    found = {wanted[c]: i for i, c in enumerate(folded) if c in wanted}
    return found if len(found) == 3 else None


def _cells(rows: list[list[str]], word: str) -> list[_Cell]:
    """One cell per area, period and breakdown total, from either layout."""
    for index, row in enumerate(rows[:50]):
        header = _long_header(row)
        if header is not None:
            return _long_cells(rows, index, header, word)
        periods = [i for i, c in enumerate(row) if _PERIOD.match(c)]
        if periods:
            return _matrix_cells(rows, index, periods, word)
    raise UserError("Filen ligner ikke en tabel fra Statistikbanken: der er hverken en overskrift OMRÅDE;TID;INDHOLD "
                    "eller en række med perioder som 2025K1 i de første 50 linjer. Hent tabel FOLK1A med område "
                    "i rækkerne og tid i kolonnerne.")


def _keep_totals(rows: list[list[str]], columns: list[int]) -> list[bool]:
    """Per row: does it hold the total of every breakdown other than area and time (køn, alder, civilstand)?
    A breakdown with one value (only "I alt" chosen) keeps every row."""
    keep = [True] * len(rows)
    for c in columns:
        values = {r[c] for r in rows}
        if len(values) <= 1:
            continue
        for i, r in enumerate(rows):
            if not _TOTAL_LABEL.search(r[c].strip()):
                keep[i] = False
    return keep


def _long_cells(rows, index: int, header: dict[str, int], word: str) -> list[_Cell]:
    others = [i for i, c in enumerate(rows[index]) if c.strip() and i not in header.values()]
    data = [(n + 1, r) for n, r in enumerate(rows) if n > index and any(c.strip() for c in r)]
    keep = _keep_totals([r for _, r in data], others)
    out = []
    for (line, r), kept in zip(data, keep, strict=True):
        if not kept:
            continue
        period = r[header["period"]].strip()
        if not _PERIOD.match(period):
            raise UserError(f"{word} {line}: \"{period[:40]}\" er ikke en periode som 2025K1.")
        out.append(_Cell(line, r[header["area"]], period, r[header["value"]]))
    return out


def _matrix_cells(rows, index: int, periods: list[int], word: str) -> list[_Cell]:
    header = rows[index]
    labels = list(range(periods[0]))
    if not labels:
        raise UserError(f"{word} {index + 1}: perioderne står i første kolonne; hent tabellen med område i rækkerne "
                        "og tid i kolonnerne.")
    names = [header[i] for i in periods]
    if len(set(names)) != len(names):
        raise UserError(f"{word} {index + 1}: samme periode står i flere kolonner (tabellen er delt op efter mere "
                        "end tid i kolonnerne); lad kun tid stå i kolonnerne.")
    data = []
    last = [""] * len(labels)
    for n, r in enumerate(rows):
        if n <= index or not any(r[i].strip() for i in periods):
            continue  # title, header, footnotes and blank lines carry no figures
        # A blank label repeats the one above (Statistikbanken prints a group's label once).
        last = [r[i].strip() or last[k] for k, i in enumerate(labels)]
        data.append((n + 1, last, r))
    if not data:
        return []
    area = max(range(len(labels)), key=lambda k: sum(_classify(d[1][k])[0] != "unknown" for d in data))
    keep = _keep_totals([d[1] for d in data], [k for k in range(len(labels)) if k != area])
    return [_Cell(line, label_row[area], header[i], r[i])
            for (line, label_row, r), kept in zip(data, keep, strict=True) if kept for i in periods]


def _classify(text: str) -> tuple[str, Municipality | None]:
    """("municipality", m), ("total", None) or ("unknown", None) for an area label."""
    name = " ".join(text.replace("\ufeff", "").split())
    code = None
    if name.isdigit():
        code = int(name)
    else:
        prefixed = _CODE_PREFIX.match(name)
        if prefixed:
            code, name = int(prefixed.group(1)), prefixed.group(2)
    if not name:
        return "unknown", None
    found = lookup(name) if not name.isdigit() else None
    if found is None and code is not None:
        found = next((m for m in municipalities() if m.code == code), None)
        if found is None and code in _AGGREGATE_CODES:
            return "total", None
    if isinstance(found, Municipality):
        return "municipality", found
    if isinstance(found, Region) or _AGGREGATE.match(name):
        return "total", None
    return "unknown", None


def _whole(raw: str) -> int | None:
    from kkrdesk.reference import parse_number

    try:
        value = parse_number(raw)
    except (ValueError, ArithmeticError):
        return None
    return int(value) if value == value.to_integral_value() and value >= 0 else None


def read_population(path: Path | str, *, year: int | None = None) -> PopulationReport:
    """The municipalities' figures for 1 January of `year` (else the latest year in the file), refusing the file
    in Danish if it cannot be read; nothing is looked up in the store yet."""
    path = Path(path)
    rows, word, table = _read_rows(path)
    cells = _cells(rows, word)
    years: dict[int, str] = {}
    for cell in cells:
        m = _PERIOD.match(cell.period)
        if m and m.group(2) in _JANUARY:
            years[int(m.group(1))] = cell.period
    if any("M" in c.period for c in cells):
        table = "FOLK1AM"
    if not years:
        shown = sorted({c.period for c in cells})
        raise UserError("Filen har ingen tal for 1. januar (1. kvartal, K1, eller januar, M01)"
                        + (f"; den har {', '.join(shown[:6])}." if shown else ".")
                        + " Vælg 1. kvartal i Statistikbanken.")
    if year is None:
        year = max(years)
    elif year not in years:
        raise UserError(f"Filen har ikke tal for 1. januar {year}; den har {', '.join(map(str, sorted(years)))}.")
    period = years[year]
    report = PopulationReport(year=year, period=period, source=SOURCE.format(table=table), figures={},
                              line_word=word, years=sorted(years))
    errors: list[str] = []
    found: dict[str, tuple[int, int]] = {}  # municipality → (line, inhabitants)
    for cell in cells:
        if cell.period != period:
            continue
        kind, municipality = _classify(cell.area)
        if kind == "total":
            report.totals += 1
            continue
        if kind == "unknown":
            report.unknown.append((cell.line, " ".join(cell.area.split())[:MAX_TEXT]))
            continue
        value = _whole(cell.raw)
        if value is None:
            shown_raw = cell.raw.strip()[:40] or "tom"
            errors.append(f"{word} {cell.line}: befolkningstallet for {municipality.name} i {period} er ikke et "
                          f"helt tal ({shown_raw}).")
            continue
        earlier = found.get(municipality.name)
        if earlier is not None and earlier[1] != value:
            errors.append(f"{word} {cell.line}: {municipality.name} står også i {word.lower()} {earlier[0]} med et "
                          f"andet tal for {period} ({format_number(earlier[1])} og {format_number(value)}).")
            continue
        found.setdefault(municipality.name, (cell.line, value))
    if errors:
        raise UserError("Filen kan ikke indlæses; intet er gemt.", details=errors[:20])
    if not found:
        raise UserError(f"Filen har ingen kommuner med et befolkningstal for {period}.")
    report.figures = {m.name: found[m.name][1] for m in municipalities() if m.name in found}
    return report


# --- the store ------------------------------------------------------------------------------------------------


def _key(code: int, date: dt.date) -> str:
    return f"{KEY_PREFIX}{code}:{date.isoformat()}"


def stored_figures(session) -> dict[str, list[PopulationFigure]]:
    """The store's imported figures: municipality → figures, oldest first."""
    from kkrdesk.models import Setting

    by_code = {m.code: m.name for m in municipalities()}
    out: dict[str, list[PopulationFigure]] = {}
    for setting in session.scalars(select(Setting).where(Setting.key.like(f"{KEY_PREFIX}%"))):
        try:
            _, code, date = setting.key.split(":")
            value = json.loads(setting.value)
            figure = PopulationFigure(by_code[int(code)], int(value["population"]), str(value["source"]),
                                      dt.date.fromisoformat(date))
        except (ValueError, KeyError, TypeError):
            continue  # a hand-edited row is no reason to refuse every population
        out.setdefault(figure.name, []).append(figure)
    return {name: sorted(figs, key=lambda f: f.date) for name, figs in out.items()}


def figures(store) -> dict[str, list[PopulationFigure]]:
    """The imported figures of a store (for reference.population(..., extra=...))."""
    with store.session() as s:
        return stored_figures(s)


def population(store, name: str, on: dt.date | None = None) -> PopulationFigure | None:
    """The newest figure for a municipality (on or before `on`), the store's imported ones first."""
    from kkrdesk.reference import population as reference_population

    return reference_population(name, on=on, extra=figures(store) if store is not None else None)


def import_population(store, path: Path | str, *, year: int | None = None, dry_run: bool = False,
                      report: PopulationReport | None = None) -> PopulationReport:
    """Read the file (or take an already read `report`), compare with the figures in use, and store every changed
    figure in one transaction; a dry run only says what would change."""
    from kkrdesk.models import Setting
    from kkrdesk.reference import population as reference_population

    if report is None:
        report = read_population(path, year=year)
    report.dry_run = dry_run
    report.changed = []
    date = report.date
    by_name = {m.name: m for m in municipalities()}
    # immediate: the comparison and the writes hold one write lock, so a second import cannot interleave.
    with store.session(immediate=not dry_run, dry_run=dry_run) as s:
        extra = stored_figures(s)
        for name, new in report.figures.items():
            current = reference_population(name, on=date, extra=extra)
            old = current.population if current is not None and current.date == date else None
            if old != new:
                report.changed.append((name, old, new))
        if dry_run:
            return report
        for name, _old, new in report.changed:
            key = _key(by_name[name].code, date)
            value = json.dumps({"population": new, "source": report.source}, ensure_ascii=False)
            setting = s.get(Setting, key)
            if setting is None:
                s.add(Setting(key=key, value=value))
            else:
                setting.value = value
    if report.changed:
        store.notify({"populations"})
    return report
