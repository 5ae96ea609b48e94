"""What is PostgreSQL's own (issue 15.1): migrations both ways, opening refusals, Danish full-text search, pg_dump
and pg_restore, the server's checks, undo per session, two processes importing at once, a held row, and a
read-only role. Runs in the PostgreSQL pass (pytest --backend=postgresql, KKRDESK_TEST_PG names the server)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select, text

from kkrdesk.errors import UserError
from kkrdesk.models import Base, Body, Membership
from kkrdesk.services import meetings, search
from kkrdesk.store import head_revision, open_store
from kkrdesk.undo import SKIPPED_TABLES

pytestmark = pytest.mark.usefixtures("pg_only")

MEMBER_LIST = Path(__file__).parents[1] / "members" / "data" / "kkr-hovedstaden-2025-bilag_4400-4422.txt"


@pytest.fixture
def empty_db(pg_server):
    """A database with nothing in it, as a server's administrator hands it over."""
    name = pg_server.create()
    yield pg_server.url_for(name)
    pg_server.drop_later(name)


def _raw(url: str):
    return psycopg.connect(url, autocommit=True)


def _tables(url: str) -> set[str]:
    with _raw(url) as con:
        return {r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}


# -- opening, migrations ------------------------------------------------------------------------------------------


def test_migrations_up_and_down_and_up_again(empty_db):
    from kkrdesk.store.migrations import downgrade_on, upgrade_on

    store = open_store(empty_db)
    assert store.revision() == head_revision()
    assert {"meeting", "search_index", "store_change"} <= _tables(empty_db)
    with _raw(empty_db) as con:  # 0005: an undo trigger on every undoable table, and deferrable keys
        triggers = {r[0] for r in con.execute("SELECT tgrelid::regclass::text FROM pg_trigger "
                                              "WHERE tgname = 'undo_log'")}
        # A table a later migration adds needs the trigger too, or its changes cannot be undone on a server.
        assert {t.strip('"') for t in triggers} == set(Base.metadata.tables) - set(SKIPPED_TABLES)
        assert con.execute("SELECT bool_and(condeferrable) FROM pg_constraint WHERE contype = 'f'").fetchone()[0]
    with store.engine.connect() as conn, conn.begin():
        downgrade_on(conn, "base")
    assert _tables(empty_db) == {"alembic_version"}
    with store.engine.connect() as conn, conn.begin():
        upgrade_on(conn)
    store.close()
    store = open_store(empty_db)
    meetings.create_meeting(store, _body(store), dt.date(2027, 1, 20))
    assert store.check().ok
    store.close()


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_an_old_store_is_upgraded_after_a_backup_and_keeps_its_rows(empty_db):
    from kkrdesk.store.migrations import upgrade_on
    from kkrdesk.store.postgres import PostgresBackend

    engine = PostgresBackend(empty_db).make_engine()
    with engine.connect() as conn, conn.begin():
        upgrade_on(conn, "0003")
        conn.exec_driver_sql("INSERT INTO body (name, type, odd_members) VALUES ('KKR Sjælland', 'KKR', false)")
    engine.dispose()
    store = open_store(empty_db)
    try:
        assert store.revision() == head_revision()
        (backup,) = Path(os.environ["XDG_DATA_HOME"]).rglob(f"*.før-{head_revision()}-*.dump")
        listing = subprocess.run(["pg_restore", "--list", str(backup)], capture_output=True, text=True).stdout
        assert "TABLE DATA public body" in listing and "search_item_sync" in listing
        assert "kkrdesk_undo_log" not in listing  # taken before 0005 ran
        with store.session() as s:
            body = s.scalars(select(Body)).one()
            assert (body.name, body.row_version) == ("KKR Sjælland", 1)
            body.description = "ændret efter opgraderingen"
        store.enable_undo()
        with store.session() as s:
            s.scalars(select(Body)).one().description = "kan fortrydes"
        store.undo()
        with store.session() as s:
            assert s.scalars(select(Body.description)).one() == "ændret efter opgraderingen"
    finally:
        store.close()


def _body(store) -> str:
    with store.session() as s:
        s.add(Body(name="KKR Sjælland", type="KKR"))
    return "KKR Sjælland"


def test_a_database_with_other_tables_is_refused_untouched(empty_db):
    with _raw(empty_db) as con:
        con.execute("CREATE TABLE kunder (id int)")
    with pytest.raises(UserError, match="andre tabeller, men ikke en KKR Desk-database"):
        open_store(empty_db)
    assert _tables(empty_db) == {"kunder"}


def test_a_missing_database_or_server_is_named_in_danish(pg_server):
    with pytest.raises(UserError, match="findes ikke på serveren"):
        open_store(pg_server.url_for("kkrdesk_findes_ikke"))
    with pytest.raises(UserError, match="Brugeren findes ikke"):
        open_store(pg_server.url.set(username="kkrdesk_ingen_bruger").render_as_string(hide_password=False))
    with pytest.raises(UserError, match="Kan ikke forbinde") as err:
        open_store("postgresql://kkr:hemmelig@127.0.0.1:1/kkr")
    assert "hemmelig" not in str(err.value)  # never the password


def test_the_label_and_the_address_never_show_the_password():
    from kkrdesk.store.postgres import PostgresBackend

    backend = PostgresBackend("postgresql://anne:hemmelig@db.kkr.dk:5433/kkr")
    assert backend.label == "kkr på db.kkr.dk"
    assert "hemmelig" not in str(backend) and "anne@db.kkr.dk:5433/kkr" in str(backend)
    assert "hemmelig" not in backend.conninfo


def test_two_processes_opening_one_new_database_make_it_once(empty_db):
    code = "import sys; from kkrdesk.store import open_store; open_store(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, empty_db], stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with _raw(empty_db) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]


# -- search ---------------------------------------------------------------------------------------------------------


def test_search_in_danish_ranks_titles_first_with_snippets(store):
    meeting_id = meetings.create_meeting(store, _body(store), dt.date(2027, 1, 20))
    in_text = meetings.add_item(store, meeting_id, "Orientering om budget",
                                sagsfremstilling="Kommunerne drøfter praksisplanen for almen praksis i regionen.")
    in_title = meetings.add_item(store, meeting_id, "Praksisplan 2027 for Region Sjælland",
                                 resume="Planen skal godkendes.")
    hits = search.search(store, "praksisplan")
    assert [h["item_id"] for h in hits] == [in_title, in_text]  # the title weighs more (A above B)
    assert "[Praksisplan]" in hits[0]["snippet"]
    assert "[praksisplanen]" in hits[1]["snippet"]  # Danish stemming: the definite form is found too
    assert [h["item_id"] for h in search.search(store, "kommune")] == [in_text]  # kommunerne → kommun
    assert [h["item_id"] for h in search.search(store, "prak regio")] == [in_title, in_text]  # prefixes, all words
    assert search.search(store, "praksis & ! :* 'x") == []  # tsquery syntax is only ever read as words
    meetings.update_item(store, in_title, title="Lægedækning")
    assert [h["item_id"] for h in search.search(store, "praksisplan")] == [in_text]  # the triggers follow edits


# -- backup, restore, check -------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
                    reason="PostgreSQL's client programs (pg_dump, pg_restore) are not installed")
def test_backup_through_pg_dump_restores_into_an_empty_database(demo_store, tmp_path, empty_db):
    with demo_store.session() as s:
        before = s.scalar(select(func.count()).select_from(Membership))
    out = demo_store.backup(tmp_path / "kopi.dump")
    assert out.exists() and not list(tmp_path.glob("*.tmp"))
    done = subprocess.run(["pg_restore", "--no-owner", f"--dbname={empty_db}", str(out)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    copy = open_store(empty_db)
    try:
        with copy.session() as s:
            assert s.scalar(select(func.count()).select_from(Membership)) == before
        assert copy.check().ok
        assert search.search(copy, "praksisplan")
    finally:
        copy.close()


def test_backup_without_pg_dump_says_so_in_danish(store, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UserError, match="kræver programmet pg_dump"):
        store.backup(tmp_path / "kopi.dump")
    assert not list(tmp_path.iterdir())


def test_check_uses_the_servers_own_checks(demo_store):
    with _raw(str(demo_store)) as con:
        available = con.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'").fetchone()
        if available:
            con.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    assert demo_store.check().integrity == ["ok"] and demo_store.check().ok
    with _raw(str(demo_store)) as con:  # someone drops a key and leaves an orphan, and adds one unchecked
        con.execute("ALTER TABLE membership DROP CONSTRAINT membership_person_id_fkey")
        con.execute("UPDATE membership SET person_id = 999999 WHERE id = (SELECT min(id) FROM membership)")
        con.execute("ALTER TABLE seat ADD CONSTRAINT seat_count_positive CHECK (count > 0) NOT VALID")
    result = demo_store.check()
    assert not result.ok
    assert result.foreign_keys == ["1 rækker i membership peger på person, som ikke findes"]
    assert result.integrity == ["Begrænsningen seat_count_positive på seat er ikke kontrolleret"]


# -- undo per session ----------------------------------------------------------------------------------------------


def test_undo_refuses_when_someone_added_a_row_its_delete_would_cascade_to(store):
    colleague = open_store(str(store))
    try:
        meeting_id = meetings.create_meeting(store, _body(store), dt.date(2027, 1, 20))
        item_id = meetings.add_item(colleague, meeting_id, "Kollegaens punkt")  # into my new meeting
        with pytest.raises(UserError, match="kan ikke fortrydes"):
            store.undo()  # deleting the meeting would take the colleague's item along
        assert meetings.item_detail(store, item_id)["title"] == "Kollegaens punkt"
        assert meeting_id in {r["id"] for r in meetings.meeting_rows(store)}
    finally:
        colleague.close()


def test_only_sessions_with_undo_log_anything(store):
    cli = open_store(str(store))  # as the command line opens it: no undo
    try:
        with cli.session() as s:
            s.add(Body(name="Fra kommandolinjen", type="andet"))
            assert s.execute(text("SELECT to_regclass('pg_temp.undo_log')")).scalar() is None
        assert store.history.undo_label() is None  # the window's history holds only its own steps
        _body(store)
        assert store.history.undo_label() == "oprettelse af organ"
        store.undo()
        with cli.session() as s:
            assert set(s.scalars(select(Body.name))) == {"Fra kommandolinjen"}
    finally:
        cli.close()


# -- several people at once --------------------------------------------------------------------------------------


def test_the_same_member_list_imported_by_two_processes_at_once_is_stored_once(demo_store):
    with demo_store.session() as s:
        s.add(Body(name="Sundhedsudvalget", type="embedsmandsudvalg"))
        before = s.scalar(select(func.count()).select_from(Membership))
    args = [sys.executable, "-m", "kkrdesk", "import", "members", str(MEMBER_LIST), "--body", "Sundhedsudvalget",
            "--db", str(demo_store)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0 and "Traceback" not in err, err
    with demo_store.session() as s:
        assert s.scalar(select(func.count()).select_from(Membership)) - before == 11  # the list's eleven, once


def test_a_row_held_by_another_writer_gets_the_busy_message(demo_store):
    with demo_store.session() as s:
        body_id = s.scalar(select(Body.id).order_by(Body.id))
    holder = psycopg.connect(str(demo_store))
    try:
        holder.execute("UPDATE body SET description = 'holdes' WHERE id = %s", (body_id,))  # and does not commit
        started = time.monotonic()
        with pytest.raises(UserError, match="optaget.*Intet er ændret"):
            with demo_store.session() as s:
                s.get(Body, body_id).description = "mit"
        assert time.monotonic() - started >= 4  # it waited for the lock timeout first (not a speed assertion)
    finally:
        holder.rollback()
        holder.close()
    with demo_store.session() as s:
        s.get(Body, body_id).description = "mit"


def test_a_read_only_role_reads_but_cannot_write(demo_store):
    role = f"kkrdesk_laeser_{os.getpid()}"
    with _raw(str(demo_store)) as con:
        con.execute(f"DROP ROLE IF EXISTS {role}")
        con.execute(f"CREATE ROLE {role} LOGIN")
        con.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        con.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    from sqlalchemy.engine import make_url

    url = make_url(str(demo_store)).set(username=role).render_as_string(hide_password=False)
    reader = open_store(url)
    try:
        assert meetings.meeting_rows(reader)
        with pytest.raises(UserError, match="kun læseadgang"):
            with reader.session() as s:
                s.add(Body(name="Må ikke", type="andet"))
    finally:
        reader.close()
        with _raw(str(demo_store)) as con:
            con.execute(f"DROP OWNED BY {role}")
            con.execute(f"DROP ROLE {role}")
