"""Undo/redo of committed changes (kkrdesk/undo.py through Store.undo/redo)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from kkrdesk.errors import UserError
from kkrdesk.services import bilag, budgets, meetings, search


def _dump(store) -> dict[str, list[tuple]]:
    """Every row of every table except the change counter (it counts the undo too): what undo must restore.
    Read on a connection of its own, as another program would see the store."""
    if store.dialect == "postgresql":
        with store.backend.connect(autocommit=True) as con:
            tables = [r[0] for r in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename NOT LIKE 'search_index%' AND tablename != 'store_change'")]
            return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    con = sqlite3.connect(store.path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_index%' AND name != 'store_change'")]
        return {t: sorted(con.execute(f'SELECT rowid, * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def _from_outside(store, sql: str, params: dict) -> None:
    """Another program (the CLI, another secretary) writes to the same store."""
    from sqlalchemy import text

    from kkrdesk.store import open_store

    other = open_store(str(store))
    try:
        with other.session() as s:
            s.execute(text(sql), params)
    finally:
        other.close()


@pytest.fixture
def undo_store(demo_store):
    demo_store.enable_undo()
    return demo_store


def _first_meeting(store) -> int:
    return meetings.meeting_rows(store)[0]["id"]


def test_nothing_to_undo_says_so_in_danish(undo_store):
    assert undo_store.history.undo_label() is None
    with pytest.raises(UserError, match="intet at fortryde"):
        undo_store.undo()


def test_reading_makes_no_undo_step(undo_store):
    meetings.meeting_rows(undo_store)
    meetings.item_rows(undo_store, _first_meeting(undo_store))
    assert undo_store.history.undo_label() is None


def test_undo_delete_meeting_restores_every_row_and_redo_deletes_again(undo_store):
    before = _dump(undo_store)
    meeting_id = _first_meeting(undo_store)
    meetings.delete_meeting(undo_store, meeting_id)
    assert undo_store.history.undo_label() == "sletning af møde"
    after_delete = _dump(undo_store)
    assert after_delete != before

    assert undo_store.undo() == "sletning af møde"
    assert _dump(undo_store) == before
    assert undo_store.history.redo_label() == "sletning af møde"
    assert undo_store.check().ok

    undo_store.redo()
    assert _dump(undo_store) == after_delete
    assert undo_store.history.undo_label() == "sletning af møde"


def test_undo_keeps_the_search_index_in_step(undo_store):
    meeting_id = _first_meeting(undo_store)
    item_id = meetings.add_item(undo_store, meeting_id, "Zebrafinke-projektet i Gribskov")
    assert search.search(undo_store, "Zebrafinke")
    undo_store.undo()
    assert not search.search(undo_store, "Zebrafinke")
    undo_store.redo()
    hits = search.search(undo_store, "Zebrafinke")
    assert [h["item_id"] for h in hits] == [item_id]


def test_edit_is_undone_field_by_field(undo_store):
    item_id = meetings.item_rows(undo_store, _first_meeting(undo_store))[1]["id"]
    old = meetings.item_detail(undo_store, item_id)
    meetings.update_item(undo_store, item_id, title="Ny titel", resume="Ny resumé")
    assert undo_store.history.undo_label() == "ændring af dagsordenspunkt"
    undo_store.undo()
    restored = meetings.item_detail(undo_store, item_id)
    assert (restored["title"], restored["sections"]) == (old["title"], old["sections"])
    assert restored["title"] != "Ny titel"


def test_a_new_change_clears_redo(undo_store):
    calc_id = budgets.saved_rows(undo_store)[0]["id"]
    budgets.delete(undo_store, calc_id)
    undo_store.undo()
    assert undo_store.history.redo_label() == "sletning af beregning"
    budgets.copy(undo_store, calc_id, "Kopi")
    assert undo_store.history.redo_label() is None
    assert undo_store.history.undo_label() == "oprettelse af beregning"


def test_several_rows_are_counted_in_the_label(undo_store):
    meeting_id = meetings.create_meeting(undo_store, "KKR Hovedstaden", dt.date(2027, 1, 20))
    assert undo_store.history.undo_label() == "oprettelse af møde"
    undo_store.undo()
    assert meeting_id not in {r["id"] for r in meetings.meeting_rows(undo_store)}


def test_a_failed_operation_leaves_no_step(undo_store):
    with pytest.raises(UserError):
        meetings.add_item(undo_store, 999_999, "Findes ikke")
    assert undo_store.history.undo_label() is None


def test_undo_of_a_bilag_removes_its_file_too(undo_store, tmp_path):
    item_id = meetings.item_rows(undo_store, _first_meeting(undo_store))[1]["id"]
    path = tmp_path / "notat.png"
    from PIL import Image

    Image.new("RGB", (20, 20), "white").save(path)
    before = _dump(undo_store)
    bilag.add_files(undo_store, item_id, [path])
    assert undo_store.history.undo_label() == "oprettelse af bilag"
    undo_store.undo()
    assert _dump(undo_store) == before


def test_change_from_outside_refuses_undo_and_changes_nothing(undo_store):
    calc_id = budgets.saved_rows(undo_store)[0]["id"]
    budgets.delete(undo_store, calc_id)
    # Another program (the CLI) takes the freed id meanwhile: the deleted row cannot come back as it was.
    _from_outside(undo_store, "INSERT INTO calculation(id, name, kind, inputs_json, rounding, created, updated) "
                  "VALUES (:id, 'Udefra', 'split', '{}', 'half-up', '2026-01-01', '2026-01-01')", {"id": calc_id})
    before = _dump(undo_store)
    with pytest.raises(UserError, match="kan ikke fortrydes"):
        undo_store.undo()
    assert _dump(undo_store) == before
    assert undo_store.history.undo_label() is None  # the history no longer fits the store


@pytest.mark.sqlite_only("SQLite's temporary triggers (tests/pg: the CLI's sessions log nothing on the server)")
def test_the_cli_store_records_nothing(tmp_path, _demo_template):
    import shutil

    from kkrdesk.store import open_store

    shutil.copyfile(_demo_template, tmp_path / "cli.sqlite")
    cli_store = open_store(tmp_path / "cli.sqlite")  # as the CLI opens it: no enable_undo()
    budgets.delete(cli_store, budgets.saved_rows(cli_store)[0]["id"])
    assert cli_store.history is None
    cli_store.close()
    with sqlite3.connect(tmp_path / "cli.sqlite") as con:
        assert con.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0


def test_undo_and_redo_of_a_delete_the_database_cascades(undo_store):
    """A delete that SQLite cascades (not the ORM) must redo too: the replay is exact, with no cascades."""
    from sqlalchemy import text

    with undo_store.session() as s:
        indsats_id = s.execute(text("SELECT indsats_id FROM assignment GROUP BY indsats_id "
                                    "HAVING count(*) > 1 LIMIT 1")).scalar()
    before = _dump(undo_store)
    with undo_store.session() as s:
        s.execute(text("DELETE FROM indsats WHERE id = :i"), {"i": indsats_id})
    after = _dump(undo_store)
    assert len(after["assignment"]) < len(before["assignment"])
    undo_store.undo()
    assert _dump(undo_store) == before
    undo_store.redo()
    assert _dump(undo_store) == after
    undo_store.undo()
    assert _dump(undo_store) == before and undo_store.check().ok


def test_foreign_keys_are_on_again_after_undo(undo_store):
    from sqlalchemy import text

    budgets.delete(undo_store, budgets.saved_rows(undo_store)[0]["id"])
    undo_store.undo()
    for _ in range(3):  # whichever pooled connection the next session gets
        with pytest.raises(UserError, match="peger på noget, der ikke findes"), undo_store.session() as s:
            s.execute(text("INSERT INTO agenda_item(meeting_id, number, position, title, public, standing, status) "
                           "VALUES (999999, '1', 0, 'x', true, false, 'kladde')"))


def test_undo_of_tovholder_editing(undo_store):
    from kkrdesk.services import tovholder_edit, tovholdere

    before = _dump(undo_store)
    indsats_id = tovholder_edit.create_indsats(undo_store, title="Fælles indkøb af sundhedsdata", amount_mio="1,9")
    assert undo_store.history.undo_label() == "oprettelse af indsats"
    tovholder_edit.add_assignment(undo_store, indsats_id, party="Rebild", role="hovedansvarlig")
    assert undo_store.history.undo_label() == "oprettelse af tovholder"
    undo_store.undo()
    assert tovholdere.assignment_rows(undo_store, indsats_id) == []
    undo_store.undo()
    assert _dump(undo_store) == before


def test_undo_of_a_new_udpegning_with_a_new_person(undo_store):
    from kkrdesk.services import member_edit, members

    body_id = members.body_rows(undo_store)[0]["id"]
    before = _dump(undo_store)
    member_edit.add_membership(undo_store, body_id, name="Eik Møller", title="Kommunaldirektør",
                               organisation="Ballerup Kommune", role="medlem", start=dt.date(2026, 1, 1))
    assert undo_store.history.undo_label() == "oprettelse af udpegning"
    undo_store.undo()
    assert _dump(undo_store) == before  # the person made for it is gone too


def test_undo_brings_a_deleted_file_back_byte_for_byte(undo_store, tmp_path):
    """Every byte value survives the inverse statement (SQLite: quote() as a blob literal; PostgreSQL: bytea in
    the row's JSON), and rows deleted together come back together."""
    from sqlalchemy import text

    item_id = meetings.item_rows(undo_store, _first_meeting(undo_store))[1]["id"]
    path = tmp_path / "alle-bytes.pdf"
    data = b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"'\\\"\x00"
    path.write_bytes(data)
    (bilag_id,) = bilag.add_files(undo_store, item_id, [path])
    name, _mime, _data = bilag.bilag_file(undo_store, bilag_id)
    before = _dump(undo_store)
    with undo_store.session() as s:
        blob_id = s.execute(text("SELECT blob_id FROM bilag WHERE id = :b"), {"b": bilag_id}).scalar()
        s.execute(text("DELETE FROM bilag WHERE id = :b"), {"b": bilag_id})
        s.execute(text("DELETE FROM blob WHERE id = :b"), {"b": blob_id})
    assert undo_store.history.undo_label() == "sletning af bilag"
    undo_store.undo()
    assert bilag.bilag_file(undo_store, bilag_id) == (name, _mime, data)
    assert _dump(undo_store) == before and undo_store.check().ok
