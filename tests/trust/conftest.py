"""Helpers for the trust suite: real processes of the command line on real store files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

STORES = Path(__file__).parents[1] / "data" / "stores"


def kkrdesk_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kkrdesk", *args]


def run_cli(*args: str, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(kkrdesk_cmd(*args), capture_output=True, text=True, env=full_env, timeout=timeout,
                          **kwargs)


def counts(path: Path | str, tables=("body", "person", "membership", "meeting", "agenda_item", "report")) -> dict:
    """Rows per table, read as another program would: a file path, or a server store's URL."""
    from kkrdesk.store import is_url

    if is_url(path):
        import psycopg

        with psycopg.connect(path, autocommit=True) as con:
            return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def assert_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


@pytest.fixture
def old_store(tmp_path):
    """A copy of the store an early release wrote (schema 0001)."""
    path = tmp_path / "gammel.sqlite"
    shutil.copyfile(STORES / "kkrdesk-0001.sqlite", path)
    return path


@pytest.fixture
def tools():
    """The helpers above, for test modules (importlib import mode does not import conftest by name)."""
    from types import SimpleNamespace

    return SimpleNamespace(cmd=kkrdesk_cmd, run=run_cli, counts=counts, no_traceback=assert_no_traceback)


@pytest.fixture
def colleague(demo_store):
    """A second secretary: another Store on the same file, opened as the window opens one."""
    from kkrdesk.store import open_store

    other = open_store(str(demo_store))
    other.enable_undo()
    yield other
    other.close()
