"""undo per user on PostgreSQL: a trigger on every undoable table logs the inverse SQL into the session's own
temporary log (only in sessions that turned undo on), and deferrable foreign keys so a replay can put rows back
in any order; nothing on SQLite, whose undo uses temporary triggers per connection (kkrdesk/undo.py)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Every table with an id and a row_version (0004's list); setting, store_change and search_index are not undone.
UNDOABLE = (
    "body", "seat", "person", "membership", "case", "meeting", "agenda_item", "blob", "bilag", "bilag_version",
    "attendance", "indsats", "assignment", "form_issue", "report", "calculation",
)
# A form issued to a lead is a file out in the world: undo never invalidates it (kkrdesk/undo.py).
NOT_LOGGED_INSERTS = ("form_issue",)

# The inverse of each row change, as SQL that only fits the row as this change left it (its row_version): if
# someone has changed the row since, the statement hits no row and the replay refuses (kkrdesk/store/postgres.py).
_LOG_FUNCTION = """
CREATE FUNCTION kkrdesk_undo_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t text := format('%I', TG_TABLE_NAME);
    cols text;
    inverse text;
BEGIN
    IF coalesce(current_setting('kkrdesk.undo', true), '') <> 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        inverse := format('DELETE FROM %s WHERE id = %s AND row_version = %s', t, NEW.id, NEW.row_version);
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT string_agg(format('%I', k), ',') INTO cols FROM jsonb_object_keys(to_jsonb(OLD)) AS k;
        inverse := format('UPDATE %s SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%s, %L)) '
                          'WHERE id = %s AND row_version = %s', t, cols, cols, t, to_jsonb(OLD)::text, NEW.id,
                          NEW.row_version);
    ELSE
        inverse := format('INSERT INTO %s SELECT * FROM jsonb_populate_record(NULL::%s, %L)', t, t,
                          to_jsonb(OLD)::text);
    END IF;
    INSERT INTO pg_temp.undo_log(tbl, sql) VALUES (TG_TABLE_NAME, inverse);
    RETURN NULL;
END $$
"""

_FOREIGN_KEYS = """
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
             WHERE contype = 'f' AND connamespace = current_schema()::regnamespace LOOP
        EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I {}', r.tbl, r.conname);
    END LOOP;
END $$
"""


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _is_postgres():
        return
    op.execute(_LOG_FUNCTION)
    for table in UNDOABLE:
        events = "UPDATE OR DELETE" if table in NOT_LOGGED_INSERTS else "INSERT OR UPDATE OR DELETE"
        op.execute(f'CREATE TRIGGER undo_log AFTER {events} ON "{table}" FOR EACH ROW '
                   "EXECUTE FUNCTION kkrdesk_undo_log()")
    op.execute(_FOREIGN_KEYS.format("DEFERRABLE INITIALLY IMMEDIATE"))


def downgrade() -> None:
    if not _is_postgres():
        return
    op.execute(_FOREIGN_KEYS.format("NOT DEFERRABLE"))
    for table in UNDOABLE:
        op.execute(f'DROP TRIGGER IF EXISTS undo_log ON "{table}"')
    op.execute("DROP FUNCTION IF EXISTS kkrdesk_undo_log()")
