"""The frozen program against the installed Python package: .deb size and time to the window shown.

Run after `python build_installer.py`:  python bench/frozen_startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from startup import _times  # noqa: E402 - the same timing as the start-up bench


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    frozen = ROOT / "dist" / "kkrdesk" / "kkrdesk"
    debs = sorted((ROOT / "dist").glob("kkrdesk_*_amd64.deb"))
    if debs:
        print(f".deb: {debs[-1].name} {debs[-1].stat().st_size / 1e6:.1f} MB (grænse 150 MB)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   KKRDESK_BENCH_SHOWN="1", KKRDESK_SETTINGS=str(Path(tmp) / "s.ini"))
        subprocess.run([str(frozen), "demo", "--db", str(db)], env=env, check=True, capture_output=True)
        results = {}
        for label, cmd in (("Frosset program", [str(frozen), "--db", str(db)]),
                           ("Python-pakken", [sys.executable, "-m", "kkrdesk", "--db", str(db)])):
            _times(cmd, env)  # warm the file cache
            samples = [_times(cmd, env) for _ in range(runs)]
            results[label] = {k: statistics.median(s[k] for s in samples) for k in ("shown", "loaded")}
            print(f"{label}: vindue vist {results[label]['shown'] * 1000:.0f} ms, "
                  f"data vist {results[label]['loaded'] * 1000:.0f} ms (median af {runs})")
    ratio = results["Frosset program"]["loaded"] / results["Python-pakken"]["loaded"]
    print(f"Forhold frosset/pakke (data vist): {ratio:.2f} (mål ≤ 1,0)")


if __name__ == "__main__":
    main()
