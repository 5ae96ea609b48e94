"""A budget calculation as the KKR papers print it: table, totals, the rounding difference, notes on price
level and population source, and a bar chart of the shares (reportlab.graphics)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from kkrdesk.calc import KIND_NAMES, KeyFigures, ProjectBudget, Result, fmt
from kkrdesk.exports import pdfstyle
from kkrdesk.exports.budget_xlsx import Meta

WIDTH = pdfstyle.PAGE[0] - 2 * pdfstyle.MARGIN


def _pct(value: Decimal, decimals: int = 1) -> str:
    return fmt(value * 100, decimals) + " %"


def _result_table(result: Result) -> list:
    if result.kind == "split":
        head = ["Deltager", "Vægt", "Andel", "Beløb (kr.)"]
        body = [[r.name, fmt(r.weight, None), _pct(r.share, 2), fmt(r.amount)] for r in result.rows]
    elif result.kind == "pro-rata":
        head = ["Deltager", "Aftalt (kr.)", "Andel", "Beløb (kr.)"]
        body = [[r.name, fmt(r.original), _pct(r.share, 2), fmt(r.amount)] for r in result.rows]
    elif result.kind == "per-capita":
        head = ["Deltager", "Indbyggere", "Grundbeløb (kr.)", "Beløb (kr.)"]
        body = [[r.name, fmt(r.population), fmt(r.base_amount), fmt(r.amount)] for r in result.rows]
    else:
        head = ["Deltager", "Andel", "Beløb (kr.)"]
        body = [[r.name, _pct(r.share, 2), fmt(r.amount)] for r in result.rows]
    blank = [""] * (len(head) - 2)
    body.append(["I alt", *blank, fmt(result.sum_of_rows)])
    widths = [WIDTH * 0.4] + [WIDTH * 0.6 / (len(head) - 1)] * (len(head) - 1)
    table = pdfstyle.table([head, *body], widths, numeric_cols=range(1, len(head)), total_row=True)
    exact = "Beløb at fordele" if result.kind != "per-capita" else "I alt uden afrunding"
    decimals = 0 if result.total == result.total.to_integral_value() else 2
    summary = pdfstyle.table(
        [[exact, fmt(result.total, decimals)],
         ["Difference (afrunding)", fmt(result.remainder, 0 if decimals == 0 else 2)]],
        [WIDTH * 0.7, WIDTH * 0.3], header=False, numeric_cols=[1])
    return [table, Spacer(1, 2 * mm), summary]


CHART_BAR = 11
# Bars per drawing: a drawing cannot break over pages, so a long list becomes several charts, each of which
# fits an A4 page (98 municipalities made one 1,100-pt drawing and reportlab's LayoutError).
CHART_BARS_PER_PAGE = 50


def _charts(labels: list[str], values: list[float], caption: str) -> list[Drawing]:
    """One chart per page's worth of bars, on a common axis so the parts read as one chart."""
    top = max(values, default=0)
    chunks = range(0, len(labels), CHART_BARS_PER_PAGE)
    n = len(chunks)
    return [_chart(labels[i:i + CHART_BARS_PER_PAGE], values[i:i + CHART_BARS_PER_PAGE],
                   caption if n == 1 else f"{caption} ({k} af {n})", top)
            for k, i in enumerate(chunks, start=1)]


def _chart(labels: list[str], values: list[float], caption: str, top: float | None = None) -> Drawing:
    """Horizontal bars, one per participant; the drawing grows with the number of rows."""
    bar = CHART_BAR
    height = max(80, bar * len(labels) + 40)
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 20
    chart.width, chart.height = WIDTH - 160, height - 35
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = pdfstyle.FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    # a round axis end above the largest bar, so no bar runs past the last label
    top = max(values, default=0) if top is None else top
    step = 5 if top > 10 else 1
    chart.valueAxis.valueMax = max(step, (int(top // step) + 1) * step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: fmt(Decimal(repr(v)).quantize(Decimal("0.1")), None) + " %"
    chart.bars[0].fillColor = pdfstyle.HOUSE_BLUE
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    drawing.add(chart)
    drawing.add(String(0, height - 10, caption, fontName=pdfstyle.FONT_BOLD, fontSize=9))
    return drawing


def _project(budget: ProjectBudget) -> list:
    years = [y.label + ("" if y.fraction == 1 else f" ({fmt(y.fraction, None)} år)") for y in budget.years]
    head = ["Post", *years, "I alt"]
    n = len(head)
    widths = [WIDTH * 0.34] + [WIDTH * 0.66 / (n - 1)] * (n - 1)
    styles = pdfstyle.styles()
    flow: list = []
    for section, label in (("expenses", "Udgifter"), ("financing", "Finansiering")):
        body = []
        for p in budget.section(section):
            name = p.name + (f" ({fmt(p.staff_years, None)} årsværk, naturalie)" if p.in_kind else
                             f" ({fmt(p.staff_years, None)} årsværk)" if p.staff_years is not None else "")
            cells = [fmt(a) for a in p.amounts]
            body.append([pdfstyle.para(name, styles["cell"]), *cells, fmt(sum(p.amounts))])
        body.append([f"{label} i alt", *[fmt(v, 0) for v in _rounded(budget.per_year(section))],
                     fmt(_rounded([budget.section_total(section)])[0])])
        flow += pdfstyle.keep_with_next([pdfstyle.para(label, styles["h2"])],
                                        pdfstyle.table([head, *body], widths, numeric_cols=range(1, n), total_row=True))
    diff = [fmt(v) for v in _rounded(budget.difference_per_year)]
    flow += [Spacer(1, 3 * mm), pdfstyle.table(
        [["Difference (finansiering – udgifter)", *diff, fmt(_rounded([budget.difference])[0])]], widths,
        header=False, numeric_cols=range(1, n), total_row=True)]
    cash = budget.section_total("financing", in_kind=False)
    kind = budget.section_total("financing", in_kind=True)
    if kind:
        text = (f"Heraf finansiering i naturalier (årsværk): {fmt(_rounded([kind])[0])} kr.; "
                f"kontant: {fmt(_rounded([cash])[0])} kr.")
        flow.append(pdfstyle.para(text, styles["small"]))
    if budget.staff_year_price is not None:
        text = f"Et årsværk er regnet til {fmt(budget.staff_year_price)} kr."
        flow.append(pdfstyle.para(text, styles["small"]))
    return flow


def _rounded(values) -> list[Decimal]:
    from kkrdesk.calc import round_half_up

    return [round_half_up(v) for v in values]


def _key_figures(result: KeyFigures) -> list:
    if result.figure == "per-capacity":
        head = ["Område", "Indbyggere", "Kapacitet", "Indbyggere pr. kapacitet"]
        cells = [[r.name, fmt(r.values[0]), fmt(r.values[1], None), fmt(r.figure, 0)]
                 for r in (*result.rows, result.total)]
    else:
        head = ["Område", "Ramme (kr.)", "Udgifter (kr.)", "Afvigelse"]
        cells = [[r.name, fmt(r.values[0]), fmt(r.values[1]), fmt(r.figure, 1) + " %"]
                 for r in (*result.rows, result.total)]
    widths = [WIDTH * 0.34] + [WIDTH * 0.22] * 3
    return [pdfstyle.table([head, *cells], widths, numeric_cols=[1, 2, 3], total_row=True)]


def write_pdf(result, path: Path | str, meta: Meta | None = None) -> Path:
    """Write a calculation result (Result, ProjectBudget or KeyFigures) to a PDF in the house style."""
    meta = meta or Meta()
    styles = pdfstyle.styles()
    kind_name = KIND_NAMES.get(result.kind, result.kind)
    title = meta.title or kind_name
    flow: list = [pdfstyle.para(title, styles["title"])]
    rounding = getattr(result, "rounding", None) if result.kind != "key-figures" else None
    facts = [f"Beregningstype: {kind_name}"]
    if meta.price_level:
        facts.append(f"Prisniveau: {meta.price_level}")
    if isinstance(result, Result) and result.rate is not None:
        facts.append(f"Sats: {fmt(result.rate, None)} kr. pr. indbygger")
        if result.uplift_pct is not None:
            facts.append(f"Pris- og lønfremskrivning: {fmt(result.uplift_pct, None)} %")
    flow.append(pdfstyle.para("\n".join(facts), styles["body"]))
    flow.append(Spacer(1, 3 * mm))
    if isinstance(result, ProjectBudget):
        flow += _project(result)
    elif isinstance(result, KeyFigures):
        flow += _key_figures(result)
    else:
        flow += _result_table(result)
    notes = meta.lines(rounding)
    if notes:
        flow += pdfstyle.keep_with_next([pdfstyle.para("Noter", styles["h2"])],
                                        pdfstyle.para("\n".join(notes), styles["small"]))
    if isinstance(result, Result) and result.rows and result.total > 0:
        shares = [float(r.exact / result.total * 100) for r in result.rows]
        charts = _charts([r.name for r in result.rows], shares, "Andel af det samlede beløb")
        flow += [Spacer(1, 5 * mm), *charts]
    return pdfstyle.build(path, flow, title=title, subject=kind_name)
