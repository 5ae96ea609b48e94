"""Start-up benchmark: process start → main window shown on the demo store, against a bare PySide6 window.

Prints the median of several runs of each and their ratio (target ≤ 1,5). Run: python bench/startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def _time(cmd: list[str], env: dict) -> float:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    shown = float(next(line for line in out.splitlines() if line.startswith("shown ")).split()[1])
    return shown - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               KKRDESK_BENCH_SHOWN="1")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        env["KKRDESK_SETTINGS"] = str(Path(tmp) / "settings.ini")
        subprocess.run([sys.executable, "-m", "kkrdesk", "demo", "--db", str(db)], env=env, check=True,
                       capture_output=True)
        ours_cmd = [sys.executable, "-m", "kkrdesk", "--db", str(db)]
        bare_cmd = [sys.executable, "-c", BARE]
        _time(ours_cmd, env), _time(bare_cmd, env)  # warm the file cache
        ours = [_time(ours_cmd, env) for _ in range(runs)]
        bare = [_time(bare_cmd, env) for _ in range(runs)]
    m_ours, m_bare = statistics.median(ours), statistics.median(bare)
    print(f"KKR Desk på demodatabasen: median {m_ours * 1000:.0f} ms (min {min(ours) * 1000:.0f}) over {runs} kørsler")
    print(f"Bart PySide6-vindue med fire faner: median {m_bare * 1000:.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"Forhold: {m_ours / m_bare:.2f} (mål ≤ 1,5)")


if __name__ == "__main__":
    main()
