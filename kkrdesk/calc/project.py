"""Multi-year project budgets: expense posts × years, financing sources × years, staff years priced in kroner.

A post is cash (`per_year` kroner a year, or explicit `amounts` per year) and/or staff years (`staff_years` a
year × the price of a staff year). A year can be a part year (`fraction` 0,5 for a half year): per-year posts
are scaled by it, explicit amounts are not. Staff years given by a partner (`in_kind`) count as financing in
kind next to cash. The difference financing − expenses is always computed and shown, per year and in all.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kkrdesk.calc.calculators import CONTEXT, ZERO, json_number, to_decimal
from kkrdesk.calc.rounding import HALF_UP, apportion, check_policy
from kkrdesk.errors import UserError

SECTIONS = {"expenses": "Udgifter", "financing": "Finansiering"}


@dataclass(frozen=True)
class Year:
    label: str
    fraction: Decimal = Decimal(1)


@dataclass(frozen=True)
class Post:
    name: str
    section: str  # "expenses" or "financing"
    in_kind: bool
    staff_years: Decimal | None
    exact: tuple[Decimal, ...]
    amounts: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.exact, ZERO)

    @property
    def kind_label(self) -> str:
        return "Naturalie (årsværk)" if self.in_kind else "Kontant"


@dataclass(frozen=True)
class ProjectBudget:
    title: str
    years: tuple[Year, ...]
    staff_year_price: Decimal | None
    posts: tuple[Post, ...]
    rounding: str = HALF_UP
    kind: str = "project-budget"

    def section(self, section: str) -> tuple[Post, ...]:
        return tuple(p for p in self.posts if p.section == section)

    def per_year(self, section: str, *, in_kind: bool | None = None) -> tuple[Decimal, ...]:
        posts = [p for p in self.section(section) if in_kind is None or p.in_kind == in_kind]
        return tuple(sum((p.exact[i] for p in posts), ZERO) for i in range(len(self.years)))

    def section_total(self, section: str, *, in_kind: bool | None = None) -> Decimal:
        return sum(self.per_year(section, in_kind=in_kind), ZERO)

    @property
    def difference_per_year(self) -> tuple[Decimal, ...]:
        pairs = zip(self.per_year("financing"), self.per_year("expenses"), strict=True)
        return tuple(f - e for f, e in pairs)

    @property
    def difference(self) -> Decimal:
        return self.section_total("financing") - self.section_total("expenses")

    # The common result contract: total = all expenses (exact), rows = every post.
    @property
    def total(self) -> Decimal:
        return self.section_total("expenses")

    @property
    def sum_of_rows(self) -> Decimal:
        return sum((sum(p.amounts, ZERO) for p in self.section("expenses")), ZERO)

    @property
    def remainder(self) -> Decimal:
        return self.total - self.sum_of_rows

    def to_json(self, text: bool = False) -> dict:
        def num(value):
            return json_number(value, text)

        def totals(section: str) -> dict:
            data = {"per_year": [num(v) for v in self.per_year(section)],
                    "total": num(self.section_total(section))}
            if section == "financing":
                data["cash"] = num(self.section_total(section, in_kind=False))
                data["in_kind"] = num(self.section_total(section, in_kind=True))
            return data

        return {
            "kind": self.kind, "title": self.title, "rounding": self.rounding,
            "years": [{"label": y.label, "fraction": num(y.fraction)} for y in self.years],
            "staff_year_price": num(self.staff_year_price),
            "rows": [{"name": p.name, "section": p.section, "in_kind": p.in_kind,
                      "staff_years": num(p.staff_years),
                      "years": [num(a) for a in p.amounts],
                      "amount": num(sum(p.amounts, ZERO)),
                      "exact": num(p.total)} for p in self.posts],
            "expenses": totals("expenses"), "financing": totals("financing"),
            "difference": {"per_year": [num(v) for v in self.difference_per_year],
                           "total": num(self.difference)},
            "total": num(self.total), "sum_of_rows": num(self.sum_of_rows),
            "remainder": num(self.remainder),
        }


def _years(spec: Sequence) -> tuple[Year, ...]:
    years = []
    for item in spec or []:
        if isinstance(item, dict):
            label = str(item.get("label") or item.get("year") or "").strip()
            if item.get("half"):
                fraction = Decimal("0.5")
            else:
                fraction = to_decimal(item.get("fraction", 1), f"andelen af året for {label}")
        else:
            label, fraction = str(item).strip(), Decimal(1)
        if not label:
            raise UserError("Et år i budgettet mangler en betegnelse.")
        if not Decimal(0) < fraction <= 1:
            raise UserError(f"Andelen af året for {label} skal være mellem 0 og 1 (0,5 for et halvt år).")
        years.append(Year(label, fraction))
    if not years:
        raise UserError("Budgettet har ingen år. Angiv fx \"years\": [\"2026\", \"2027\"].")
    labels = [y.label for y in years]
    if len(set(labels)) != len(labels):
        raise UserError("Et år står to gange i budgettet.")
    return tuple(years)


def _post(item: dict, section: str, years: tuple[Year, ...], price: Decimal | None, position: int) -> dict:
    name = " ".join(str(item.get("name") or "").split())
    if not name:
        raise UserError(f"Post nr. {position} under {SECTIONS[section].lower()} mangler et navn.")
    exact = [ZERO] * len(years)
    if item.get("amounts") is not None:
        amounts = list(item["amounts"])
        if len(amounts) != len(years):
            raise UserError(f"{name}: der er {len(amounts)} beløb, men {len(years)} år.")
        for i, value in enumerate(amounts):
            value = value if value not in (None, "") else 0
            exact[i] += to_decimal(value, f"beløbet for {name} i {years[i].label}")
    if item.get("per_year") not in (None, ""):
        per_year = to_decimal(item["per_year"], f"det årlige beløb for {name}")
        for i, year in enumerate(years):
            exact[i] += per_year * year.fraction
    staff_years = None
    if item.get("staff_years") not in (None, ""):
        staff_years = to_decimal(item["staff_years"], f"antal årsværk for {name}")
        post_price = item.get("staff_year_price", price)
        if post_price in (None, ""):
            raise UserError(f"{name} har årsværk, men budgettet har ingen pris pr. årsværk "
                            "(staff_year_price).")
        post_price = to_decimal(post_price, "prisen pr. årsværk")
        with decimal.localcontext(CONTEXT):
            for i, year in enumerate(years):
                exact[i] += staff_years * post_price * year.fraction
    return {"name": name, "section": section, "in_kind": bool(item.get("in_kind")),
            "staff_years": staff_years, "exact": tuple(exact)}


def project_budget(spec: dict, rounding: str = HALF_UP) -> ProjectBudget:
    """Build a budget from its JSON description (see the module docstring)."""
    if not isinstance(spec, dict):
        raise UserError("Budgetfilen skal indeholde et JSON-objekt med years, expenses og financing.")
    check_policy(spec.get("rounding") or rounding)
    rounding = spec.get("rounding") or rounding
    years = _years(spec.get("years"))
    price = spec.get("staff_year_price", spec.get("aarsvaerk_pris"))
    price = to_decimal(price, "prisen pr. årsværk") if price not in (None, "") else None
    raw = [_post(item, section, years, price, n)
           for section in ("expenses", "financing")
           for n, item in enumerate(spec.get(section) or [], 1)]
    if not any(p["section"] == "expenses" for p in raw):
        raise UserError("Budgettet har ingen udgiftsposter (expenses).")
    posts = []
    for p in raw:
        posts.append(Post(p["name"], p["section"], p["in_kind"], p["staff_years"], p["exact"],
                          tuple(apportion(p["exact"], rounding))))
    title = str(spec.get("title") or spec.get("name") or "Projektbudget")
    return ProjectBudget(title, years, price, tuple(posts), rounding)
