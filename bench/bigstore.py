"""Ten years of data: a store built through the services (the demo data, then 500 meetings of ten bodies,
10,000 items, 20,000 bilag, 3,000 memberships) and what a secretariat does with it, timed.

In a fresh process with the window (offscreen): opening each tab, the refresh after an edit made in each tab
(the edit's service call and every open tab's refresh, as the user waits for it), search keystrokes typed one
at a time (the first one included). As whole fresh processes against fresh-process baselines on the same
store (bench/harness.py): `export cases` against openpyxl write-only, `export oparl`, `list … --json` against
sqlite3 + json.

    .venv/bin/python bench/bigstore.py [--rounds N] [--save results.json]   # the store is cached in bench/.cache
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

if "--gui-child" not in sys.argv:  # the child imports the kkrdesk under test (PYTHONPATH), not this checkout's
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import PY, Run, measure, program, save  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache" / "bigstore"
MEETINGS, ITEMS_PER_MEETING, BILAG_PER_ITEM = 500, 20, 2
BODIES = [("KKR Hovedstaden", "KKR H"), ("KKR Sjælland", "KKR S"), ("Sundhedsklyngen Nord", "SKN"),
          ("Vækstforum", "VF"), ("Det Regionale Arbejdsmarkedsråd", "RAR"), ("Praksisplanudvalget", "PPU"),
          ("Uddannelsesudvalget", "UU"), ("Trafikudvalget", "TU"), ("Klimaudvalget", "KU"),
          ("Socialudvalget", "SU")]
WORDS = ("kommunerne", "sundhed", "sundhedsklynge", "økonomi", "budget", "borgere", "praksis", "region",
         "samarbejde", "trafik", "klima", "beskæftigelse", "uddannelse", "erhverv", "plan", "aftale", "indsats",
         "tovholder", "kapacitet", "psykiatri", "ældre", "børn", "unge", "handicap", "digitalisering", "data",
         "udbud", "anlæg", "drift", "takst", "styregruppe", "kommissorium", "evaluering", "status", "fremdrift",
         "afvigelse", "milepæl", "finansiering", "fordelingsnøgle", "indbyggertal", "rammeaftale", "forløb",
         "genoptræning", "hospital", "almen", "lægedækning", "rekruttering", "arbejdskraft", "letbane", "metro")
QUERIES = ("sundhedsklynge", "økonomi budget", "rammeaftale")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build() -> Path:
    """The cached ten-year store, made through the services the window and the CLI use."""
    db = CACHE / "ti-aar.sqlite"
    if (CACHE / "done").exists():
        return db
    import shutil

    from bench.cli import member_list
    from bench.packet import text_pdf
    from kkrdesk.services import bilag, meetings
    from kkrdesk.services.demo import load_demo
    from kkrdesk.services.member_edit import add_body
    from kkrdesk.services.member_import import import_members
    from kkrdesk.store import open_store

    if CACHE.exists():
        shutil.rmtree(CACHE)
    (CACHE / "filer").mkdir(parents=True)
    rng = random.Random(10)
    files = []
    for n in range(40):
        path = CACHE / "filer" / f"bilag{n:02d}.pdf"
        path.write_bytes(text_pdf(1 + n % 4, f"Bilag {n}"))
        files.append(path)
    store = open_store(db)
    load_demo(store)
    from kkrdesk.errors import UserError

    for name, short in BODIES:
        try:
            add_body(store, name=name, short_name=short, type="udvalg")
        except UserError:  # the demo data has it already
            pass
    t0 = time.perf_counter()
    first = dt.date(2016, 1, 12)
    for m in range(MEETINGS):
        name, _ = BODIES[m % len(BODIES)]
        date = first + dt.timedelta(days=m * 365 * 10 // MEETINGS)
        mid = meetings.create_meeting(store, name, date, standing=False)
        for _ in range(ITEMS_PER_MEETING):
            item = meetings.add_item(store, mid, _text(rng, 6), type=rng.choice(("Beslutningssag", "Orienteringssag")),
                                     public=rng.random() > 0.1, resume=_text(rng, 40),
                                     sagsfremstilling=_text(rng, 150), indstilling=_text(rng, 15))
            for _ in range(BILAG_PER_ITEM):
                bilag.add_bilag(store, item, files[rng.randrange(len(files))], title=_text(rng, 5),
                                public=rng.random() > 0.15)
        if m % 50 == 49:
            print(f"  {m + 1} møder ({time.perf_counter() - t0:.0f} s)", flush=True)
    # 3,000 memberships: each body's 60 members for five two-year terms, the same persons term after term.
    roster = member_list(600).splitlines()
    for b, (name, _) in enumerate(BODIES):
        for term in range(5):
            start = dt.date(2016 + 2 * term, 1, 1)
            lines = roster[1 + b * 55 + term * 3: 1 + b * 55 + term * 3 + 60]
            report = import_members(store, "Udvalgets sammensætning:\n" + "\n".join(lines) + "\n", name,
                                    start=start, end=start + dt.timedelta(days=729))
            assert not report.errors, report.errors[:3]
    store.close()
    (CACHE / "done").write_text("ok")
    return db


# -- in the window --------------------------------------------------------------------------------------------

def gui_child(db: str, repeats: int) -> None:
    """Runs in a fresh process: prints one JSON line of timings in ms."""
    from PySide6.QtWidgets import QApplication

    from kkrdesk.gui.app import make_app
    from kkrdesk.gui.main_window import TAB_TITLES, MainWindow
    from kkrdesk.store import open_store

    make_app()
    window = MainWindow()
    window.resize(1280, 760)
    window.show()
    QApplication.processEvents()
    store = open_store(db)
    out: dict[str, list[float]] = {}

    def timed(name: str, fn) -> None:
        t = time.perf_counter()
        fn()
        QApplication.processEvents()
        out.setdefault(name, []).append((time.perf_counter() - t) * 1000)

    timed(f"åbn fanen {TAB_TITLES[0]}", lambda: window.set_store(store))
    # As the program does after its first paint (gui/app.py): the engine and the services load on a thread
    # (≈ 0.4 s); a user's next click comes after that, so the figures below are taken after it too.
    if hasattr(window, "warm_up_in_background"):  # older code (KKRDESK_BENCH_BEFORE) loaded it all at once
        window.warm_up_in_background().join()
        QApplication.processEvents()  # and what it hands the GUI thread at idle (the search list painted ahead)
    for i, title in enumerate(TAB_TITLES[1:], start=1):
        timed(f"åbn fanen {title}", lambda i=i: window.tabs.setCurrentIndex(i))
    window.tabs.setCurrentIndex(0)
    QApplication.processEvents()

    cases = window.cases
    # search: one keystroke at a time, the first search of the process included
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            timed("søgning, første tastetryk" if query is QUERIES[0] and n == 1 else "søgning pr. tastetryk",
                  lambda n=n, query=query: cases.search_edit.setText(query[:n]))
        cases.search_edit.setText("")
    QApplication.processEvents()

    from kkrdesk.services import budgets, meetings, member_edit, tovholdere
    from kkrdesk.services.listing import list_kind

    with store.engine.connect() as conn:
        from sqlalchemy import text

        item_id = conn.execute(text("SELECT max(id) FROM agenda_item")).scalar()
        membership_id = conn.execute(text("SELECT max(id) FROM membership")).scalar()
        indsats_id = conn.execute(text("SELECT min(id) FROM indsats")).scalar()
    calc = list_kind(store, "calculations")[0]
    _ = tovholdere
    edits = {
        "Sager": lambda n: meetings.update_item(store, item_id, title=f"Ændret titel {n}"),
        "Tovholdere": lambda n: __import__("kkrdesk.services.tovholder_edit", fromlist=["x"]).update_indsats(
            store, indsats_id, note=f"Note {n}"),
        "Organer og medlemmer": lambda n: member_edit.edit_membership(
            store, membership_id, end=dt.date(2030, 1, 1) + dt.timedelta(days=n)),
        "Budgetberegnere": lambda n: budgets.copy(store, calc["id"], f"Kopi {n}"),
    }
    for r in range(repeats):
        for tab, edit in edits.items():
            window.tabs.setCurrentIndex(TAB_TITLES.index(tab))
            QApplication.processEvents()
            timed(f"ret i {tab}: service + opdatering", lambda edit=edit, r=r: edit(r))
            store.unsubscribe(window.hub)
            timed(f"ret i {tab}: service alene", lambda edit=edit, r=r: edit(r + 1000))
            store.subscribe(window.hub)
    print(json.dumps({k: [round(v, 1) for v in vals] for k, vals in out.items()}), flush=True)
    window.close()


def gui_figures(db: Path, runs: int, repeats: int, variants: list[tuple[str, str | None]]) -> dict:
    """Every timing from `runs` fresh processes per variant, pooled per variant: {label: {figure: [ms, …]}}. The
    variants take turns run by run, the order rotating, so a machine that is busy for a while slows them alike."""
    pooled: dict[str, dict[str, list[float]]] = {label: {} for label, _ in variants}
    for run in range(runs + 1):  # the first run only writes the bytecode and fills the file cache
        turn = variants[run % len(variants):] + variants[:run % len(variants)]
        for label, before in turn:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KKRDESK_SETTINGS=str(CACHE / "settings.ini"))
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: from compiled bytecode (bench/harness.py)
            if before:
                env["PYTHONPATH"] = before
            work = CACHE / "gui.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)
            subprocess.run([PY, "-c", f"import sqlite3; s=sqlite3.connect({str(db)!r}); "
                            f"d=sqlite3.connect({str(work)!r}); s.backup(d)"], check=True)
            out = subprocess.run([PY, str(Path(__file__).resolve()), "--gui-child", str(work), str(repeats)],
                                 env=env, capture_output=True, text=True, cwd=before or None)
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-3000:])
            if run == 0:
                continue
            for key, values in json.loads(out.stdout.strip().splitlines()[-1]).items():
                pooled[label].setdefault(key, []).extend(values)
    return pooled


RAW_CASES = """
import sqlite3, sys
from openpyxl import Workbook
con = sqlite3.connect(sys.argv[1])
rows = con.execute("SELECT m.date, b.short_name, m.title, i.number, i.title, i.type, i.public, i.status, i.case_id, "
                   "'', (SELECT count(*) FROM bilag bl WHERE bl.item_id = i.id), i.beslutning FROM agenda_item i "
                   "JOIN meeting m ON m.id = i.meeting_id JOIN body b ON b.id = m.body_id "
                   "ORDER BY m.date, m.id, i.position").fetchall()
wb = Workbook(write_only=True)
ws = wb.create_sheet("Sager")
for r in rows:
    ws.append(list(r))
wb.save(sys.argv[2])
"""

# The same cells as the program's Sagsliste (dates as dates with a date format, the route as text, Åben/Lukket),
# written by the shortest script that does it: the program's overhead over the library doing the same job.
RAW_CASES_SAME = """
import datetime as dt, sqlite3, sys
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
con = sqlite3.connect(sys.argv[1])
label = "coalesce(b.short_name, b.name)"
join = "FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN body b ON b.id = m.body_id"
routes = {}
for case_id, date, body in con.execute(f"SELECT i.case_id, m.date, {label} {join} WHERE i.case_id IS NOT NULL "
                                       "ORDER BY m.date, i.id"):
    routes.setdefault(case_id, []).append(f"{body} {dt.date.fromisoformat(date):%d.%m.%Y}")
wb = Workbook(write_only=True)
ws = wb.create_sheet("Sager")
day = WriteOnlyCell(ws)
day.number_format = "dd.mm.yyyy"
for date, body, meeting, number, title, type_, public, status, case_id, bilag, beslutning in con.execute(
        f"SELECT m.date, {label}, m.title, i.number, i.title, i.type, i.public, i.status, i.case_id, "
        f"(SELECT count(*) FROM bilag bl WHERE bl.item_id = i.id), i.beslutning {join} "
        "ORDER BY m.date, m.id, i.position"):
    day.value = dt.date.fromisoformat(date)
    route = " → ".join(routes[case_id]) if case_id else f"{body} {day.value:%d.%m.%Y}"
    ws.append([day, body, meeting, number, title, type_, "Åben" if public else "Lukket", status, case_id, route,
               bilag, beslutning])
wb.save(sys.argv[2])
"""

RAW_LIST = """
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.row_factory = sqlite3.Row
print(json.dumps([dict(r) for r in con.execute(sys.argv[2])], ensure_ascii=False, indent=2, default=str))
"""
LIST_SQL = {
    "meetings": "SELECT m.*, b.name AS body FROM meeting m JOIN body b ON b.id = m.body_id ORDER BY m.date",
    "items": "SELECT id, meeting_id, number, title, type, public, status FROM agenda_item "
             "ORDER BY meeting_id, position",
    "memberships": "SELECT ms.*, p.name, b.name AS body FROM membership ms JOIN person p ON p.id = ms.person_id "
                   "JOIN body b ON b.id = ms.body_id ORDER BY ms.id",
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--save")
    ap.add_argument("--gui-child", nargs=2, metavar=("DB", "REPEATS"), help=argparse.SUPPRESS)
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--skip-gui", action="store_true")
    args = ap.parse_args()
    if args.gui_child:
        gui_child(args.gui_child[0], int(args.gui_child[1]))
        return 0
    t = time.perf_counter()
    db = build()
    print(f"Ti års data: {db} ({db.stat().st_size / 2**20:.0f} MB, {time.perf_counter() - t:.0f} s)", flush=True)
    results = []
    variants = [("kkrdesk", None)]
    if os.environ.get("KKRDESK_BENCH_BEFORE"):
        variants.append(("før", os.environ["KKRDESK_BENCH_BEFORE"]))
    pooled_by_variant = {} if args.skip_gui else gui_figures(db, args.rounds, 3, variants)
    for label, pooled in pooled_by_variant.items():
        for name, values in pooled.items():
            print(f"{label:<8} {name:<52} median {statistics.median(values):7.1f} ms  "
                  f"({min(values):.1f}–{max(values):.1f}, {len(values)} målinger)", flush=True)
            results.append({"figure": name, "runs": [{"label": label, "median": statistics.median(values) / 1000,
                                                       "min": min(values) / 1000, "max": max(values) / 1000,
                                                       "rss": 0, "n": len(values)}]})
    if not args.skip_cli:
        out = CACHE / "out"
        out.mkdir(exist_ok=True)
        results.append(measure("export cases 10.000 punkter", [
            *program([PY, "-m", "kkrdesk", "export", "cases", "--out", str(out / "sager.xlsx"), "--db", str(db)]),
            Run("openpyxl write-only", [PY, "-c", RAW_CASES, str(db), str(out / "raw.xlsx")]),
            Run("openpyxl, samme celler", [PY, "-c", RAW_CASES_SAME, str(db), str(out / "raw-same.xlsx")])],
            rounds=args.rounds))
        results.append(measure("export oparl", [
            *program([PY, "-m", "kkrdesk", "export", "oparl", "--out", str(out / "oparl"), "--db", str(db)]),
            Run("sqlite3 + json (møder)", [PY, "-c", RAW_LIST, str(db), LIST_SQL["meetings"]])],
            rounds=args.rounds))
        for kind, sql in LIST_SQL.items():
            results.append(measure(f"list {kind} --json", [
                *program([PY, "-m", "kkrdesk", "list", kind, "--json", "--db", str(db)]),
                Run("sqlite3 + json", [PY, "-c", RAW_LIST, str(db), sql])], rounds=args.rounds))
    save(results, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
