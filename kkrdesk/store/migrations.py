"""The Alembic migrations in db/: which revisions exist, and running them on a connection the store holds.

The revision graph is read from the migration files' text: importing Alembic costs a third of a second at
start-up, so it is loaded only when a store really needs creating or upgrading.
"""

from __future__ import annotations

import re

from kkrdesk.paths import migrations_path


def alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    return cfg


def revision_graph() -> dict[str, str | None]:
    """revision → down_revision."""
    graph: dict[str, str | None] = {}
    for path in (migrations_path() / "versions").glob("*.py"):
        text_ = path.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", text_, re.M)
        down = re.search(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", text_, re.M)
        if rev:
            graph[rev.group(1)] = down.group(1) if down else None
    return graph


def head_revision() -> str:
    graph = revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"Migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(revision_graph())


def upgrade_on(connection, target: str = "head") -> None:
    """Run the migrations up to `target` on `connection`, inside the transaction the caller has begun:
    every revision and its version stamp commit together, or nothing does."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, target)


def downgrade_on(connection, target: str) -> None:
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.downgrade(cfg, target)


def migrate_file(path, target: str, direction: str = "upgrade") -> None:
    """Move a SQLite store file to `target` in one transaction (tests, and making fixture stores)."""
    from kkrdesk.store.sqlite import make_engine

    engine = make_engine(path)
    try:
        with engine.connect() as conn, conn.begin():
            (upgrade_on if direction == "upgrade" else downgrade_on)(conn, target)
    finally:
        engine.dispose()
