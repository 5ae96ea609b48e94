"""Subcommands for members: `import members`, `import seats`, `export members`, `export oparl`, `export udpegninger`.

`list memberships --body NAME --json` lives with the other listings (cli/core.py, services/listing.py).
"""

from __future__ import annotations

from pathlib import Path

from kkrdesk.cli import db_parent, json_parent, open_from_args, print_json


def register(groups: dict) -> None:
    """Add this area's subcommands to groups["root"], groups["import"], groups["export"], groups["calc"]."""
    for name, text, file_text, dry_text, func in (
            ("members", "indlæs en medlemsliste (tekst fra et papir, Excel eller CSV)",
             ".txt (som trykt i et papir), .xlsx eller .csv", "vis rækkerne uden at gemme noget", _import_members),
            ("seats", "indlæs et organs pladser fra sammensætningen, som et papir trykker den",
             "tekstfil med sammensætningen (- for standardinput)", "vis pladserne uden at gemme noget",
             _import_seats)):
        p = groups["import"].add_parser(name, parents=[db_parent(), json_parent()], help=text)
        p.add_argument("file", metavar="FILE", help=file_text)
        p.add_argument("--body", required=True, metavar="NAME", help="organets navn eller kortnavn")
        p.add_argument("--dry-run", action="store_true", help=dry_text)
        p.set_defaults(func=func)

    p = groups["export"].add_parser("members", parents=[db_parent()], help="medlemsliste for et organ (PDF/Excel)")
    p.add_argument("--body", required=True, metavar="NAME")
    p.add_argument("--out", required=True, metavar="F.pdf|F.xlsx")
    p.add_argument("--date", metavar="DATO", help="sammensætningen på denne dato (ellers i dag)")
    p.set_defaults(func=_export_members)

    p = groups["export"].add_parser("oparl", parents=[db_parent()], help="OParl 1.1-JSON (kun offentlige data)")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--base-url", metavar="URL", help="adressen objekternes id'er bygges på")
    p.set_defaults(func=_export_oparl)

    p = groups["export"].add_parser("udpegninger", parents=[db_parent()], help="udpegningsoversigt som Excel")
    p.add_argument("--out", required=True, metavar="F.xlsx")
    p.add_argument("--date", metavar="DATO", help="oversigten på denne dato (ellers i dag)")
    p.set_defaults(func=_export_udpegninger)


def _date(text: str | None):
    if not text:
        return None
    from kkrdesk.errors import UserError
    from kkrdesk.reference import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _import_members(args) -> int:
    import sys

    from kkrdesk.services.member_import import import_members

    store = open_from_args(args)
    report = import_members(store, Path(args.file), args.body, dry_run=args.dry_run)
    if args.json:
        print_json(report.to_dict())
    else:
        for row in report.rows:
            print(f"{row.line:>4}  {row.role:<20} {row.name}, {row.title or ''}, {row.organisation or ''}")
        for error in report.errors:
            print(f"Fejl: {error}", file=sys.stderr)
        for line in report.skipped:
            print(f"Bemærk: {line}", file=sys.stderr)
        print(report.summary())
    return 1 if report.errors else 0


def _import_seats(args) -> int:
    import sys

    from kkrdesk.services.seat_import import import_seats, read_text

    text = sys.stdin.read() if args.file == "-" else read_text(Path(args.file))
    store = open_from_args(args)
    report = import_seats(store, text, args.body, dry_run=args.dry_run)
    if args.json:
        print_json(report.to_dict())
        return 0
    for seat in report.seats:
        print(f"{seat.line:>4}  {seat.count:>3} × {seat.role:<12} {seat.appointed_by or '':<28} {seat.criteria or ''}")
    for warning in report.warnings:
        print(f"Advarsel: {warning}", file=sys.stderr)
    print(report.summary())
    return 0


def _export_members(args) -> int:
    from kkrdesk.errors import UserError

    out = Path(args.out)
    store = open_from_args(args)
    if out.suffix.lower() == ".pdf":
        from kkrdesk.exports.members_pdf import export_members_pdf as export
    elif out.suffix.lower() == ".xlsx":
        from kkrdesk.exports.members_xlsx import export_members_xlsx as export
    else:
        raise UserError(f"Ukendt filtype {out.suffix or '(ingen)'}; brug .pdf eller .xlsx.")
    path = export(store, args.body, out, on=_date(args.date))
    print(f"Medlemsliste gemt: {path}")
    return 0


def _export_oparl(args) -> int:
    from kkrdesk.exports.oparl import export_oparl

    store = open_from_args(args)
    counts = export_oparl(store, Path(args.out), base_url=args.base_url)
    print(f"OParl gemt i {args.out}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


def _export_udpegninger(args) -> int:
    from kkrdesk.exports.udpegning_xlsx import export_udpegning_xlsx

    store = open_from_args(args)
    path = export_udpegning_xlsx(store, Path(args.out), on=_date(args.date))
    print(f"Udpegningsoversigt gemt: {path}")
    return 0
