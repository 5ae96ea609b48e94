"""Upgrades are all-or-nothing (issue 12.1, 12.3): a kill at any moment, a half-upgraded store from an older
build, a migration that fails, and two processes upgrading the same store at once."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import time

import pytest

from kkrdesk.errors import UserError
from kkrdesk.store import head_revision, open_store


def _revision(path) -> str | None:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def _dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _grow(path, items: int) -> None:
    """Make an old store big enough that its upgrade takes a noticeable time (search index, new columns)."""
    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO agenda_item (meeting_id, number, position, title, public, status, standing, resume) "
        "VALUES (1, ?, ?, ?, 1, 'kladde', 0, ?)",
        [(f"9.{n}", n, f"Punkt {n} om klimaalliancen og sundhedsreformen", "Resumé " * 40) for n in range(items)],
    )
    con.commit()
    con.close()


def test_a_store_left_half_upgraded_by_an_older_build_is_repaired(old_store):
    # What an older build left after a kill inside migration 0002: the search table exists, the stamp says 0001.
    con = sqlite3.connect(old_store)
    con.execute("CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref_id UNINDEXED, title, body)")
    con.commit()
    con.close()
    store = open_store(old_store)
    try:
        assert store.revision() == head_revision()
        from kkrdesk.services.search import search

        assert [h["title"] for h in search(store, "klimaalliancen")] == ["Klimaalliancen"]
        assert store.check().ok
    finally:
        store.close()


def test_a_failing_migration_leaves_the_store_exactly_as_it_was(old_store):
    # Two appointments of one person to one body in one role from one date that differ otherwise: 0004's unique
    # index cannot be made, so the whole upgrade must roll back, 0002 and 0003 included.
    con = sqlite3.connect(old_store)
    con.execute("INSERT INTO membership (person_id, body_id, role, start, \"end\") "
                "VALUES (1, 1, 'formand', '2022-01-01', '2025-12-31')")
    con.commit()
    con.close()
    before = _dump(old_store)
    with pytest.raises(UserError) as err:
        open_store(old_store)
    assert "kunne ikke opdateres" in str(err.value) and "ikke ændret" in str(err.value)
    assert _revision(old_store) == "0001"
    con = sqlite3.connect(old_store)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'search_index%'").fetchone()[0] == 0
    con.close()
    assert _dump(old_store) == before  # every row and schema object as it was (the file is now in WAL mode)


def test_kill_during_upgrade_never_leaves_an_unopenable_store(tmp_path, old_store, tools):
    """Real processes killed with SIGKILL at random moments of the automatic upgrade of a large old store."""
    _grow(old_store, 4000)
    template = tmp_path / "mal.sqlite"
    shutil.move(old_store, template)
    expected = tools.counts(template)
    rng = random.Random(12)
    outcomes = {"0001": 0, head_revision(): 0}
    for trial in range(8):
        path = tmp_path / f"forsøg{trial}.sqlite"
        shutil.copyfile(template, path)
        proc = subprocess.Popen(tools.cmd("check", "--db", str(path)), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.6))
        proc.kill()
        proc.wait()
        outcomes[_revision(path)] += 1  # exactly one of the two: never in between
        store = open_store(path)
        try:
            assert store.revision() == head_revision()
            assert store.check().ok
        finally:
            store.close()
        assert tools.counts(path) == expected
    assert sum(outcomes.values()) == 8
    print("revisions found after the kills:", outcomes)


def test_two_processes_upgrading_one_store_at_once_both_succeed_once(tmp_path, old_store, tools):
    _grow(old_store, 2000)
    procs = [subprocess.Popen(tools.cmd("check", "--db", str(old_store)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
        assert "i orden" in out
    assert _revision(old_store) == head_revision()
    assert len(list(tmp_path.glob("gammel.før-*.sqlite"))) == 1  # the second found it upgraded: no second copy
