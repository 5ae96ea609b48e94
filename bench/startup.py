"""Start-up benchmark: process start → window with data shown (the user can work) on the demo store, against a
bare PySide6 window with four tabs; whole fresh processes, interleaved (bench/harness.py).

KKR Desk prints "shown <time>" when its frame is on screen, "loaded <time>" when the first tab shows its data
and "ready <time>" when the store's engine and the services a first edit needs are loaded (KKRDESK_BENCH_SHOWN=1);
all three are reported, the figure that counts is "data shown".
Run: python bench/startup.py [--rounds N] [--db STORE] [--save results.json]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import PY, Run, measure, program, save  # noqa: E402

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QTableView
app = QApplication(sys.argv)
w = QMainWindow(); tabs = QTabWidget()
for t in ("Sager", "Tovholdere", "Organer og medlemmer", "Budgetberegnere"):
    tabs.addTab(QTableView(), t)
w.setCentralWidget(tabs); w.show(); app.processEvents()
print(f"shown {time.time():.6f}", flush=True)
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--db", help="a store to open (default: a fresh demo store)")
    ap.add_argument("--save")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"KKRDESK_BENCH_SHOWN": "1", "KKRDESK_SETTINGS": str(Path(tmp) / "settings.ini")}
        db = args.db
        if db is None:
            db = str(Path(tmp) / "demo.sqlite")
            subprocess.run([PY, "-m", "kkrdesk", "demo", "--db", db], check=True, capture_output=True)
        ours = [PY, "-m", "kkrdesk", "--db", db]
        results = [
            measure("start-up, data shown", [*program(ours, mark="loaded", env=env),
                                             Run("bare window", [PY, "-c", BARE], mark="shown")], rounds=args.rounds),
            # after the first paint the engine and the services load on a thread: the first edit waits for none
            measure("start-up, ready to edit", [Run("kkrdesk", ours, mark="ready", env=env),  # no "før": new mark
                                                Run("bare window", [PY, "-c", BARE], mark="shown")],
                    rounds=args.rounds),
            measure("start-up, frame shown", [*program(ours, mark="shown", env=env),
                                              Run("bare window", [PY, "-c", BARE], mark="shown")], rounds=args.rounds),
        ]
    save(results, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
