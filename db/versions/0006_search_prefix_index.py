"""prefix indexes on the SQLite search index (FTS5 prefix='1 2 3'), so the first keystrokes of a search do not
merge every term that starts with the letter typed; nothing on PostgreSQL, whose GIN index serves prefixes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = "kind UNINDEXED, ref_id UNINDEXED, title, body, tokenize = 'unicode61'"


def _rebuild(options: str) -> None:
    """Make search_index again with `options`, keeping its rows and the triggers that fill it (their SQL is read
    from the schema, so they stay exactly as 0002 made them)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    bind = op.get_bind()
    triggers = bind.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'"
    ).all()
    op.execute("CREATE TEMP TABLE search_index_copy AS SELECT rowid AS rid, kind, ref_id, title, body "
               "FROM search_index")
    for name, _ in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    op.execute("DROP TABLE search_index")
    op.execute(f"CREATE VIRTUAL TABLE search_index USING fts5({_COLUMNS}{options})")
    op.execute("INSERT INTO search_index(rowid, kind, ref_id, title, body) "
               "SELECT rid, kind, ref_id, title, body FROM search_index_copy")
    op.execute("DROP TABLE search_index_copy")
    for _, sql in triggers:
        op.execute(sql)


def upgrade() -> None:
    _rebuild(", prefix = '1 2 3'")


def downgrade() -> None:
    _rebuild("")
