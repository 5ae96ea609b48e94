"""Organer og medlemmer: recording, correcting, ending and deleting one udpegning, person or organ from the tab.

The dialogs are driven as a user would fill them; QMessageBox is replaced so nothing blocks.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QCompleter, QDialog, QMessageBox
from sqlalchemy import func, select

from kkrdesk.gui.bodies import edit_dialogs
from kkrdesk.gui.bodies.edit_dialogs import BodyDialog, EndMembershipDialog, MembershipDialog, PersonDialog
from kkrdesk.gui.bodies_tab import BodiesTab
from kkrdesk.models import Body, Membership, Person
from kkrdesk.reference import sort_key
from kkrdesk.services.listing import find_body

VUB = "Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse"


def body_id(store, name):
    with store.session() as s:
        return find_body(s, name).id


def counts(store):
    with store.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Body, Person, Membership))


def rows(table):
    return [table.model.row(r) for r in range(table.model.rowCount())]


@pytest.fixture
def tab(qtbot, demo_store):
    """The tab on the demo store on 1.11.2025 with VUB selected, refreshed by the store as the window does."""
    tab = BodiesTab(demo_store)
    qtbot.addWidget(tab)
    demo_store.subscribe(tab.refresh)
    tab.date.setDate(QDate(2025, 11, 1))
    assert tab.select_body(body_id(demo_store, VUB))
    yield tab
    demo_store.unsubscribe(tab.refresh)


def activate(qtbot, tab, widget):
    """Keys reach a shortcut only in the active window, with the focus on the widget."""
    tab.show()
    tab.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab, timeout=3000)
    widget.setFocus()


def select_member(tab, name):
    for r in range(tab.members.proxy.rowCount()):
        index = tab.members.proxy.index(r, 0)
        if index.data() == name:
            tab.members.view.setCurrentIndex(index)
            return index
    raise AssertionError(f"{name} er ikke i tabellen")


def test_new_membership_for_a_new_person_shows_in_the_table(tab, demo_store, warnings):
    before = counts(demo_store)
    tab.new_membership()
    dialog = tab.dialog
    assert isinstance(dialog, MembershipDialog) and dialog.isVisible()
    assert dialog.start.value() == dt.date(2025, 11, 1) and dialog.end.value() is None
    assert dialog.end.edit.displayFormat() == "dd.MM.yyyy" and dialog.end.edit.calendarPopup()
    dialog.person.setEditText("Mette Lund")
    assert "Ny person" in dialog.person_hint.text()
    dialog.title.setText("Direktør")
    dialog.organisation.setText("Herlev Kommune")
    assert dialog.behalf.text() == "Herlev"  # suggested from the organisation
    dialog.role.setCurrentText("indsuppleret medlem")
    dialog.end.none.setChecked(False)
    assert dialog.end.value() == dt.date(2025, 12, 31)  # the body's term end is the default
    assert dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted and not warnings
    assert counts(demo_store) == (before[0], before[1] + 1, before[2] + 1)
    row = tab.current_membership()
    assert row["name"] == "Mette Lund" and row["role"] == "indsuppleret medlem"
    assert (row["title"], row["organisation"], row["on_behalf_of"]) == ("direktør", "Herlev", "Herlev")
    assert tab.heading.text() == VUB  # the selection stays on the body
    assert "Mette Lund" in [r["name"] for r in rows(tab.members)]


def test_refused_second_formand_keeps_the_dialog_open_and_writes_nothing(tab, demo_store, warnings):
    before = counts(demo_store)
    tab.new_membership()
    dialog = tab.dialog
    dialog.person.setEditText("Mette Lund")
    dialog.organisation.setText("Herlev")
    dialog.role.setCurrentText("formand")
    assert not dialog.save()
    assert len(warnings) == 1 and "har allerede en formand (Eik Møller); afslut den udpegning først." in warnings[0]
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert (dialog.person.currentText(), dialog.organisation.text(), dialog.role.currentText()) == (
        "Mette Lund", "Herlev", "formand")  # the input is kept
    assert counts(demo_store) == before
    dialog.role.setCurrentText("næstformand")  # corrected in the same dialog: now it saves
    assert dialog.save() and counts(demo_store)[2] == before[2] + 1


def test_end_before_start_is_refused_in_the_dialog(tab, demo_store, warnings):
    before = counts(demo_store)
    tab.new_membership()
    dialog = tab.dialog
    dialog.person.setEditText("Mette Lund")
    dialog.start.set_value(dt.date(2025, 11, 1))
    dialog.end.set_value(dt.date(2025, 10, 1))
    assert not dialog.save()
    assert warnings == ["Slutdatoen 01.10.2025 ligger før startdatoen 01.11.2025."]
    assert dialog.isVisible() and counts(demo_store) == before


def test_person_picker_sorts_the_danish_way_and_completes_inside_names(tab, demo_store, warnings):
    tab.new_membership()
    dialog = tab.dialog
    labels = [dialog.person.itemText(i) for i in range(dialog.person.count())]
    assert labels == sorted(labels, key=sort_key) and len(labels) > 50
    completer = dialog.person.completer()
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    completer.setCompletionPrefix("meinke")
    assert completer.currentCompletion().startswith("David Meinke – ")
    behalf = dialog.behalf.completer()
    assert isinstance(behalf, QCompleter)
    behalf.setCompletionPrefix("taastrup")
    assert behalf.currentCompletion() == "Høje-Taastrup"
    # Picking an existing person: the title and organisation are shown, not typed, and no person is added.
    before = counts(demo_store)
    dialog.person.setEditText(completer.currentCompletion())
    assert dialog.picked_person()["name"] == "David Meinke"
    assert not dialog.title.isEnabled() and dialog.organisation.text() == "Region Hovedstaden"
    assert "Findes i forvejen" in dialog.person_hint.text()
    dialog.role.setCurrentText("observatør")
    dialog.start.set_value(None)
    # David Meinke sits in VUB already (indsuppleret medlem): the same person twice is refused ...
    assert not dialog.save() and "David Meinke sidder allerede i" in warnings[-1]
    assert counts(demo_store) == before
    # ... and is fine in another body.
    dialog.reject()
    tab.select_body(body_id(demo_store, "K29"))
    tab.new_membership()
    tab.dialog.person.setEditText(completer.currentCompletion())
    tab.dialog.role.setCurrentText("observatør")
    assert tab.dialog.save()
    assert counts(demo_store) == (before[0], before[1], before[2] + 1)
    assert tab.heading.text() == "K29" and tab.current_membership()["name"] == "David Meinke"


def test_double_click_opens_ret_udpegning_and_saves_role_and_dates(qtbot, tab, demo_store, warnings):
    index = select_member(tab, "Anette J. Laustsen")
    view = tab.members.view
    activate(qtbot, tab, view)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double click starts with a press
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = tab.dialog
    assert isinstance(dialog, MembershipDialog) and dialog.membership_id == tab.current_membership()["id"]
    assert not dialog.person.isEnabled() and dialog.role.currentText() == "medlem"
    assert dialog.behalf.text() == "Vallensbæk" and dialog.start.value() is None
    dialog.role.setCurrentText("næstformand")
    dialog.start.set_value(dt.date(2022, 1, 1))
    dialog.end.set_value(dt.date(2025, 12, 31))
    assert dialog.save() and not warnings
    row = tab.current_membership()
    assert (row["name"], row["role"], row["start"], row["end"]) == (
        "Anette J. Laustsen", "næstformand", dt.date(2022, 1, 1), dt.date(2025, 12, 31))
    assert tab.heading.text() == VUB


def test_end_membership_defaults_to_today_and_moves_the_member_to_the_history(tab, demo_store, warnings):
    select_member(tab, "Anette J. Laustsen")
    members_before = tab.members.model.rowCount()
    tab.end_membership()
    dialog = tab.dialog
    assert isinstance(dialog, EndMembershipDialog)
    assert dialog.date.date() == QDate.currentDate() and dialog.date.displayFormat() == "dd.MM.yyyy"
    dialog.date.setDate(QDate(2025, 10, 31))
    assert dialog.save() and not warnings
    assert tab.members.model.rowCount() == members_before - 1
    assert tab.detail_tabs.currentWidget() is tab.history
    row = tab.current_membership()
    assert row["name"] == "Anette J. Laustsen" and row["end"] == dt.date(2025, 10, 31)


def test_delete_key_asks_first_and_no_keeps_the_udpegning(qtbot, tab, demo_store, monkeypatch):
    answers = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    select_member(tab, "Anette J. Laustsen")
    activate(qtbot, tab, tab.members.view)
    before = counts(demo_store)
    answers.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(tab.members.view, Qt.Key.Key_Delete)
    assert not answers and counts(demo_store) == before
    answers.append(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(tab.members.view, Qt.Key.Key_Delete)
    assert not answers and counts(demo_store) == (before[0], before[1], before[2] - 1)
    assert "Anette J. Laustsen" not in [r["name"] for r in rows(tab.members)]
    assert tab.heading.text() == VUB


def test_insert_and_f2_open_the_dialogs_where_the_focus_is(qtbot, tab, demo_store):
    select_member(tab, "Anette J. Laustsen")
    activate(qtbot, tab, tab.members.view)
    qtbot.keyClick(tab.members.view, Qt.Key.Key_Insert)
    assert isinstance(tab.dialog, MembershipDialog) and tab.dialog.membership_id is None
    tab.dialog.reject()
    qtbot.keyClick(tab.members.view, Qt.Key.Key_F2)
    assert isinstance(tab.dialog, MembershipDialog) and tab.dialog.membership_id is not None
    tab.dialog.reject()
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_F2)
    assert isinstance(tab.dialog, BodyDialog) and tab.dialog.body_id == body_id(demo_store, VUB)
    tab.dialog.reject()
    tab.pages.setCurrentIndex(1)
    tab.persons.view.selectRow(0)
    tab.persons.view.setFocus()
    qtbot.keyClick(tab.persons.view, Qt.Key.Key_F2)
    assert isinstance(tab.dialog, PersonDialog) and tab.dialog.person_id == tab.persons.current_row()["id"]
    tab.dialog.reject()


def test_menus_and_buttons_follow_the_selection(tab):
    texts = [a.text() for a in tab.member_menu().actions() if not a.isSeparator()]
    assert texts == ["Ny udpegning …", "Ret udpegning …", "Afslut udpegning …", "Slet udpegning", "Ret person …",
                     "Vis punktet i Sager"]
    assert [a.text() for a in tab.body_menu().actions() if not a.isSeparator()] == [
        "Ny udpegning …", "Nyt organ …", "Ret organ …"]
    assert tab.edit_actions["new_membership"].shortcut().toString() == "Ins"
    assert tab.edit_actions["edit_membership"].shortcut().toString() == "F2"
    assert tab.edit_actions["delete_membership"].shortcut().toString() == "Del"
    tab.members.view.clearSelection()
    tab.members.view.setCurrentIndex(tab.members.proxy.index(-1, -1))
    assert not tab.edit_actions["edit_membership"].isEnabled()
    assert not tab.edit_buttons["delete_membership"].isEnabled()
    assert tab.edit_buttons["new_membership"].isEnabled()
    select_member(tab, "Eik Møller")
    assert tab.edit_actions["end_membership"].isEnabled() and tab.edit_buttons["edit_person"].isEnabled()
    tab.detail_tabs.setCurrentWidget(tab.seats)  # a hidden selection is not acted on
    assert not tab.edit_actions["delete_membership"].isEnabled() and tab.current_membership() is None
    tab.detail_tabs.setCurrentWidget(tab.members)
    assert tab.edit_actions["delete_membership"].isEnabled()


def test_ret_person_changes_the_row_in_every_table(tab, demo_store, warnings):
    select_member(tab, "Eik Møller")
    tab.edit_person()
    dialog = tab.dialog
    assert isinstance(dialog, PersonDialog) and dialog.name.text() == "Eik Møller"
    assert VUB in dialog.bodies.text()
    dialog.party.setText("x1")
    assert not dialog.save() and "Partibogstavet" in warnings[-1] and dialog.isVisible()
    dialog.party.setText("a")
    dialog.email.setText("eik@balk.dk")
    assert dialog.save()
    row = tab.current_membership()
    assert (row["name"], row["party"]) == ("Eik Møller", "A")
    assert tab.heading.text() == VUB


def test_new_body_under_a_committee_and_a_refused_duplicate(tab, demo_store, warnings):
    vub = body_id(demo_store, VUB)
    before = counts(demo_store)
    tab.new_body()
    dialog = tab.dialog
    assert isinstance(dialog, BodyDialog) and dialog.parent_combo.currentData() is None
    dialog.name.setText("K29")
    assert not dialog.save() and 'Der findes allerede et organ, der hedder "K29".' in warnings[-1]
    assert dialog.isVisible() and counts(demo_store) == before
    dialog.name.setText("Arbejdsgruppe om praktikpladser")
    dialog.short_name.setText("AG Praktik")
    dialog.parent_combo.setCurrentIndex(dialog.parent_combo.findData(vub))
    dialog.term_start.set_value(dt.date(2024, 1, 1))
    dialog.term_end.none.setChecked(False)
    assert dialog.term_end.value() == dt.date(2027, 12, 31)  # four years, as a KKR term
    dialog.max_members.setValue(7)
    dialog.odd.setChecked(True)
    assert dialog.save()
    assert counts(demo_store)[0] == before[0] + 1
    assert tab.heading.text() == "Arbejdsgruppe om praktikpladser"
    assert tab.tree.currentItem().parent().text(0) == VUB
    # Ret organ: VUB cannot be moved under its own working group; the choice is not even offered.
    tab.select_body(vub)
    tab.edit_body()
    names = [tab.dialog.parent_combo.itemText(i) for i in range(tab.dialog.parent_combo.count())]
    assert "Arbejdsgruppe om praktikpladser" not in names and VUB not in names
    assert tab.dialog.type.currentText() == "embedsmandsudvalg" and tab.dialog.max_members.value() == 14


def test_optional_date_no_end_date(qtbot, demo_store):
    dialog = MembershipDialog(demo_store, body_id(demo_store, VUB), on=dt.date(2025, 3, 1))
    qtbot.addWidget(dialog)
    end = dialog.end
    assert end.none.isChecked() and not end.edit.isEnabled() and end.value() is None
    assert end.none.text() == "ingen slutdato" and end.edit.text().strip() == ""
    end.none.setChecked(False)
    end.edit.setDate(QDate(2025, 6, 30))
    assert end.value() == dt.date(2025, 6, 30)
    end.none.setChecked(True)
    assert end.value() is None
    end.none.setChecked(False)
    assert end.value() == dt.date(2025, 6, 30)  # the last date comes back
    assert edit_dialogs.NO_DATE == end.edit.minimumDate()


def test_the_agenda_item_that_made_an_appointment_links_to_sager(qtbot, demo_store, monkeypatch):
    """Issue: memberships carry the agenda item that made the appointment, with a link to Sager."""
    from kkrdesk.gui.main_window import MainWindow
    from kkrdesk.services import member_edit, members

    choices = member_edit.item_choices(demo_store)
    # Udpegningssager first: "Udpegning til Region Hovedstadens opgaveudvalg …" (kkr-hovedstaden-2022-bilag.txt 4620)
    assert "Udpegning" in choices[0]["label"] and choices[0]["appointment"]
    item = next(c for c in choices if "4.1 Udpegning til Region Hovedstadens opgaveudvalg" in c["label"])
    assert item["label"].startswith("KKR H 15.06.2022, pkt. 4.1")

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    tab = window.bodies
    corona = body_id(demo_store, "Opgaveudvalg om coronaerfaringer")
    tab.select_body(corona)
    tab.detail_tabs.setCurrentWidget(tab.history)

    tab.new_membership()
    dialog = tab.dialog
    dialog.person.setEditText("Eik Møller")
    dialog.organisation.setText("Ballerup Kommune")
    assert dialog.item.currentData() is None  # no item unless one is chosen
    dialog.item.setCurrentIndex(dialog.item.findData(item["id"]))
    assert dialog.save()
    added = next(r for r in members.membership_rows(demo_store, corona) if r["name"] == "Eik Møller")
    assert added["item_id"] == item["id"] and added["decided"] == "KKR H 15.06.2022, pkt. 4.1"
    tab.history.reload()
    assert tab.history.select_id(added["id"])
    assert tab.edit_actions["show_item"].isEnabled()
    tab.edit_actions["show_item"].trigger()
    assert window.tabs.currentIndex() == 0
    assert window.cases.items.current_id() == item["id"]
    assert window.cases.editor.title.text().startswith("Udpegning til Region Hovedstadens opgaveudvalg")

    # The dialog shows the link when the udpegning is edited, and a missing item is refused in Danish.
    edit = MembershipDialog(demo_store, corona, membership_id=added["id"])
    qtbot.addWidget(edit)
    assert edit.item.currentData() == item["id"]
    from kkrdesk.errors import UserError

    with pytest.raises(UserError, match="Dagsordenspunktet"):
        member_edit.edit_membership(demo_store, added["id"], item_id=999_999)
    member_edit.edit_membership(demo_store, added["id"], item_id=None)
    assert next(r for r in members.membership_rows(demo_store, corona) if r["id"] == added["id"])["decided"] == ""
