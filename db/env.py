"""Alembic environment: migrations run on the connection the store hands over (see kkrdesk/store.py)."""

from alembic import context
from sqlalchemy import create_engine

from kkrdesk.models import Base

target_metadata = Base.metadata
config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` on the command line, for developers making a revision
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _migrate(conn)
        return
    _migrate(connection)


def _not_search_index(obj, name, type_, reflected, compare_to) -> bool:
    # The FTS5 tables are made by hand in 0002; autogenerate must leave them alone.
    return not (name or "").startswith("search_index")


def _migrate(connection) -> None:
    # render_as_batch: SQLite alters tables by copying them.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=_not_search_index,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
