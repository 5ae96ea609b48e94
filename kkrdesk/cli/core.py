"""Foundation subcommands: demo, check, backup, list."""

from __future__ import annotations

from kkrdesk.cli import db_parent, json_parent, open_from_args, print_json

# The kinds of `kkrdesk list`; services/listing.py has one lister each (a test keeps the two equal).
# Named here so building the parser does not import SQLAlchemy.
LIST_KINDS = ("assignments", "bodies", "calculations", "items", "meetings", "memberships", "municipalities",
              "persons", "reports")


def register(groups: dict) -> None:
    root = groups["root"]
    p = root.add_parser("demo", parents=[db_parent()], help="fyld en tom database med demodata")
    p.set_defaults(func=_demo)
    p = root.add_parser("check", parents=[db_parent()], help="tjek databasens integritet og fremmednøgler")
    p.set_defaults(func=_check)
    p = root.add_parser("backup", parents=[db_parent()], help="tag en sikkerhedskopi (også mens vinduet er åbent)")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=_backup)
    p = root.add_parser("migrate-store", parents=[json_parent()],
                        help="flyt hele databasen til en tom database (fx en SQLite-fil til PostgreSQL og tilbage)")
    p.add_argument("--from", dest="source", required=True, metavar="DB", help="fil eller postgresql://-adresse")
    p.add_argument("--to", dest="target", required=True, metavar="DB", help="tom database eller ny fil")
    p.set_defaults(func=_migrate_store)
    p = root.add_parser("init-server", parents=[json_parent()],
                        help="opret den fælles database på en PostgreSQL-server med læse- og skriveroller")
    p.add_argument("url", metavar="URL", help="postgresql://ejer@vært/database")
    p.add_argument("--reader", action="append", default=[], metavar="ROLLE", help="må kun læse (kan gentages)")
    p.add_argument("--writer", action="append", default=[], metavar="ROLLE", help="må ændre (kan gentages)")
    p.set_defaults(func=_init_server)
    p = root.add_parser("list", parents=[db_parent(), json_parent()], help="vis data som tabel eller JSON")
    p.add_argument("kind", metavar="KIND", choices=LIST_KINDS, help=", ".join(LIST_KINDS))
    p.add_argument("--body", metavar="NAME", help="kun dette organ (memberships)")
    p.set_defaults(func=_list)


def _demo(args) -> int:
    from kkrdesk.services.demo import load_demo

    store = open_from_args(args)
    counts = load_demo(store)
    print(f"Demodata indlæst i {store}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


def _check(args) -> int:
    store = open_from_args(args)
    result = store.check()
    print(f"Database: {store} (skema {store.revision()})")
    print("Integritet: " + ("i orden" if result.integrity == ["ok"] else "; ".join(result.integrity)))
    if result.foreign_keys:
        print(f"Fremmednøgler: {len(result.foreign_keys)} fejl")
        for line in result.foreign_keys:
            print(f"  {line}")
    else:
        print("Fremmednøgler: i orden")
    return 0 if result.ok else 1


def _backup(args) -> int:
    store = open_from_args(args)
    out = store.backup(args.out)
    print(f"Sikkerhedskopi gemt: {out}")
    return 0


def _migrate_store(args) -> int:
    from kkrdesk.store.transfer import copy_store

    report = copy_store(args.source, args.target)
    if args.json:
        print_json(report)
        return 0
    print(f"Flyttet fra {report['from']} til {report['to']}: {report['rows']} rækker, alle tabeller ens.")
    for name, table in report["tables"].items():
        print(f"  {name:<16} {table['rows']:>8} rækker  sha256 {table['sha256'][:16]}…  i orden")
    return 0


def _init_server(args) -> int:
    from kkrdesk.store.roles import init_server

    result = init_server(args.url, args.reader, args.writer)
    if args.json:
        print_json(result)
        return 0
    print(f"Fælles database klar: {result['store']}")
    for name in result["readers"]:
        print(f"  {name}: må kun læse")
    for name in result["writers"]:
        print(f"  {name}: må læse og ændre")
    return 0


def _list(args) -> int:
    from kkrdesk.services.listing import list_at

    rows = list_at(getattr(args, "db", None), args.kind, body=args.body)
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        label = row.get("name") or row.get("title") or ""
        print(f"{row['id']:>5}  {label}")
    print(f"({len(rows)} i alt)")
    return 0
