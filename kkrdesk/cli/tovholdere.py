"""Subcommands for tovholdere: forms out and back, overviews and the status report."""

from __future__ import annotations

from pathlib import Path

from kkrdesk.cli import db_parent, json_parent, open_from_args, print_json
from kkrdesk.errors import UserError


def register(groups: dict) -> None:
    export, import_ = groups["export"], groups["import"]
    p = export.add_parser("tovholder-form", parents=[db_parent()], help="tovholderskema for én opgave")
    p.add_argument("id", type=int, metavar="ID", help="tovholderopgavens id (kkrdesk list assignments)")
    p.add_argument("--out", required=True, metavar="F.xlsx|F.pdf")
    p.set_defaults(func=_form)
    p = export.add_parser("tovholder-forms", parents=[db_parent()],
                          help="send skemaer: én fil pr. opgave, der skal rapportere")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--format", choices=("xlsx", "pdf"), default="xlsx")
    p.set_defaults(func=_forms)
    p = export.add_parser("tovholdere", parents=[db_parent()], help="oversigt over indsatser og tovholdere")
    p.add_argument("--out", required=True, metavar="F.xlsx|F.pdf")
    p.set_defaults(func=_overview)
    p = export.add_parser("status-report", parents=[db_parent()], help="statusrapport til et udvalgsmøde")
    p.add_argument("--out", required=True, metavar="F.pdf")
    p.set_defaults(func=_status_report)
    p = import_.add_parser("tovholder-reports", parents=[db_parent(), json_parent()],
                           help="indlæs returnerede tovholderskemaer (alle eller ingen)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="vis hvad der ville blive gemt, gem intet")
    p.set_defaults(func=_import)


def _form(args) -> int:
    from kkrdesk.services.forms import export_form

    out = export_form(open_from_args(args), args.id, args.out)
    print(f"Tovholderskema skrevet til {out}")
    return 0


def _forms(args) -> int:
    from kkrdesk.services.forms import export_due_forms

    made = export_due_forms(open_from_args(args), args.out, args.format)
    print(f"{len(made)} tovholderskemaer skrevet til {args.out}")
    return 0


def _overview(args) -> int:
    from kkrdesk.services.tovholdere import overview

    out = Path(args.out)
    rows = overview(open_from_args(args))
    if out.suffix.lower() == ".xlsx":
        from kkrdesk.exports.tovholdere_xlsx import write_overview
    elif out.suffix.lower() == ".pdf":
        from kkrdesk.exports.tovholdere_pdf import write_overview
    else:
        raise UserError("Oversigten kan laves som .xlsx eller .pdf.")
    write_overview(rows, out)
    print(f"Oversigten er skrevet til {out}")
    return 0


def _status_report(args) -> int:
    from kkrdesk.exports.status_report_pdf import write_status_report
    from kkrdesk.services.tovholdere import status_report_rows

    if Path(args.out).suffix.lower() != ".pdf":
        raise UserError("Statusrapporten laves som .pdf.")
    out = write_status_report(status_report_rows(open_from_args(args)), Path(args.out))
    print(f"Statusrapporten er skrevet til {out}")
    return 0


def _import(args) -> int:
    from kkrdesk.services.forms import import_reports

    store = open_from_args(args)
    try:
        parsed = import_reports(store, args.files, dry_run=args.dry_run)
    except UserError as exc:
        if args.json:
            print_json({"reports": [], "errors": exc.details or [exc.message]})
        raise
    errors = [f"{p.file}: {' '.join(p.errors)}" for p in parsed if p.errors]
    if args.json:
        print_json({"reports": [p.to_json() for p in parsed if not p.errors], "errors": errors})
    else:
        for p in parsed:
            mark = "FEJL" if p.errors else p.values["status"]
            print(f"{p.file}: {p.party or '?'} – {p.indsats or '?'}: {mark}"
                  + (f" ({' '.join(p.errors)})" if p.errors else ""))
        if not args.dry_run and not errors:
            print(f"{len(parsed)} rapporter gemt.")
    if errors:  # a refusal says so on stderr too, as every other command does
        import sys

        print(f"Fejl: {len(errors)} af {len(parsed)} skemaer kan ikke indlæses; intet er gemt.", file=sys.stderr)
    return 1 if errors else 0
