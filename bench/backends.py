"""The same operations on SQLite and on PostgreSQL (issue 15): each a whole fresh process, the two engines
interleaved (bench/harness.py), on the demo store moved to the server with `kkrdesk migrate-store`. The ratio
printed is PostgreSQL / SQLite.

    .venv/bin/python bench/backends.py --pg postgresql://postgres@127.0.0.1:5432/postgres [--rounds N]

The server URL names a maintenance database; a database kkrdesk_bench is made (and replaced) there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import PY, Run, measure, save  # noqa: E402

SEARCH = """
import sys
from kkrdesk.store import open_store
from kkrdesk.services.search import search
store = open_store(sys.argv[1])
for word in ("sundhed", "klimaalliancen", "praksisplan", "bus"):
    search(store, word)
"""

OPEN_TAB = """
import sys
from kkrdesk.store import open_store
from kkrdesk.services import meetings, members
store = open_store(sys.argv[1])
rows = meetings.meeting_rows(store)
meetings.item_rows(store, rows[0]["id"])
members.body_rows(store)
"""

RETURNED = """
import sys
from pathlib import Path
from kkrdesk.store import open_store
from kkrdesk.services import exchange, meetings
shared, laptop, folder = open_store(sys.argv[1]), open_store(Path(sys.argv[2])), Path(sys.argv[3])
exchange.export_meeting(shared, 1, folder / "ud.json", take_out=True)
local = exchange.import_meeting(laptop, folder / "ud.json")
rows = meetings.item_rows(laptop, local)
meetings.update_item(laptop, rows[1]["id"], indstilling="Ændret offline.")
meetings.add_item(laptop, local, "Nyt punkt fra den bærbare", section=3)
exchange.export_meeting(laptop, local, folder / "retur.json")
"""


def _returned(server: str, tmp: Path, name: str) -> Path:
    """A meeting taken out from `server`, changed on a laptop store and exported back."""
    folder = tmp / name
    folder.mkdir()
    subprocess.run([PY, "-c", RETURNED, server, str(folder / "laptop.sqlite"), str(folder)], check=True)
    return folder / "retur.json"


MEMBERS = "\n".join(f"{i}) Direktør {name}, Gentofte" for i, name in enumerate(
    ["Anne Holm", "Bent Lund", "Carla Dahl", "Dorte Frost", "Erik Gade", "Frida Juhl", "Gustav Krog",
     "Hanne Riis", "Ida Skov", "Jens Bruun", "Karen Holm", "Lars Dahl"], 1))


def demo_on_both(pg: str, database: str, tmp: Path) -> tuple[Path, str]:
    """The demo store as a SQLite file in `tmp` and moved with migrate-store to a fresh `database` on the server
    whose maintenance database `pg` names; returns (file, server URL)."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(pg)
    with psycopg.connect(admin.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{database}"')
    server = admin.set(database=database).render_as_string(hide_password=False)
    lite = tmp / "demo.sqlite"
    subprocess.run([PY, "-m", "kkrdesk", "demo", "--db", str(lite)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([PY, "-m", "kkrdesk", "migrate-store", "--from", str(lite), "--to", server], check=True,
                   stdout=subprocess.DEVNULL)
    return lite, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("KKRDESK_TEST_PG"), help="postgresql://… (maintenance db)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--save", metavar="JSON")
    args = parser.parse_args()
    if not args.pg:
        parser.error("angiv --pg postgresql://… eller KKRDESK_TEST_PG")
    tmp = Path(tempfile.mkdtemp(prefix="kkrdesk-backends-"))
    try:
        lite, server = demo_on_both(args.pg, "kkrdesk_bench", tmp)
        kk = [PY, "-m", "kkrdesk"]
        members = tmp / "liste.txt"
        members.write_text("Udvalgets sammensætning:\n" + MEMBERS + "\n", encoding="utf-8")
        out = tmp / "bilag.pdf"
        returned = {server: _returned(server, tmp, "pg"), str(lite): _returned(str(lite), tmp, "lite")}
        figures = [
            ("åbn Sager-data", lambda db: [PY, "-c", OPEN_TAB, db]),
            ("søgning (4 ord)", lambda db: [PY, "-c", SEARCH, db]),
            ("list meetings --json", lambda db: kk + ["list", "meetings", "--json", "--db", db]),
            ("bilagspakke møde 2", lambda db: kk + ["export", "packet", "2", "--out", str(out), "--db", db]),
            ("import members (prøve)", lambda db: kk + ["import", "members", str(members), "--body", "VUB",
                                                       "--dry-run", "--db", db]),
            ("flet udtaget møde (prøve)", lambda db: kk + ["import", "meeting", str(returned[db]), "--merge",
                                                          "--dry-run", "--db", db]),
        ]
        results = []
        for name, command in figures:
            results.append(measure(name, [Run("kkrdesk", command(server)), Run("SQLite", command(str(lite)))],
                                   rounds=args.rounds))
        print("\n(kkrdesk = PostgreSQL; forholdet er PostgreSQL / SQLite)")
        save(results, args.save)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
