"""Organer og medlemmer, Pladser: Ny/Ret/Slet plads from buttons, the right-click menu, double-click and keys.

The dialogs are driven as a user would fill them; QMessageBox is replaced so nothing blocks.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import func, select

from kkrdesk.gui.bodies.edit_dialogs import SeatDialog
from kkrdesk.gui.bodies_tab import BodiesTab
from kkrdesk.models import Membership, Seat
from kkrdesk.services import member_edit
from kkrdesk.services.listing import find_body

VUB = "Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse"
GCC = "The Greater Copenhagen Committee"  # no member limit in the demo


def body_id(store, name):
    with store.session() as s:
        return find_body(s, name).id


def seat_rows(store):
    with store.session() as s:
        return [(x.id, x.body_id, x.count, x.role, x.appointed_by, x.nominated_by, x.criteria, x.voting, x.note)
                for x in s.scalars(select(Seat).order_by(Seat.id))]


def rows(table):
    return [table.model.row(r) for r in range(table.model.rowCount())]


def warning_texts(tab):
    return [tab.warnings.item(i).text() for i in range(tab.warnings.count())]


@pytest.fixture
def tab(qtbot, demo_store):
    tab = BodiesTab(demo_store)
    qtbot.addWidget(tab)
    demo_store.subscribe(tab.refresh)
    tab.date.setDate(QDate(2025, 11, 1))
    assert tab.select_body(body_id(demo_store, GCC))
    tab.detail_tabs.setCurrentWidget(tab.seats)
    yield tab
    demo_store.unsubscribe(tab.refresh)


def activate(qtbot, tab, widget):
    tab.show()
    tab.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab, timeout=3000)
    widget.setFocus()


def test_new_seat_shows_with_its_vacancies_and_the_warning(tab, demo_store, warnings):
    before = rows(tab.seats)
    vacant_before = int(tab.tree.currentItem().text(3) or 0)
    tab.edit_buttons["new_seat"].click()
    dialog = tab.dialog
    assert isinstance(dialog, SeatDialog) and dialog.isVisible() and dialog.seat_id is None
    assert dialog.role.currentText() == "medlem" and dialog.voting.isChecked()
    assert "sekretariat" not in [dialog.role.itemText(i) for i in range(dialog.role.count())]
    dialog.count.setValue(2)
    assert dialog.count.suffix() == " pladser"
    dialog.role.setCurrentText("næstformand")
    dialog.appointed.setText("KKR Hovedstaden")
    dialog.nominated.setText("københavns kommune")
    dialog.criteria.setPlainText("skal være folkevalgt")
    assert dialog.save() and not warnings
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(rows(tab.seats)) == len(before) + 1
    row = tab.current_seat()  # the new seat is chosen on the Pladser page
    assert (row["role"], row["count"], row["filled"], row["vacant"]) == ("næstformand", 2, 0, 2)
    assert (row["appointed_by"], row["nominated_by"], row["criteria"]) == (
        "KKR Hovedstaden", "København", "skal være folkevalgt")
    assert tab.heading.text() == GCC and tab.detail_tabs.currentWidget() is tab.seats
    assert "⚠ 2 af 2 pladser som næstformand er ledige (udpeget af KKR Hovedstaden)." in warning_texts(tab)
    assert int(tab.tree.currentItem().text(3)) == vacant_before + 2  # the tree's Ledige column too


def test_a_refused_seat_keeps_the_dialog_open_with_the_input(tab, demo_store, warnings):
    assert tab.select_body(body_id(demo_store, VUB))  # højst 14, and its seats give 14 already
    tab.detail_tabs.setCurrentWidget(tab.seats)
    before = seat_rows(demo_store)
    tab.new_seat()
    dialog = tab.dialog
    assert "højst 14 medlemmer, pladserne giver 14" in dialog.limit.text()
    dialog.count.setValue(2)
    dialog.appointed.setText("KKR Hovedstaden")
    assert not dialog.save()
    assert len(warnings) == 1 and "må højst have 14 medlemmer" in warnings[0] and "16" in warnings[0]
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert (dialog.count.value(), dialog.appointed.text()) == (2, "KKR Hovedstaden")
    assert seat_rows(demo_store) == before
    dialog.role.setCurrentText("observatør")  # an observer has no vote, so the limit is kept
    assert not dialog.voting.isChecked()
    assert dialog.save() and len(seat_rows(demo_store)) == len(before) + 1
    assert tab.current_seat()["role"] == "observatør" and tab.current_seat()["voting"] is False


def test_double_click_opens_ret_plads_and_saves(qtbot, tab, demo_store, warnings):
    view = tab.seats.view
    activate(qtbot, tab, view)
    index = tab.seats.proxy.index(0, 0)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = tab.dialog
    seat_id = tab.current_seat()["id"]
    assert isinstance(dialog, SeatDialog) and dialog.seat_id == seat_id
    stored = member_edit.seat_detail(demo_store, seat_id)
    assert dialog.count.value() == stored["count"] and dialog.appointed.text() == (stored["appointed_by"] or "")
    dialog.count.setValue(stored["count"] + 1)
    dialog.note.setPlainText("Som trykt i kommissoriet")
    assert dialog.save() and not warnings
    assert tab.current_seat()["id"] == seat_id and tab.current_seat()["count"] == stored["count"] + 1
    assert member_edit.seat_detail(demo_store, seat_id)["note"] == "Som trykt i kommissoriet"
    assert tab.heading.text() == GCC


def test_keys_act_on_the_seat_table_only(qtbot, tab, demo_store, monkeypatch):
    tab.seats.view.selectRow(0)
    activate(qtbot, tab, tab.seats.view)
    qtbot.keyClick(tab.seats.view, Qt.Key.Key_Insert)
    assert isinstance(tab.dialog, SeatDialog) and tab.dialog.seat_id is None
    tab.dialog.reject()
    qtbot.keyClick(tab.seats.view, Qt.Key.Key_F2)
    assert isinstance(tab.dialog, SeatDialog) and tab.dialog.seat_id == tab.current_seat()["id"]
    tab.dialog.reject()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    before = seat_rows(demo_store)
    qtbot.keyClick(tab.seats.view, Qt.Key.Key_Delete)
    assert len(asked) == 1 and seat_rows(demo_store) == before  # asked, answered No
    assert tab.edit_actions["delete_seat"].shortcut().toString() == "Del"
    for key in ("new_seat", "edit_seat", "delete_seat"):
        assert tab.edit_actions[key] in tab.seats.view.actions()
        assert tab.edit_actions[key] not in tab.members.view.actions()
        assert tab.edit_actions[key].shortcutContext() == Qt.ShortcutContext.WidgetShortcut


def test_delete_says_how_many_udpegninger_lose_their_seat(tab, demo_store, monkeypatch):
    gcc = body_id(demo_store, GCC)
    seat_id = tab.seats.model.row(0)["id"]
    member_edit.add_membership(demo_store, gcc, name="Mette Lund", organisation="Herlev", seat_id=seat_id)
    assert tab.seats.select_id(seat_id)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    seats_before = len(seat_rows(demo_store))
    tab.edit_buttons["delete_seat"].click()
    assert len(asked) == 1 and "1 udpegning mister pladsen" in asked[0]
    assert len(seat_rows(demo_store)) == seats_before - 1
    assert seat_id not in [r["id"] for r in rows(tab.seats)]
    with demo_store.session() as s:
        kept = s.scalar(select(func.count()).select_from(Membership).where(Membership.body_id == gcc))
    assert kept == 1 and "Mette Lund" in [r["name"] for r in rows(tab.members)]
    assert tab.heading.text() == GCC


def test_menu_and_buttons_follow_the_seat_selection(tab):
    assert [a.text() for a in tab.seat_menu().actions()] == ["Ny plads …", "Ret plads …", "Slet plads", "",
                                                              "Indsæt sammensætning …"]
    tab.seats.view.setCurrentIndex(tab.seats.proxy.index(-1, -1))
    assert tab.edit_buttons["new_seat"].isEnabled() and not tab.edit_buttons["edit_seat"].isEnabled()
    tab.seats.view.selectRow(0)
    assert tab.edit_buttons["edit_seat"].isEnabled() and tab.edit_buttons["delete_seat"].isEnabled()
    tab.detail_tabs.setCurrentWidget(tab.members)  # a hidden selection is not acted on
    assert not tab.edit_actions["delete_seat"].isEnabled() and tab.current_seat() is None


def test_population_band_seats_can_be_edited(tab, demo_store, warnings):
    assert tab.select_body(body_id(demo_store, "Forberedende sundhedsråd i Region Sjælland"))
    bands = [r for r in rows(tab.seats) if "borgere" in (r["criteria"] or "")]
    assert len(bands) == 3 and all(r["vacant"] is None for r in bands)
    tab.seats.select_id(bands[0]["id"])
    tab.edit_seat()
    tab.dialog.appointed.setText("kommunalbestyrelsen i kommunen")
    assert tab.dialog.save() and not warnings
    assert tab.current_seat()["appointed_by"] == "kommunalbestyrelsen i kommunen"
