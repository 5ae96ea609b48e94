"""The frozen program (PyInstaller, `python build_installer.py`) against the installed Python package: the .deb's
size and start-up to the frame, to data shown and to ready to edit ("kkrdesk" is the frozen program, the baseline
the package run by Python), whole fresh processes interleaved
(bench/harness.py), on one demo store.

    python bench/frozen_startup.py [--rounds N] [--dist DIR]     # DIR: where build_installer.py put dist/
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import PY, Run, measure, save  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = ap.parse_args()
    frozen = args.dist / "kkrdesk" / "kkrdesk"
    if not frozen.exists():
        print(f"Intet frosset program i {args.dist}: kør først python build_installer.py", file=sys.stderr)
        return 1
    debs = sorted(args.dist.glob("kkrdesk_*_amd64.deb"))
    if debs:
        print(f".deb: {debs[-1].name} {debs[-1].stat().st_size / 1e6:.1f} MB (grænse 150 MB)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        env = {"KKRDESK_BENCH_SHOWN": "1", "KKRDESK_SETTINGS": str(Path(tmp) / "s.ini")}
        subprocess.run([str(frozen), "demo", "--db", str(db)], check=True, capture_output=True)
        results = []
        for mark, figure in (("shown", "vindue vist"), ("loaded", "data vist"), ("ready", "klar til at rette")):
            runs = [Run("kkrdesk", [str(frozen), "--db", str(db)], mark=mark, env=env),
                    Run("Python-pakken", [PY, "-m", "kkrdesk", "--db", str(db)], mark=mark, env=env)]
            results.append(measure(f"start, {figure}", runs, rounds=args.rounds))
    save(results, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
