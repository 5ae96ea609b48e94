"""The calculators the KKR papers print: split by key, per inhabitant, pro rata, equal, key figures.

Everything is Decimal. Each row keeps its exact (unrounded) amount; totals and shares come from the exact
values, the printed amount from the rounding policy, and `remainder = total − sum of rows` is always reported.
Multi-year project budgets live in calc/project.py.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kkrdesk.calc.rounding import HALF_UP, apportion, check_policy, round_half_up
from kkrdesk.errors import UserError

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Enough digits that total × weight / Σ weights lands exactly on ,5 when the true value does.
CONTEXT = decimal.Context(prec=50, rounding=decimal.ROUND_HALF_EVEN)

KINDS = ("split", "per-capita", "pro-rata", "equal", "project-budget", "key-figures")
KIND_NAMES = {"split": "Fordelingsnøgle", "per-capita": "Kr. pr. indbygger", "pro-rata": "Forholdsmæssig",
              "equal": "Ligelig fordeling", "project-budget": "Flerårigt budget", "key-figures": "Nøgletal"}


def json_number(value: Decimal | int | None, text: bool = False):
    """Decimal → JSON number only at the boundary: int when whole kroner, else float.

    text=True keeps the exact Decimal as a string instead (how the store saves results).
    """
    if value is None:
        return None
    value = Decimal(value)
    if text:
        return str(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


MAX_MAGNITUDE = 15  # 10^15 kr.: far above any KKR budget, well inside the precision of CONTEXT
MIN_MAGNITUDE = -12  # finer than any share or weight a paper prints


def to_decimal(value, what: str = "tallet") -> Decimal:
    """A machine value (Decimal, int, float, "1234.5") as Decimal; Danish text is parsed before this.

    Every number a calculator gets passes here, so NaN, infinity and sizes no budget has (1e30, 5,000 digits)
    are refused in Danish before any arithmetic can fail on them."""
    label = f"{what[:1].upper()}{what[1:]}"
    if isinstance(value, bool):
        raise UserError(f"{label} er ikke et tal.")
    try:
        if isinstance(value, Decimal | int):
            result = Decimal(value)
        elif isinstance(value, float):
            result = Decimal(repr(value))  # repr, so 1.9 stays 1.9 and not 1.899999…
        elif isinstance(value, str):
            result = Decimal(value.strip())
        else:
            result = None
    except (decimal.InvalidOperation, ValueError):
        result = None
    if result is None or not result.is_finite():
        raise UserError(f"{label} er ikke et tal: '{str(value)[:40]}'.")
    if result and not MIN_MAGNITUDE <= result.adjusted() < MAX_MAGNITUDE:
        raise UserError(f"{label} er uden for det mulige ({str(value)[:40]}): et beløb eller tal skal være under "
                        f"10^{MAX_MAGNITUDE} og højst have {-MIN_MAGNITUDE} decimaler.")
    return result


def canonical_name(name: str) -> str:
    """The resolver's spelling of a municipality; other parties (Region H, Gate 21 …) keep their own."""
    text = " ".join(str(name or "").split())
    if not text:
        return text
    try:
        from kkrdesk.reference import resolve

        found = resolve(text)
    except Exception:  # unknown names are allowed as participants; the resolver only normalises known ones
        return text
    return str(found) if found else text


@dataclass(frozen=True)
class Row:
    """One line of a result. Optional columns are None when the calculator has none."""

    name: str
    amount: Decimal
    exact: Decimal
    weight: Decimal | None = None
    share: Decimal | None = None
    population: Decimal | None = None
    base_amount: Decimal | None = None
    original: Decimal | None = None

    def to_json(self, text: bool = False) -> dict:
        data = {"name": self.name}
        for key in ("weight", "share", "population", "base_amount", "original"):
            value = getattr(self, key)
            if value is not None:
                data[key] = json_number(value, text)
        data["amount"] = json_number(self.amount, text)
        data["exact"] = json_number(self.exact, text)
        return data


@dataclass(frozen=True)
class Result:
    """A cost split: rows, the exact total, and what the rounding left over."""

    kind: str
    rows: tuple[Row, ...]
    total: Decimal
    rounding: str = HALF_UP
    rate: Decimal | None = None
    uplift_pct: Decimal | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def sum_of_rows(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def remainder(self) -> Decimal:
        return self.total - self.sum_of_rows

    def amounts(self) -> dict[str, Decimal]:
        return {r.name: r.amount for r in self.rows}

    def to_json(self, text: bool = False) -> dict:
        """The CLI contract; text=True gives exact Decimal strings instead of JSON numbers."""
        data = {"kind": self.kind, "rounding": self.rounding, "rows": [r.to_json(text) for r in self.rows],
                "total": json_number(self.total, text), "sum_of_rows": json_number(self.sum_of_rows, text),
                "remainder": json_number(self.remainder, text)}
        if self.rate is not None:
            data["rate"] = json_number(self.rate, text)
        if self.uplift_pct is not None:
            data["uplift_pct"] = json_number(self.uplift_pct, text)
        return data


# --- validation -------------------------------------------------------------------------------------------


def _names(names: Iterable[str]) -> list[str]:
    """Canonical names; an empty list or a participant named twice (after resolving) is refused."""
    result: list[str] = []
    seen: dict[str, str] = {}
    for position, raw in enumerate(names, start=1):
        name = canonical_name(raw)
        if not name:
            raise UserError(f"Deltager nr. {position} mangler et navn.")
        key = name.casefold()
        if key in seen:
            shown = f"'{raw}' og '{seen[key]}'" if str(raw).strip() != seen[key] else f"'{raw}'"
            raise UserError(f"{name} står to gange i listen over deltagere ({shown}).")
        seen[key] = str(raw).strip()
        result.append(name)
    if not result:
        raise UserError("Listen over deltagere er tom. Vælg mindst én kommune.")
    return result


def _pairs(rows: Sequence[tuple[str, object]], what: str) -> tuple[list[str], list[Decimal]]:
    names = _names([r[0] for r in rows])
    values = [to_decimal(r[1], f"{what} for {n}") for r, n in zip(rows, names, strict=True)]
    return names, values


def _positive_sum(values: Sequence[Decimal], what: str) -> Decimal:
    for v in values:
        if v < 0:
            raise UserError(f"{what[:1].upper()}{what[1:]} må ikke være negative ({v}).")
    total = sum(values, ZERO)
    if total <= 0:
        raise UserError(f"Summen af {what} er {total}; den skal være større end 0.")
    return total


def _total(value, what: str = "beløbet") -> Decimal:
    total = to_decimal(value, what)
    if total < 0:
        raise UserError(f"{what[:1].upper()}{what[1:]} må ikke være negativt.")
    return total


# --- calculators ------------------------------------------------------------------------------------------


def split(total, weights: Sequence[tuple[str, object]], rounding: str = HALF_UP) -> Result:
    """Fordelingsnøgle: each participant pays total × weight / Σ weights."""
    check_policy(rounding)
    total = _total(total, "det samlede beløb")
    names, values = _pairs(weights, "vægten")
    weight_sum = _positive_sum(values, "vægtene")
    with decimal.localcontext(CONTEXT):
        exact = [total * w / weight_sum for w in values]
        shares = [w / weight_sum for w in values]
    amounts = apportion(exact, rounding, target=round_half_up(total))
    rows = tuple(Row(n, a, e, weight=w, share=s)
                 for n, a, e, w, s in zip(names, amounts, exact, values, shares, strict=True))
    return Result("split", rows, total, rounding)


def per_capita(rate, populations: Sequence[tuple[str, object]], uplift_pct=None,
               rounding: str = HALF_UP) -> Result:
    """Kr. pr. indbygger: base_amount = rate × population rounded; an uplift (pris- og lønfremskrivning)
    is applied to the rounded base line, as a budget line is carried forward
    (1.773.823 × 1,019 → 1.807.526)."""
    check_policy(rounding)
    rate = _total(rate, "satsen pr. indbygger")
    names, pops = _pairs(populations, "indbyggertallet")
    _positive_sum(pops, "indbyggertallene")
    with decimal.localcontext(CONTEXT):
        raw = [rate * p for p in pops]
    base = apportion(raw, rounding)
    if uplift_pct in (None, ""):
        rows = tuple(Row(n, b, e, population=p, base_amount=b) for n, b, e, p in zip(names, base, raw, pops,
                                                                                     strict=True))
        return Result("per-capita", rows, sum(raw, ZERO), rounding, rate=rate)
    pct = to_decimal(uplift_pct, "fremskrivningen i procent")
    if pct <= -100:
        raise UserError("Fremskrivningen skal være større end -100 %.")
    with decimal.localcontext(CONTEXT):
        factor = 1 + pct / HUNDRED
        exact = [b * factor for b in base]
    amounts = apportion(exact, rounding)
    rows = tuple(Row(n, a, e, population=p, base_amount=b)
                 for n, a, e, p, b in zip(names, amounts, exact, pops, base, strict=True))
    return Result("per-capita", rows, sum(exact, ZERO), rounding, rate=rate, uplift_pct=pct)


def pro_rata(new_total, originals: Sequence[tuple[str, object]], rounding: str = HALF_UP) -> Result:
    """Scale agreed amounts to a new total, keeping their proportions (Klimaalliancen's scenarios)."""
    check_policy(rounding)
    total = _total(new_total, "det nye samlede beløb")
    names, values = _pairs(originals, "det aftalte beløb")
    original_sum = _positive_sum(values, "de aftalte beløb")
    with decimal.localcontext(CONTEXT):
        exact = [total * v / original_sum for v in values]
        shares = [v / original_sum for v in values]
    amounts = apportion(exact, rounding, target=round_half_up(total))
    rows = tuple(Row(n, a, e, original=v, share=s)
                 for n, a, e, v, s in zip(names, amounts, exact, values, shares, strict=True))
    return Result("pro-rata", rows, total, rounding)


def equal(total, participants: Sequence[str], rounding: str = HALF_UP) -> Result:
    """Ligelig fordeling: the same share for everyone."""
    check_policy(rounding)
    total = _total(total, "det samlede beløb")
    names = _names(participants)
    with decimal.localcontext(CONTEXT):
        each = total / len(names)
        share = Decimal(1) / len(names)
    amounts = apportion([each] * len(names), rounding, target=round_half_up(total))
    rows = tuple(Row(n, a, each, share=share) for n, a in zip(names, amounts, strict=True))
    return Result("equal", rows, total, rounding)


# --- key figures ------------------------------------------------------------------------------------------


def capacity(full_time, part_time=0) -> Decimal:
    """Full-time equivalents: a part-time capacity counts 0,5 (kkr-hovedstaden-2022-bilag.txt 1619, 1647)."""
    full = to_decimal(full_time, "antal fuldtidskapaciteter")
    return full + to_decimal(part_time, "antal deltidskapaciteter") / 2


def inhabitants_per_capacity(population, capacities) -> Decimal:
    population = to_decimal(population, "indbyggertallet")
    capacities = to_decimal(capacities, "kapaciteten")
    if capacities <= 0:
        raise UserError("Kapaciteten skal være større end 0.")
    with decimal.localcontext(CONTEXT):
        return population / capacities


def deviation_pct(frame, spending) -> Decimal:
    """Spending against a frame in per cent: (udgifter − ramme) / ramme × 100 (negative = under the frame)."""
    frame = to_decimal(frame, "rammen")
    spending = to_decimal(spending, "udgifterne")
    if frame == 0:
        raise UserError("Rammen er 0; afvigelsen i procent kan ikke beregnes.")
    with decimal.localcontext(CONTEXT):
        return (spending - frame) / frame * HUNDRED


def annual_from_day_rate(day_rate, days: int = 365) -> Decimal:
    return to_decimal(day_rate, "døgntaksten") * days


def day_rate_from_annual(annual, days: int = 365) -> Decimal:
    with decimal.localcontext(CONTEXT):
        return to_decimal(annual, "årstaksten") / days


@dataclass(frozen=True)
class FigureRow:
    name: str
    values: tuple[Decimal, ...]
    figure: Decimal


@dataclass(frozen=True)
class KeyFigures:
    """A table of key figures (inhabitants per capacity, deviation from a frame) with an "I alt" line."""

    figure: str
    columns: tuple[str, ...]
    rows: tuple[FigureRow, ...]
    total: FigureRow
    decimals: int = 0
    kind: str = "key-figures"

    def to_json(self, text: bool = False) -> dict:
        def row(r: FigureRow) -> dict:
            data = {"name": r.name}
            data.update({c: json_number(v, text) for c, v in zip(self.columns, r.values, strict=True)})
            data["figure"] = json_number(r.figure, text)
            data["amount"] = json_number(round_half_up(r.figure, self.decimals), text)
            return data

        return {"kind": self.kind, "figure": self.figure, "rows": [row(r) for r in self.rows],
                "total": row(self.total)}


def capacity_table(rows: Sequence[dict]) -> KeyFigures:
    """Rows {"name", "population", "full_time", "part_time"=0} → inhabitants per capacity, and for all."""
    names = _names([r.get("name", "") for r in rows])
    out = []
    pop_sum = cap_sum = ZERO
    for name, r in zip(names, rows, strict=True):
        pop = to_decimal(r.get("population"), f"indbyggertallet for {name}")
        cap = capacity(r.get("full_time", r.get("capacity", 0)), r.get("part_time", 0))
        out.append(FigureRow(name, (pop, cap), inhabitants_per_capacity(pop, cap)))
        pop_sum += pop
        cap_sum += cap
    total = FigureRow("I alt", (pop_sum, cap_sum), inhabitants_per_capacity(pop_sum, cap_sum))
    return KeyFigures("per-capacity", ("population", "capacity"), tuple(out), total)


def frame_table(rows: Sequence[dict]) -> KeyFigures:
    """Rows {"name", "frame", "spending"} → deviation in per cent, and for all (computed from the sums)."""
    names = _names([r.get("name", "") for r in rows])
    out = []
    frame_sum = spend_sum = ZERO
    for name, r in zip(names, rows, strict=True):
        frame = to_decimal(r.get("frame"), f"rammen for {name}")
        spend = to_decimal(r.get("spending"), f"udgifterne for {name}")
        out.append(FigureRow(name, (frame, spend), deviation_pct(frame, spend)))
        frame_sum += frame
        spend_sum += spend
    total = FigureRow("I alt", (frame_sum, spend_sum), deviation_pct(frame_sum, spend_sum))
    return KeyFigures("frame-deviation", ("frame", "spending"), tuple(out), total, decimals=1)


def fmt(value, decimals: int | None = 0) -> str:
    """Danish display of a number (1.807.526; 2,125; -4,0) via the reference formatter, which rounds half up.

    decimals=None shows the digits the value has (a weight of 3,125 stays 3,125).
    """
    if value is None:
        return ""
    from kkrdesk.reference import format_number

    value = Decimal(value)
    if decimals is None:
        value = value.normalize()
        decimals = max(0, -value.as_tuple().exponent)
    return format_number(value, decimals)
