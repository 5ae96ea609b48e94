"""Open, create, migrate, back up and check a KKR Desk store, on SQLite (a file, the embedded default) or
PostgreSQL (a server a secretariat shares).

`open_store` picks the engine from what it is given (a path, or a postgresql:// URL) and hands back one `Store`:
sessions per operation, change notification, undo, backup and check. What differs per engine is one small
backend object (store/sqlite.py, store/postgres.py); services never ask which engine they are on.

Opening is all-or-nothing: a new store is built beside its final name and moved into place; an old store is
upgraded under an exclusive lock, every revision and its version stamp in one transaction, after a backup.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.errors import UserError
from kkrdesk.store import errors
from kkrdesk.store.errors import ConflictError, StoreBusy
from kkrdesk.store.migrations import alembic_config, head_revision, known_revisions, upgrade_on
from kkrdesk.store.plain import EngineSql, SqliteSql, sqlite_params
from kkrdesk.store.sqlite import BUSY_TIMEOUT_MS, SqliteBackend, backup_file
from kkrdesk.undo import UndoHistory

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

# SQLAlchemy is imported where it is used: `kkrdesk list` on a current SQLite store reads with sqlite3 alone
# (read_rows), and importing SQLAlchemy would cost more than the whole listing.

__all__ = [
    "BUSY_TIMEOUT_MS", "ENV_VAR", "CheckResult", "ConflictError", "Store", "StoreBusy", "alembic_config",
    "backup_file", "default_store_path", "head_revision", "is_url", "known_revisions", "open_store", "read_rows",
    "sql_date",
]

Query = Callable[..., list[tuple]]  # query(sql, **params) -> rows

ENV_VAR = "KKRDESK_DB"

ChangeListener = Callable[[frozenset[str]], None]


def is_url(location: str | os.PathLike | None) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql:", "postgres:", "postgresql+"))


def default_store_path() -> Path | str:
    """The store in the user data dir, unless KKRDESK_DB names another file or a server URL."""
    env = os.environ.get(ENV_VAR)
    if env:
        return env if is_url(env) else Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("KKR Desk", "KL", roaming=True)) / "kkrdesk.sqlite"


def backend_for(location: Path | str):
    if is_url(location):
        from kkrdesk.store.postgres import PostgresBackend

        return PostgresBackend(str(location))
    return SqliteBackend(Path(location).expanduser())


@dataclass
class CheckResult:
    integrity: list[str]
    foreign_keys: list[str]

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_keys


class Store:
    """An open store. Cheap to keep around; sessions are made per operation."""

    def __init__(self, backend, engine: Engine | None = None):
        self.backend = backend
        # The engine (and with it SQLAlchemy, ≈ 0.3 s of imports) is made on first need: the window shows its
        # first rows and `kkrdesk list`/`export` read with sqlite3 through rows() before any session exists.
        self._engine = engine
        self._engine_lock = threading.Lock()
        self._session_factory = None
        self.path: Path | None = getattr(backend, "path", None)  # None on a server
        self.label: str = backend.label  # what the window and messages call it
        self.dialect: str = backend.kind  # "sqlite" or "postgresql"
        self.origin = uuid.uuid4().hex  # tells this store's own commits from others'
        self._own_changes: set[int] = set()
        self._watcher = None
        self._listeners: list[ChangeListener] = []
        self.history: UndoHistory | None = None  # the window turns undo on; the CLI does without
        self._read_only: bool | None = None

    @property
    def engine(self) -> Engine:
        engine = self._engine
        if engine is None:
            with self._engine_lock:  # a worker thread and the window may ask at once
                if self._engine is None:
                    engine = self.backend.make_engine()
                    if self.history is not None:
                        self._log_undo_on(engine)
                    self._engine = engine
                engine = self._engine
        return engine

    def warm_up(self) -> None:
        """Make the engine and import the models now (the window calls it off the GUI thread after the first
        paint), so the user's first edit does not wait for the imports."""
        self._session_maker()
        with self.engine.connect():  # one pooled connection, set up (pragmas, undo log) for the first use
            pass
        import kkrdesk.models  # noqa: F401

    def _session_maker(self):
        if self._session_factory is None:
            from sqlalchemy.orm import sessionmaker

            engine = self.engine
            with self._engine_lock:
                if self._session_factory is None:
                    self._session_factory = sessionmaker(engine, expire_on_commit=False)
        return self._session_factory

    def __str__(self) -> str:
        return str(self.backend)

    @property
    def read_only(self) -> bool:
        """True when this user may only read (a reader role on a server, a read-only file); checked once."""
        if self._read_only is None:
            from kkrdesk.store.roles import can_write

            self._read_only = not can_write(self)
        return self._read_only

    def enable_undo(self) -> UndoHistory:
        with self._engine_lock:  # one lock with the engine's making: the hook is installed exactly once
            if self.history is None:
                self.history = (self.backend.undo_history() if hasattr(self.backend, "undo_history")
                                else UndoHistory())
                if self._engine is not None:  # else the engine, when made, gets the hook
                    self._log_undo_on(self._engine)
        return self.history

    def _log_undo_on(self, engine: Engine) -> None:
        history = self.history

        # Installed when a connection leaves the pool, before any transaction: the temporary log table
        # and triggers must not roll back with the first failed operation.
        def install(dbapi_connection, record, _proxy) -> None:
            history.prepare(dbapi_connection, record.info)

        from sqlalchemy import event

        event.listen(engine, "checkout", install)

    # -- sessions and change notification --
    @contextmanager
    def session(self, *, immediate: bool = False, dry_run: bool = False) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back whole on any error.

        immediate: take the store's write lock before the first read, so a check for duplicates and the writes
        it guards cannot interleave with another process doing the same (imports).
        dry_run: roll back at the end instead of committing (a preview runs the real import)."""
        session = self._session_maker()()
        history = self.history
        try:
            conn = session.connection(execution_options={"immediate": True} if immediate else None)
            dbapi = conn.connection.driver_connection
            mark = self.backend.write_mark(dbapi)
            if immediate:
                self.backend.lock_writes(conn)
            yield session
            if dry_run or not session.in_transaction():  # a preview, or the caller ended the transaction
                session.rollback()
                return
            session.flush()
            self._commit(history, dbapi, self.backend.wrote(dbapi, mark),
                         lambda: self.backend.mark_changed(conn, self.origin), session.commit)
        except BaseException as exc:
            session.rollback()
            self._raise_translated(exc)
            raise
        finally:
            session.close()

    def _commit(self, history: UndoHistory | None, dbapi, wrote: bool, mark_changed, commit) -> None:
        """The end of a unit of work (session and sql alike): the undo step taken, the commit counted as ours,
        committed."""
        step = history.collect(dbapi) if history is not None else None
        if wrote:
            seq = mark_changed()
            if seq is not None:  # known as ours before the commit, so no poll can take it for someone else's
                self._own_changes.add(seq)
        commit()
        if history is not None:
            history.committed(step)

    def _raise_translated(self, exc: BaseException) -> None:
        """Raise the Danish message for a driver error, if there is one (the caller re-raises otherwise)."""
        _raise_translated(exc, self.label, self.backend.busy_seconds)

    @contextmanager
    def sql(self, *, immediate: bool = False, dry_run: bool = False) -> Iterator[SqliteSql | EngineSql]:
        """Plain SQL (named :params) in one unit of work with the guarantees of session(): committed when the block
        ends, rolled back whole on any error, the undo log and the change mark kept. On SQLite before the engine
        exists it runs on a bare sqlite3 connection, so a command pays no SQLAlchemy import (store/plain.py)."""
        if self._engine is not None or self.dialect != "sqlite":
            with self.session(immediate=immediate, dry_run=dry_run) as session:
                yield EngineSql(session.connection(), self.dialect == "sqlite")
            return
        from kkrdesk.store.sqlite import configure_connection

        history = self.history
        con = self._bare_connection()
        try:
            configure_connection(con)
            if history is not None:
                history.prepare(con, {})
            con.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            mark = con.total_changes
            yield SqliteSql(con)
            if dry_run or not con.in_transaction:
                con.rollback()
                return
            self._commit(history, con, con.total_changes != mark,
                         lambda: self.backend.mark_changed_raw(con, self.origin), lambda: con.execute("COMMIT"))
        except BaseException as exc:
            if con.in_transaction:
                con.rollback()
            self._raise_translated(exc)
            raise
        finally:
            con.close()

    def _bare_connection(self) -> sqlite3.Connection:
        """A sqlite3 connection of its own to this store's file (never creates one), for rows() and sql() before
        the engine exists."""
        try:
            return sqlite3.connect(f"file:{self.path}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            self._raise_translated(exc)
            raise

    def subscribe(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)
        self._start_watching()  # from now on, changes by others are noticed

    def _start_watching(self) -> None:
        if self._watcher is None:
            self._watcher = self.backend.watcher(self.origin, self._own_changes)

    def unsubscribe(self, listener: ChangeListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def notify(self, kinds: Iterable[str]) -> None:
        """Tell every open view which kinds of data changed ("meetings", "items", "members" …)."""
        changed = frozenset(kinds)
        for listener in list(self._listeners):
            listener(changed)

    def poll_changes(self) -> frozenset[str]:
        """What other windows, processes or people changed since the last call (cheap; the window calls it
        about once a second); listeners are told, with "external" among the kinds."""
        self._start_watching()
        kinds = self._watcher.poll()
        if kinds:
            self.notify(kinds | {"external"})
        return kinds

    # -- undo --
    def undo(self) -> str:
        """Reverse the last change made in this window; returns what it was ("oprettelse af møde")."""
        return self._replay("undo")

    def redo(self) -> str:
        return self._replay("redo")

    def _replay(self, direction: str) -> str:
        history = self.enable_undo()
        step = history.pop(direction)
        pooled = self.engine.raw_connection()
        history.replaying(direction, step)
        try:
            con = pooled.driver_connection

            def collect(c):
                # the replay is this store's own commit too
                seq = self.backend.mark_changed_raw(c, self.origin)
                if seq is not None:
                    self._own_changes.add(seq)
                return history.collect(c)

            history.committed(history.replay(con, step.statements, collect))
        except UserError:
            history.clear()
            raise
        finally:
            history.replaying(None)
            pooled.close()
        self.notify({"all"})
        return step.label

    def rows(self, sql: str, **params) -> list[tuple]:
        """Plain SQL text (named :params) read in one transaction; the rows as tuples. The same text runs on a
        bare sqlite3 connection (before the engine exists, and in read_rows), so it must be SQL both engines
        speak."""
        if self._engine is None and self.dialect == "sqlite":
            con = self._bare_connection()
            try:
                return _plain_query(con, self.label, sql, params)
            finally:
                con.close()
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]

    # -- maintenance --
    def revision(self) -> str | None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def check(self) -> CheckResult:
        integrity, fks = self.backend.check(self.engine)
        return CheckResult(integrity, fks)

    def backup(self, out: Path) -> Path:
        return self.backend.backup(self.engine, Path(out))

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        if self._engine is not None:
            self._engine.dispose()


def open_store(location: Path | str | None = None, *, upgrade: bool = True) -> Store:
    """Open (creating if needed) the store at `location` (a file path or a postgresql:// URL), migrating it to
    the current schema."""
    backend = backend_for(location if location else default_store_path())
    backend.check_location()
    head = head_revision()
    if backend.is_new():
        backend.create(lambda conn: upgrade_on(conn))
    current = backend.current_revision()
    if current is not None and current not in known_revisions():
        raise UserError(
            f"Databasen {backend.label} er lavet af en nyere version af KKR Desk (skema {current}). "
            "Opdatér programmet for at åbne den; den er ikke ændret."
        )
    if current is None and not backend.is_new():
        raise UserError(f"Databasen {backend.label} er ikke færdigoprettet (intet skema). Den er ikke ændret.")
    if current == head:
        return Store(backend)  # the engine is made when first needed
    engine = backend.make_engine()
    if not upgrade:
        engine.dispose()
        raise UserError(f"Databasen {backend.label} skal opdateres (skema {current} → {head}).")
    try:
        backend.upgrade(engine, head, lambda conn, found: _upgrade(backend, conn, found, head))
    except BaseException as exc:
        engine.dispose()
        translated = errors.translate(exc, backend.label, backend.busy_seconds, integrity=False)
        if translated is not None:
            raise translated from exc
        raise UserError(
            f"Databasen {backend.label} kunne ikke opdateres fra skema {current} til {head} ({exc}). "
            "Den er ikke ændret."
        ) from exc
    return Store(backend, engine)


def sql_date(value) -> dt.date | None:
    """A date read with plain SQL (Store.rows, read_rows): SQLite hands back ISO text, PostgreSQL a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@contextmanager
def read_rows(location: Path | str | None = None) -> Iterator[Query]:
    """`query(sql, **params) -> rows` for a command that only reads (`kkrdesk list`). A SQLite file already at
    the current schema is read with a bare read-only sqlite3 connection, without importing SQLAlchemy; anything
    else (a server, a new or older store, a file that cannot be read plainly) is opened with open_store as
    usual, so creating, upgrading and the Danish messages stay the same."""
    location = location if location else default_store_path()
    con = None if is_url(location) else SqliteBackend(Path(location).expanduser()).reader(head_revision())
    if con is None:
        store = open_store(location)
        try:
            yield store.rows
        finally:
            store.close()
        return

    def query(sql: str, **params) -> list[tuple]:
        return _plain_query(con, Path(location).name, sql, params)

    try:
        yield query
    finally:
        con.close()


def _raise_translated(exc: BaseException, label: str, busy_seconds: float) -> None:
    """Raise the Danish message for a driver error, if there is one (the caller re-raises otherwise)."""
    translated = errors.translate(exc, label, busy_seconds)
    if translated is not None and translated is not exc:
        raise translated from exc


def _plain_query(con: sqlite3.Connection, label: str, sql: str, params: dict) -> list[tuple]:
    """Run a read on a bare sqlite3 connection; errors in Danish as the store gives them."""
    try:
        return con.execute(sql, sqlite_params(params)).fetchall()
    except sqlite3.Error as exc:
        _raise_translated(exc, label, BUSY_TIMEOUT_MS / 1000)
        raise


def _upgrade(backend, conn, found: str | None, head: str) -> None:
    backend.backup_before_upgrade(head)
    upgrade_on(conn)
