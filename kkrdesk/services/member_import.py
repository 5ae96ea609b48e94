"""Member lists as the papers print them, and as Excel/CSV sheets: parse, preview, import in one transaction.

Text formats (DOMAIN.md §1, kkr-hovedstaden-2022-bilag.txt 4413–4599, kkr-hovedstaden-2025-bilag.txt 4400–4422):
    – Eik Møller, kommunaldirektør, Ballerup Kommune (formand)      dash list: name, title …, organisation
    1) Direktør Stella Hansen, Helsingør (formand)                   numbered list: title name, organisation
    Henrik Abildtrup (formand) Direktør Rødovre Kommune              flattened table after a "Navn …" header
Sub-list headings ("Indsupplerede medlemmer:", "KKR-sekretariat:") set the role of the items that follow; a
role in parentheses overrides it. A bullet item may run over several lines (PDF line breaks); a list ends at
an item that ends with a full stop. Parsing never touches the store; `import_members` validates everything
and then writes all rows or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from kkrdesk.errors import UserError
from kkrdesk.reference import is_known, normalise_text, parse_date, resolve
from kkrdesk.services.member_rules import (
    blanks_to_fill,
    end_before_start,
    formand_taken,
    is_current,
    organisation_key,
)
from kkrdesk.store import Store, sql_date
from kkrdesk.store.errors import ConflictError

# --- vocabulary ---------------------------------------------------------------------------------------------

TITLE_WORDS = {
    "borgmester", "viceborgmester", "rådmand", "udvalgsformand", "regionsrådsformand", "regionsrådsmedlem",
    "kommunalbestyrelsesmedlem", "byrådsmedlem", "rektor", "prorektor", "chef", "direktør", "leder",
    "konsulent", "fuldmægtig", "sekretær", "koordinator", "rådgiver", "specialist", "medarbejder",
}
# A compound ending in one of these is a title too: kommunaldirektør, sundhedschef, chefkonsulent, projektleder.
TITLE_SUFFIXES = ("direktør", "chef", "konsulent", "leder", "rådgiver", "koordinator", "fuldmægtig",
                  "sekretær", "borgmester", "rådmand")
# Words that may stand before a title: "konstitueret kommunaldirektør", "teknisk direktør".
TITLE_MODIFIERS = {"konstitueret", "kst.", "fungerende", "teknisk", "administrerende", "adm.", "økonomisk",
                   "vicedirektør", "senior"}

ROLE_ALIASES = {
    "formand": "formand", "forperson": "formand", "forkvinde": "formand",
    "næstformand": "næstformand", "næstforperson": "næstformand", "viceformand": "næstformand",
    "medlem": "medlem", "medlemmer": "medlem",
    "indsuppleret": "indsuppleret medlem", "indsuppleret medlem": "indsuppleret medlem",
    "indsupplerede medlemmer": "indsuppleret medlem", "indsupplerede": "indsuppleret medlem",
    "observatør": "observatør", "observatører": "observatør",
    "stedfortræder": "stedfortræder", "stedfortrædere": "stedfortræder", "suppleant": "stedfortræder",
    "suppleanter": "stedfortræder",
    "sekretariat": "sekretariat", "kkr-sekretariat": "sekretariat", "kkr-sekretariatet": "sekretariat",
    "sekretariatet": "sekretariat", "sekretariatsbetjening": "sekretariat",
}
# Sub-list headings as the papers print them; the text is compared without colon, full stop and years.
HEADING_ROLES = {
    **{k: v for k, v in ROLE_ALIASES.items() if k not in {"indsuppleret", "formand", "næstformand"}},
    "udvalgets sammensætning": "medlem", "sammensætning": "medlem", "styregruppens sammensætning": "medlem",
    "gruppens sammensætning": "medlem", "bestyrelsens sammensætning": "medlem",
    "formand": "formand", "næstformand": "næstformand", "formandskab": "formand",
}
PARTIES = set("ABCDFIKMOVÆØÅ")

# How a list prints each role: the main list carries formand/næstformand in parentheses, the rest are sub-lists.
MAIN_ROLES = ("formand", "næstformand", "medlem")
SUBLIST_HEADINGS = {
    "indsuppleret medlem": "Indsupplerede medlemmer:",
    "observatør": "Observatører:",
    "stedfortræder": "Stedfortrædere:",
    "sekretariat": "KKR-sekretariat:",
}

COLUMN_ALIASES = {
    "name": {"navn", "name", "medlem", "fulde navn"},
    "title": {"titel", "stilling", "title", "stillingsbetegnelse"},
    "organisation": {"organisation", "kommune", "organization", "arbejdssted", "myndighed", "institution"},
    "role": {"rolle", "funktion", "role", "hverv"},
    "party": {"parti", "party"},
    "start": {"fra", "start", "startdato", "udpeget fra", "fra dato"},
    "end": {"til", "slut", "slutdato", "udpeget til", "til dato"},
    "email": {"e-mail", "email", "mail"},
    "phone": {"telefon", "tlf", "tlf.", "mobil"},
    "on_behalf_of": {"på vegne af", "udpeget for", "repræsenterer"},
}

_BULLET = re.compile(r"^(?:[-–—•·*▪●◦‣■□➢►]|\d{1,3}[).]|[a-zæøå]\))\s*")
_PAREN = re.compile(r"\(\s*([^()]*?)\s*\)")
_DIGIT = re.compile(r"\d")
_YEARS = re.compile(r"\s*\d{4}\s*[-–]\s*\d{2,4}\s*$")


@dataclass
class MemberRow:
    name: str
    title: str | None = None
    organisation: str | None = None
    role: str = "medlem"
    party: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    email: str | None = None
    phone: str | None = None
    on_behalf_of: str | None = None
    line: int = 0

    def to_dict(self) -> dict:
        """The public preview row (CLI contract): name, title, organisation, role."""
        return {"name": self.name, "title": self.title, "organisation": self.organisation, "role": self.role}

    def key(self) -> tuple:
        return (self.name, self.title, self.organisation, self.role, self.party)


@dataclass
class ParseResult:
    rows: list[MemberRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Lines read as a title rather than a member ("Linje 1: …"): shown to the user, they do not block the import.
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"rows": [r.to_dict() for r in self.rows], "errors": list(self.errors)}


class _LineError(ValueError):
    pass


# --- words ----------------------------------------------------------------------------------------------------


def is_title_word(word: str) -> bool:
    w = word.casefold().strip(",.;:")
    if not w or not w[0].isalpha():
        return False
    first = w.split("/")[0]  # "centerchef/sundhedschef"
    return first in TITLE_WORDS or first.endswith(TITLE_SUFFIXES)


def normalise_title(title: str | None) -> str | None:
    """Titles in lower case where they are titles ("Direktør" → "direktør"); proper nouns in them stay."""
    if not title:
        return None
    words = [w.lower() if is_title_word(w) or w.casefold() in TITLE_MODIFIERS else w for w in title.split(" ")]
    return " ".join(words) or None


def normalise_role(text: str | None, default: str = "medlem") -> str | None:
    """A canonical role from any spelling; None when the text is not a role."""
    if text is None or not str(text).strip():
        return default
    key = normalise_text(str(text)).casefold().strip(" .:")
    return ROLE_ALIASES.get(key)


def resolve_organisation(text: str | None) -> str | None:
    """Municipalities and regions by their official name; anything else as written."""
    if not text:
        return None
    text = normalise_text(text).strip(" ,")
    return (resolve(text) if is_known(text) else text) or None


def _org_like(part: str) -> bool:
    return part in {"KL", "Kommunernes Landsforening"} or is_known(part) or part.startswith(("KKR ", "Region "))


def _heading_role(text: str) -> str | None:
    key = _YEARS.sub("", text.casefold().rstrip(" .:")).strip()
    return HEADING_ROLES.get(key)


def _take_title_prefix(words: list[str]) -> int:
    """How many leading words form a title ("Konstitueret kommunaldirektør Trine Dorow" → 2)."""
    i = 0
    while i < len(words) and words[i].casefold() in TITLE_MODIFIERS:
        i += 1
    if i < len(words) and is_title_word(words[i]):
        i += 1
        while i < len(words) and (is_title_word(words[i]) or words[i].casefold() in TITLE_MODIFIERS):
            i += 1
        return i
    return 0


def _extract_parens(text: str) -> tuple[str, str | None, str | None]:
    """Pull "(formand)" and a party "(A)" out of an item; other parentheses stay part of the text."""
    roles: set[str] = set()
    parties: set[str] = set()

    def repl(m: re.Match) -> str:
        inner = m.group(1)
        role = ROLE_ALIASES.get(inner.casefold())
        if role:
            roles.add(role)
            return " "
        if len(inner) == 1 and inner in PARTIES:
            parties.add(inner)
            return " "
        return m.group(0)

    text = _PAREN.sub(repl, text)
    if len(roles) > 1:
        raise _LineError(f"flere roller i samme linje ({', '.join(sorted(roles))})")
    if len(parties) > 1:
        raise _LineError(f"flere partibogstaver i samme linje ({', '.join(sorted(parties))})")
    return " ".join(text.split()), next(iter(roles), None), next(iter(parties), None)


def _check_name(name: str) -> str:
    name = name.strip(" ,")
    if not name or not any(ch.isalpha() for ch in name):
        raise _LineError("der mangler et navn")
    bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cs")), None)
    if bad is not None:
        raise _LineError(f"navnet indeholder et kontroltegn (U+{ord(bad):04X})")
    if _DIGIT.search(name) or "(" in name or ")" in name:
        raise _LineError(f'"{name}" ligner ikke et navn')
    if len(name.split()) > 7:
        raise _LineError(f'"{name}" er for langt til at være et navn')
    return name


def parse_item(text: str, role: str) -> MemberRow:
    """One bullet or numbered item: dash style (name, title …, organisation) or numbered style
    (title name, organisation); a role in parentheses anywhere overrides the sub-list's role."""
    text = text.strip()
    if text.startswith("(") and text.rstrip(".").endswith(")") and text.count("(") == 1:
        text = text.rstrip(".")[1:-1]  # "(Christian Hejlesen, …)": listed in brackets, still a member
    text, paren_role, party = _extract_parens(text)
    text = text.rstrip(". ,")  # "A.," and "A." are the same name once the list is printed again
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise _LineError("linjen er tom")
    first_words = parts[0].split()
    n = _take_title_prefix(first_words)
    prefix_title = " ".join(first_words[:n]) if n else None
    if n:
        name = _check_name(" ".join(first_words[n:]))
        rest = parts[1:]
        title_parts = [prefix_title]
        if rest:
            org_start = len(rest) - 1
            while org_start > 0 and _org_like(rest[org_start - 1]):
                org_start -= 1
            title_parts += rest[:org_start]
            organisation = ", ".join(rest[org_start:])
        else:
            organisation = None
    else:
        name = _check_name(parts[0])
        rest = parts[1:]
        if not rest:
            title_parts, organisation = [], None
        elif len(rest) == 1:
            if _take_title_prefix(rest[0].split()):
                title_parts, organisation = [rest[0]], None
            else:
                title_parts, organisation = [], rest[0]
        else:
            org_start = len(rest) - 1
            while org_start > 1 and _org_like(rest[org_start - 1]):
                org_start -= 1
            title_parts, organisation = rest[:org_start], ", ".join(rest[org_start:])
    org = resolve_organisation(organisation)
    return MemberRow(
        name=name, title=normalise_title(", ".join(title_parts)), organisation=org,
        role=paren_role or role, party=party, on_behalf_of=org if org and is_known(org) else None,
    )


def parse_table_line(text: str, role: str) -> MemberRow:
    """A flattened table row: "Henrik Abildtrup (formand) Direktør Rødovre Kommune"."""
    text, paren_role, party = _extract_parens(text)
    words = text.rstrip(". ").split()
    for i in range(1, len(words)):
        n = _take_title_prefix(words[i:])
        if n:
            name = _check_name(" ".join(words[:i]))
            org = resolve_organisation(" ".join(words[i + n:]))
            return MemberRow(name=name, title=normalise_title(" ".join(words[i:i + n])), organisation=org,
                             role=paren_role or role, party=party,
                             on_behalf_of=org if org and is_known(org) else None)
    raise _LineError("ingen titel fundet (forventet fx \"Navn Direktør Kommune\")")


# --- text -----------------------------------------------------------------------------------------------------


def _split_bullet(raw: str) -> tuple[bool, str]:
    """(is an item, text). Private-use bullets (Symbol-font "" from Word PDFs) count as bullets."""
    stripped = raw.lstrip()
    if stripped and "\ue000" <= stripped[0] <= "\uf8ff":
        return True, normalise_text(stripped[1:])
    text = normalise_text(raw)
    m = _BULLET.match(text)
    if m and (m.end() < len(text)):
        return True, text[m.end():]
    return False, text


def _join(previous: str, nxt: str) -> str:
    """Join a PDF line break: "Køben-" + "havns" → "Københavns"; "Lyngby-" + "Taarbæk" keeps the hyphen."""
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha() and nxt[:1].islower():
        return previous[:-1] + nxt
    if previous.endswith("-"):
        return previous + nxt
    return f"{previous} {nxt}"


# Lower-case words a name may hold ("Hans de Jong"); "af" and "for" are left out, they make titles.
_NAME_PARTICLES = {"de", "van", "von", "der", "den", "la", "le", "da", "di"}
_CONNECTOR_END = re.compile(r"(?:[,\-–]|\b(?:og|for|i|af|med|til|under|samt))$")


def _looks_like_member(body: str) -> bool:
    """A line without a bullet that reads as "Name, title …, organisation": its first part is a name (capitalised
    words, no digits) and something follows the comma. Titles ("Medlemmer af …, valgperioden 2022-2026") are not."""
    text, _role, _party = _extract_parens(body)
    parts = [p.strip() for p in text.rstrip(". ").split(",") if p.strip()]
    if len(parts) < 2:
        return False
    words = parts[0].split()
    n = _take_title_prefix(words)  # "Direktør Stella Hansen, Helsingør"
    name = words[n:]
    if not 2 <= len(name) <= 5 or _DIGIT.search(parts[0]):
        return False
    return all(w[:1].isupper() or w in _NAME_PARTICLES for w in name) and name[0][:1].isupper()


def _ends_open(item: str) -> bool:
    """The previous item stops mid-phrase ("… erhverv, vækst og"), so the next line continues it."""
    return bool(_CONNECTOR_END.search(item.rstrip()))


def parse_text(text: str) -> ParseResult:
    """Parse a member list pasted from a paper. Every row and every error names its line (1-based)."""
    from kkrdesk import intake

    intake.check_lines(text)
    result = ParseResult()
    role = "medlem"
    items: list[tuple[int, str, str]] = []  # (line, text, role of the sub-list)
    in_list = False  # after a bullet item that did not end the list with a full stop
    table_header: list[str] | None = None
    table_mode = False
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        if "\t" in raw and raw.strip():
            cells = [normalise_text(c) for c in raw.split("\t")]
            if table_header is None and _header_map(cells) is not None:
                table_header = cells
                continue
            if table_header is not None:
                row, errors = _row_from_cells(_header_map(table_header) or {}, cells, number, "Linje")
                result.errors += errors
                if row:
                    result.rows.append(row)
                continue
        is_item, body = _split_bullet(raw)
        if not body:
            continue
        if is_item:
            items.append((number, body, role))
            in_list = not body.endswith(".")
            table_mode = False
            continue
        heading = _heading_role(body)
        if heading is not None:
            role, in_list = heading, False
            continue
        if body.endswith(":"):
            role, in_list, table_mode = "medlem", False, False
            continue
        if _looks_like_member(body) and not (in_list and _ends_open(items[-1][1])):
            # A member written without a bullet (a list typed by hand, or a bullet lost in copying).
            items.append((number, body, role))
            in_list = not body.endswith(".")
            table_mode = False
            continue
        if in_list:
            # A role in parentheses ends an item, so a short line after it is no PDF line break.
            if len(body.split()) <= 6 and not items[-1][1].endswith(")"):
                line, prev, prev_role = items[-1]
                items[-1] = (line, _join(prev, body), prev_role)
                in_list = not body.endswith(".")
                continue
            result.errors.append(f'Linje {number}: kan ikke læses som et medlem: "{body}"')
            continue
        first = body.split()[0].casefold()
        if first == "navn":
            table_mode = True  # "Navn Kommune": a flattened table follows
            continue
        if table_mode:
            try:
                result.rows.append(_finish(parse_table_line(body, role), number))
            except _LineError as exc:
                result.errors.append(f'Linje {number}: kan ikke læses: {exc} ("{body}")')
            continue
        # Anything else is a title ("Medlemmer af Embedsmandsudvalget for …"): not a member, and the user is told.
        result.skipped.append(f'Linje {number}: læst som overskrift, ikke som medlem: "{body}"')
    for number, body, item_role in items:
        try:
            result.rows.append(_finish(parse_item(body, item_role), number))
        except _LineError as exc:
            result.errors.append(f'Linje {number}: kan ikke læses: {exc} ("{body}")')
    result.rows.sort(key=lambda r: r.line)
    return result


def _finish(row: MemberRow, line: int) -> MemberRow:
    row.line = line
    return row


def format_member_list(rows: list[MemberRow] | list[dict], heading: str | None = None) -> str:
    """The member list as the papers print it: formand first, then members, then the sub-lists.

    Any list `parse_text` accepts comes back unchanged through `parse_text(format_member_list(rows))`.
    """
    rows = [r if isinstance(r, MemberRow) else MemberRow(**{k: r.get(k) for k in
                                                           ("name", "title", "organisation", "party")},
                                                         role=r.get("role") or "medlem") for r in rows]
    out = [heading] if heading else []
    out.append("Udvalgets sammensætning:")
    main = [r for r in rows if r.role not in SUBLIST_HEADINGS]
    rank = {role: i for i, role in enumerate(MAIN_ROLES)}
    main.sort(key=lambda r: rank.get(r.role, len(rank)))
    out += [_format_item(r, r.role if r.role != "medlem" else None) for r in main]
    for role, title in SUBLIST_HEADINGS.items():
        group = [r for r in rows if r.role == role]
        if group:
            out.append(title)
            out += [_format_item(r, None) for r in group]
    return "\n".join(out) + "\n"


def _format_item(row: MemberRow, role: str | None) -> str:
    name = f"{row.name} ({row.party})" if row.party else row.name
    parts = [name] + [p for p in (row.title, row.organisation) if p]
    return "– " + ", ".join(parts) + (f" ({role})" if role else "")


# --- sheets ---------------------------------------------------------------------------------------------------


def _header_map(cells: list) -> dict[str, int] | None:
    """Column index per field when the cells look like a header row with at least a name column."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = normalise_text(str(cell or "")).casefold().rstrip(":")
        for fieldname, aliases in COLUMN_ALIASES.items():
            if key in aliases and fieldname not in found:
                found[fieldname] = i
    return found if "name" in found else None


def _cell_date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(str(value))
    except ValueError:
        raise _LineError(f'{label} "{value}" er ikke en dato') from None


def _row_from_cells(columns: dict[str, int], cells: list, number: int, what: str
                    ) -> tuple[MemberRow | None, list[str]]:
    def get(fieldname: str):
        i = columns.get(fieldname)
        if i is None or i >= len(cells):
            return None
        value = cells[i]
        return normalise_text(value) if isinstance(value, str) else value

    if all(c in (None, "") or (isinstance(c, str) and not c.strip()) for c in cells):
        return None, []
    try:
        name = get("name")
        name, paren_role, party = _extract_parens(str(name or ""))
        name = _check_name(name)
        role_text = get("role")
        role = normalise_role(role_text) if role_text else (paren_role or "medlem")
        if role is None:
            raise _LineError(f'ukendt rolle "{role_text}"')
        org = resolve_organisation(str(get("organisation") or "") or None)
        behalf = get("on_behalf_of")
        behalf = resolve_organisation(str(behalf)) if behalf else (org if org and is_known(org) else None)
        title = get("title")
        row = MemberRow(
            name=name, title=normalise_title(str(title)) if title else None, organisation=org, role=role,
            party=(str(get("party")).strip() or None) if get("party") else party,
            start=_cell_date(get("start"), "Fra-datoen"), end=_cell_date(get("end"), "Til-datoen"),
            email=str(get("email")) if get("email") else None, phone=str(get("phone")) if get("phone") else None,
            on_behalf_of=behalf, line=number,
        )
    except _LineError as exc:
        return None, [f"{what} {number}: {exc}"]
    return row, []


def parse_table(records: list[list], what: str = "Række") -> ParseResult:
    """Rows from a sheet (Excel or CSV): the header row is found among the first rows by a "Navn" column."""
    result = ParseResult()
    columns = None
    for number, cells in enumerate(records, start=1):
        if columns is None:
            columns = _header_map(list(cells))
            if columns is None and number >= 15:
                break
            continue
        row, errors = _row_from_cells(columns, list(cells), number, what)
        result.errors += errors
        if row:
            result.rows.append(row)
    if columns is None:
        result.errors.append('Der er ingen kolonne "Navn" i de første rækker; den skal stå i overskriftsrækken.')
    return result


def parse_file(path: Path | str) -> ParseResult:
    """A member list from .xlsx, .csv or a text file (.txt: as pasted from a paper), read through the intake
    gate (size, zip bomb and sheet limits, the stated encoding rule)."""
    from kkrdesk import intake

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        intake.read_bytes(path, limit=intake.MAX_TABLE_BYTES)  # exists, regular, not too big
        intake.check_workbook(path)
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
            try:
                records = [list(r) for r in wb.worksheets[0].iter_rows(
                    max_row=intake.MAX_SHEET_ROWS, max_col=intake.MAX_SHEET_COLUMNS, values_only=True)]
            finally:
                wb.close()
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
            raise UserError(f"Filen {path.name} kan ikke læses som Excel ({type(exc).__name__}).") from None
        return parse_table(records)
    text = intake.read_text(path)
    intake.check_lines(text)
    if suffix == ".csv":
        sample = text[:4096]
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
        return parse_table(read_csv(text, delimiter), "Linje")
    return parse_text(text)


def read_csv(text: str, delimiter: str) -> list[list[str]]:
    """CSV rows; a field beyond csv's limit (128 KB) or broken quoting is refused with its line."""
    from kkrdesk import intake

    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        raise UserError(f"Linje {reader.line_num}: kan ikke læses: {intake.csv_problem(exc)}.") from None
    return rows


# --- import ---------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    body: str
    rows: list[MemberRow]
    errors: list[str]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    persons_created: int = 0
    dry_run: bool = True
    skipped: list[str] = field(default_factory=list)  # lines read as titles, not members

    def to_dict(self) -> dict:
        return {"rows": [r.to_dict() for r in self.rows], "errors": list(self.errors)}

    def summary(self) -> str:
        if self.dry_run:
            return f"{len(self.rows)} medlemmer læst til {self.body}; intet er gemt (prøvekørsel)."
        return (f"{self.body}: {self.created} nye udpegninger, {self.updated} ændrede, {self.unchanged} uændrede; "
                f"{self.persons_created} nye personer.")


def import_members(store: Store, source: ParseResult | str | Path, body: str, *, start: dt.date | None = None,
                   end: dt.date | None = None, dry_run: bool = False) -> ImportReport:
    """Validate a parsed list against the store, then write all of it in one transaction (or nothing).

    Persons are matched by name and organisation; a person who already sits in the body with the same role is
    left alone, so importing the same list twice changes nothing.
    """
    from kkrdesk.services.listing import body_by_name

    parsed = source if isinstance(source, ParseResult) else (
        parse_file(source) if isinstance(source, Path) else parse_text(source))
    # Copies: a preview may run many times over the same parsed file with different dates.
    parsed = ParseResult([replace(r) for r in parsed.rows], list(parsed.errors), list(parsed.skipped))
    errors = list(parsed.errors)
    if start and end and end < start:
        errors.append(end_before_start(start, end))
    for row in parsed.rows:
        row.start = row.start or start
        row.end = row.end or end
        if row.start and row.end and row.end < row.start:
            errors.append(f"Linje {row.line}: {row.name} slutter {row.end:%d.%m.%Y}, før start "
                          f"{row.start:%d.%m.%Y}.")
    seen: dict[tuple, int] = {}
    for row in parsed.rows:
        key = (row.name.casefold(), organisation_key(row.organisation))
        if key in seen:
            errors.append(f"Linje {row.line}: {row.name} står også i linje {seen[key]}.")
        seen.setdefault(key, row.line)
    formands = [r for r in parsed.rows if r.role == "formand"]
    if len(formands) > 1:
        errors.append(f"Linje {formands[1].line}: der kan kun være én formand; {formands[0].name} "
                      f"(linje {formands[0].line}) er allerede formand.")
    report = ImportReport(body=body, rows=parsed.rows, errors=errors, dry_run=dry_run, skipped=parsed.skipped)
    # Plain SQL (Store.sql): the command then pays no SQLAlchemy import (issue 14 item 7: 500 lines < 0.3 s).
    # immediate: the check for members already there and the writes it guards hold one write lock, so two
    # processes importing the same list cannot both add it. A preview rolls back in store.sql itself.
    with store.sql(immediate=not dry_run, dry_run=dry_run) as tx:
        try:
            body_id, body_name = body_by_name(tx.rows, body)
        except UserError as exc:
            report.errors.insert(0, exc.message)
            if dry_run:
                return report
            raise UserError("Intet er indlæst.", details=report.errors) from None
        report.body = body_name
        on = start or dt.date.today()
        current = [m for m in _memberships(tx, body_id) if is_current(m, on)]
        known = _persons_by_key(tx, [row.name for row in parsed.rows])  # one query per 500 names, not per line
        current_by_person: dict[int, _Appointment] = {}
        for m in current:
            current_by_person.setdefault(m.person_id, m)
        plan: list[tuple[MemberRow, _Appointment | None]] = []
        for row in parsed.rows:
            person = known.get((row.name, organisation_key(row.organisation)))
            plan.append((row, current_by_person.get(person["id"]) if person is not None else None))
        # A second formand: someone else already chairs the body and keeps doing so after this import.
        changing = {m.id for row, m in plan if m is not None}
        staying = [m for m in current if m.role == "formand" and m.id not in changing]
        if formands and staying and not report.errors:
            chair = tx.rows("SELECT name FROM person WHERE id = :id", id=staying[0].person_id)[0][0]
            report.errors.append(f"Linje {formands[0].line}: {formand_taken(body_name, chair)}")
        if report.errors:
            if dry_run:
                return report
            raise UserError("Intet er indlæst; ret listen og prøv igen.", details=report.errors)
        for row, existing in plan:
            if existing is None:
                report.created += 1
            elif existing.role != row.role or (row.end and existing.end != row.end):
                report.updated += 1
            else:
                report.unchanged += 1
        if dry_run:
            return report
        new_persons: dict[tuple[str, str], dict] = {}  # (name, organisation key) → the new row's values
        appointments: list[tuple[tuple[str, str], MemberRow]] = []
        for row, existing in plan:
            if existing is not None:
                _update_appointment(tx, existing, row.role, row.end or existing.end)
                continue
            key = (row.name, organisation_key(row.organisation))
            fields = {"title": row.title, "party": row.party, "email": row.email, "phone": row.phone}
            if key in known:
                _fill_blanks(tx, known[key], fields)
            else:
                new_persons.setdefault(key, {"name": row.name, "organisation": row.organisation,
                                             **{k: v or None for k, v in fields.items()}})
            appointments.append((key, row))
        report.persons_created = len(new_persons)
        ids = {key: person["id"] for key, person in known.items()}
        for key, values in new_persons.items():
            ids[key] = tx.rows("INSERT INTO person (name, organisation, title, party, email, phone) VALUES "
                               "(:name, :organisation, :title, :party, :email, :phone) RETURNING id", **values)[0][0]
        tx.run_many('INSERT INTO membership (person_id, body_id, role, start, "end", on_behalf_of) '
                    "VALUES (:person_id, :body_id, :role, :start, :end, :on_behalf_of)",
                    [{"person_id": ids[key], "body_id": body_id, "role": row.role, "start": row.start,
                      "end": row.end, "on_behalf_of": row.on_behalf_of} for key, row in appointments])
    if report.created or report.updated:
        store.notify({"members", "persons"})
    return report


@dataclass
class _Appointment:
    id: int
    person_id: int
    role: str
    start: dt.date | None
    end: dt.date | None
    row_version: int


def _memberships(tx, body_id: int) -> list[_Appointment]:
    return [_Appointment(id_, person_id, role, sql_date(start), sql_date(end), version)
            for id_, person_id, role, start, end, version in tx.rows(
                'SELECT id, person_id, role, start, "end", row_version FROM membership WHERE body_id = :body_id '
                "ORDER BY id", body_id=body_id)]


PERSON_FIELDS = ("title", "party", "email", "phone")


def _persons_by_key(tx, names: list[str]) -> dict[tuple[str, str], dict]:
    """The persons with these names, one query per 500, keyed (name, organisation_key) as members.find_person
    matches them (the lowest id wins): a list of hundreds is matched without a query per line."""
    wanted = sorted(set(names))
    found: dict[tuple[str, str], dict] = {}
    for first in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
        chunk = {f"n{k}": name for k, name in enumerate(wanted[first:first + 500])}
        for id_, name, organisation, version, *values in tx.rows(
                "SELECT id, name, organisation, row_version, " + ", ".join(PERSON_FIELDS) + " FROM person "
                f"WHERE name IN ({', '.join(':' + k for k in chunk)}) ORDER BY id", **chunk):
            person = {"id": id_, "name": name, "row_version": version, **dict(zip(PERSON_FIELDS, values, strict=True))}
            found.setdefault((name, organisation_key(organisation)), person)
    return found


def _changed_meanwhile(what: str) -> ConflictError:
    return ConflictError(f"{what} er ændret af en anden i mellemtiden. Intet er indlæst; prøv igen.")


def _update_appointment(tx, existing: _Appointment, role: str, end: dt.date | None) -> None:
    """Only what differs is written (as the ORM did), with the row version checked and bumped."""
    if existing.role == role and existing.end == end:
        return
    if not tx.run('UPDATE membership SET role = :role, "end" = :end, row_version = row_version + 1 '
                  "WHERE id = :id AND row_version = :version", role=role, end=end, id=existing.id,
                  version=existing.row_version):
        raise _changed_meanwhile("En udpegning")


def _fill_blanks(tx, person: dict, fields: dict) -> None:
    """members.get_or_create_person's rule with plain SQL: the list fills only what the store does not know."""
    blanks = blanks_to_fill(person.get, fields)
    if not blanks:
        return
    sets = ", ".join(f"{key} = :{key}" for key in blanks)
    if not tx.run(f"UPDATE person SET {sets}, row_version = row_version + 1 "
                  "WHERE id = :id AND row_version = :version", **blanks, id=person["id"],
                  version=person["row_version"]):
        raise _changed_meanwhile(person["name"])
    person.update(blanks, row_version=person["row_version"] + 1)
