"""Open, create, migrate, back up and check a KKR Desk store: the only module that knows it is SQLite.

A store is one SQLite file (WAL, foreign keys on, busy timeout). Opening it applies the Alembic migrations
in db/ after a backup copy of the file is made; a store written by a newer program is refused untouched.
Services get a session per operation from `Store.session()` and report what they changed with `notify()`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kkrdesk.errors import UserError
from kkrdesk.paths import migrations_path
from kkrdesk.undo import UndoHistory, replay

BUSY_TIMEOUT_MS = 5000
ENV_VAR = "KKRDESK_DB"

ChangeListener = Callable[[frozenset[str]], None]


def default_store_path() -> Path:
    """The store in the user data dir, unless KKRDESK_DB names another file."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("KKR Desk", "KL", roaming=True)) / "kkrdesk.sqlite"


def _alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    return cfg


def _revision_graph() -> dict[str, str | None]:
    """revision → down_revision, read from the migration files' text: importing Alembic costs
    a third of a second at start-up, so it is loaded only when a store really needs upgrading."""
    graph: dict[str, str | None] = {}
    for path in (migrations_path() / "versions").glob("*.py"):
        text_ = path.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", text_, re.M)
        down = re.search(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", text_, re.M)
        if rev:
            graph[rev.group(1)] = down.group(1) if down else None
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"Migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revision_graph())


def _set_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _current_revision(path: Path) -> str | None:
    """Read alembic_version without SQLAlchemy, so a newer store is not touched at all."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserError(f"Filen {path} kan ikke åbnes som database: {exc}") from exc
    try:
        has = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has:
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if tables:
                raise UserError(f"Filen {path} er ikke en KKR Desk-database.")
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Filen {path} er ikke en SQLite-database ({exc}).") from exc
    finally:
        con.close()


def backup_file(path: Path, out: Path) -> Path:
    """Copy a store with SQLite's online backup API: consistent even while the window has it open."""
    out = Path(out)
    if not Path(path).exists():
        raise UserError(f"Databasen {path} findes ikke.")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, out)  # never leave a half-written backup under the real name
    return out


@dataclass
class CheckResult:
    integrity: list[str]
    foreign_keys: list[str]

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"] and not self.foreign_keys


class Store:
    """An open store. Cheap to keep around; sessions are made per operation."""

    def __init__(self, path: Path, engine: Engine):
        self.path = Path(path)
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._listeners: list[ChangeListener] = []
        self.history: UndoHistory | None = None  # the window turns undo on; the CLI does without

    def enable_undo(self) -> UndoHistory:
        if self.history is None:
            self.history = UndoHistory()
        return self.history

    # -- sessions and change notification --
    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back whole on any error."""
        session = self._sessions()
        history = self.history
        try:
            if history is not None:
                pooled = session.connection().connection
                history.prepare(pooled.driver_connection, pooled.info)
            yield session
            step = None
            if history is not None:
                session.flush()
                step = history.collect(pooled.driver_connection)
            session.commit()
            if history is not None:
                history.committed(step)
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def subscribe(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: ChangeListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def notify(self, kinds: Iterable[str]) -> None:
        """Tell every open view which kinds of data changed ("meetings", "items", "members" …)."""
        changed = frozenset(kinds)
        for listener in list(self._listeners):
            listener(changed)

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
            history.prepare(con, pooled.info)
            history.committed(replay(con, step.statements, history.collect))
        except UserError:
            history.clear()
            raise
        finally:
            history.replaying(None)
            pooled.close()
        self.notify({"all"})
        return step.label

    # -- maintenance --
    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def check(self) -> CheckResult:
        with self.engine.connect() as conn:
            integrity = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            fks = [
                f"{row[0]} række {row[1]} peger på {row[2]}, som ikke findes"
                for row in conn.exec_driver_sql("PRAGMA foreign_key_check")
            ]
        return CheckResult(integrity, fks)

    def backup(self, out: Path) -> Path:
        return backup_file(self.path, out)

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path | str | None = None, *, upgrade: bool = True) -> Store:
    """Open (creating if needed) the store at `path`, migrating it to the current schema."""
    path = Path(path) if path else default_store_path()
    path = path.expanduser()
    if path.is_dir():
        raise UserError(f"{path} er en mappe, ikke en databasefil.")
    path.parent.mkdir(parents=True, exist_ok=True)
    current = _current_revision(path)
    head = head_revision()
    if current is not None and current not in known_revisions():
        raise UserError(
            f"Databasen {path.name} er lavet af en nyere version af KKR Desk (skema {current}). "
            "Opdatér programmet for at åbne den; filen er ikke ændret."
        )
    if current is not None and current != head:
        if not upgrade:
            raise UserError(f"Databasen {path.name} skal opdateres (skema {current} → {head}).")
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_file(path, path.with_name(f"{path.stem}.før-{head}-{stamp}{path.suffix or '.sqlite'}"))
    engine = _make_engine(path)
    if current != head:
        _upgrade(engine)
    return Store(path, engine)


def _upgrade(engine: Engine) -> None:
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
