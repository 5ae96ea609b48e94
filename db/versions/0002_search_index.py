"""full-text search over agenda items and bilag titles (SQLite FTS5)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# rowid = 2*id for items and 2*id+1 for bilag, so triggers delete by rowid instead of scanning.
_ITEM_TEXT = (
    "coalesce(new.number,'') || ' ' || coalesce(new.resume,'') || ' ' || coalesce(new.baggrund,'') || ' ' || "
    "coalesce(new.sagsfremstilling,'') || ' ' || coalesce(new.indstilling,'') || ' ' || "
    "coalesce(new.oekonomi,'') || ' ' || coalesce(new.beslutning,'')"
)

_STATEMENTS = [
    "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref_id UNINDEXED, title, body, "
    "tokenize = 'unicode61')",
    f"""CREATE TRIGGER search_item_ai AFTER INSERT ON agenda_item BEGIN
        INSERT INTO search_index(rowid, kind, ref_id, title, body)
        VALUES (2 * new.id, 'item', new.id, new.title, {_ITEM_TEXT});
    END""",
    f"""CREATE TRIGGER search_item_au AFTER UPDATE ON agenda_item BEGIN
        DELETE FROM search_index WHERE rowid = 2 * old.id;
        INSERT INTO search_index(rowid, kind, ref_id, title, body)
        VALUES (2 * new.id, 'item', new.id, new.title, {_ITEM_TEXT});
    END""",
    """CREATE TRIGGER search_item_ad AFTER DELETE ON agenda_item BEGIN
        DELETE FROM search_index WHERE rowid = 2 * old.id;
    END""",
    """CREATE TRIGGER search_bilag_ai AFTER INSERT ON bilag BEGIN
        INSERT INTO search_index(rowid, kind, ref_id, title, body)
        VALUES (2 * new.id + 1, 'bilag', new.id, new.title, coalesce(new.author, ''));
    END""",
    """CREATE TRIGGER search_bilag_au AFTER UPDATE ON bilag BEGIN
        DELETE FROM search_index WHERE rowid = 2 * old.id + 1;
        INSERT INTO search_index(rowid, kind, ref_id, title, body)
        VALUES (2 * new.id + 1, 'bilag', new.id, new.title, coalesce(new.author, ''));
    END""",
    """CREATE TRIGGER search_bilag_ad AFTER DELETE ON bilag BEGIN
        DELETE FROM search_index WHERE rowid = 2 * old.id + 1;
    END""",
]


def upgrade() -> None:
    for statement in _STATEMENTS:
        op.execute(statement)
    # Index what an older store already holds.
    op.execute(
        f"INSERT INTO search_index(rowid, kind, ref_id, title, body) SELECT 2 * id, 'item', id, title, "
        f"{_ITEM_TEXT.replace('new.', '')} FROM agenda_item"
    )
    op.execute(
        "INSERT INTO search_index(rowid, kind, ref_id, title, body) "
        "SELECT 2 * id + 1, 'bilag', id, title, coalesce(author, '') FROM bilag"
    )


def downgrade() -> None:
    for name in ("item_ai", "item_au", "item_ad", "bilag_ai", "bilag_au", "bilag_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS search_{name}")
    op.execute("DROP TABLE IF EXISTS search_index")
