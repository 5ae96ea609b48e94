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


def _list(args) -> int:
    from kkrdesk.services.listing import list_kind

    store = open_from_args(args)
    rows = list_kind(store, args.kind, body=args.body)
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        label = row.get("name") or row.get("title") or ""
        print(f"{row['id']:>5}  {label}")
    print(f"({len(rows)} i alt)")
    return 0
