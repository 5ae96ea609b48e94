"""Migration 0003: a report's afvigelser are in tid, økonomi and/or indhold; up and down keep the reports."""

import shutil
import sqlite3
from pathlib import Path

from kkrdesk.store.migrations import migrate_file

STORE_0002 = Path(__file__).parent / "data" / "stores" / "kkrdesk-0002.sqlite"
KINDS = ["afvigelse_tid", "afvigelse_oekonomi", "afvigelse_indhold"]


def _migrate(path, direction, target):
    migrate_file(path, target, direction)


def _columns(path):
    con = sqlite3.connect(path)
    try:
        return {row[1]: row for row in con.execute("PRAGMA table_info(report)")}
    finally:
        con.close()


def _query(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_up_and_down_on_a_store_with_a_report(tmp_path):
    path = tmp_path / "store.sqlite"
    shutil.copyfile(STORE_0002, path)
    before = _query(path, "SELECT * FROM report")
    assert len(before) == 1

    _migrate(path, "upgrade", "0003")
    columns = _columns(path)
    for name in KINDS:
        _cid, _name, type_, notnull, default, _pk = columns[name]
        assert (type_, notnull, default) == ("BOOLEAN", 1, "0")
    # An old report has no kind: all three read false, the rest of the row untouched.
    assert _query(path, "SELECT * FROM report") == [before[0] + (0, 0, 0)]
    con = sqlite3.connect(path)
    con.execute("UPDATE report SET afvigelse_tid = 1, afvigelse_indhold = 1")
    con.execute("INSERT INTO report (assignment_id, status, kkr_handling, received) VALUES (2, 'grøn', 0, "
                "'2026-01-01 10:00:00')")
    con.commit()
    con.close()

    _migrate(path, "downgrade", "0002")
    assert not set(KINDS) & set(_columns(path))
    assert _query(path, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert _query(path, "SELECT * FROM report ORDER BY id")[0] == before[0]
    assert _query(path, "SELECT count(*) FROM report") == [(2,)]
    assert _query(path, "PRAGMA integrity_check") == [("ok",)]
    assert _query(path, "PRAGMA foreign_key_check") == []

    _migrate(path, "upgrade", "head")
    assert _query(path, "SELECT afvigelse_tid, afvigelse_oekonomi, afvigelse_indhold FROM report") == [
        (0, 0, 0), (0, 0, 0)]
