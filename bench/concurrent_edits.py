"""Concurrent-edit trials (issue 15): two processes open the same agenda item as an editor does (its detail and
row_version as the base), wait for the same instant and save different texts. Exactly one save may win; the
other must be refused in Danish with nothing lost, on SQLite and on PostgreSQL. Prints the outcomes per engine.
(Two processes merging the same laptop meeting at once: tests/trust/test_two_processes.py.)

    .venv/bin/python bench/concurrent_edits.py [--pg postgresql://…/postgres] [--trials N]
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.backends import demo_on_both  # noqa: E402
from bench.harness import PY  # noqa: E402

EDITOR = """
import sys, time
from kkrdesk.errors import UserError
from kkrdesk.services import meetings
from kkrdesk.services.rows import editing_base
from kkrdesk.store import open_store
store = open_store(sys.argv[1]); store.enable_undo()
item_id, text, at = int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
base = editing_base(meetings.item_detail(store, item_id), meetings.ITEM_LABELS)
time.sleep(max(0.0, at - time.time()))
try:
    meetings.update_item(store, item_id, base=base, indstilling=text)
    print("gemt")
except UserError as exc:
    print("afvist:", exc.message)
"""


def _stores(pg: str | None, tmp: Path) -> dict[str, str]:
    if not pg:
        lite = tmp / "demo.sqlite"
        subprocess.run([PY, "-m", "kkrdesk", "demo", "--db", str(lite)], check=True, stdout=subprocess.DEVNULL)
        return {"SQLite": str(lite)}
    lite, server = demo_on_both(pg, "kkrdesk_soak", tmp)
    return {"SQLite": str(lite), "PostgreSQL": server}


def edit_trials(db: str, trials: int) -> collections.Counter:
    from kkrdesk.services import meetings
    from kkrdesk.store import open_store

    store = open_store(db)
    items = [r["id"] for r in meetings.item_rows(store, meetings.meeting_rows(store)[0]["id"])]
    tally: collections.Counter = collections.Counter()
    for n in range(trials):
        item_id = items[n % len(items)]
        at = time.time() + 1.5  # both processes have read the item by then
        procs = [subprocess.Popen([PY, "-c", EDITOR, db, str(item_id), f"{who} {n}", str(at)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in "AB"]
        outs = [p.communicate(timeout=120) for p in procs]
        if any("Traceback" in out + err for out, err in outs):
            tally["traceback"] += 1
        saved = [out.strip() == "gemt" for out, _ in outs]
        refused = [out.startswith("afvist:") for out, _ in outs]
        stored = meetings.item_detail(store, item_id)["sections"]["indstilling"]
        winner = [f"{who} {n}" for who, ok in zip("AB", saved, strict=True) if ok]
        if sum(saved) == 1 and sum(refused) == 1 and stored == winner[0]:
            tally["én gemt, én afvist, teksten er vinderens"] += 1
        elif sum(saved) == 2:
            tally["begge gemt (tabt ændring!)"] += 1
        else:
            tally[f"andet: {[o.strip()[:60] for o, _ in outs]}"] += 1
    store.close()
    return tally


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", default=os.environ.get("KKRDESK_TEST_PG"))
    ap.add_argument("--trials", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kkrdesk-soak-") as tmp:
        for engine, db in _stores(args.pg, Path(tmp)).items():
            for outcome, count in edit_trials(db, args.trials).items():
                print(f"{engine:11} samtidige gem af samme punkt: {count:3} × {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
