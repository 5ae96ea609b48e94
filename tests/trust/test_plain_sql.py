"""Store.sql, plain SQL in one unit of work (issue 14: commands that must not pay for SQLAlchemy's import), keeps
the promises of Store.session on both of its paths — a bare sqlite3 connection before the engine exists, and the
session's connection after: all or nothing, a preview writes nothing, undo records it, other windows are told."""

from __future__ import annotations

import pytest

from kkrdesk.errors import UserError
from kkrdesk.store import open_store


def _paths(store):
    """The store as given (engine made by the fixture's work), and a fresh lazy one on the same file."""
    yield "engine", store
    if store.dialect == "sqlite":
        lazy = open_store(store.path)
        lazy.enable_undo()
        assert lazy._engine is None
        try:
            yield "sqlite3", lazy
        finally:
            lazy.close()


def _count(store, name):
    return store.rows("SELECT count(*) FROM person WHERE name = :name", name=name)[0][0]


def test_an_error_inside_writes_nothing(store):
    store.rows("SELECT 1")
    for path, s in _paths(store):
        name = f"Ikke gemt {path}"
        with pytest.raises(UserError):
            with s.sql(immediate=True) as tx:
                tx.run("INSERT INTO person (name) VALUES (:name)", name=name)
                tx.run("INSERT INTO person (name) VALUES (:name)", name=name)  # the (name, organisation) is unique
                tx.run("INSERT INTO membership (person_id, body_id, role) VALUES (1, 999999, 'medlem')")
        assert _count(s, name) == 0, path


def test_a_preview_writes_nothing_and_a_commit_is_undoable(store):
    for path, s in _paths(store):
        name = f"Ny person {path}"
        with s.sql(dry_run=True) as tx:
            tx.run("INSERT INTO person (name) VALUES (:name)", name=name)
            assert tx.rows("SELECT count(*) FROM person WHERE name = :name", name=name) == [(1,)]
        assert _count(s, name) == 0, path
        with s.sql(immediate=True) as tx:
            new_id = tx.rows("INSERT INTO person (name) VALUES (:name) RETURNING id", name=name)[0][0]
        assert _count(s, name) == 1 and new_id
        s.undo()
        assert _count(s, name) == 0, path


@pytest.mark.sqlite_only
def test_a_plain_commit_is_seen_by_another_window_as_theirs_but_not_by_its_own(store):
    other = open_store(store.path)
    try:
        other.poll_changes()
        store.poll_changes()
        lazy = open_store(store.path)
        try:
            lazy.poll_changes()
            with lazy.sql(immediate=True) as tx:
                tx.run("INSERT INTO person (name) VALUES ('Set af andre')")
            assert other.poll_changes() == frozenset({"all"})
            assert lazy.poll_changes() == frozenset()  # its own commit
        finally:
            lazy.close()
    finally:
        other.close()
