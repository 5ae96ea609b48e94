"""Who may change a shared store (issue 15.5): `kkrdesk init-server` makes the schema and the roles, and the
server enforces them — readers (staff who only print bundles) may only read, writers may change rows, neither
owns the schema. SQLite has no roles: a file is read-only when the file or its folder is."""

from __future__ import annotations

import os
import re

from kkrdesk.errors import UserError

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _role(name: str) -> str:
    if not _NAME.match(name):
        raise UserError(f'Rollenavnet "{name}" skal være små bogstaver, tal og _ (højst 63 tegn).')
    return '"' + name + '"'


def init_server(url: str, readers: list[str], writers: list[str]) -> dict:
    """Create (or bring up to date) the store at `url` as its owner, then the reader and writer roles and their
    grants, including on tables later migrations add. Returns {"store", "readers", "writers"}."""
    from kkrdesk.store import is_url, open_store

    if not is_url(url):
        raise UserError("init-server gælder en fælles database (postgresql://…); en SQLite-fil har ingen roller.")
    store = open_store(url)
    try:
        with store.engine.begin() as conn:
            database = conn.exec_driver_sql("SELECT current_database()").scalar()
            for name in readers + writers:
                role = _role(name)
                exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": name}).scalar()
                if not exists:
                    conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
                conn.exec_driver_sql(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {role}')
                conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
                conn.exec_driver_sql(f"REVOKE CREATE ON SCHEMA public FROM {role}")
            for name in readers:
                role = _role(name)
                conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public "
                                     f"FROM {role}")
                conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
                conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {role}")
            for name in writers:
                role = _role(name)
                conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
                conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
                conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE "
                                     f"ON TABLES TO {role}")
                conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES "
                                     f"TO {role}")
        return {"store": str(store), "readers": readers, "writers": writers}
    finally:
        store.close()


def can_write(store) -> bool:
    """Whether this user may change the store: the server's grants, or the file's and folder's permissions."""
    if store.dialect == "postgresql":
        with store.engine.connect() as conn:
            return bool(conn.exec_driver_sql(
                "SELECT has_table_privilege(current_user, 'agenda_item', 'UPDATE')").scalar())
    path = store.path
    return path is None or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
