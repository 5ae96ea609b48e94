"""The 98 municipalities and 5 regions, and the one resolver every import uses for their names.

Papers spell the same municipality many ways ("Høje Tåstrup", "Københavns Kommune", "Køben-havn" from a
PDF line break). Names are compared through a folded key so that case, hyphens, spaces, aa/å and a
" Kommune" suffix or genitive -s do not matter; real variants that folding cannot catch live in aliases.csv.
"""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kkrdesk.paths import resource_path

__all__ = [
    "Municipality",
    "PopulationFigure",
    "Region",
    "is_known",
    "lookup",
    "municipalities",
    "municipalities_in_region",
    "population",
    "regions",
    "resolve",
]


@dataclass(frozen=True)
class Municipality:
    code: int
    name: str
    region: str  # full region name, "Region Hovedstaden"


@dataclass(frozen=True)
class Region:
    code: int
    name: str
    short: str


@dataclass(frozen=True)
class PopulationFigure:
    name: str
    population: int
    source: str
    date: datetime.date


def _rows(filename: str) -> list[dict[str, str]]:
    path: Path = resource_path(filename)
    with path.open(encoding="utf-8-sig", newline="") as f:  # -sig: tolerate a BOM left by Excel
        return list(csv.DictReader(f, delimiter=";"))


# --- name folding -----------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
_FOLD = str.maketrans({"å": "aa", "æ": "ae", "ø": "oe", "ä": "ae", "ö": "oe"})
# Longest first, so "Bornholms Regionskommune" loses the whole suffix, not just "kommune".
_SUFFIXES = ("regionskommunes", "regionskommune", "kommunes", "kommune")


def _clean(name: str) -> str:
    """What resolve() gives back for names it does not know: only the whitespace is tidied."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()


def _key(name: str) -> str:
    # Letters and digits only: hyphens, spaces, dots, soft hyphens and PDF bullets all drop out.
    folded = unicodedata.normalize("NFC", name).casefold().translate(_FOLD)
    return "".join(ch for ch in folded if ch.isalnum())


def _candidates(key: str) -> list[str]:
    """Keys to try, most literal first: as written, without genitive -s, without a Kommune suffix."""
    out = [key]
    if key.endswith("s"):
        out.append(key[:-1])
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            base = key[: -len(suffix)]
            out.append(base)
            if base.endswith("s"):
                out.append(base[:-1])
            break
    return out


# --- loading ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    municipalities: tuple[Municipality, ...]
    regions: tuple[Region, ...]
    by_name: dict[str, Municipality | Region]
    index: dict[str, str]  # folded key → canonical name
    populations: dict[str, tuple[PopulationFigure, ...]]  # canonical name → figures, oldest first


@cache
def _tables() -> _Tables:
    regions_ = tuple(
        sorted(
            (Region(int(r["code"]), r["name"], r["short"]) for r in _rows("regions.csv")),
            key=lambda r: r.code,
        )
    )
    region_by_code = {r.code: r for r in regions_}
    munis = tuple(
        sorted(
            (
                Municipality(int(r["code"]), r["name"], region_by_code[int(r["region_code"])].name)
                for r in _rows("municipalities.csv")
            ),
            key=lambda m: m.code,
        )
    )
    by_name: dict[str, Municipality | Region] = {m.name: m for m in munis}
    by_name.update({r.name: r for r in regions_})

    index: dict[str, str] = {}

    def add(variant: str, canonical: str) -> None:
        if canonical not in by_name:
            raise ValueError(f'Alias "{variant}" peger på ukendt navn "{canonical}"')
        k = _key(variant)
        if index.setdefault(k, canonical) != canonical:
            raise ValueError(f'"{variant}" kan betyde både "{index[k]}" og "{canonical}"')

    for m in munis:
        add(m.name, m.name)
    for r in regions_:
        add(r.name, r.name)
        add(r.short, r.name)
    for row in _rows("aliases.csv"):
        add(row["alias"], row["canonical"])

    by_code: dict[int, Municipality | Region] = {m.code: m for m in munis}
    by_code.update({r.code: r for r in regions_})
    pops: dict[str, list[PopulationFigure]] = {}
    for row in _rows("populations.csv"):
        place = by_code[int(row["code"])]
        fig = PopulationFigure(
            place.name, int(row["population"]), row["source"], datetime.date.fromisoformat(row["date"])
        )
        pops.setdefault(place.name, []).append(fig)
    figures = {name: tuple(sorted(figs, key=lambda f: f.date)) for name, figs in pops.items()}
    return _Tables(munis, regions_, by_name, index, figures)


# --- public API -------------------------------------------------------------------------------------------


def municipalities() -> list[Municipality]:
    """All 98 municipalities in kommunekode order (101 København, 147 Frederiksberg, 151 Ballerup, …)."""
    return list(_tables().municipalities)


def regions() -> list[Region]:
    """The five regions in region-code order (1081 Nordjylland … 1085 Sjælland)."""
    return list(_tables().regions)


def _canonical(name: str) -> str | None:
    index = _tables().index
    for k in _candidates(_key(name)):
        if k in index:
            return index[k]
    return None


def resolve(name: str) -> str:
    """The official short name of a municipality, or a region's full name; unknown names come back as written
    (with whitespace tidied), so the caller can show them to the user rather than lose them."""
    return _canonical(name) or _clean(name)


def lookup(name: str) -> Municipality | Region | None:
    canonical = _canonical(name)
    return _tables().by_name[canonical] if canonical else None


def is_known(name: str) -> bool:
    return _canonical(name) is not None


def municipalities_in_region(region: str) -> list[Municipality]:
    """Municipalities of a region ("Hovedstaden", "Region H", "Region Hovedstaden"), in kommunekode order."""
    found = lookup(region)
    if not isinstance(found, Region):
        raise KeyError(f'Ukendt region: "{_clean(region)}"')
    return [m for m in _tables().municipalities if m.region == found.name]


def population(code_or_name: int | str, on: datetime.date | None = None,
               extra: Mapping[str, Sequence[PopulationFigure]] | None = None) -> PopulationFigure | None:
    """The newest population figure for a municipality or region, else None; with `on`, the newest dated on or
    before that day (sundhedsråd seats depend on the reference date).

    The shipped figures are those in resources/populations.csv; `extra` (name → figures, e.g. those a store
    imported from Statistikbanken, services/populations.py) take precedence over a shipped figure of the same date.
    """
    tables = _tables()
    if isinstance(code_or_name, int) or (isinstance(code_or_name, str) and code_or_name.strip().isdigit()):
        code = int(code_or_name)
        place = next((p for p in (*tables.municipalities, *tables.regions) if p.code == code), None)
        name = place.name if place else None
    else:
        name = _canonical(code_or_name)
    if not name:
        return None
    by_date = {f.date: f for f in tables.populations.get(name, ())}
    by_date.update({f.date: f for f in (extra or {}).get(name, ())})
    figures = sorted((f for f in by_date.values() if on is None or f.date <= on), key=lambda f: f.date)
    return figures[-1] if figures else None
