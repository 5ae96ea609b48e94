"""The shared engine: a PostgreSQL database on a server a secretariat already runs (psycopg 3).

What is PostgreSQL's own lives here: opening `postgresql://user@host:port/db` (the password comes from
~/.pgpass, the environment or the URL and is never shown), creating and upgrading under an advisory lock so two
people opening a new or old store at once do it once, imports serialized by the same kind of lock (SQLite's
BEGIN IMMEDIATE), LISTEN/NOTIFY for others' commits, pg_dump for backups, the server's own checks, and undo
through a per-session log filled by the triggers of migration 0005.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url

from kkrdesk.errors import UserError
from kkrdesk.store import errors
from kkrdesk.undo import STALE, Step, UndoHistory

LOCK_TIMEOUT_MS = 5000  # like SQLite's busy timeout: a writer that holds a row longer gets the "optaget" message
UPGRADE_WAIT_S = 120
CHANNEL = "kkrdesk_changes"
# pg_advisory_xact_lock keys (any bigint; these spell "KKRD" and a number): one for schema changes, one for
# writers that must not interleave (imports).
SCHEMA_LOCK = 0x4B4B5244_0001
WRITE_LOCK = 0x4B4B5244_0002


def _conninfo(url) -> str:
    """A libpq URL without the password (psycopg, pg_dump); the password travels in PGPASSWORD if given."""
    return url.set(drivername="postgresql")._replace(password=None).render_as_string(hide_password=False)


class PostgresBackend:
    kind = "postgresql"
    busy_seconds = LOCK_TIMEOUT_MS / 1000

    def __init__(self, url: str):
        try:
            parsed = make_url(url)
        except Exception as exc:
            raise UserError(f"Adressen på den fælles database er ikke gyldig ({exc}).") from exc
        self.url = parsed.set(drivername="postgresql+psycopg")
        self.database = parsed.database or parsed.username or "postgres"
        host = parsed.host or parsed.query.get("host") or "localhost"
        if isinstance(host, tuple):
            host = host[0]
        self.label = f"{self.database} på {host}"
        self.conninfo = _conninfo(self.url)
        self.password = parsed.password
        self._surveyed: tuple[set[str], str | None] | None = None

    def __str__(self) -> str:
        """The address without the password: shown, remembered and handed to `--db` as it is."""
        return self.conninfo

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = str(self.password)
        return env

    def connect(self, **kwargs):
        """A psycopg connection of its own (opening checks, the watcher); connection errors in Danish."""
        import psycopg

        try:
            return psycopg.connect(self.conninfo, password=self.password, application_name="KKR Desk",
                                   connect_timeout=10, **kwargs)
        except psycopg.OperationalError as exc:
            raise self._cannot_connect(exc) from exc

    def _cannot_connect(self, exc: Exception) -> UserError:
        message = str(exc)
        if "password" in message.lower() or "authentication" in message.lower():
            return UserError(f"Den fælles database {self.label} afviste brugernavn eller adgangskode. "
                             "Tjek dem (adgangskoden gemmes i nøgleringen eller i ~/.pgpass).")
        if "role" in message and "does not exist" in message:
            return UserError(f"Brugeren findes ikke på databaseserveren ({self.label}). Bed den, der driver "
                             "serveren, om en bruger (kkrdesk init-server).")
        if "does not exist" in message:
            return UserError(f"Databasen {self.database} findes ikke på serveren. Bed den, der driver serveren, "
                             "om at oprette den (kkrdesk init-server).")
        return UserError(f"Kan ikke forbinde til den fælles database {self.label}: serveren svarer ikke "
                         "eller afviser forbindelsen. Tjek adressen og netværket.")

    # -- opening --
    def check_location(self) -> None:
        self._survey()

    def _survey(self) -> tuple[set[str], str | None]:
        """The tables and the schema revision, read once on one connection while opening (a server may be far)."""
        if self._surveyed is None:
            with self.connect(autocommit=True) as con:
                tables = {r[0] for r in con.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
                version = None
                if "alembic_version" in tables:
                    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                    version = row[0] if row else None
            self._surveyed = (tables, version)
        return self._surveyed

    def is_new(self) -> bool:
        return not self._survey()[0]

    def current_revision(self) -> str | None:
        tables, version = self._survey()
        if tables and "alembic_version" not in tables:
            raise UserError(f"Databasen {self.label} indeholder andre tabeller, men ikke en KKR Desk-database. "
                            "Vælg en tom database eller en, KKR Desk har oprettet; den er ikke ændret.")
        return version

    def make_engine(self) -> Engine:
        return create_engine(
            self.url,
            pool_pre_ping=True,  # a server restart or a dropped VPN must not leave dead connections in the pool
            connect_args={"password": self.password, "application_name": "KKR Desk", "connect_timeout": 10,
                          "options": f"-c lock_timeout={LOCK_TIMEOUT_MS}"},
        )

    def _under_schema_lock(self, engine: Engine, work) -> None:
        with engine.connect() as conn, conn.begin():
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{UPGRADE_WAIT_S}s'")
            try:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
            except Exception as exc:
                if getattr(getattr(exc, "orig", None), "sqlstate", None) == "55P03":
                    raise UserError(f"Databasen {self.label} opdateres af en anden. Prøv igen, når det er "
                                    "færdigt; intet er ændret.") from exc
                raise
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'")
            work(conn)

    def create(self, build) -> None:
        """Migrate an empty database in one transaction under the schema lock; a second process that opened
        the same empty database meanwhile waits, then finds it made."""
        engine = self.make_engine()

        def work(conn):
            has = conn.exec_driver_sql(
                "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
            ).scalar()
            if not has:
                build(conn)

        try:
            self._under_schema_lock(engine, work)
        finally:
            engine.dispose()
            self._surveyed = None  # made now: read again

    def upgrade(self, engine: Engine, head: str, run) -> None:
        def work(conn):
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            if current != head:
                run(conn, current)

        self._under_schema_lock(engine, work)

    def backup_before_upgrade(self, head: str) -> Path | None:
        """A pg_dump into the user data folder when pg_dump is installed; the server's own backups cover the
        rest, so a missing pg_dump is no reason to refuse the upgrade."""
        if shutil.which("pg_dump") is None:
            return None
        from platformdirs import user_data_dir

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = Path(user_data_dir("KKR Desk", "KL", roaming=True)) / "sikkerhedskopier" / \
            f"{self.database}.før-{head}-{stamp}.dump"
        try:
            return self.backup(None, out)
        except UserError:
            return None

    # -- inside a session --
    @staticmethod
    def write_mark(dbapi_connection) -> None:
        return None

    @staticmethod
    def wrote(dbapi_connection, mark) -> bool:
        """Whether this transaction wrote anything: PostgreSQL assigns a transaction id on the first write."""
        row = dbapi_connection.execute("SELECT pg_current_xact_id_if_assigned() IS NOT NULL").fetchone()
        return bool(row[0])

    @staticmethod
    def lock_writes(connection) -> None:
        """Serialize writers that check before they write (imports), as BEGIN IMMEDIATE does on SQLite; the
        lock ends with the transaction."""
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    @staticmethod
    def mark_changed(connection, origin: str) -> None:
        """Tell every listening window at commit (NOTIFY is transactional); the origin lets a window skip its own."""
        connection.exec_driver_sql(f"SELECT pg_notify('{CHANNEL}', %(origin)s)", {"origin": origin})
        return None

    @staticmethod
    def mark_changed_raw(dbapi_connection, origin: str) -> None:
        dbapi_connection.execute(f"SELECT pg_notify('{CHANNEL}', %s)", (origin,))
        return None

    def watcher(self, origin: str, own: set[int]):
        return NotifyWatcher(self, origin)

    def undo_history(self) -> PgUndoHistory:
        return PgUndoHistory()

    # -- maintenance --
    def backup(self, engine: Engine | None, out: Path) -> Path:
        """pg_dump's custom format (restore with pg_restore), written to a temporary name and moved into place."""
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise UserError("Sikkerhedskopien kræver programmet pg_dump (PostgreSQL's klientprogrammer), som ikke "
                            "er installeret. Installér det, eller bed den, der driver serveren, om en kopi.")
        out = Path(out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Mappen {out.parent} kan ikke oprettes: {exc.strerror or exc}.") from exc
        tmp = out.with_name(out.name + ".tmp")
        try:
            # pg_dump's own messages in English (LC_MESSAGES=C), so a full disk is recognised and said in Danish
            done = subprocess.run(
                [pg_dump, "--format=custom", "--no-password", f"--file={tmp}", f"--dbname={self.conninfo}"],
                env=dict(self._env(), LC_MESSAGES="C"), capture_output=True, text=True, timeout=3600,
                stdin=subprocess.DEVNULL)
            if done.returncode != 0:
                detail = (done.stderr or "").strip().splitlines()
                if "No space left on device" in (done.stderr or ""):
                    raise errors.disk_full(f"Sikkerhedskopien {out.name}")
                raise UserError(f"Sikkerhedskopien af {self.label} kunne ikke laves med pg_dump"
                                f"{': ' + detail[-1] if detail else ''}. Intet er ændret.")
            os.replace(tmp, out)
        except OSError as exc:
            raise errors.os_error(exc, f"Sikkerhedskopien {out.name}") from exc
        finally:
            if tmp.exists():
                tmp.unlink()
        return out

    def check(self, engine: Engine) -> tuple[list[str], list[str]]:
        """The server's own checks: every foreign key holds (one query per key of the models), no constraint is
        left unvalidated, and, where the amcheck extension is installed, every B-tree index is sound."""
        from kkrdesk.models import Base

        problems: list[str] = []
        orphans: list[str] = []
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                for fk in table.foreign_key_constraints:
                    cols = [e.parent.name for e in fk.elements]
                    refs = [e.column.name for e in fk.elements]
                    parent = fk.referred_table.name
                    on = " AND ".join(f'p."{r}" = c."{c}"' for c, r in zip(cols, refs, strict=True))
                    present = " AND ".join(f'c."{c}" IS NOT NULL' for c in cols)
                    count = conn.exec_driver_sql(
                        f'SELECT count(*) FROM "{table.name}" c WHERE {present} AND NOT EXISTS '
                        f'(SELECT 1 FROM "{parent}" p WHERE {on})').scalar()
                    if count:
                        orphans.append(f"{count} rækker i {table.name} peger på {parent}, som ikke findes")
            for rel, name in conn.exec_driver_sql(
                    "SELECT conrelid::regclass::text, conname FROM pg_constraint "
                    "WHERE NOT convalidated AND connamespace = current_schema()::regnamespace"):
                problems.append(f"Begrænsningen {name} på {rel} er ikke kontrolleret")
            if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").scalar():
                for (index,) in conn.exec_driver_sql(
                        "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' "
                        "AND c.relnamespace = current_schema()::regnamespace").all():
                    try:
                        with conn.begin_nested():
                            conn.exec_driver_sql(f"SELECT bt_index_check('{index}'::regclass, true)")
                    except Exception as exc:  # amcheck reports damage as an error naming the index
                        problems.append(f"Indekset {index} er beskadiget: {getattr(exc, 'orig', exc)}")
            conn.rollback()
        return problems or ["ok"], orphans


class NotifyWatcher:
    """Notices commits by others: a connection of its own LISTENs; poll() reads what has arrived without waiting."""

    def __init__(self, backend: PostgresBackend, origin: str):
        self._backend = backend
        self._origin = origin
        self._con = None
        self._open()

    def _open(self) -> None:
        try:
            self._con = self._backend.connect(autocommit=True)
            self._con.execute(f"LISTEN {CHANNEL}")
        except Exception:
            self._con = None  # the server is away: try again at the next poll

    def poll(self) -> frozenset[str]:
        """{"all"} when another window or person committed since the last poll, else empty."""
        import psycopg

        if self._con is None or self._con.closed:
            self._open()
            return frozenset({"all"}) if self._con is not None else frozenset()  # may have missed some
        pgconn = self._con.pgconn
        foreign = False
        try:
            pgconn.consume_input()
            while (note := pgconn.notifies()) is not None:
                if note.extra.decode() != self._origin:
                    foreign = True
        except psycopg.Error:
            self.close()
            return frozenset()
        return frozenset({"all"}) if foreign else frozenset()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


# -- undo --------------------------------------------------------------------------------------------------------


class PgUndoHistory(UndoHistory):
    """Undo per user on the server: the triggers of migration 0005 log the inverse SQL of every row change into
    this session's temporary undo_log, but only in sessions that turned it on (the window's); other people's
    sessions and the CLI log nothing."""

    LOG = "pg_temp.undo_log"  # collect() is UndoHistory's, on the session's temp table

    def prepare(self, dbapi_connection, info: dict) -> None:
        if info.get(self.INSTALLED):
            return
        if dbapi_connection.info.transaction_status != 0:  # not idle
            dbapi_connection.rollback()
        dbapi_connection.execute(
            "CREATE TEMP TABLE IF NOT EXISTS undo_log(seq bigserial PRIMARY KEY, tbl text NOT NULL, sql text NOT NULL)")
        dbapi_connection.execute("SET kkrdesk.undo = 'on'")
        dbapi_connection.commit()  # session-wide: must not roll back with the first failed operation
        info[self.INSTALLED] = True

    @staticmethod
    def replay(dbapi_connection, statements, collect) -> Step | None:
        """Run a step's inverse statements backwards in one transaction and commit it.

        PostgreSQL cannot switch foreign keys off for one user, so migration 0005 made them DEFERRABLE and the
        replay defers them: rows come back in any order and the keys are checked once, before the commit.
        Cascades still act at once, so deletions go last, children before parents (a parent deleted first would
        take its children along before their own statements), each statement must hit exactly one row and log
        exactly one change (a cascade into a row someone added since would log more); otherwise nothing is
        changed."""
        import psycopg

        from kkrdesk.models import Base

        con = dbapi_connection
        statements = list(statements)
        rank = {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}  # parents first
        backwards = list(reversed(statements))
        deletes = sorted((st for st in backwards if st[1].startswith("DELETE")), key=lambda st: -rank.get(st[0], 0))
        ordered = [st for st in backwards if not st[1].startswith("DELETE")] + deletes
        if con.info.transaction_status != 0:
            con.rollback()
        try:
            con.execute("SET CONSTRAINTS ALL DEFERRED")
            start = con.execute("SELECT count(*) FROM pg_temp.undo_log").fetchone()[0]
            for _table, sql in ordered:
                if con.execute(sql).rowcount != 1:
                    raise UserError(STALE)
            logged = con.execute("SELECT count(*) FROM pg_temp.undo_log").fetchone()[0] - start
            expected = sum(1 for _table, sql in statements if not _is_unlogged(sql))
            if logged != expected:
                raise UserError(STALE)
            con.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred checks, now
            recorded = collect(con)
            con.commit()
        except psycopg.Error as exc:
            con.rollback()
            raise UserError(STALE) from exc
        except BaseException:
            con.rollback()
            raise
        return recorded


def _is_unlogged(sql: str) -> bool:
    from kkrdesk.undo import NOT_LOGGED_INSERTS

    return any(sql.startswith(f'INSERT INTO "{t}"') or sql.startswith(f"INSERT INTO {t} ") for t in NOT_LOGGED_INSERTS)

