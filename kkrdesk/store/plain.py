"""Plain SQL in one transaction, for services whose whole cost would otherwise be SQLAlchemy's import (issue 14:
`kkrdesk import members` of 500 lines in under 0.3 s). Store.sql() hands out one of these:

- on SQLite before the store's engine exists, a bare sqlite3 connection set up as the engine's are (foreign keys,
  busy timeout, WAL), with BEGIN IMMEDIATE when asked, the undo log, the change mark and commit/rollback done
  as Store.session does them;
- otherwise the connection of an ordinary Store.session, so everything the session guarantees applies.

The SQL uses named :params and must be text both engines speak (INSERT … RETURNING works on both).
"""

from __future__ import annotations

import datetime as dt
import sqlite3


def sqlite_params(params: dict) -> dict:
    # dates as the ISO text SQLAlchemy stores them in (sqlite3's own date adapter is deprecated)
    return {k: v.isoformat() if type(v) is dt.date else v for k, v in params.items()}


class SqliteSql:
    """Plain SQL on a bare sqlite3 connection inside the transaction Store.sql began."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def rows(self, sql: str, **params) -> list[tuple]:
        return self.con.execute(sql, sqlite_params(params)).fetchall()

    def run(self, sql: str, **params) -> int:
        """A statement that returns no rows; how many rows it changed."""
        return self.con.execute(sql, sqlite_params(params)).rowcount

    def run_many(self, sql: str, params: list[dict]) -> None:
        self.con.executemany(sql, [sqlite_params(p) for p in params])


class EngineSql:
    """The same, on the connection of a Store.session (SQLAlchemy's text(): named params on both engines)."""

    def __init__(self, connection, sqlite: bool):
        self.connection = connection
        self.sqlite = sqlite

    def _params(self, params: dict) -> dict:
        return sqlite_params(params) if self.sqlite else params

    def rows(self, sql: str, **params) -> list[tuple]:
        from sqlalchemy import text

        return [tuple(r) for r in self.connection.execute(text(sql), self._params(params))]

    def run(self, sql: str, **params) -> int:
        from sqlalchemy import text

        return self.connection.execute(text(sql), self._params(params)).rowcount

    def run_many(self, sql: str, params: list[dict]) -> None:
        from sqlalchemy import text

        if params:
            self.connection.execute(text(sql), [self._params(p) for p in params])
