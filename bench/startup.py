"""Start-up benchmark: process start → main window shown on the demo store, against a bare PySide6 window.

KKR Desk shows its window first and then opens the store and fills the tabs; both moments are printed
(median of N runs each), and the ratio of "window shown" to the bare window (target ≤ 1,5).
Run: python bench/startup.py [N]
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


def _times(cmd: list[str], env: dict) -> dict[str, float]:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return {line.split()[0]: float(line.split()[1]) - start for line in out.splitlines()
            if line.startswith(("shown ", "loaded "))}


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
        _times(ours_cmd, env), _times(bare_cmd, env)  # warm the file cache
        ours = [_times(ours_cmd, env) for _ in range(runs)]
        bare = [_times(bare_cmd, env)["shown"] for _ in range(runs)]
    shown = [t["shown"] for t in ours]
    loaded = [t["loaded"] for t in ours]
    m_shown, m_loaded, m_bare = statistics.median(shown), statistics.median(loaded), statistics.median(bare)
    print(f"KKR Desk, vindue vist:     median {m_shown * 1000:.0f} ms (min {min(shown) * 1000:.0f}), {runs} kørsler")
    print(f"KKR Desk, data i fanerne:  median {m_loaded * 1000:.0f} ms (min {min(loaded) * 1000:.0f})")
    print(f"Bart PySide6-vindue med fire faner: median {m_bare * 1000:.0f} ms (min {min(bare) * 1000:.0f})")
    print(f"Forhold, vindue vist / bart vindue: {m_shown / m_bare:.2f} (mål ≤ 1,5)")
    print(f"Forhold, data vist / bart vindue: {m_loaded / m_bare:.2f}")


if __name__ == "__main__":
    main()
