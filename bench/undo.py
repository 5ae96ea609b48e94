"""Benchmark: what undo costs. Loading the demo data with and without the undo triggers the window installs,
and deleting, undoing and redoing the generated 40-item, 120-bilag meeting of bench/packet.py.

    .venv/bin/python bench/undo.py            # prints the figures
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from packet import build_meeting  # noqa: E402


def load_demo_seconds(folder: Path, undo: bool, runs: int = 5) -> float:
    from kkrdesk.services.demo import load_demo
    from kkrdesk.store import open_store

    times = []
    for n in range(runs):
        store = open_store(folder / f"demo-{undo}-{n}.sqlite")
        if undo:
            store.enable_undo()
        start = time.perf_counter()
        load_demo(store)
        times.append(time.perf_counter() - start)
        store.close()
    return statistics.median(times)


def main() -> int:
    from kkrdesk.services import meetings
    from kkrdesk.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain, logged = load_demo_seconds(folder, False), load_demo_seconds(folder, True)
        print(f"Demodata indlæst uden fortryd: {plain * 1000:.0f} ms, med fortryd: {logged * 1000:.0f} ms "
              f"(forhold {logged / plain:.2f})")

        store = open_store(folder / "meeting.sqlite")
        store.enable_undo()
        files = folder / "files"
        files.mkdir()
        meeting_id, _ = build_meeting(store, files)
        store.history.clear()
        size = sum(p.stat().st_size for p in folder.glob("meeting.sqlite*"))  # with the WAL
        start = time.perf_counter()
        meetings.delete_meeting(store, meeting_id)
        deleted = time.perf_counter() - start
        step = store.history._undo[-1]
        start = time.perf_counter()
        store.undo()
        undone = time.perf_counter() - start
        start = time.perf_counter()
        store.redo()
        redone = time.perf_counter() - start
        print(f"Møde med 40 punkter og 120 bilag (database {size / 1e6:.1f} MB): slet {deleted * 1000:.0f} ms, "
              f"fortryd {undone * 1000:.0f} ms, gentag {redone * 1000:.0f} ms; "
              f"fortrydelsestrinnet fylder {step.size / 1e6:.1f} MB ({len(step.statements)} sætninger)")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
