"""Subcommands for meetings: `import meeting`, `export meeting|agenda|packet|minutes|cases`."""

from __future__ import annotations

from kkrdesk.cli import db_parent, json_parent, open_from_args, print_json


def register(groups: dict) -> None:
    """Add this area's subcommands to groups["import"] and groups["export"]."""
    imp, exp = groups["import"], groups["export"]
    p = imp.add_parser("meeting", parents=[db_parent(), json_parent()],
                       help="indlæs et møde i formatet kkrdesk-meeting/1 (alt eller intet)")
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--merge", action="store_true",
                   help="flet et udtaget møde tilbage i mødet, det kom fra (afviser ved konflikter)")
    p.add_argument("--dry-run", action="store_true", help="vis hvad der ville ske, uden at skrive noget")
    p.set_defaults(func=_import_meeting)

    p = exp.add_parser("meeting", parents=[db_parent()], help="skriv et møde som kkrdesk-meeting/1 med bilagsfiler")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE.json")
    p.add_argument("--take-out", action="store_true",
                   help="til en bærbar: med id'er og udgangspunkt, så ændringer kan flettes tilbage")
    p.set_defaults(func=_export_meeting)
    for what, text in (("agenda", "dagsorden som PDF"), ("packet", "bilagsbundt (dagsorden + alle bilag) som PDF"),
                       ("minutes", "referat som PDF")):
        p = exp.add_parser(what, parents=[db_parent()], help=text)
        p.add_argument("id", type=int, metavar="ID")
        p.add_argument("--out", required=True, metavar="F.pdf")
        p.add_argument("--public", action="store_true", help="offentlig udgave: uden lukkede punkter og bilag")
        p.set_defaults(func=_export_pdf, what=what)
    p = exp.add_parser("cases", parents=[db_parent()], help="sagsliste som Excel")
    p.add_argument("--meeting", type=int, metavar="ID", help="kun dette møde")
    p.add_argument("--from", dest="start", metavar="DATO", help="fra og med denne dato")
    p.add_argument("--to", dest="end", metavar="DATO", help="til og med denne dato")
    p.add_argument("--out", required=True, metavar="F.xlsx")
    p.set_defaults(func=_export_cases)


def _import_meeting(args) -> int:
    from kkrdesk.services.exchange import import_meeting, preview

    if args.merge:
        return _merge_meeting(args)
    if args.dry_run:
        shown = preview(args.file)
        if args.json:
            print_json({"id": None, "dry_run": True, **shown})
        else:
            print(f"Filen kan indlæses: {shown['items']} punkter og {shown['bilag']} bilag til "
                  f"{shown['title']} ({shown['date']}). Intet er skrevet (--dry-run).")
        return 0
    store = open_from_args(args)
    meeting_id = import_meeting(store, args.file)
    if args.json:
        print_json({"id": meeting_id})
    else:
        print(f"Mødet er indlæst med id {meeting_id}.")
    return 0


def _merge_meeting(args) -> int:
    from kkrdesk.services.takeout import merge_meeting

    report = merge_meeting(open_from_args(args), args.file, dry_run=args.dry_run)
    if args.json:
        print_json(report.as_json())
        return 1 if report.conflicts else 0
    if report.conflicts:
        print(f"Fletningen er afvist: {len(report.conflicts)} konflikt(er). Intet er ændret.")
        for c in report.conflicts:
            print(f"  – {c['text']}")
        print("Ret den ene side (i filen eller i den fælles database), og flet igen.")
        return 1
    for c in report.changes:
        print(f"  – {c['text']}")
    if not report.changes:
        print("Ingen ændringer: mødet er allerede som i filen.")
    elif report.dry_run:
        print(f"{len(report.changes)} ændring(er) kan flettes uden konflikter. Intet er skrevet (--dry-run).")
    else:
        print(f"{len(report.changes)} ændring(er) er flettet ind i mødet (id {report.meeting}). "
              "Tag mødet ud igen, før du arbejder videre på den bærbare.")
    return 0


def _export_meeting(args) -> int:
    from kkrdesk.services.exchange import export_meeting

    out = export_meeting(open_from_args(args), args.id, args.out, take_out=args.take_out)
    print(f"Mødet er {'taget ud og ' if args.take_out else ''}skrevet til {out}")
    return 0


def _export_pdf(args) -> int:
    from kkrdesk.store import read_rows

    # The PDFs only read: a current SQLite store is read with sqlite3 alone, without SQLAlchemy and the models
    # (a third of the time of a 1,500-page bundle).
    with read_rows(getattr(args, "db", None)) as store:
        if args.what == "agenda":
            from kkrdesk.exports.agenda_pdf import build_agenda

            out = build_agenda(store, args.id, args.out, public=args.public)
        elif args.what == "minutes":
            from kkrdesk.exports.minutes_pdf import build_minutes

            out = build_minutes(store, args.id, args.out, public=args.public)
        else:
            from kkrdesk.exports.packet_pdf import build_packet

            result = build_packet(store, args.id, args.out, public=args.public)
            out = result["path"]
            if result["placeholders"]:
                print(f"{len(result['placeholders'])} bilag er erstattet af en pladsholderside.")
    print(f"{'Offentlig' if args.public else 'Fuld'} udgave skrevet til {out}")
    return 0


def _export_cases(args) -> int:
    from kkrdesk.errors import UserError
    from kkrdesk.exports import import_openpyxl_without_numpy

    import_openpyxl_without_numpy()  # a one-shot process that writes no numpy values
    from kkrdesk.exports.cases_xlsx import build_cases
    from kkrdesk.reference import parse_date

    def date(text):
        if text is None:
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise UserError(f'Datoen "{text}" kan ikke læses; skriv fx 17.09.2025.') from None

    from kkrdesk.store import read_rows

    with read_rows(getattr(args, "db", None)) as query:  # sqlite3 alone on a current SQLite store
        out = build_cases(query, args.out, meeting_id=args.meeting, start=date(args.start), end=date(args.end))
    print(f"Sagslisten er skrevet til {out}")
    return 0
