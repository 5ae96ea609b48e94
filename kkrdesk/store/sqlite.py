"""The embedded engine: one SQLite file (WAL, foreign keys, busy timeout) that the secretariat controls.

What is SQLite's own lives here: transactions that really begin (pysqlite's legacy mode committed DDL on its
own, so a killed migration left half a schema), creating a new store beside its final name and moving it into
place only when complete, the upgrade under SQLite's write lock, the online backup API, PRAGMA checks, and
`PRAGMA data_version` to notice commits by other windows and processes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.errors import UserError
from kkrdesk.store import errors

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 5000
UPGRADE_WAIT_S = 120  # a second process waits this long for another one's upgrade before it gives up


def _on_connect(dbapi_connection, _record) -> None:
    configure_connection(dbapi_connection)


def configure_connection(dbapi_connection: sqlite3.Connection) -> None:
    """Every connection to a store, through the engine or bare (store/plain.py), is set up the same way."""
    # Autocommit at the driver; SQLAlchemy's "begin" event below emits BEGIN, so DDL is transactional too.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # a read-only file keeps the journal it has; writing then fails with a clear message
    cursor.close()


def _on_begin(connection) -> None:
    # IMMEDIATE takes the write lock at once: an import checks for duplicates and writes under one lock.
    immediate = connection.get_execution_options().get("immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path) -> Engine:
    # Imported here: `kkrdesk list` reads a current store with sqlite3 alone (SqliteBackend.reader).
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite+pysqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_quietly(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            p.unlink()


class SqliteBackend:
    kind = "sqlite"
    busy_seconds = BUSY_TIMEOUT_MS / 1000

    def __init__(self, path: Path):
        self.path = Path(path)
        self.label = self.path.name

    def __str__(self) -> str:
        return str(self.path)

    # -- opening --
    def check_location(self) -> None:
        if self.path.is_dir():
            raise UserError(f"{self.path} er en mappe, ikke en databasefil.")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise errors.os_error(exc, str(self.path.parent)) from exc
        if self.path.exists() and not os.access(self.path, os.R_OK):
            raise UserError(f"Databasen {self.label} kan ikke læses: du har ikke adgang til filen.")

    def is_new(self) -> bool:
        return not self.path.exists() or self.path.stat().st_size == 0 or self._abandoned()

    def _abandoned(self) -> bool:
        """A creation an older build left unfinished: an empty alembic_version and no row in any table. It
        holds nothing, so it is made again (it could never be opened: "table blob already exists")."""
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=self.busy_seconds)
        except sqlite3.Error:
            return False
        try:
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                                "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
            if "alembic_version" not in tables or con.execute("SELECT 1 FROM alembic_version").fetchone():
                return False
            return all(con.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() is None for t in tables)
        except sqlite3.Error:
            return False
        finally:
            con.close()

    def current_revision(self) -> str | None:
        """Read alembic_version without SQLAlchemy, so a newer store is not touched at all."""
        if self.is_new():
            return None
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=self.busy_seconds)
        except sqlite3.Error as exc:
            raise errors.translate(exc, self.label, self.busy_seconds) or UserError(
                f"Filen {self.path} kan ikke åbnes som database: {exc}") from exc
        try:
            has = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
            if not has:
                tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
                if tables:
                    raise UserError(f"Filen {self.path} er ikke en KKR Desk-database.")
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return row[0] if row else None
        except sqlite3.Error as exc:
            raise errors.translate(exc, self.label, self.busy_seconds) or errors.damaged(self.label, str(exc)) \
                from exc
        finally:
            con.close()

    def make_engine(self) -> Engine:
        return make_engine(self.path)

    def reader(self, head: str) -> sqlite3.Connection | None:
        """A read-only sqlite3 connection to a store already at `head`, for commands that only read; None when
        the store must be created or upgraded first, or cannot be read plainly: the caller then opens it the
        usual way, whose checks and Danish messages apply."""
        if self.path.is_dir() or not os.access(self.path, os.R_OK) or self.is_new():
            return None
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=self.busy_seconds)
        except sqlite3.Error:
            return None
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            row = None
        if not row or row[0] != head:
            con.close()
            return None
        return con

    def create(self, build) -> None:
        """Build a new store in a temporary file beside its final name and move it into place only when
        complete: a kill or a full disk meanwhile leaves no half-made store behind."""
        from sqlalchemy.exc import DBAPIError

        folder = self.path.parent
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".ny", dir=folder)
        except OSError as exc:
            raise errors.os_error(exc, self.label) from exc
        os.close(fd)
        tmp = Path(name)
        try:
            engine = make_engine(tmp)
            try:
                with engine.connect() as conn:
                    with conn.begin():
                        build(conn)
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                engine.dispose()
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
            if self.path.exists():  # an empty file the user made: replace it
                os.replace(tmp, self.path)
            else:
                try:
                    os.link(tmp, self.path)  # never replaces a store another process created meanwhile
                except FileExistsError:
                    pass
            _fsync_dir(folder)
        except OSError as exc:
            raise errors.os_error(exc, self.label) from exc
        except DBAPIError as exc:
            translated = errors.translate(exc, self.label, self.busy_seconds)
            if translated is None:
                raise
            raise translated from exc
        finally:
            _remove_quietly(tmp)

    def upgrade(self, engine: Engine, head: str, run) -> None:
        """Run `run(conn, current)` under SQLite's write lock, after re-reading the revision inside the lock:
        a second process opening the same old store waits, then finds it upgraded."""
        from sqlalchemy.exc import OperationalError

        deadline = time.monotonic() + UPGRADE_WAIT_S
        with engine.connect().execution_options(immediate=True) as conn:
            while True:
                try:
                    trans = conn.begin()
                    break
                except OperationalError as exc:
                    if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
                        raise
                    if time.monotonic() > deadline:
                        raise UserError(
                            f"Databasen {self.label} opdateres eller bruges af et andet program. Prøv igen, når "
                            "det er færdigt; intet er ændret.") from exc
            try:
                current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                if current != head:
                    run(conn, current)
                trans.commit()
            except BaseException:
                trans.rollback()
                raise

    def backup_before_upgrade(self, head: str) -> Path:
        import datetime as dt

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = self.path.with_name(f"{self.path.stem}.før-{head}-{stamp}{self.path.suffix or '.sqlite'}")
        return backup_file(self.path, out)

    # -- inside a session --
    @staticmethod
    def write_mark(dbapi_connection) -> int:
        return dbapi_connection.total_changes

    @staticmethod
    def wrote(dbapi_connection, mark: int) -> bool:
        return dbapi_connection.total_changes != mark

    @staticmethod
    def lock_writes(connection) -> None:
        """Nothing to do: the session began with BEGIN IMMEDIATE."""

    @staticmethod
    def mark_changed(connection, origin: str) -> int | None:
        """Count the commit in store_change, so windows can tell this store's commits from others'."""
        seq = connection.exec_driver_sql(
            "UPDATE store_change SET seq = seq + 1, origin = ? WHERE id = 1 RETURNING seq", (origin,)
        ).scalar()
        return seq

    @staticmethod
    def mark_changed_raw(dbapi_connection, origin: str) -> int | None:
        row = dbapi_connection.execute(
            "UPDATE store_change SET seq = seq + 1, origin = ? WHERE id = 1 RETURNING seq", (origin,)
        ).fetchone()
        return row[0] if row else None

    def watcher(self, origin: str, own: set[int]):
        return DataVersionWatcher(self.path, own)

    # -- maintenance --
    def backup(self, engine: Engine, out: Path) -> Path:
        return backup_file(self.path, out)

    def check(self, engine: Engine) -> tuple[list[str], list[str]]:
        with engine.connect() as conn:
            integrity = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            fks = [
                f"{row[0]} række {row[1]} peger på {row[2]}, som ikke findes"
                for row in conn.exec_driver_sql("PRAGMA foreign_key_check")
            ]
        return integrity, fks


class DataVersionWatcher:
    """Notices commits by other windows and processes: `PRAGMA data_version` (a cheap read on a connection of
    its own) changes on any commit; store_change.seq then tells whether each of them was this store's own."""

    def __init__(self, path: Path, own: set[int]):
        self._own = own
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False,
                                    timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        self._version = self._data_version()
        self._seq = self._read_seq()

    def _data_version(self) -> int:
        return self._con.execute("PRAGMA data_version").fetchone()[0]

    def _read_seq(self) -> int:
        row = self._con.execute("SELECT seq FROM store_change WHERE id = 1").fetchone()
        return row[0] if row else 0

    def poll(self) -> frozenset[str]:
        """The kinds changed by others since the last poll ({"all"}: SQLite does not say which), or empty."""
        try:
            version = self._data_version()
            if version == self._version:
                return frozenset()
            self._version = version
            seq = self._read_seq()
        except sqlite3.Error:
            return frozenset()  # busy or gone: try again at the next poll
        previous, self._seq = self._seq, seq
        foreign = seq == previous or any(n not in self._own for n in range(previous + 1, seq + 1))
        self._own.difference_update(range(previous + 1, seq + 1))
        return frozenset({"all"}) if foreign else frozenset()

    def close(self) -> None:
        self._con.close()


def backup_file(path: Path, out: Path) -> Path:
    """Copy a store with SQLite's online backup API: consistent even while the window has it open. The copy is
    written to a temporary name and moved into place; on any failure nothing is left behind."""
    path, out = Path(path), Path(out)
    if not path.exists():
        raise UserError(f"Databasen {path} findes ikke.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.os_error(exc, str(out.parent)) from exc
    tmp = out.with_name(out.name + ".tmp")
    try:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, out)  # never leave a half-written backup under the real name
    except OSError as exc:
        _remove_quietly(tmp)
        raise errors.os_error(exc, f"Sikkerhedskopien {out.name}") from exc
    except sqlite3.Error as exc:
        _remove_quietly(tmp)
        message = str(exc).lower()
        if "full" in message:
            raise errors.disk_full(f"Sikkerhedskopien {out.name}") from exc
        if "readonly" in message or "unable to open" in message:
            raise errors.read_only(f"Sikkerhedskopien {out.name}") from exc
        raise errors.translate(exc, path.name, BUSY_TIMEOUT_MS / 1000) or UserError(
            f"Sikkerhedskopien kunne ikke laves: {exc}") from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    return out
