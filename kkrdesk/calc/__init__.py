"""Budget calculators (no Qt, no pandas): Decimal arithmetic, explicit rounding, frozen result dataclasses.

`compute(kind, inputs)` runs any calculator from a JSON-like inputs dict (the form saved in the store):

- split:          {"total", "weights": [{"name", "weight"}, …], "rounding"}
- per-capita:     {"rate", "populations": [{"name", "population"}, …], "uplift_pct", "rounding"}
- equal:          {"total", "participants": [name, …], "rounding"}
- pro-rata:       {"new_total", "amounts": [{"name", "original"}, …], "rounding"}
- project-budget: {"years", "staff_year_price", "expenses": [...], "financing": [...]} (see calc/project.py)
- key-figures:    {"figure": "per-capacity" | "frame-deviation", "rows": [...]}

Numbers in inputs are machine numbers (int, float, Decimal or "1234.5"); Danish text is parsed before.
Lists of rows may also be [[name, value], …] or {name: value}.
"""

from __future__ import annotations

from kkrdesk.calc.calculators import (
    KIND_NAMES,
    KINDS,
    KeyFigures,
    Result,
    Row,
    annual_from_day_rate,
    capacity,
    capacity_table,
    day_rate_from_annual,
    deviation_pct,
    equal,
    fmt,
    frame_table,
    inhabitants_per_capacity,
    json_number,
    per_capita,
    pro_rata,
    split,
    to_decimal,
)
from kkrdesk.calc.project import ProjectBudget, project_budget
from kkrdesk.calc.rounding import HALF_UP, LARGEST_REMAINDER, POLICIES, apportion, round_half_up
from kkrdesk.errors import UserError

__all__ = [
    "HALF_UP",
    "KINDS",
    "KIND_NAMES",
    "KeyFigures",
    "LARGEST_REMAINDER",
    "POLICIES",
    "ProjectBudget",
    "Result",
    "Row",
    "annual_from_day_rate",
    "apportion",
    "capacity",
    "capacity_table",
    "compute",
    "day_rate_from_annual",
    "deviation_pct",
    "equal",
    "fmt",
    "frame_table",
    "inhabitants_per_capacity",
    "json_number",
    "per_capita",
    "pro_rata",
    "project_budget",
    "round_half_up",
    "rows_of",
    "split",
    "to_decimal",
]


def rows_of(value, keys: tuple[str, ...]) -> list[tuple[str, object]]:
    """(name, number) pairs from [{"name", key}], [[name, number]] or {name: number}."""
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.items())
    pairs = []
    for item in value:
        if isinstance(item, dict):
            number = next((item[k] for k in keys if k in item), None)
            pairs.append((item.get("name", ""), number))
        else:
            name, number = item
            pairs.append((name, number))
    return pairs


def _first(inputs: dict, *keys: str):
    for key in keys:
        if inputs.get(key) not in (None, ""):
            return inputs[key]
    return None


def compute(kind: str, inputs: dict):
    """Run the calculator `kind` on a saved inputs dict; raises UserError in Danish on bad input."""
    rounding = inputs.get("rounding") or HALF_UP
    if kind == "split":
        weights = rows_of(_first(inputs, "weights", "rows"), ("weight", "value", "population"))
        return split(_first(inputs, "total"), weights, rounding)
    if kind == "per-capita":
        pops = rows_of(_first(inputs, "populations", "population", "rows"), ("population", "value", "weight"))
        return per_capita(_first(inputs, "rate"), pops, _first(inputs, "uplift_pct"), rounding)
    if kind == "equal":
        participants = _first(inputs, "participants", "rows") or []
        names = [p.get("name", "") if isinstance(p, dict) else p for p in participants]
        return equal(_first(inputs, "total"), names, rounding)
    if kind == "pro-rata":
        originals = rows_of(_first(inputs, "amounts", "originals", "rows"), ("original", "amount", "value"))
        return pro_rata(_first(inputs, "new_total", "total"), originals, rounding)
    if kind == "project-budget":
        return project_budget(inputs, rounding)
    if kind == "key-figures":
        figure = inputs.get("figure") or "per-capacity"
        rows = inputs.get("rows") or []
        if figure == "per-capacity":
            return capacity_table(rows)
        if figure == "frame-deviation":
            return frame_table(rows)
        raise UserError(f"Ukendt nøgletal '{figure}'.")
    raise UserError(f"Ukendt beregningstype '{kind}'. Vælg en af: {', '.join(KINDS)}.")
