"""Soak for the hostile-file gate (issue 12): time the refusals that must be quick, then throw many mutated files
of every import format at the CLI in fresh processes' worth of in-process calls and count tracebacks.

    python bench/hostile_soak.py [--trials 2000]

Prints the figures; exits 1 when any trial ended in a traceback or the CLI's "uventet fejl".
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _run(argv: list[str]) -> tuple[int, str]:
    from kkrdesk.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(a) for a in argv])
    return code, err.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    from kkrdesk.services.demo import load_demo
    from kkrdesk.store import open_store
    from tests.test_hostile_fuzz import BODY, _mutate, _samples, _zip_bomb, snapshot

    tmp = Path(tempfile.mkdtemp(prefix="kkr-soak-"))
    try:
        db = tmp / "demo.sqlite"
        store = open_store(db)
        load_demo(store)
        store.close()
        # The refusals issue 12 timed: a zip bomb and a 100,000-line member list.
        bomb = _zip_bomb(tmp / "bombe.xlsx")
        long_list = tmp / "lang.txt"
        long_list.write_text("Udvalgets sammensætning:\n" + "1) Direktør Jan Dehn, Hørsholm\n" * 100_000)
        for label, argv in (("zip bomb, import members --dry-run", ["import", "members", bomb, "--body", BODY,
                                                                    "--dry-run", "--db", db]),
                            ("zip bomb, calc equal --participants", ["calc", "equal", "--total", "1000",
                                                                     "--participants", bomb]),
                            ("100,000-line member list", ["import", "members", long_list, "--body", BODY,
                                                          "--dry-run", "--db", db])):
            start = time.perf_counter()
            code, err = _run(argv)
            print(f"{label}: exit {code} in {time.perf_counter() - start:.2f} s — {err.strip()[:100]}")
        rng = random.Random(args.seed)
        folder = tmp / "fuzz"
        folder.mkdir()
        (folder / "ok.pdf").write_bytes(b"%PDF-1.4\n")
        samples = _samples(folder)
        before = snapshot(db)
        counts = {"trials": 0, "exit 0": 0, "exit 1": 0, "tracebacks": 0, "store changed on refusal": 0}
        start = time.perf_counter()
        for n in range(args.trials):
            fmt = rng.choice(sorted(samples))
            argv, suffix, data = samples[fmt]
            steps = [(rng.choice(["flip", "cut", "insert", "repeat"]), rng.randrange(10 ** 6),
                      rng.randbytes(rng.randint(1, 12))) for _ in range(rng.randint(1, 4))]
            path = folder / f"fil{n % 10}{suffix}"
            path.write_bytes(_mutate(data if rng.random() < 0.8 else b"", steps))
            code, err = _run([a.format(f=path) for a in argv] + ["--db", db])
            counts["trials"] += 1
            counts[f"exit {code}"] = counts.get(f"exit {code}", 0) + 1
            if "Traceback" in err or "uventet fejl" in err or code not in (0, 1):
                counts["tracebacks"] += 1
                print(f"{fmt}: {err.strip()[:300]}")
            after = snapshot(db)
            if after != before and (code == 1 or "--dry-run" in argv or argv[0] == "calc"):
                counts["store changed on refusal"] += 1
            before = after
        print(", ".join(f"{k}: {v}" for k, v in counts.items()),
              f"({time.perf_counter() - start:.0f} s; peak memory "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")
        return 1 if counts["tracebacks"] or counts["store changed on refusal"] else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
