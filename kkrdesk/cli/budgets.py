"""`kkrdesk calc …`: the budget calculators on the command line (split, per-capita, equal, pro-rata,
project-budget). They need no store unless --save is given; --json prints the result object and --out writes
an Excel (live formulas) or PDF export. Bad input prints a Danish message and exits 1, nothing saved."""

from __future__ import annotations

import argparse
import contextlib
import os
from pathlib import Path

from kkrdesk.cli import db_parent, json_parent, open_from_args, print_json
from kkrdesk.errors import UserError

ROUNDINGS = ("half-up", "largest-remainder")


def _common() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--out", metavar="FIL", help="skriv FIL.xlsx (med formler) eller FIL.pdf")
    parent.add_argument("--save", metavar="NAVN", help="gem beregningen i databasen under NAVN (med --db)")
    parent.add_argument("--title", metavar="TEKST", help="overskrift på eksporten")
    parent.add_argument("--price-level", metavar="PL", help='prisniveau, fx "2024-pl"')
    parent.add_argument("--source", metavar="KILDE", help='kilde til befolkningstal, fx "FOLK1A"')
    parent.add_argument("--source-date", metavar="DATO", help='befolkningstallets dato, fx "1. januar 2025"')
    return parent


def _rounding(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rounding", choices=ROUNDINGS, default="half-up",
                   help="half-up: hver række afrundes (standard); largest-remainder: rækkerne summer præcist")


def register(groups: dict) -> None:
    calc = groups["calc"]
    parents = [db_parent(), json_parent(), _common()]

    p = calc.add_parser("split", parents=parents, help="fordel et beløb efter en fordelingsnøgle")
    p.add_argument("--total", required=True, metavar="N", help='beløbet der fordeles, fx "2.000.000"')
    p.add_argument("--weights", required=True, metavar="FIL", help="CSV/Excel med navn og vægt")
    _rounding(p)
    p.set_defaults(func=_split)

    p = calc.add_parser("per-capita", parents=parents, help="kroner pr. indbygger, evt. med fremskrivning")
    p.add_argument("--rate", required=True, metavar="R", help="kroner pr. indbygger")
    p.add_argument("--population", required=True, metavar="FIL", help="CSV/Excel med navn og indbyggertal")
    p.add_argument("--uplift-pct", metavar="P", help='pris- og lønfremskrivning i procent, fx "1,9"')
    _rounding(p)
    p.set_defaults(func=_per_capita)

    p = calc.add_parser("equal", parents=parents, help="fordel et beløb ligeligt")
    p.add_argument("--total", required=True, metavar="N")
    p.add_argument("--participants", required=True, metavar="FIL", help="CSV/Excel med ét navn pr. linje")
    _rounding(p)
    p.set_defaults(func=_equal)

    p = calc.add_parser("pro-rata", parents=parents, help="skalér aftalte beløb til en ny total")
    p.add_argument("--amounts", required=True, metavar="FIL", help="CSV/Excel med navn og aftalt beløb")
    p.add_argument("--new-total", required=True, metavar="N")
    _rounding(p)
    p.set_defaults(func=_pro_rata)

    p = calc.add_parser("project-budget", parents=parents, help="flerårigt projektbudget fra en JSON-fil")
    p.add_argument("file", metavar="FIL.json", help="years, staff_year_price, expenses og financing")
    p.set_defaults(func=_project_budget)

    p = groups["import"].add_parser(
        "population", parents=[db_parent(), json_parent()], formatter_class=argparse.RawDescriptionHelpFormatter,
        help="indlæs kommunernes befolkningstal fra Statistikbanken (FOLK1A)", description=POPULATION_HELP)
    p.add_argument("file", metavar="FILE", help="CSV eller Excel fra Statistikbanken (tabel FOLK1A)")
    p.add_argument("--year", type=int, metavar="ÅÅÅÅ", help="tallene pr. 1. januar dette år (ellers det seneste)")
    p.add_argument("--dry-run", action="store_true", help="vis hvad der ville ændres, uden at gemme noget")
    p.set_defaults(func=_import_population)


POPULATION_HELP = """\
Indlæser kommunernes befolkningstal pr. 1. januar fra en fil, som Statistikbanken eksporterer for
tabel FOLK1A (1. kvartal, K1) eller FOLK1AM (januar, M01): CSV (semikolon, UTF-8 eller Windows-1252)
eller Excel, enten som tabel (område i rækkerne, kvartaler som 2025K1 i kolonnerne) eller som API'ets
lange CSV (OMRÅDE;TID;INDHOLD). Hele landet, regioner og landsdele springes over; navne, der ikke er
en kommune, nævnes med linjenummer. Tallene gemmes i databasen i én transaktion (alt eller intet) og
bruges før de medfølgende tal, fx af "Tilføj hele regionen" under Kr. pr. indbygger.

--json udskriver:
  {"year": 2025, "date": "2025-01-01", "source": "Danmarks Statistik, FOLK1A",
   "municipalities": 98,                 antal kommuner med et tal i filen
   "changed": [{"municipality": "København", "old": 600101, "new": 605101}],
                                         old: tallet for samme dato før, null hvis intet
   "unknown": [{"line": 12, "text": "Christiansø"}],   linje (række i Excel) og tekst
   "dry_run": false}
Afslutter med 0, også når der er ukendte navne; 1 hvis filen afvises (intet er da gemt)."""


def _import_population(args) -> int:
    import sys

    from kkrdesk.reference import format_number
    from kkrdesk.services.populations import import_population

    store = open_from_args(args)
    report = import_population(store, Path(args.file), year=args.year, dry_run=args.dry_run)
    if args.json:
        print_json(report.to_dict())
        return 0
    for name, old, new in report.changed:
        before = format_number(old) if old is not None else "–"
        print(f"{name:<20} {before:>10} → {format_number(new):>10}")
    for line, text in report.unknown:
        print(f"Bemærk: {report.line_word.lower()} {line}: \"{text}\" er ikke en kommune og er sprunget over.",
              file=sys.stderr)
    print(report.summary())
    return 0


def _number(text: str, option: str):
    from kkrdesk.calc.inputs import checked_amount
    from kkrdesk.reference import parse_number

    try:
        value = parse_number(text)
    except (ValueError, ArithmeticError):
        raise UserError(f"{option} skal være et tal som 1.822.000 eller 1,9, ikke '{text}'.") from None
    return checked_amount(value, option)


def _split(args) -> int:
    from kkrdesk.calc.inputs import read_pairs

    total = _number(args.total, "--total")
    weights = read_pairs(args.weights, "vægten")
    inputs = {"total": total, "weights": [{"name": n, "weight": w} for n, w in weights],
              "rounding": args.rounding}
    return _finish(args, "split", inputs)


def _per_capita(args) -> int:
    from kkrdesk.calc.inputs import read_pairs

    rate = _number(args.rate, "--rate")
    uplift = _number(args.uplift_pct, "--uplift-pct") if args.uplift_pct not in (None, "") else None
    pops = read_pairs(args.population, "indbyggertallet")
    inputs = {"rate": rate, "uplift_pct": uplift, "rounding": args.rounding,
              "populations": [{"name": n, "population": p} for n, p in pops]}
    return _finish(args, "per-capita", inputs)


def _equal(args) -> int:
    from kkrdesk.calc.inputs import read_names

    total = _number(args.total, "--total")
    inputs = {"total": total, "participants": read_names(args.participants), "rounding": args.rounding}
    return _finish(args, "equal", inputs)


def _pro_rata(args) -> int:
    from kkrdesk.calc.inputs import read_pairs

    total = _number(args.new_total, "--new-total")
    amounts = read_pairs(args.amounts, "det aftalte beløb")
    inputs = {"new_total": total, "amounts": [{"name": n, "original": a} for n, a in amounts],
              "rounding": args.rounding}
    return _finish(args, "pro-rata", inputs)


def _project_budget(args) -> int:
    import json

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"Filen {path} findes ikke.")
    try:
        spec = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=str, parse_int=str)
    except ValueError as exc:
        raise UserError(f"{path.name} er ikke gyldig JSON: {exc}") from None
    if isinstance(spec, dict) and not getattr(args, "title", None):
        args.title = spec.get("title") or spec.get("name")
    return _finish(args, "project-budget", spec)


def _finish(args, kind: str, inputs: dict) -> int:
    from kkrdesk.calc import compute

    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".xlsx", ".pdf"):
        raise UserError(f"--out skal slutte på .xlsx eller .pdf, ikke '{out.suffix or out.name}'.")
    # Compute, validate and render first; save last, alone in its transaction: a failure anywhere before
    # leaves neither a saved calculation nor a file behind.
    result = compute(kind, inputs)  # raises on bad input before anything is saved or written
    data = result.to_json()
    text = None if args.json else render(result)
    written = None
    if out is not None:
        written = out.with_name(f".{out.name}.skrives{out.suffix}")
        try:
            _export(result, written, args)
        except BaseException:
            with contextlib.suppress(OSError):  # the folder may not exist or be a file
                written.unlink(missing_ok=True)
            raise
    saved_id = None
    try:
        if args.save:
            from kkrdesk.services import budgets  # the store (and SQLAlchemy) only when the result is saved

            store = open_from_args(args)
            saved_id = budgets.save(store, args.save, kind, inputs, price_level=args.price_level,
                                    population_source=args.source, population_date=args.source_date)
        if written is not None:
            os.replace(written, out)
    finally:
        if written is not None:
            written.unlink(missing_ok=True)
    if args.json:
        if saved_id is not None:
            data["saved_id"] = saved_id
        print_json(data)
    else:
        print(text)
        for line in _meta(args).lines():
            print(line)
        if saved_id is not None:
            print(f"Gemt som beregning {saved_id}: {args.save}")
        if out is not None:
            print(f"Skrevet: {out}")
    return 0


def _meta(args):
    from kkrdesk.exports.budget_xlsx import Meta

    return Meta(title=args.title or "", price_level=args.price_level, source=args.source,
                source_date=args.source_date)


def _export(result, out: Path, args) -> None:
    try:
        if out.suffix.lower() == ".xlsx":
            from kkrdesk.exports.budget_xlsx import write_xlsx

            write_xlsx(result, out, _meta(args))
        else:
            from kkrdesk.exports.budget_pdf import write_pdf

            write_pdf(result, out, _meta(args))
    except OSError as exc:  # a folder that is a file, no permission, a full disk
        raise UserError(f"{out} kan ikke skrives: {exc.strerror or exc}. Intet er gemt.") from None


# --- readable tables ---------------------------------------------------------------------------------------


def _table(head: list[str], rows: list[list[str]], footer: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [head, *rows, *footer]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                                strict=True)))

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    return "\n".join([line(head), rule, *[line(r) for r in rows], rule, *[line(r) for r in footer]])


def render(result) -> str:
    """A result as a plain Danish table (numbers with "." for thousands and "," for decimals)."""
    from kkrdesk.calc import KIND_NAMES, ProjectBudget, Result, fmt, round_half_up

    if isinstance(result, ProjectBudget):
        years = [y.label + ("" if y.fraction == 1 else f" ({fmt(y.fraction, None)} år)")
                 for y in result.years]
        head = ["Post", *years, "I alt"]
        rows: list[list[str]] = []
        for section, label in (("expenses", "Udgifter"), ("financing", "Finansiering")):
            rows.append([label.upper()] + [""] * (len(head) - 1))
            for p in result.section(section):
                suffix = " (naturalie)" if p.in_kind else ""
                rows.append([f"  {p.name}{suffix}", *[fmt(a) for a in p.amounts], fmt(sum(p.amounts))])
            rows.append([f"{label} i alt", *[fmt(v) for v in result.per_year(section)],
                         fmt(result.section_total(section))])
        footer = [["Difference (finansiering − udgifter)", *[fmt(v) for v in result.difference_per_year],
                   fmt(result.difference)]]
        return f"{result.title}\n\n" + _table(head, rows, footer)
    if not isinstance(result, Result):
        head = ["Område", *result.columns, "Nøgletal"]
        rows = [[r.name, *[fmt(v, None) for v in r.values], fmt(r.figure, result.decimals)]
                for r in result.rows]
        t = result.total
        footer = [[t.name, *[fmt(v, None) for v in t.values], fmt(t.figure, result.decimals)]]
        return _table(head, rows, footer)
    kind = result.kind
    if kind == "split":
        head = ["Deltager", "Vægt", "Andel", "Beløb (kr.)"]
        rows = [[r.name, fmt(r.weight, None), fmt(r.share * 100, 2) + " %", fmt(r.amount)]
                for r in result.rows]
    elif kind == "per-capita":
        head = ["Deltager", "Indbyggere", "Grundbeløb (kr.)", "Beløb (kr.)"]
        rows = [[r.name, fmt(r.population, None), fmt(r.base_amount), fmt(r.amount)] for r in result.rows]
    elif kind == "pro-rata":
        head = ["Deltager", "Aftalt (kr.)", "Andel", "Beløb (kr.)"]
        rows = [[r.name, fmt(r.original, None), fmt(r.share * 100, 2) + " %", fmt(r.amount)]
                for r in result.rows]
    else:
        head = ["Deltager", "Andel", "Beløb (kr.)"]
        rows = [[r.name, fmt(r.share * 100, 2) + " %", fmt(r.amount)] for r in result.rows]
    pad = [""] * (len(head) - 2)
    decimals = 0 if result.total == round_half_up(result.total) else 2
    footer = [["I alt (sum af rækkerne)", *pad, fmt(result.sum_of_rows)],
              ["Beløb at fordele" if kind != "per-capita" else "I alt uden afrunding", *pad,
               fmt(result.total, decimals)],
              ["Difference (afrunding)", *pad, fmt(result.remainder, decimals)]]
    title = KIND_NAMES.get(kind, kind)
    if result.rate is not None:
        title += f": {fmt(result.rate, None)} kr. pr. indbygger"
        if result.uplift_pct is not None:
            title += f", fremskrevet {fmt(result.uplift_pct, None)} %"
    how = "største rest" if result.rounding == "largest-remainder" else "afrundet pr. række"
    return f"{title} ({how})\n\n" + _table(head, rows, footer)
