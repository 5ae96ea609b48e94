"""Budget calculations in the store: run, save, reopen, copy, delete, compare, and the demo calculations.

A saved calculation keeps its inputs (what the user typed, numbers as exact Decimal strings) and the result it
gave; reopening recomputes from the inputs, so a saved calculation always shows what the calculators say.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from kkrdesk.calc import KIND_NAMES, KINDS, Result, compute
from kkrdesk.errors import UserError
from kkrdesk.models import Calculation
from kkrdesk.services.rows import editing_base, unchanged_since
from kkrdesk.store import Store

ZERO = Decimal(0)
# What a conflict message calls the fields of a saved calculation (rows.unchanged_since).
CALC_LABELS = {"name": "Navn", "inputs_json": "Tal og valg", "price_level": "Prisniveau",
               "population_source": "Befolkningstal fra", "population_date": "Befolkningstal pr.", "note": "Note"}


def _plain(value):
    """Inputs as JSON-safe data with Decimals as exact strings (floats never reach the store)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def run(kind: str, inputs: dict):
    """Compute a calculation from its kind and inputs dict (see kkrdesk.calc.compute)."""
    return compute(kind, inputs)


def _date(value) -> tuple[dt.date | None, str | None]:
    """A population date as a date when it is one ("2025-01-01", "1. januar 2025"), else the text."""
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        pass
    try:
        from kkrdesk.reference import parse_date

        parsed = parse_date(text)
        if isinstance(parsed, dt.date):
            return parsed, None
    except Exception:  # "2. kvartal 2021" is a period, not a date: kept as text
        pass
    return None, text


@dataclass(frozen=True)
class Saved:
    id: int
    name: str
    kind: str
    inputs: dict
    result: object
    rounding: str
    price_level: str | None
    population_source: str | None
    population_date: dt.date | None
    note: str | None
    item_id: int | None
    indsats_id: int | None
    base: dict | None = None  # the row as loaded, with its row_version: saving it back is checked against it

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)


def save(store: Store, name: str, kind: str, inputs: dict, *, price_level: str | None = None,
         population_source: str | None = None, population_date=None, note: str | None = None,
         item_id: int | None = None, indsats_id: int | None = None, calc_id: int | None = None,
         base: dict | None = None) -> int:
    """Compute and save (or overwrite calc_id); bad input raises UserError and nothing is written.
    base: the calculation as it was loaded (Saved.base); overwriting a colleague's later save is refused."""
    name = " ".join((name or "").split())
    if not name:
        raise UserError("Beregningen skal have et navn.")
    if kind not in KINDS:
        raise UserError(f"Ukendt beregningstype '{kind}'.")
    result = compute(kind, inputs)  # before the session: a bad input never touches the store
    date, date_text = _date(population_date)
    if date_text:
        note = "\n".join(x for x in (note, f"Befolkningstal pr. {date_text}") if x)
    with store.session() as s:
        calc = s.get(Calculation, calc_id) if calc_id else Calculation()
        if calc is None:
            raise UserError(f"Beregning {calc_id} findes ikke.")
        if calc_id:
            unchanged_since(calc, base, CALC_LABELS, f"Beregningen {calc.name}")
        calc.name, calc.kind = name, kind
        calc.inputs_json = json.dumps(_plain(inputs), ensure_ascii=False)
        calc.result_json = json.dumps(result.to_json(text=True), ensure_ascii=False)
        calc.rounding = getattr(result, "rounding", None) or inputs.get("rounding") or "half-up"
        calc.price_level = price_level or None
        calc.population_source = population_source or None
        calc.population_date = date
        calc.note = note or None
        calc.item_id, calc.indsats_id = item_id, indsats_id
        s.add(calc)
        s.flush()
        new_id = calc.id
    store.notify({"calculations"})
    return new_id


def load(store: Store, calc_id: int) -> Saved:
    """Reopen a saved calculation; the result is recomputed from the saved inputs."""
    with store.session() as s:
        calc = s.get(Calculation, calc_id)
        if calc is None:
            raise UserError(f"Beregning {calc_id} findes ikke.")
        inputs = json.loads(calc.inputs_json or "{}")
        return Saved(calc.id, calc.name, calc.kind, inputs, compute(calc.kind, inputs), calc.rounding,
                     calc.price_level, calc.population_source, calc.population_date, calc.note, calc.item_id,
                     calc.indsats_id,
                     editing_base({key: getattr(calc, key) for key in (*CALC_LABELS, "row_version")}, CALC_LABELS))


def find(store: Store, name: str) -> int:
    """The id of the calculation with this name (the newest if several)."""
    with store.session() as s:
        found = s.scalars(select(Calculation.id).where(Calculation.name == name)
                          .order_by(Calculation.id.desc())).first()
    if found is None:
        raise UserError(f"Der er ingen gemt beregning med navnet '{name}'.")
    return found


def copy(store: Store, calc_id: int, name: str | None = None) -> int:
    """A new calculation with the same inputs, for a scenario that differs a little."""
    src = load(store, calc_id)
    return save(store, name or f"{src.name} (kopi)", src.kind, src.inputs, price_level=src.price_level,
                population_source=src.population_source, population_date=src.population_date, note=src.note,
                item_id=src.item_id, indsats_id=src.indsats_id)


def delete(store: Store, calc_id: int) -> None:
    with store.session() as s:
        calc = s.get(Calculation, calc_id)
        if calc is None:
            raise UserError(f"Beregning {calc_id} findes ikke.")
        s.delete(calc)
    store.notify({"calculations"})


def saved_rows(store: Store) -> list[dict]:
    with store.session() as s:
        return [{"id": c.id, "name": c.name, "kind": c.kind, "kind_name": KIND_NAMES.get(c.kind, c.kind),
                 "price_level": c.price_level, "rounding": c.rounding, "updated": c.updated}
                for c in s.scalars(select(Calculation).order_by(Calculation.id))]


# --- compare ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    a: Decimal | None
    b: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.a is None or self.b is None:
            return None
        return self.b - self.a


@dataclass(frozen=True)
class Comparison:
    """Two scenarios side by side, rows joined by participant name (in the order of the first)."""

    label_a: str
    label_b: str
    rows: tuple[ComparisonRow, ...]
    total_a: Decimal
    total_b: Decimal

    def to_json(self) -> dict:
        from kkrdesk.calc import json_number

        return {"a": self.label_a, "b": self.label_b,
                "rows": [{"name": r.name, "a": json_number(r.a), "b": json_number(r.b),
                          "difference": json_number(r.difference)} for r in self.rows],
                "total_a": json_number(self.total_a), "total_b": json_number(self.total_b),
                "difference": json_number(self.total_b - self.total_a)}


def _amounts(result) -> dict[str, Decimal]:
    if isinstance(result, Result):
        return result.amounts()
    if hasattr(result, "posts"):
        return {f"{p.name} ({'finansiering' if p.section == 'financing' else 'udgift'})": sum(p.amounts, ZERO)
                for p in result.posts}
    return {r.name: r.figure for r in result.rows}


def compare_results(a, b, label_a: str = "A", label_b: str = "B") -> Comparison:
    amounts_a, amounts_b = _amounts(a), _amounts(b)
    names = list(amounts_a) + [n for n in amounts_b if n not in amounts_a]
    rows = tuple(ComparisonRow(n, amounts_a.get(n), amounts_b.get(n)) for n in names)
    return Comparison(label_a, label_b, rows, sum(amounts_a.values(), ZERO), sum(amounts_b.values(), ZERO))


def compare(store: Store, id_a: int, id_b: int) -> Comparison:
    a, b = load(store, id_a), load(store, id_b)
    return compare_results(a.result, b.result, a.name, b.name)


# --- demo -------------------------------------------------------------------------------------------------


def _demo_variants(record: dict) -> list[tuple[str, str, dict]]:
    """(name, kind, inputs) the calculators can run; free-form key-figure records are adapted or left out."""
    kind, inputs = record.get("kind"), dict(record.get("inputs") or {})
    name = record.get("name") or "Beregning"
    if kind != "key-figures":
        return [(name, kind, inputs)]
    rows = inputs.get("rows") or []
    if rows and all("population" in r and "capacity" in r for r in rows):
        return [(name, kind, {"figure": "per-capacity", "rows": rows})]
    prefixes = sorted({k[: -len("_ramme")] for r in rows for k in r if k.endswith("_ramme")})
    variants = []
    for prefix in prefixes:
        frame_rows = [{"name": r["name"], "frame": r[f"{prefix}_ramme"], "spending": r[f"{prefix}_udgifter"]}
                      for r in rows if f"{prefix}_ramme" in r and f"{prefix}_udgifter" in r]
        variants.append((f"{name} – {prefix.replace('_', ' ')}", kind,
                         {"figure": "frame-deviation", "rows": frame_rows}))
    return variants


def demo_calculations(session) -> int:
    """Create Calculation rows from resources/demo/calculations.json in the caller's session.

    Tolerant on purpose: a record the calculators cannot run is skipped. Returns how many were created.
    """
    from kkrdesk.paths import resource_path

    try:
        records = json.loads(resource_path("demo", "calculations.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    count = 0
    for record in records:
        for name, kind, inputs in _demo_variants(record):
            try:
                result = compute(kind, inputs)
            except (UserError, KeyError, TypeError, ValueError, ArithmeticError):
                continue
            date, date_text = _date(record.get("population_date"))
            notes = [record.get("note"), f"Befolkningstal pr. {date_text}" if date_text else None,
                     f"Kilde: {record['seed']}" if record.get("seed") else None]
            session.add(Calculation(
                name=name[:300], kind=kind, inputs_json=json.dumps(_plain(inputs), ensure_ascii=False),
                result_json=json.dumps(result.to_json(text=True), ensure_ascii=False),
                rounding=getattr(result, "rounding", None) or "half-up",
                price_level=record.get("price_level"),
                population_source=record.get("population_source"), population_date=date,
                note="\n".join(n for n in notes if n) or None,
            ))
            count += 1
    session.flush()
    return count
