"""Ret møde (button, double-click, F2) and the Punkttyper editor of the Sager tab, driven programmatically;
message boxes are replaced so nothing blocks."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialog, QMessageBox

from kkrdesk.gui.cases.dialogs import ItemTypesDialog, MeetingDialog
from kkrdesk.gui.cases_tab import CasesTab
from kkrdesk.services import meetings


@pytest.fixture
def warnings(monkeypatch):
    shown = []

    def warning(_parent, _title, text, *_args):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    for name in ("critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, n=name: pytest.fail(f"unexpected {n}: {a}")))
    return shown


@pytest.fixture
def tab(qtbot, store, warnings):
    widget = CasesTab(store)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    k29 = meetings.create_meeting(store, "K29", "2025-09-03")
    item = meetings.add_item(store, k29, "Klimaalliancen", type="Beslutningssag")
    mid = widget.new_meeting({"body": "KKR Hovedstaden", "date": "2025-09-17", "start": "09:00", "end": "11:00",
                              "location": "Rådhuset"})
    meetings.send_to_meeting(store, item, mid)
    widget.refresh(frozenset({"all"}))
    assert widget.meetings.current_row()["id"] == mid
    return widget


def drive(monkeypatch, cls, *steps):
    """Replace `cls.exec`: each step fills the open dialog and presses OK (or Annullér when the step says so)."""
    seen = []

    def fake_exec(dialog):
        seen.append(dialog)
        for step in steps:
            if step(dialog) == "cancel":
                dialog.reject()
                break
            dialog.accept()
            if dialog.result() == QDialog.DialogCode.Accepted:
                break
        return dialog.result()

    monkeypatch.setattr(cls, "exec", fake_exec)
    return seen


def test_ret_moede_changes_title_date_times_and_place(tab, monkeypatch):
    mid = tab.meetings.current_row()["id"]
    items_before = meetings.item_rows(tab.store, mid)

    def fill(d):
        assert (d.windowTitle(), d.title.text(), d.location.text()) == ("Ret møde", "Møde i KKR Hovedstaden",
                                                                        "Rådhuset")
        assert d.date.displayFormat() == "dd.MM.yyyy" and d.start.displayFormat() == "HH:mm"
        assert not d.body.isEnabled() and d.body.currentText() == "KKR Hovedstaden"
        d.title.setText("Ekstraordinært møde i KKR Hovedstaden")
        d.date.setDate(QDate(2025, 10, 1))
        d.start.setTime(QTime(13, 0))
        d.end.setTime(QTime(0, 0))  # "ingen": no end time
        assert d.end.text() == "ingen"
        d.location.setText("Hillerød Rådhus")

    seen = drive(monkeypatch, MeetingDialog, fill)
    tab.meeting_buttons["edit"].click()
    assert len(seen) == 1
    detail = meetings.meeting_detail(tab.store, mid)
    assert (detail["title"], detail["date"], detail["start"], detail["end"], detail["location"]) == (
        "Ekstraordinært møde i KKR Hovedstaden", dt.date(2025, 10, 1), "13:00", None, "Hillerød Rådhus")
    assert meetings.item_rows(tab.store, mid) == items_before
    assert tab.meetings.current_row()["id"] == mid
    assert tab.header.text() == "Ekstraordinært møde i KKR Hovedstaden · 01.10.2025"


def test_ret_moede_error_stays_in_the_dialog_with_the_input_kept(tab, monkeypatch, warnings):
    mid = tab.meetings.current_row()["id"]
    texts = []

    def wrong(d):
        d.title.setText("Temamøde")
        d.start.setTime(QTime(14, 0))
        d.end.setTime(QTime(12, 0))

    def check_and_fix(d):
        assert d.result() != QDialog.DialogCode.Accepted
        texts.append(d.title.text())
        d.end.setTime(QTime(16, 0))

    drive(monkeypatch, MeetingDialog, wrong, check_and_fix)
    tab.edit_meeting_dialog()
    assert warnings == ["Sluttidspunktet 12:00 ligger før starttidspunktet 14:00."]
    assert texts == ["Temamøde"]
    detail = meetings.meeting_detail(tab.store, mid)
    assert (detail["title"], detail["start"], detail["end"]) == ("Temamøde", "14:00", "16:00")


def test_ret_moede_cancel_writes_nothing(tab, monkeypatch):
    mid = tab.meetings.current_row()["id"]
    before = meetings.meeting_detail(tab.store, mid)

    def cancel(d):
        d.title.setText("Skal ikke gemmes")
        return "cancel"

    drive(monkeypatch, MeetingDialog, cancel)
    tab.edit_meeting_dialog()
    assert meetings.meeting_detail(tab.store, mid) == before


def test_double_click_and_f2_open_ret_moede(tab, monkeypatch, qtbot):
    seen = drive(monkeypatch, MeetingDialog, lambda d: "cancel")
    tab.table.doubleClicked.emit(tab.table.currentIndex())
    assert [d.windowTitle() for d in seen] == ["Ret møde"]
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    assert [d.windowTitle() for d in seen] == ["Ret møde", "Ret møde"]


def test_new_meeting_dialog_keeps_input_after_an_error(tab, monkeypatch, warnings):
    def wrong(d):
        assert d.windowTitle() == "Nyt møde" and d.body.currentText() == "KKR Hovedstaden"  # the current body
        d.date.setDate(QDate(2025, 11, 19))
        d.location.setText("Roskilde")
        d.start.setTime(QTime(10, 0))
        d.end.setTime(QTime(9, 0))

    def fix(d):
        assert d.location.text() == "Roskilde"
        d.end.setTime(QTime(12, 0))

    drive(monkeypatch, MeetingDialog, wrong, fix)
    tab.new_meeting_dialog()
    assert warnings == ["Sluttidspunktet 09:00 ligger før starttidspunktet 10:00."]
    row = tab.meetings.current_row()
    assert (row["date"], row["location"], row["body"]) == (dt.date(2025, 11, 19), "Roskilde", "KKR Hovedstaden")


def test_item_types_editor_feeds_the_item_editor_combo(tab, monkeypatch, warnings):
    tab.items.select_id(next(r["id"] for r in tab.items.rows() if r["title"] == "Klimaalliancen"))
    assert tab.editor.type.currentText() == "Beslutningssag"
    tab.editor.title.setText("Klimaalliancen – status")  # an unsaved edit survives the new list

    def edit(d):
        assert d.windowTitle() == "Punkttyper – KKR Hovedstaden"
        assert d.types() == list(meetings.DEFAULT_ITEM_TYPES) and d.state_label.text() == "Standardlisten bruges."
        d.list.setCurrentRow(d.types().index("Udpegning"))
        d.delete_current()
        d.list.setCurrentRow(d.types().index("Godkendelse"))
        d.delete_current()  # the standing item Godkendelse af dagsorden uses it
        assert d.orphan_label.text().startswith("1 punkt har en type, der ikke er på listen")
        d.list.setCurrentRow(d.types().index("Oplæg"))
        d.rename_current("Temadrøftelse")
        d.move_current(-1)
        d.list.setCurrentRow(d.types().index("Temadrøftelse"))
        d.add_type("beslutningssag")  # a duplicate: refused, the dialog stays

    def fix(d):
        assert "beslutningssag" in d.types()
        d.list.setCurrentRow(d.types().index("beslutningssag"))
        d.delete_current()
        d.list.setCurrentRow(0)
        d.move_current(1)

    seen = drive(monkeypatch, ItemTypesDialog, edit, fix)
    tab.types_button.click()
    assert len(seen) == 1
    assert warnings == ['Punkttypen "Beslutningssag" og "beslutningssag" står to gange på listen '
                        "(store og små bogstaver tæller ikke)."]
    expected = ["Orienteringssag", "Beslutningssag", "Temadrøftelse", "Drøftelsessag"]
    mid = tab.meetings.current_row()["id"]
    assert meetings.item_types(tab.store, mid) == expected
    combo = tab.editor.type
    assert [combo.itemText(i) for i in range(combo.count())] == expected
    assert combo.currentText() == "Beslutningssag" and tab.editor.title.text() == "Klimaalliancen – status"
    # The standing item keeps its type, which stays choosable for it.
    tab.items.select_id(next(r["id"] for r in tab.items.rows() if r["title"] == "Godkendelse af dagsorden"))
    assert [combo.itemText(i) for i in range(combo.count())] == [*expected, "Godkendelse"]


def test_item_types_back_to_the_default_list(tab, monkeypatch):
    mid = tab.meetings.current_row()["id"]
    body_id = meetings.meeting_detail(tab.store, mid)["body_id"]
    meetings.set_item_types(tab.store, body_id, ["Orienteringssag"])

    def reset(d):
        assert d.types() == ["Orienteringssag"] and d.state_label.text() == "Organet har sin egen liste."
        d.reset_to_default()
        assert d.state_label.text() == "Standardlisten bruges." and d.orphan_label.text() == ""

    drive(monkeypatch, ItemTypesDialog, reset)
    tab.item_types_dialog()
    assert meetings.item_type_settings(tab.store, body_id)["default"] is True
    assert meetings.item_types(tab.store, mid) == list(meetings.DEFAULT_ITEM_TYPES)
