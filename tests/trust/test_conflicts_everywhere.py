"""Optimistic concurrency in every edit dialog (issue 15.2), beyond the item editor and Ret møde: Organer og
medlemmer, Tovholdere, bilag, punkttyper, the meeting's status box and saved budget calculations. Two Store objects
on one file are two secretaries; the second save over the first one's change is refused with what was changed,
nothing is written, and saving again with the row as it is now (the error's `current`) overwrites knowingly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from kkrdesk.models import Assignment, Bilag, Body, Membership, Person, Seat
from kkrdesk.services import bilag, budgets, meetings, member_edit, members, tovholder_edit, tovholdere
from kkrdesk.services.rows import editing_base
from kkrdesk.store import ConflictError, open_store


def first_id(store, model, *where) -> int:
    with store.session() as s:
        return s.scalar(select(model.id).where(*where).order_by(model.id).limit(1))


def bilag_row(store, bilag_id: int) -> dict:
    with store.session() as s:
        item_id = s.get(Bilag, bilag_id).item_id
    return next(r for r in meetings.bilag_rows(store, item_id) if r["id"] == bilag_id)


def save_calculation(store, calc_id: int, *, base=None, note: str) -> int:
    saved = budgets.load(store, calc_id)
    return budgets.save(store, saved.name, saved.kind, saved.inputs, price_level=saved.price_level,
                        population_source=saved.population_source, note=note, calc_id=calc_id, base=base)


@dataclass
class Case:
    """One edit dialog's save: how to find a row, read it as the dialog does, and save one field of it."""
    name: str
    row: Callable
    detail: Callable
    labels: dict
    save: Callable  # save(store, row_id, base=…, **{field: value})
    field: str
    what: str
    theirs: str = "Kollegaens tekst"
    mine: str = "Min tekst"


CASES = [
    Case("udpegning", lambda st: first_id(st, Membership), member_edit.membership_detail,
         member_edit.MEMBERSHIP_LABELS, member_edit.edit_membership, "appointed_by", "Udpegningen"),
    Case("person", lambda st: first_id(st, Person), member_edit.person_detail, member_edit.PERSON_LABELS,
         member_edit.edit_person, "email", "Personen", "kollega@kl.dk", "mig@kl.dk"),
    Case("organ", lambda st: first_id(st, Body), member_edit.body_detail, member_edit.BODY_LABELS,
         member_edit.edit_body, "description", "Organet"),
    Case("plads", lambda st: first_id(st, Seat), member_edit.seat_detail, member_edit.SEAT_LABELS,
         member_edit.edit_seat, "note", "Pladsen"),
    Case("indsats", lambda st: tovholdere.indsats_rows(st)[0]["id"], tovholder_edit.indsats_detail,
         tovholder_edit.INDSATS_LABELS, tovholder_edit.update_indsats, "note", "Indsatsen"),
    Case("tovholder", lambda st: first_id(st, Assignment), tovholder_edit.assignment_detail,
         tovholdere.ASSIGNMENT_LABELS, tovholder_edit.update_assignment, "phase", "Tovholderen"),
    Case("bilag", lambda st: first_id(st, Bilag), bilag_row, bilag.BILAG_LABELS, bilag.update_bilag, "title",
         "Bilaget"),
    Case("punkttyper", lambda st: meetings.meeting_detail(st, meetings.meeting_rows(st)[0]["id"])["body_id"],
         meetings.item_type_settings, meetings.ITEM_TYPES_LABELS,
         lambda st, body_id, base=None, item_types="": meetings.set_item_types(st, body_id, [item_types], base=base),
         "item_types", "Organet", "Kollegatype", "Mintype"),
    Case("mødestatus", lambda st: meetings.meeting_rows(st)[0]["id"],
         lambda st, mid: next(r for r in meetings.meeting_rows(st) if r["id"] == mid), meetings.MEETING_LABELS,
         meetings.update_meeting, "location", "Mødet"),
    Case("beregning", lambda st: budgets.saved_rows(st)[0]["id"], lambda st, cid: budgets.load(st, cid).base,
         budgets.CALC_LABELS, save_calculation, "note", "Beregningen"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_second_save_is_refused_with_what_the_other_changed_and_the_next_overwrites(case, demo_store, colleague):
    row_id = case.row(demo_store)
    opened = case.detail(demo_store, row_id)
    base = editing_base(opened, case.labels)
    assert base["row_version"] is not None
    case.save(colleague, row_id, **{case.field: case.theirs})
    after_colleague = case.detail(demo_store, row_id)
    with pytest.raises(ConflictError) as err:
        case.save(demo_store, row_id, base=base, **{case.field: case.mine})
    text = str(err.value)
    assert text.startswith(case.what) and "er ændret af en anden i mellemtiden" in text, text
    assert f"{case.labels[case.field]}: »" in text and f"→ »{case.theirs}«" in text, text
    assert case.detail(demo_store, row_id) == after_colleague  # nothing written
    # Saving again with the row as it is now: an informed overwrite.
    case.save(demo_store, row_id, base=err.value.current, **{case.field: case.mine})
    assert case.detail(colleague, row_id)[case.field] == case.mine


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_save_with_the_row_as_it_is_now_is_not_refused(case, demo_store):
    row_id = case.row(demo_store)
    for text in (case.theirs, case.mine):  # the second save's base is the first one's result
        base = editing_base(case.detail(demo_store, row_id), case.labels)
        case.save(demo_store, row_id, base=base, **{case.field: text})
    assert case.detail(demo_store, row_id)[case.field] == case.mine


def test_a_changed_link_is_named_not_numbered(demo_store, colleague):
    """An udpegning moved to another agenda item: the message says it changed, not "»12« → »40«"."""
    membership = first_id(demo_store, Membership)
    base = editing_base(member_edit.membership_detail(demo_store, membership), member_edit.MEMBERSHIP_LABELS)
    other_item = member_edit.item_choices(demo_store)[0]["id"]
    member_edit.edit_membership(colleague, membership, item_id=other_item)
    with pytest.raises(ConflictError, match="Besluttet på punkt: en anden er valgt"):
        member_edit.edit_membership(demo_store, membership, base=base, role="medlem")


# --- deleting, ending and status steps -----------------------------------------------------------------------


def test_deleting_an_udpegning_a_colleague_changed_is_refused(demo_store, colleague):
    membership = first_id(demo_store, Membership)
    base = editing_base(member_edit.membership_detail(demo_store, membership), member_edit.MEMBERSHIP_LABELS)
    member_edit.edit_membership(colleague, membership, appointed_by="Kollegaens udpeger")
    with pytest.raises(ConflictError, match="Intet er slettet") as err:
        member_edit.delete_membership(demo_store, membership, base=base)
    assert "Kollegaens udpeger" in str(err.value)
    assert member_edit.membership_detail(demo_store, membership)["appointed_by"] == "Kollegaens udpeger"
    member_edit.delete_membership(demo_store, membership, base=err.value.current)
    assert first_id(colleague, Membership, Membership.id == membership) is None


def test_deleting_a_seat_a_colleague_changed_is_refused(demo_store, colleague):
    seat = first_id(demo_store, Seat)
    base = editing_base(member_edit.seat_detail(demo_store, seat), member_edit.SEAT_LABELS)
    member_edit.edit_seat(colleague, seat, note="Skal være folkevalgt")
    with pytest.raises(ConflictError, match="Intet er slettet"):
        member_edit.delete_seat(demo_store, seat, base=base)
    assert member_edit.seat_detail(demo_store, seat)["note"] == "Skal være folkevalgt"


def test_ending_an_udpegning_a_colleague_changed_is_refused(demo_store, colleague):
    membership = first_id(demo_store, Membership, Membership.end.is_(None))
    base = editing_base(member_edit.membership_detail(demo_store, membership), member_edit.MEMBERSHIP_LABELS)
    member_edit.edit_membership(colleague, membership, appointed_by="Kollegaens udpeger")
    day = meetings.meeting_rows(demo_store)[0]["date"]
    with pytest.raises(ConflictError, match="Udpeget af: ».*« → »Kollegaens udpeger«"):
        members.end_membership(demo_store, membership, day, base=base)
    assert member_edit.membership_detail(demo_store, membership)["end"] is None


@pytest.mark.parametrize("step", [tovholder_edit.appoint, tovholder_edit.finish], ids=["udpeg", "afslut"])
def test_a_status_step_on_a_tovholder_a_colleague_changed_is_refused(step, demo_store, colleague):
    status = "foreslået"
    assignment = first_id(demo_store, Assignment, Assignment.status == status)
    if assignment is None:  # the demo has only appointed ones: make one a proposal first
        assignment = first_id(demo_store, Assignment)
        tovholdere.set_assignment_status(demo_store, assignment, status)
    row = next(r for r in tovholdere.assignment_rows(demo_store, tovholder_edit.assignment_detail(
        demo_store, assignment)["indsats_id"]) if r["id"] == assignment)
    tovholder_edit.update_assignment(colleague, assignment, phase="Kollegaens fase")
    with pytest.raises(ConflictError, match="Status er ikke skiftet") as err:
        step(demo_store, assignment, base=editing_base(row, tovholdere.ASSIGNMENT_LABELS))
    assert "Fase: »" in str(err.value) and "Kollegaens fase" in str(err.value)
    assert tovholder_edit.assignment_detail(demo_store, assignment)["status"] == status
    step(demo_store, assignment, base=err.value.current)
    assert tovholder_edit.assignment_detail(colleague, assignment)["status"] != status


# --- the dialogs keep what was typed ----------------------------------------------------------------------------


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


def test_ret_person_keeps_what_was_typed_after_a_colleagues_change(qtbot, demo_store, colleague, warnings):
    from kkrdesk.gui.bodies.edit_dialogs import PersonDialog

    person = first_id(demo_store, Person)
    dialog = PersonDialog(demo_store, person)
    qtbot.addWidget(dialog)
    dialog.phone.setText("+45 33 70 33 70")
    member_edit.edit_person(colleague, person, email="kollega@kl.dk")
    assert dialog.save() is False
    assert "Personen er ændret af en anden" in warnings[-1] and "kollega@kl.dk" in warnings[-1]
    assert dialog.phone.text() == "+45 33 70 33 70"
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert member_edit.person_detail(demo_store, person)["phone"] != "+45 33 70 33 70"
    assert dialog.save() is True  # the second OK overwrites knowingly, with everything the dialog shows
    after = member_edit.person_detail(colleague, person)
    assert after["phone"] == "+45 33 70 33 70" and after["email"] != "kollega@kl.dk"


def test_ret_plads_from_the_tab_keeps_what_was_typed(qtbot, demo_store, colleague, warnings):
    from kkrdesk.gui.bodies.edit_dialogs import SeatDialog

    seat = member_edit.seat_detail(demo_store, first_id(demo_store, Seat))
    dialog = SeatDialog(demo_store, seat["body_id"], seat["id"])
    qtbot.addWidget(dialog)
    dialog.note.setPlainText("Min note")
    member_edit.edit_seat(colleague, seat["id"], criteria="Kollegaens kriterium")
    assert dialog.save() is False
    assert "Pladsen er ændret" in warnings[-1] and "Kriterier: »" in warnings[-1]
    assert dialog.note.toPlainText() == "Min note"
    assert dialog.save() is True
    assert member_edit.seat_detail(colleague, seat["id"])["note"] == "Min note"


def test_ret_tovholder_shows_the_conflict_in_the_dialog_and_keeps_the_input(qtbot, demo_store, colleague):
    from kkrdesk.gui.tovholdere.dialogs import AssignmentDialog
    from kkrdesk.gui.tovholdere_tab import TovholdereTab

    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    assignment = tovholder_edit.assignment_detail(demo_store, first_id(demo_store, Assignment))
    tab.select_indsats(assignment["indsats_id"])
    dialog = AssignmentDialog(demo_store, assignment["indsats_id"], assignment["id"], tab)
    qtbot.addWidget(dialog)
    dialog.phase.setCurrentText("Min fase")
    tovholder_edit.update_assignment(colleague, assignment["id"], cadence="ved afvigelser")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and not dialog.error.isHidden()
    assert f"Tovholderen {assignment['party']} er ændret af en anden" in dialog.error.text()
    assert "Rapportering: »" in dialog.error.text() and "ved afvigelser" in dialog.error.text()
    assert dialog.phase.currentText() == "Min fase"
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert tovholder_edit.assignment_detail(colleague, assignment["id"])["phase"] == "Min fase"


def test_bilag_dialog_keeps_the_typed_title_after_a_colleagues_change(qtbot, demo_store, colleague, warnings,
                                                                     monkeypatch):
    from kkrdesk.gui.cases.bilag_panel import BilagDialog, BilagPanel

    bilag_id = first_id(demo_store, Bilag)
    with demo_store.session() as s:
        item_id = s.get(Bilag, bilag_id).item_id
    panel = BilagPanel(demo_store)
    qtbot.addWidget(panel)
    panel.set_item(item_id)
    assert panel.table.select_id(bilag_id) and panel.current()["id"] == bilag_id
    typed: list[str] = []

    def fake_exec(dialog):
        dialog.edits["title"].setText("Min titel")
        bilag.update_bilag(colleague, bilag_id, author="Kollegaens afsender")
        dialog.accept()  # refused: the dialog stays with the title typed
        typed.append(dialog.edits["title"].text())
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.accept()  # the second OK overwrites knowingly
        return dialog.result()

    monkeypatch.setattr(BilagDialog, "exec", fake_exec)
    panel.edit_dialog()
    assert typed == ["Min titel"]
    assert "Bilaget er ændret" in warnings[0] and "Kollegaens afsender" in warnings[0]
    row = bilag_row(colleague, bilag_id)
    assert row["title"] == "Min titel"


def test_the_meeting_status_box_does_not_overwrite_a_colleagues_change(qtbot, demo_store, colleague, monkeypatch):
    from kkrdesk.gui.cases_tab import CasesTab

    tab = CasesTab(demo_store)
    qtbot.addWidget(tab)
    shown: list[str] = []
    monkeypatch.setattr(tab, "show_error", lambda exc: shown.append(str(exc)))
    row = tab.meetings.current_row()
    meetings.update_meeting(colleague, row["id"], state="afholdt", location="Kollegaens lokale")
    tab.state.setCurrentText("indkaldt")
    tab._state_changed(tab.state.currentIndex())
    assert shown and "Mødet er ændret af en anden" in shown[-1] and "Kollegaens lokale" in shown[-1]
    assert meetings.meeting_detail(demo_store, row["id"])["state"] == "afholdt"
    assert tab.state.currentText() == "afholdt"  # the box shows the stored state again


def test_saving_a_calculation_back_over_a_colleagues_save_is_refused(qtbot, store):
    from kkrdesk.gui.budgets_tab import BudgetsTab

    calc_id = budgets.save(store, "Ligelig", "equal", {"total": 2000000, "participants": ["Albertslund", "Ballerup"]})
    tab = BudgetsTab(store)
    qtbot.addWidget(tab)
    tab.ask_name = lambda title, default: default
    tab.open_calculation(calc_id)
    page = tab.current_page()
    errors: list[str] = []
    page.show_error = lambda text: errors.append(text)
    typed = page.inputs()
    other = open_store(str(store))
    try:
        save_calculation(other, calc_id, note="Kollegaens note")
    finally:
        other.close()
    assert tab.save() is None
    assert "Beregningen Ligelig er ændret af en anden" in errors[-1] and "Kollegaens note" in errors[-1]
    assert page.inputs() == typed and page.calc_id == calc_id
    assert tab.save() == calc_id  # the second Gem overwrites knowingly
    assert budgets.load(store, calc_id).note is None


def test_the_next_status_button_of_the_item_editor_is_refused_after_a_colleagues_change(demo_store, colleague):
    item = meetings.item_rows(demo_store, meetings.meeting_rows(demo_store)[0]["id"])[0]
    meetings.update_item(demo_store, item["id"], status="klar")  # one step short of the end
    item["status"] = "klar"
    base = editing_base(meetings.item_detail(demo_store, item["id"]), meetings.ITEM_LABELS)
    meetings.update_item(colleague, item["id"], beslutning="Kollegaens beslutning")
    with pytest.raises(ConflictError, match="Status er ikke skiftet") as err:
        meetings.advance_status(demo_store, item["id"], base=base)
    assert "Beslutning: »" in str(err.value) and "Kollegaens beslutning" in str(err.value)
    assert meetings.item_detail(demo_store, item["id"])["status"] == item["status"]
    assert meetings.advance_status(demo_store, item["id"], base=err.value.current) != item["status"]
