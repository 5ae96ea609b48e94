import sqlite3

import pytest
from sqlalchemy import inspect, select

from kkrdesk.errors import UserError
from kkrdesk.models import Base, Body, Membership
from kkrdesk.store import head_revision, open_store


@pytest.mark.sqlite_only("PRAGMAs")
def test_new_store_is_at_head_with_pragmas(store):
    assert store.revision() == head_revision()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_migrations_match_models(store):
    """The schema comes only from migrations; the typed models must describe exactly that schema."""
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in inspect(store.engine).get_columns(name)}
        assert columns == {c.name for c in table.columns}, name


def test_autogenerate_finds_no_difference_between_migrations_and_models(store):
    """Types, nullability and server defaults too, not only column names (the FTS5 tables are migration-only)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def include(_obj, name, kind, _reflected, _compare_to):
        return not (kind == "table" and (name.startswith("search_index") or name == "alembic_version"))

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True,
                                                          "include_object": include})
        diffs = compare_metadata(context, Base.metadata)
    if store.dialect == "postgresql":
        # 0005 makes every foreign key DEFERRABLE on the server only (undo replays rows in any order); the
        # models, shared with SQLite, leave that out. Anything else about the keys must still agree.
        def keys(kind):
            return sorted((fk.parent.name, tuple(c.name for c in fk.columns), fk.referred_table.name, fk.ondelete)
                          for op, fk in (d for d in diffs if isinstance(d, tuple)) if op == kind)

        assert keys("remove_fk") == keys("add_fk")
        assert all(fk.deferrable for op, fk in (d for d in diffs if isinstance(d, tuple)) if op == "remove_fk")
        diffs = [d for d in diffs if not (isinstance(d, tuple) and d[0] in ("remove_fk", "add_fk"))]
    assert diffs == []


def test_foreign_keys_enforced(store):
    from kkrdesk.models import Membership

    with pytest.raises(UserError, match="peger på noget, der ikke findes") as err:
        with store.session() as s:
            s.add(Membership(person_id=999, body_id=999, role="medlem"))
    assert "foreign key" in str(err.value).lower()  # the detail names the rule (SQLite's or PostgreSQL's words)


def test_failed_operation_writes_nothing(store):
    with pytest.raises(RuntimeError):
        with store.session() as s:
            s.add(Body(name="Halvt organ", type="andet"))
            s.flush()
            raise RuntimeError("afbrudt midt i")
    with store.session() as s:
        assert s.scalars(select(Body)).all() == []


def _make_first_migration_store(path):
    """A store as the very first release wrote it: only migration 0001 applied."""
    from kkrdesk.store.migrations import migrate_file
    from kkrdesk.store.sqlite import make_engine

    migrate_file(path, "0001")
    engine = make_engine(path)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO body (name, type, odd_members) VALUES ('KKR Sjælland', 'KKR', 0)")
        conn.exec_driver_sql(
            "INSERT INTO meeting (body_id, title, date, state) VALUES (1, 'Møde i KKR Sjælland', '2025-06-12', "
            "'afholdt')"
        )
        conn.exec_driver_sql(
            "INSERT INTO agenda_item (meeting_id, number, position, title, public, status, standing) "
            "VALUES (1, '3.1', 0, 'Klimaalliancen', 1, 'kladde', 0)"
        )
    engine.dispose()


def test_upgrade_from_first_migration_backs_up_and_keeps_data(tmp_path):
    path = tmp_path / "old.sqlite"
    _make_first_migration_store(path)
    store = open_store(path)
    assert store.revision() == head_revision()
    backups = list(tmp_path.glob("old.før-*.sqlite"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()
    with store.session() as s:
        assert s.scalars(select(Body.name)).all() == ["KKR Sjælland"]
        hits = s.execute(__import__("sqlalchemy").text(
            "SELECT ref_id FROM search_index WHERE search_index MATCH 'Klimaalliancen'")).all()
    assert hits == [(1,)]


def test_newer_store_is_refused_untouched(tmp_path):
    path = tmp_path / "future.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="nyere version"):
        open_store(path)
    assert path.read_bytes() == before


def test_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("ikke en database" * 100)
    with pytest.raises(UserError, match="ikke en SQLite-database|kan ikke åbnes"):
        open_store(path)


@pytest.mark.sqlite_only("a file copy through SQLite's backup API (tests/pg: pg_dump and pg_restore)")
def test_backup_while_open_and_check(store, tmp_path):
    with store.session() as s:
        s.add(Body(name="KKR Hovedstaden", type="KKR"))
    out = store.backup(tmp_path / "kopi.sqlite")
    copy = open_store(out)
    with copy.session() as s:
        assert s.scalars(select(Body.name)).all() == ["KKR Hovedstaden"]
    assert copy.check().ok


def test_change_listeners_hear_kinds(store):
    heard = []
    store.subscribe(heard.append)
    store.notify({"meetings", "items"})
    assert heard == [frozenset({"meetings", "items"})]


def test_env_var_names_default_store(tmp_path, monkeypatch):
    from kkrdesk.store import default_store_path

    monkeypatch.setenv("KKRDESK_DB", str(tmp_path / "x.sqlite"))
    assert default_store_path() == tmp_path / "x.sqlite"


def test_cheap_revision_scan_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    from kkrdesk.store import alembic_config, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {s.revision for s in script.walk_revisions()}


def test_the_schema_refuses_a_second_copy_of_a_report_or_an_appointment_in_danish(demo_store):
    """The unique indexes of migration 0004 hold even where a service's own check is bypassed."""
    from kkrdesk.models import FormIssue, Report

    with demo_store.session() as s:
        s.add(FormIssue(id=900, assignment_id=1, token="t900"))
        s.add(Report(assignment_id=1, form_issue_id=900, status="grøn"))
    with pytest.raises(UserError, match="allerede indlæst"):
        with demo_store.session() as s:
            s.add(Report(assignment_id=1, form_issue_id=900, status="gul"))
    with demo_store.session() as s:
        m = s.scalars(select(Membership)).first()
        person_id, body_id, role, start = m.person_id, m.body_id, m.role, m.start
    with pytest.raises(UserError, match="Udpegningen findes allerede"):
        with demo_store.session() as s:
            s.add(Membership(person_id=person_id, body_id=body_id, role=role, start=start))
