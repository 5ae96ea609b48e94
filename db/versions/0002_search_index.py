"""full-text search over agenda items and bilag titles (SQLite FTS5; PostgreSQL full-text search, danish)

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


_PG_ITEM_TEXT = "concat_ws(' ', NEW.number, NEW.resume, NEW.baggrund, NEW.sagsfremstilling, NEW.indstilling, " \
    "NEW.oekonomi, NEW.beslutning)"

_PG_STATEMENTS = [
    # The same rows as the FTS5 table (rowid 2*id / 2*id+1), ranked by a weighted tsvector in Danish.
    "CREATE TABLE search_index (rowid bigint PRIMARY KEY, kind varchar(10) NOT NULL, ref_id integer NOT NULL, "
    "title text, body text, tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('danish', coalesce(title, "
    "'')), 'A') || setweight(to_tsvector('danish', coalesce(body, '')), 'B')) STORED)",
    "CREATE INDEX search_index_tsv ON search_index USING gin (tsv)",
    f"""CREATE FUNCTION search_item_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN DELETE FROM search_index WHERE rowid = 2 * OLD.id; END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_index (rowid, kind, ref_id, title, body)
            VALUES (2 * NEW.id, 'item', NEW.id, NEW.title, {_PG_ITEM_TEXT});
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_bilag_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN DELETE FROM search_index WHERE rowid = 2 * OLD.id + 1; END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO search_index (rowid, kind, ref_id, title, body)
            VALUES (2 * NEW.id + 1, 'bilag', NEW.id, NEW.title, coalesce(NEW.author, ''));
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER search_item AFTER INSERT OR UPDATE OR DELETE ON agenda_item FOR EACH ROW "
    "EXECUTE FUNCTION search_item_sync()",
    "CREATE TRIGGER search_bilag AFTER INSERT OR UPDATE OR DELETE ON bilag FOR EACH ROW "
    "EXECUTE FUNCTION search_bilag_sync()",
]


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _is_postgres():
        for statement in _PG_STATEMENTS:
            op.execute(statement)
        op.execute(f"INSERT INTO search_index (rowid, kind, ref_id, title, body) SELECT 2 * id, 'item', id, title, "
                   f"{_PG_ITEM_TEXT.replace('NEW.', '')} FROM agenda_item")
        op.execute("INSERT INTO search_index (rowid, kind, ref_id, title, body) "
                   "SELECT 2 * id + 1, 'bilag', id, title, coalesce(author, '') FROM bilag")
        return
    # An older build ran these statements one by one outside a transaction: a store killed in the middle holds
    # some of them while it still says 0001. Dropping what is there first repairs it.
    _drop_sqlite()
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
    if _is_postgres():
        for table, name in (("agenda_item", "item"), ("bilag", "bilag")):
            op.execute(f"DROP TRIGGER IF EXISTS search_{name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS search_{name}_sync()")
        op.execute("DROP TABLE IF EXISTS search_index")
        return
    _drop_sqlite()


def _drop_sqlite() -> None:
    for name in ("item_ai", "item_au", "item_ad", "bilag_ai", "bilag_au", "bilag_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS search_{name}")
    op.execute("DROP TABLE IF EXISTS search_index")
