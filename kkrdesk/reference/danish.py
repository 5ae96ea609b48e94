"""Danish formats in one place: collation, numbers, amounts, percentages and dates.

Parsing is strict on purpose: a figure that might be read two ways is refused rather than guessed,
because a wrong thousands separator silently multiplies an amount by 1.000.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, TypeVar

__all__ = [
    "MONTHS",
    "danish_sorted",
    "format_amount",
    "format_date",
    "format_number",
    "format_percent",
    "normalise_text",
    "parse_date",
    "parse_number",
    "sort_key",
]

T = TypeVar("T")

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]

# Spaces that PDFs and Word put between digits or words; all read as an ordinary space.
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " "}
_INVISIBLE = {"\u00ad", "\u200b", "\ufeff"}  # soft hyphen, zero-width space, BOM


# --- text -------------------------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """NFC, odd spaces to spaces, private-use bullets and soft hyphens removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        if ch in _INVISIBLE or "\ue000" <= ch <= "\uf8ff":
            continue
        out.append(_SPACES.get(ch, ch))
    return " ".join("".join(out).split())


# --- collation --------------------------------------------------------------------------------------------

# Danish dictionaries file these foreign letters under their Danish neighbours.
_FOLD = str.maketrans({"ä": "æ", "ö": "ø", "ő": "ø", "ü": "y", "ű": "y", "ǿ": "ø"})
_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"
_RANK = {ch: 2000 + i for i, ch in enumerate(_ALPHABET)}


def _primary(text: str) -> tuple[int, ...]:
    text = unicodedata.normalize("NFC", text.casefold()).translate(_FOLD)
    ranks = []
    for ch in text:
        if ch not in _RANK:
            # é → e, ç → c …: drop accents, but never take æ, ø, å apart
            base = unicodedata.normalize("NFD", ch)[0]
            ch = base if base in _RANK else ch
        if ch in _RANK:
            ranks.append(_RANK[ch])
        elif ch.isdigit():
            ranks.append(1000 + (unicodedata.digit(ch, 0)))
        elif ch.isalpha():
            ranks.append(3000 + ord(ch))  # other scripts after å
        else:
            ranks.append(1)  # spaces and punctuation all weigh the same, before digits and letters
    return tuple(ranks)


def sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Danish collation key: case-insensitive, æ ø å after z; "aa" stays two a's."""
    return (_primary(text), text)  # the text itself breaks ties so the order is stable and total


def danish_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """Sort items the Danish way; key picks the text from each item (default: the item itself)."""
    if key is None:
        return sorted(items, key=lambda item: sort_key(str(item)))
    return sorted(items, key=lambda item: sort_key(key(item)))


# --- numbers ----------------------------------------------------------------------------------------------

_KR = re.compile(r"^kr\.?\s*|\s*kr\.?$", re.IGNORECASE)
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?: \d{3})+(?:,\d+)?$", re.ASCII)  # ASCII: no Arabic-Indic digits
_DOT_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$", re.ASCII)
_PLAIN = re.compile(r"^\d+(?:,\d+)?$", re.ASCII)
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$", re.ASCII)


def _not_a_number(text: str) -> ValueError:
    return ValueError(f'Ikke et tal: "{text}"')


def parse_number(text: str) -> Decimal:
    """Read a Danish number: "." groups thousands, "," is the decimal mark; "kr." around it is allowed.

    A single "." not followed by exactly three digits ("1.9") is taken as a decimal point, since it
    cannot be a thousands separator. Never returns a float.
    """
    if not isinstance(text, str):
        raise _not_a_number(str(text))
    s = text
    for odd, space in _SPACES.items():
        s = s.replace(odd, space)
    s = unicodedata.normalize("NFC", s).replace("\u2212", "-").strip()
    s = _KR.sub("", s, count=1).strip()
    sign = ""
    if s and s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if _SPACE_GROUPED.match(s):
        digits = s.replace(" ", "").replace(",", ".")
    elif _DOT_GROUPED.match(s):
        digits = s.replace(".", "").replace(",", ".")
    elif _PLAIN.match(s):
        digits = s.replace(",", ".")
    elif _DOT_DECIMAL.match(s) and len(s.split(".")[1]) != 3:
        digits = s
    else:
        raise _not_a_number(text)
    try:
        return Decimal(sign + digits)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise _not_a_number(text) from None


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("Et tal forventes, ikke en sandhedsværdi")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest decimal that prints as the float, not its binary tail
    if isinstance(value, str):
        return parse_number(value)
    raise TypeError(f"Kan ikke vise {value!r} som tal")


def format_number(value: Any, decimals: int = 0) -> str:
    """Danish display: 2608563 → "2.608.563", Decimal("2.125") with 3 decimals → "2,125".

    Rounds half up for display only; the stored value is never changed.
    """
    if decimals < 0:
        raise ValueError("Antal decimaler kan ikke være negativt")
    d = _to_decimal(value)
    if not d.is_finite():
        raise ValueError(f"Kan ikke vise {value!r} som tal")
    q = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    negative = q < 0  # -0,0 after rounding shows without a sign
    whole, _, frac = f"{abs(q):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    groups.insert(0, whole)
    out = ".".join(groups)
    if decimals:
        out += "," + frac
    return ("-" if negative else "") + out


def format_amount(value: Any) -> str:
    """Whole kroner: 1807526 → "1.807.526 kr."."""
    return format_number(value, 0) + " kr."


def format_percent(value: Any, decimals: int = 1) -> str:
    """value is already in percent (12.5 → "12,5 %"), not a fraction."""
    return format_number(value, decimals) + " %"


# --- dates ------------------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$", re.ASCII)
_SLASH_SPACE = re.compile(r"^(\d{1,2})/(\d{1,2}) (\d{4}|\d{2})$", re.ASCII)
_WORDS = re.compile(r"^([0-9]{1,2})\.? ?([a-zæøå]+)\.? ([0-9]{4})$")


def _not_a_date(text: str) -> ValueError:
    return ValueError(f'Ikke en dato: "{text}"')


def _month(word: str) -> int | None:
    if word in MONTHS:
        return MONTHS.index(word) + 1
    if len(word) >= 3:  # "jan", "sept": an abbreviation must point at exactly one month
        hits = [i for i, m in enumerate(MONTHS) if m.startswith(word)]
        if len(hits) == 1:
            return hits[0] + 1
    return None


def _year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def parse_date(text: str) -> datetime.date:
    """Read a Danish date: "3. april 2022", "d. 24. juni 2022", "15.09.2020", "1.1.2019", "31.10.18",
    "2022-06-24" or "24/6 2022".

    Month names may be abbreviated ("jan.", "sept."). Two-digit years are 20xx. Anything else: ValueError.
    """
    if not isinstance(text, str):
        raise _not_a_date(str(text))
    s = normalise_text(text).lower()
    s = re.sub(r"^(?:d\.|den)\s*", "", s)
    try:
        if m := _ISO.match(s):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC.match(s):
            return datetime.date(_year(m[4]), int(m[3]), int(m[1]))
        if m := _SLASH_SPACE.match(s):
            return datetime.date(_year(m[3]), int(m[2]), int(m[1]))
        if (m := _WORDS.match(s)) and (month := _month(m[2])):
            return datetime.date(int(m[3]), month, int(m[1]))
    except ValueError:  # e.g. 31. februar
        raise _not_a_date(text) from None
    raise _not_a_date(text)


def format_date(d: datetime.date, style: str = "long") -> str:
    """long "3. april 2022", short "03.04.2022", iso "2022-04-03"."""
    if style == "long":
        return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"
    if style == "short":
        return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"
    if style == "iso":
        return d.isoformat()
    raise ValueError(f'Ukendt datoformat: "{style}"')
