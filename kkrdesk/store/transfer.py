"""Moving a whole store between engines (issue 15.3): a secretary's SQLite file to an empty server store, and
back again for a laptop copy.

Every row of every table is copied through the same models, in foreign-key order, in one transaction on the
target (constraints checked at its commit), blobs and settings (the form-signing secret) included; the search
index fills itself through the target's triggers. Then each table is counted and checksummed on both sides —
values normalised so SQLite and PostgreSQL give the same text — and a difference rolls the copy back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Integer, func, select, text

from kkrdesk.errors import UserError
from kkrdesk.models import Base

SKIPPED = {"store_change"}  # each store counts its own commits
CHUNK = 500


def _tables():
    return [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED]


def _normalised(value) -> str:
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, bytes | bytearray | memoryview):
        return "b:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def fingerprint(connection) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": …}} over every row in primary-key order, the same on either engine."""
    result = {}
    for table in _tables():
        digest = hashlib.sha256()
        rows = 0
        order = list(table.primary_key.columns)
        for row in connection.execute(select(table).order_by(*order)).yield_per(CHUNK):
            digest.update("\x1f".join(_normalised(v) for v in row).encode("utf-8"))
            digest.update(b"\x1e")
            rows += 1
        result[table.name] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def _is_empty(connection) -> bool:
    return all(connection.execute(select(func.count()).select_from(t)).scalar() == 0 for t in _tables())


def _defer_constraints(connection) -> None:
    """Rows of a self-referencing table (body.parent_id) may come before their parent: check at commit."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")  # migration 0005 made them deferrable
    else:
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")


def _reset_sequences(connection) -> None:
    """Explicit ids leave a server's sequences behind; the next new row must not collide."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence(:t, :c), coalesce(max({quote(pk[0].name)}), 0) + 1, false) "
                 f"FROM {quote(table.name)}"),
            {"t": quote(table.name), "c": pk[0].name},
        )


def copy_store(source: str | Path, target: str | Path,
               progress: Callable[[int, int, str], None] | None = None) -> dict:
    """Copy every row of `source` into the empty store at `target` (created if needed). Returns the report:
    {"from", "to", "tables": {name: {"rows", "sha256", "ok"}}, "rows", "ok"}; raises UserError and leaves the
    target empty when anything differs or fails."""
    from kkrdesk.store import is_url, open_store

    target_is_new_file = not is_url(str(target)) and not Path(target).exists()
    src = open_store(source)
    try:
        dst = open_store(target)
    except BaseException:
        src.close()
        raise
    try:
        report = _copy(src, dst, progress)
    except BaseException:
        dst.close()
        src.close()
        if target_is_new_file:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    dst.close()
    src.close()
    return report


def _copy(src, dst, progress) -> dict:
    tables = _tables()
    with src.engine.connect() as reader, dst.engine.connect() as writer:
        with reader.begin():  # one consistent snapshot of the source
            expected = fingerprint(reader)
            trans = writer.begin()
            try:
                if not _is_empty(writer):
                    raise UserError(f"Databasen {dst.label} er ikke tom; en flytning sker kun til en tom database. "
                                    "Intet er kopieret.")
                _defer_constraints(writer)
                for n, table in enumerate(tables):
                    if progress:
                        progress(n, len(tables), f"Kopierer {table.name}")
                    order = list(table.primary_key.columns)
                    batch: list[dict] = []
                    for row in reader.execute(select(table).order_by(*order)).yield_per(CHUNK):
                        batch.append(dict(row._mapping))
                        if len(batch) >= CHUNK:
                            writer.execute(table.insert(), batch)
                            batch = []
                    if batch:
                        writer.execute(table.insert(), batch)
                _reset_sequences(writer)
                found = fingerprint(writer)
                different = [name for name in expected if expected[name] != found.get(name)]
                if different:
                    raise UserError("Kopien svarer ikke til originalen; intet er kopieret.",
                                    details=[f"{name}: {expected[name]['rows']} rækker i originalen, "
                                             f"{found.get(name, {}).get('rows')} i kopien" for name in different])
                trans.commit()
            except BaseException:
                trans.rollback()
                raise
    return {
        "from": str(src), "to": str(dst),
        "tables": {name: {**value, "ok": True} for name, value in expected.items()},
        "rows": sum(v["rows"] for v in expected.values()), "ok": True,
    }
