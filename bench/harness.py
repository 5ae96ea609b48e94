"""The one way bench/ measures: whole fresh processes, program and baseline interleaved on the same input,
median with min–max, and each child's own peak RSS (os.wait4's rusage, not tracemalloc).

A figure is a list of Runs: the program first, then its baselines. Each round runs every command once, the
order rotating per round so neither side always gets the warm cache. A command may print lines
"mark <name> <unix time>" (e.g. "mark shown …", "mark loaded …"): then the figure's time is that mark, measured
from the moment the process was started, instead of the process's whole run.

    from bench.harness import Run, measure, print_table
    rows = measure("list meetings --json", [Run("kkrdesk", [...]), Run("sqlite3 + json", [...])], rounds=7)
    print_table(rows)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PY = sys.executable
ROOT = str(Path(__file__).resolve().parent.parent)
BEFORE = os.environ.get("KKRDESK_BENCH_BEFORE")  # a checkout of the old code: measured in the same rounds


def program(cmd: list[str], **kwargs) -> list[Run]:
    """KKR Desk's run of `cmd`; with KKRDESK_BENCH_BEFORE=<old checkout> also the old code's run of it, in the
    same interleaved rounds (so a busy machine slows both alike)."""
    runs = [Run("kkrdesk", cmd, **kwargs)]
    if BEFORE:
        env = dict(kwargs.pop("env", None) or {}, PYTHONPATH=BEFORE)
        runs.append(Run("før", cmd, cwd=BEFORE, env=env, **kwargs))
    return runs



@dataclass
class Run:
    label: str
    cmd: list[str]
    mark: str | None = None  # time to this printed mark instead of to process exit
    env: dict | None = None
    prepare: Callable[[], None] | None = None  # run (untimed, in this process) before each run, e.g. a fresh copy
    cwd: str | None = None  # `python -m kkrdesk` runs the package found here (see program())


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def run_once(run: Run, env: dict) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one fresh process."""
    full_env = dict(env, **(run.env or {}))
    if run.prepare is not None:
        run.prepare()
    start = time.time()
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:  # files: no pipe can fill up
        proc = subprocess.Popen(run.cmd, env=full_env, stdout=out_f, stderr=err_f, cwd=run.cwd or ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read(), err_f.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{run.label} failed ({proc.returncode}): {' '.join(run.cmd)}\n{err.decode()[-2000:]}")
    if run.mark:
        for line in out.decode(errors="replace").splitlines():
            parts = line.split()
            if parts[:2] == ["mark", run.mark] and len(parts) == 3:
                elapsed = float(parts[2]) - start
                break
            if len(parts) == 2 and parts[0] == run.mark:  # the window's own "shown <time>" lines
                elapsed = float(parts[1]) - start
                break
        else:
            raise RuntimeError(f"{run.label}: no 'mark {run.mark}' line in its output")
    rss = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return elapsed, rss


def measure(figure: str, runs: list[Run], *, rounds: int = 5, warm: bool = True, env: dict | None = None) -> dict:
    """Interleave the runs `rounds` times; returns {"figure", "runs": [{"label", "median", "min", "max", "rss"}]}."""
    env = dict(os.environ if env is None else env)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed program runs from compiled bytecode (pip compiles at install; the installer ships it): a shell
    # with PYTHONDONTWRITEBYTECODE set would have every run compile the package's sources again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    samples = [Sample() for _ in runs]
    if warm:  # the file cache, .pyc files
        for run in runs:
            run_once(run, env)
    for r in range(rounds):
        order = list(range(len(runs)))
        order = order[r % len(order):] + order[:r % len(order)]
        for i in order:
            secs, rss = run_once(runs[i], env)
            samples[i].seconds.append(secs)
            samples[i].rss_mb.append(rss)
    result = {"figure": figure, "runs": []}
    for run, s in zip(runs, samples, strict=True):
        result["runs"].append({"label": run.label, "median": statistics.median(s.seconds), "min": min(s.seconds),
                               "max": max(s.seconds), "rss": statistics.median(s.rss_mb), "n": len(s.seconds)})
    print_table([result])
    return result


def _fmt_time(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def print_table(results: list[dict], file=None) -> None:
    """figure | program median (min–max) | baseline | ratio | peak RSS: a line per program run (KKR Desk, and the
    old code as "før") and baseline."""
    file = file or sys.stdout
    for res in results:
        progs = [r for r in res["runs"] if r["label"] in ("kkrdesk", "før")]
        bases = [r for r in res["runs"] if r not in progs] or [None]
        for prog in progs:
            p = f"{prog['label']} {_fmt_time(prog['median'])} ({_fmt_time(prog['min'])}–{_fmt_time(prog['max'])})"
            for base in bases:
                if base is None:
                    print(f"{res['figure']:<30} {p:<40} {'':<42} {'':>6}  RSS {prog['rss']:.0f} MB", file=file)
                    continue
                b = f"{base['label']} {_fmt_time(base['median'])} ({_fmt_time(base['min'])}–{_fmt_time(base['max'])})"
                ratio = prog["median"] / base["median"] if base["median"] else float("nan")
                print(f"{res['figure']:<30} {p:<40} {b:<42} {ratio:>5.2f}×  RSS {prog['rss']:.0f} / "
                      f"{base['rss']:.0f} MB", file=file)
    file.flush()


def save(results: list[dict], path: str | None) -> None:
    """Append the results to a JSON file (for the before/after table), when a path is given."""
    if not path:
        return
    p = Path(path)
    old = json.loads(p.read_text()) if p.exists() else []
    p.write_text(json.dumps(old + results, indent=1, ensure_ascii=False))


def mark(name: str) -> None:
    """Print the mark a Run(mark=name) waits for (used by the child processes)."""
    print(f"mark {name} {time.time():.6f}", flush=True)
