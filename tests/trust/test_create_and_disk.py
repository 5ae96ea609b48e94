"""A new store appears whole or not at all (issue 12.2), and a full disk or a read-only folder gets a Danish
message with nothing left behind (12.4, 12.7). The full disk is a real one: a small tmpfs (CI runs as root;
elsewhere these tests skip)."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import time

import pytest

from kkrdesk.store import head_revision, open_store


@pytest.fixture
def tmpfs(tmp_path):
    """tmpfs(size) → a file system of its own of that size, unmounted after the test."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("en lille disk kræver mount (root)")
    mounted = []

    def make(size: str):
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]).returncode:
            pytest.skip("tmpfs kan ikke monteres her")
        mounted.append(folder)
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)])


@pytest.fixture
def small_disk(tmpfs):
    return tmpfs("96k")


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".ny", "-journal")))


def test_kill_during_demo_leaves_either_nothing_or_a_whole_store(tmp_path, tools):
    rng = random.Random(7)
    seen = set()
    for trial in range(8):
        path = tmp_path / f"ny{trial}.sqlite"
        proc = subprocess.Popen(tools.cmd("demo", "--db", str(path)), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.0))
        proc.kill()
        proc.wait()
        store = open_store(path)  # always opens: no "table blob already exists"
        try:
            assert store.revision() == head_revision()
            assert store.check().ok
        finally:
            store.close()
        bodies = tools.counts(path)["body"]
        assert bodies in (0, 31), bodies  # the demo is all there or not at all
        seen.add(bodies)
    print("bodies after the kills:", sorted(seen))


def test_an_interrupted_creation_by_an_older_build_is_not_a_dead_end(tmp_path):
    # What an older build left: some tables, an empty alembic_version, no data.
    path = tmp_path / "halv.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    con.execute("CREATE TABLE blob (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    store = open_store(path)
    try:
        assert store.revision() == head_revision()
    finally:
        store.close()


def test_demo_on_a_full_disk_says_so_and_leaves_nothing(small_disk, tools):
    path = small_disk / "ny.sqlite"
    result = tools.run("demo", "--db", str(path))
    tools.no_traceback(result)
    assert result.returncode == 1
    assert "Disken er fuld" in result.stderr
    assert not path.exists() or tools.counts(path)["body"] == 0
    assert _leftovers(small_disk) == []


def test_backup_on_a_full_disk_says_so_and_leaves_no_tmp(small_disk, demo_store, tools):
    out = small_disk / "kopi.sqlite"
    result = tools.run("backup", "--db", str(demo_store), "--out", str(out))  # a path, or the server's address
    tools.no_traceback(result)
    assert result.returncode == 1
    assert "Disken er fuld" in result.stderr and "kopi.sqlite" in result.stderr
    assert not out.exists()
    assert _leftovers(small_disk) == []


def test_a_store_in_a_read_only_folder_is_named_as_such(tmpfs, tools):
    folder = tmpfs("8m")
    path = folder / "ro.sqlite"
    open_store(path).close()
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    result = tools.run("demo", "--db", str(path))  # a write
    tools.no_traceback(result)
    assert result.returncode == 1, result.stdout
    assert "skrivebeskyttet" in result.stderr, result.stderr
    assert "ikke en SQLite-database" not in result.stderr
    reading = tools.run("check", "--db", str(path))  # reading a read-only store still works
    assert reading.returncode == 0 and "i orden" in reading.stdout, reading.stderr
