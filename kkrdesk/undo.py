"""Undo and redo for the window: every committed change is kept as the SQL that reverses it.

Temporary triggers (per connection, never written to the file) log the inverse of every INSERT, UPDATE and
DELETE into a temporary table; when a session commits, the store turns the log into one undo step held in
memory. Undoing a step runs its statements backwards in one transaction, which logs the redo step the same
way. This is the technique of sqlite.org's "Automatic Undo/Redo Using SQLite" note. The search index follows
by its own triggers. The CLI does not use it: only a store with undo enabled installs the triggers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from kkrdesk.errors import UserError

MAX_STEPS = 100
MAX_BYTES = 256 * 1024 * 1024  # a few bilag PDFs deleted and kept for undo; older steps go first

# Not undoable: schema bookkeeping, the search index's own tables, and the per-store secret.
SKIPPED_TABLES = ("alembic_version", "setting", "store_change")
SKIPPED_PREFIXES = ("sqlite_", "search_index")
# A form issued to a lead is a file out in the world; undo must never invalidate it, so issuing is not logged.
NOT_LOGGED_INSERTS = ("form_issue",)

# What a step is called in the Rediger menu, after the most telling table it touched.
NOUNS: dict[str, tuple[str, str]] = {
    "meeting": ("møde", "møder"),
    "body": ("organ", "organer"),
    "indsats": ("indsats", "indsatser"),
    "calculation": ("beregning", "beregninger"),
    "agenda_item": ("dagsordenspunkt", "dagsordenspunkter"),
    "membership": ("udpegning", "udpegninger"),
    "assignment": ("tovholder", "tovholdere"),
    "report": ("tovholderrapport", "tovholderrapporter"),
    "bilag": ("bilag", "bilag"),
    "attendance": ("fremmøde", "fremmøder"),
    "person": ("person", "personer"),
    "seat": ("plads", "pladser"),
    "case": ("sag", "sager"),
    "bilag_version": ("bilagsversion", "bilagsversioner"),
    "form_issue": ("skema", "skemaer"),
    "blob": ("fil", "filer"),
}
VERBS = {"DELETE": "oprettelse", "UPDATE": "ændring", "INSERT": "sletning"}  # by the inverse statement


@dataclass
class Step:
    """One committed change: (table, inverse SQL) in the order they happened."""

    statements: list[tuple[str, str]]
    title: str | None = None  # a replayed step keeps the name of what the user did
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = sum(len(sql) for _, sql in self.statements)

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        by_table: dict[str, list[str]] = {}
        for table, sql in self.statements:
            by_table.setdefault(table, []).append(sql.split(" ", 1)[0])
        table = next((t for t in NOUNS if t in by_table), next(iter(by_table)))
        inverse = by_table[table]
        verb = VERBS.get(inverse[0], "ændring")
        singular, plural = NOUNS.get(table, (table, table))
        count = len(inverse) if len(set(inverse)) == 1 else 1
        return f"{verb} af {singular}" if count == 1 else f"{verb} af {count} {plural}"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(sql: str) -> str:
    return "'" + sql.replace("'", "''") + "'"


VERSION_COLUMN = "row_version"


def _triggers(table: str, columns: list[str]) -> list[str]:
    t = _quoted(table)
    name = table.replace('"', "")
    log = f"INSERT INTO undo_log(tbl, sql) VALUES({_literal(table)}, "
    sets = "||','||".join(f"{_literal(_quoted(c) + '=')}||quote(old.{_quoted(c)})" for c in columns)
    values = "||','||".join(f"quote(old.{_quoted(c)})" for c in columns)
    cols = ",".join(["rowid", *map(_quoted, columns)])
    # The inverse only fits the row as this step left it: if another window or process has changed it since,
    # its row_version differs, the statement hits no row and the undo is refused (replay checks the count).
    still = f"||' AND {VERSION_COLUMN}='||new.{VERSION_COLUMN}" if VERSION_COLUMN in columns else ""
    sql = [
        f"CREATE TEMP TRIGGER IF NOT EXISTS {_quoted('undo_u_' + name)} AFTER UPDATE ON main.{t} BEGIN "
        f"{log}{_literal(f'UPDATE {t} SET ')}||{sets}||' WHERE rowid='||old.rowid{still}); END",
        f"CREATE TEMP TRIGGER IF NOT EXISTS {_quoted('undo_d_' + name)} BEFORE DELETE ON main.{t} BEGIN "
        f"{log}{_literal(f'INSERT INTO {t}({cols}) VALUES(')}||old.rowid||','||{values}||')'); END",
    ]
    if table not in NOT_LOGGED_INSERTS:
        sql.append(
            f"CREATE TEMP TRIGGER IF NOT EXISTS {_quoted('undo_i_' + name)} AFTER INSERT ON main.{t} BEGIN "
            f"{log}{_literal(f'DELETE FROM {t} WHERE rowid=')}||new.rowid{still}); END"
        )
    return sql


def _undoable_tables(dbapi_connection) -> list[str]:
    rows = dbapi_connection.execute(
        "SELECT name FROM main.sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    ).fetchall()
    return [name for (name,) in rows if name not in SKIPPED_TABLES and not name.startswith(SKIPPED_PREFIXES)]


class UndoHistory:
    """The undo and redo stacks of one open store (the window's; thread-safe, workers commit too)."""

    INSTALLED = "kkrdesk_undo_installed"

    def __init__(self) -> None:
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._lock = threading.Lock()
        self._replaying: Step | None = None  # the step being undone or redone
        self._direction: str | None = None

    # -- recording, called by Store.session() --
    def prepare(self, dbapi_connection, info: dict) -> None:
        """Install the triggers on this connection once (after any migration has run)."""
        if info.get(self.INSTALLED):
            return
        dbapi_connection.execute("CREATE TEMP TABLE IF NOT EXISTS undo_log(seq INTEGER PRIMARY KEY, tbl, sql)")
        for table in _undoable_tables(dbapi_connection):
            columns = [row[1] for row in dbapi_connection.execute(f"PRAGMA main.table_info({_quoted(table)})")]
            for statement in _triggers(table, columns):
                dbapi_connection.execute(statement)
        info[self.INSTALLED] = True

    LOG = "temp.undo_log"  # where this engine's session keeps its log

    @classmethod
    def collect(cls, dbapi_connection) -> Step | None:
        """Take what this transaction logged (before commit: it rolls back with the transaction)."""
        rows = dbapi_connection.execute(f"SELECT tbl, sql FROM {cls.LOG} ORDER BY seq").fetchall()
        if not rows:
            return None
        dbapi_connection.execute(f"DELETE FROM {cls.LOG}")
        return Step([(tbl, sql) for tbl, sql in rows])

    def committed(self, step: Step | None) -> None:
        if step is None:
            return
        with self._lock:
            if self._replaying is not None:
                step.title = self._replaying.label
            if self._direction == "undo":
                self._redo.append(step)
            else:
                if self._direction is None:
                    self._redo.clear()
                self._undo.append(step)
                self._trim()

    def _trim(self) -> None:
        while len(self._undo) > MAX_STEPS or (len(self._undo) > 1 and sum(s.size for s in self._undo) > MAX_BYTES):
            self._undo.pop(0)

    # -- what the menu shows --
    def undo_label(self) -> str | None:
        with self._lock:
            return self._undo[-1].label if self._undo else None

    def redo_label(self) -> str | None:
        with self._lock:
            return self._redo[-1].label if self._redo else None

    def clear(self) -> None:
        with self._lock:
            self._undo.clear()
            self._redo.clear()

    # -- running a step --
    def pop(self, direction: str) -> Step:
        with self._lock:
            stack = self._undo if direction == "undo" else self._redo
            if not stack:
                raise UserError("Der er intet at fortryde." if direction == "undo" else "Der er intet at gentage.")
            return stack.pop()

    def replaying(self, direction: str | None, step: Step | None = None) -> None:
        self._direction, self._replaying = direction, step

    @staticmethod
    def replay(dbapi_connection, statements: Iterable[tuple[str, str]], collect) -> Step | None:
        """Run a step (the engine's way; SQLite's below)."""
        return replay(dbapi_connection, statements, collect)


STALE = ("Ændringen kan ikke fortrydes, fordi databasen er ændret siden (måske fra et andet vindue eller "
         "kommandolinjen). Intet er ændret.")


def replay(dbapi_connection, statements: Iterable[tuple[str, str]], collect) -> Step | None:
    """Run a step's inverse statements backwards in one transaction of their own and commit it; returns what
    `collect` took from the log before the commit (the step that reverses this one).

    Foreign keys are off meanwhile, so SQLite cascades nothing: the step already holds every row its change
    touched, cascaded ones included, and is replayed exactly. Each statement must hit exactly one row and the
    result must pass the foreign-key check; if the store was changed from outside since (another window, the
    CLI), the step no longer fits and everything is rolled back."""
    import sqlite3

    con = dbapi_connection
    if con.in_transaction:
        con.rollback()
    con.execute("PRAGMA foreign_keys=OFF")  # takes effect only outside a transaction, hence here
    try:
        con.execute("BEGIN IMMEDIATE")
        try:
            for _table, sql in reversed(list(statements)):
                if con.execute(sql).rowcount != 1:
                    raise UserError(STALE)
            if con.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise UserError(STALE)
            recorded = collect(con)
            con.commit()
        except sqlite3.Error as exc:
            con.rollback()
            raise UserError(STALE) from exc
        except BaseException:
            con.rollback()
            raise
    finally:
        con.execute("PRAGMA foreign_keys=ON")
    return recorded
