"""Soak test of the store's trust (issue 12): real CLI processes killed at random moments during upgrades,
demo creation and imports, and the same import run by two processes at once. Prints trials run, stores that
no longer open or fail the integrity check, duplicates stored, partial imports and tracebacks (all must be 0).

    python bench/trust_soak.py [--trials N]      (the short version of each runs in tests/trust/)
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORES = ROOT / "tests" / "data" / "stores"
FIRST = ("Anne", "Bent", "Carla", "Dorte", "Erik", "Frida", "Gustav", "Hanne", "Ida", "Jens", "Karen", "Lars")
LAST = ("Andersen", "Bruun", "Dahl", "Frost", "Gade", "Holm", "Juhl", "Krog", "Lund", "Riis", "Skov", "Østergaard")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "kkrdesk", *args]


class Tally:
    def __init__(self) -> None:
        self.trials = self.corrupted = self.duplicates = self.partial = self.tracebacks = 0

    def check_store(self, path: Path) -> None:
        from kkrdesk.errors import UserError
        from kkrdesk.store import open_store

        try:
            store = open_store(path)
            ok = store.check().ok
            store.close()
        except UserError:
            ok = False
        self.corrupted += not ok

    def stderr(self, text: str) -> None:
        self.tracebacks += "Traceback" in (text or "")


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        con.close()


def killed(args: list[str], delay: float) -> str:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.kill()
    _, err = proc.communicate()
    return err


def grown_old_store(folder: Path) -> Path:
    path = folder / "gammel.sqlite"
    shutil.copyfile(STORES / "kkrdesk-0001.sqlite", path)
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO agenda_item (meeting_id, number, position, title, public, status, standing, resume) "
                    "VALUES (1, ?, ?, ?, 1, 'kladde', 0, ?)",
                    [(f"9.{n}", n, f"Punkt {n} om klimaalliancen", "Resumé " * 40) for n in range(4000)])
    con.commit()
    con.close()
    return path


def demo_with_body(folder: Path, name: str) -> Path:
    from kkrdesk.models import Body
    from kkrdesk.services.demo import load_demo
    from kkrdesk.store import open_store

    path = folder / name
    store = open_store(path)
    load_demo(store)
    with store.session() as s:
        s.add(Body(name="Sundhedsudvalget", type="embedsmandsudvalg"))
    store.close()
    return path


def member_list(path: Path, n: int) -> Path:
    names = [f"{f} {m} {last}" for f in FIRST for m in FIRST for last in LAST if f != m][:n]
    path.write_text("Udvalgets sammensætning:\n" + "\n".join(
        f"{i}) Direktør {name}, Gentofte" for i, name in enumerate(names, 1)) + "\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10, help="forsøg af hver slags")
    args = parser.parse_args()
    rng = random.Random(2026)
    tally = Tally()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        old = grown_old_store(tmp)
        template = demo_with_body(tmp, "skabelon.sqlite")
        names = member_list(tmp / "liste.txt", 900)
        before_members = count(template, "membership")

        start = time.monotonic()
        for n in range(args.trials):  # kill during the automatic upgrade of an old store
            path = tmp / f"op{n}.sqlite"
            shutil.copyfile(old, path)
            tally.stderr(killed(cli("check", "--db", str(path)), rng.uniform(0.2, 1.6)))
            tally.check_store(path)
            tally.trials += 1
        rows.append(("drab under opgradering", args.trials, time.monotonic() - start))

        start = time.monotonic()
        for n in range(args.trials):  # kill during the creation of a new store with demo data
            path = tmp / f"ny{n}.sqlite"
            tally.stderr(killed(cli("demo", "--db", str(path)), rng.uniform(0.3, 2.0)))
            tally.check_store(path)
            tally.partial += count(path, "body") not in (0, 31)
            tally.trials += 1
        rows.append(("drab under demo", args.trials, time.monotonic() - start))

        start = time.monotonic()
        for n in range(args.trials):  # kill during a member import
            path = tmp / f"imp{n}.sqlite"
            shutil.copyfile(template, path)
            tally.stderr(killed(cli("import", "members", str(names), "--body", "Sundhedsudvalget", "--db", str(path)),
                                rng.uniform(0.5, 4.0)))
            tally.check_store(path)
            tally.partial += count(path, "membership") - before_members not in (0, 900)
            tally.trials += 1
        rows.append(("drab under medlemsimport", args.trials, time.monotonic() - start))

        start = time.monotonic()
        for n in range(args.trials):  # the same list imported by two processes at once
            path = tmp / f"to{n}.sqlite"
            shutil.copyfile(template, path)
            procs = [subprocess.Popen(cli("import", "members", str(names), "--body", "Sundhedsudvalget", "--db",
                                          str(path)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                     for _ in range(2)]
            for p in procs:
                tally.stderr(p.communicate()[1])
            tally.check_store(path)
            tally.duplicates += count(path, "membership") - before_members - 900
            tally.trials += 1
        rows.append(("samme import i to processer", args.trials, time.monotonic() - start))

    print(f"{'forsøg':32} {'antal':>6} {'tid':>8}")
    for name, n, seconds in rows:
        print(f"{name:32} {n:>6} {seconds:>7.1f}s")
    print(f"\nforsøg i alt: {tally.trials}; ødelagte databaser: {tally.corrupted}; dubletter: {tally.duplicates}; "
          f"halve importer: {tally.partial}; tracebacks: {tally.tracebacks}")
    return 0 if not (tally.corrupted or tally.duplicates or tally.partial or tally.tracebacks) else 1


if __name__ == "__main__":
    sys.exit(main())
