"""Editing in the Tovholdere tab: dialogs driven as a user would, message boxes replaced so nothing blocks."""

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from kkrdesk.gui import tovholdere_tab
from kkrdesk.gui.main_window import ChangeHub
from kkrdesk.gui.tovholdere_tab import TovholdereTab
from kkrdesk.models import Assignment, Indsats, Report
from kkrdesk.services import tovholder_edit
from kkrdesk.services.tovholdere import TOO_MANY_LEADS

BRT = "BRT-linje på 200S (Avedøre Holme til Gladsaxe Trafikplads)"


@pytest.fixture
def boxes(monkeypatch):
    """Every QMessageBox the tab opens is recorded and answered; `answer` is what question() returns."""
    seen = {"question": [], "warning": [], "answer": QMessageBox.StandardButton.Yes}

    def question(_parent, title, text, *_args):
        seen["question"].append((title, text))
        return seen["answer"]

    def warning(_parent, title, text, *_args):
        seen["warning"].append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(tovholdere_tab.QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(tovholdere_tab.QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(tovholdere_tab.QMessageBox, "information", staticmethod(warning))
    return seen


@pytest.fixture
def tab(qtbot, demo_store, boxes):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    hub = ChangeHub()  # as in the main window
    hub.changed.connect(tab.refresh)
    demo_store.subscribe(hub)
    tab.show()
    return tab


def _select(tab, title):
    for r in range(tab.indsatser.model.rowCount()):
        row = tab.indsatser.model.row(r)
        if row["title"] == title:
            tab.indsatser.select_id(row["id"])
            return row["id"]
    raise AssertionError(title)


def _count(store, model) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _parties(tab):
    return [tab.assignments.model.row(r)["party"] for r in range(tab.assignments.model.rowCount())]


def test_new_indsats_is_saved_and_selected(tab, demo_store):
    tab.view.setCurrentIndex(3)  # a view the new indsats is not in: it is shown all the same
    dialog = tab.new_indsats()
    assert dialog.isVisible() and dialog.windowTitle() == "Ny indsats"
    dialog.title.setText("Forlængelse af metro")
    dialog.category.setCurrentText("Nye undersøgelser")
    dialog.phase.setCurrentText("Foranalyse")
    dialog.amount.setText("12.500")
    dialog.price_level.setText("2024-pl")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    row = tab.indsatser.current_row()
    assert row["title"] == "Forlængelse af metro" and row["amount_mio"] == Decimal("12500")
    assert row["when"] == "Foranalyse" and tab.view.currentIndex() == 0
    assert tab.warning.text() == "⚠ Ingen tovholder med hovedansvar"


def test_refused_indsats_keeps_the_dialog_and_the_input(tab, demo_store):
    before = _count(demo_store, Indsats)
    dialog = tab.new_indsats()
    dialog.title.setText("Pulje til Støj")
    dialog.amount.setText("tre tusind")
    dialog.ok_button.click()
    assert dialog.isVisible() and "ikke et tal" in dialog.error.text() and dialog.error.isVisible()
    assert dialog.focusWidget() is dialog.amount and dialog.amount.text() == "tre tusind"
    assert dialog.title.text() == "Pulje til Støj"
    assert _count(demo_store, Indsats) == before
    dialog.amount.setText("3.000")
    dialog.ok_button.click()
    assert not dialog.isVisible() and _count(demo_store, Indsats) == before + 1


def test_double_click_edits_the_indsats(tab, qtbot):
    indsats_id = _select(tab, BRT)
    index = tab.indsatser.view.currentIndex()
    tab.indsatser.view.scrollTo(index)
    centre = tab.indsatser.view.visualRect(index).center()
    # A real double-click: press and release, then the double-click on the same row.
    qtbot.mouseClick(tab.indsatser.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(tab.indsatser.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = tab.dialog
    assert dialog is not None and dialog.title.text() == BRT and dialog.amount.text() == "525"
    dialog.amount.setText("(1,9)")
    dialog.accept()
    assert tab._indsats_id() == indsats_id
    assert tab.indsatser.current_row()["amount"] == "(1,9)"  # a frame, printed in parentheses


def test_third_lead_shows_the_warning_and_keeps_the_selection(tab, demo_store):
    indsats_id = _select(tab, "Flytning af Herlev Station")
    assert tab.warning.text() == ""
    for party in ("Ballerup", "Gladsaxe"):
        dialog = tab.new_assignment()
        dialog.party.setCurrentText(party)
        dialog.role.setCurrentText("hovedansvarlig")
        dialog.accept()
        assert not dialog.isVisible()
    assert TOO_MANY_LEADS in tab.warning.text() and "(3 har hovedansvar)" in tab.warning.text()
    assert tab._indsats_id() == indsats_id and _parties(tab) == ["Herlev", "Ballerup", "Gladsaxe"]
    assert tab.assignments.current_row()["party"] == "Gladsaxe"
    # Finishing one of them brings the count back within the rule.
    tab.finish()
    assert tab.warning.text() == "" and tab.assignments.current_row()["status"] == "afsluttet"


def test_new_tovholder_default_role_and_party_hint(tab):
    _select(tab, "Flytning af Herlev Station")
    dialog = tab.new_assignment()
    assert dialog.role.currentText() == "medansvarlig"  # Herlev already leads
    dialog.party.setCurrentText("høje tåstrup")
    assert dialog.hint.text() == "Gemmes som Høje-Taastrup (kommune)"
    completions = dialog.party.completer()
    completions.setCompletionPrefix("Fure")
    assert completions.currentCompletion() == "Furesø"
    dialog.reject()


def test_refused_tovholder_stays_open_and_writes_nothing(tab, demo_store):
    _select(tab, "Flytning af Herlev Station")
    before = _count(demo_store, Assignment)
    dialog = tab.new_assignment()
    dialog.party.setCurrentText("Herlev Kommune")
    dialog.role.setCurrentText("hovedansvarlig")
    dialog.accept()
    assert dialog.isVisible() and "Herlev er allerede hovedansvarlig" in dialog.error.text()
    dialog.party.setCurrentText("Glostrup")
    dialog.start.setText("1.3.2026")
    dialog.end.setText("1.2.2026")
    dialog.accept()
    assert dialog.isVisible() and "før fra-datoen" in dialog.error.text() and dialog.focusWidget() is dialog.end
    assert _count(demo_store, Assignment) == before
    dialog.end.setText("")
    dialog.cadence.setCurrentText("1.3.2027")
    dialog.accept()
    assert not dialog.isVisible() and _count(demo_store, Assignment) == before + 1
    assert tab.assignments.current_row()["cadence_text"] == "01.03.2027"


def test_udpeg_and_afslut_follow_the_workflow(tab):
    _select(tab, "Flytning af Herlev Station")
    dialog = tab.new_assignment()
    dialog.party.setCurrentText("EKI")
    dialog.accept()
    row = tab.assignments.current_row()
    assert (row["party"], row["party_kind"], row["status"]) == ("EKI", "organ", "foreslået")
    assert tab.actions["appoint"].isEnabled() and tab.actions["finish"].isEnabled()
    assert tab.appoint()
    assert tab.assignments.current_row()["status"] == "udpeget" and not tab.actions["appoint"].isEnabled()
    assert tab.finish()
    assert tab.assignments.current_row()["status"] == "afsluttet" and not tab.actions["finish"].isEnabled()


def test_edit_tovholder_by_f2(tab, qtbot):
    _select(tab, "Forundersøgelse af forlængelse af Farumbanen til Hillerød")
    tab.assignments.view.selectRow(1)
    tab.assignments.view.setFocus()
    qtbot.keyClick(tab.assignments.view, Qt.Key.Key_F2)
    dialog = tab.dialog
    assert dialog is not None and dialog.party.currentText() == "Allerød"
    dialog.phase.setCurrentText("Foranalyse")
    dialog.accept()
    assert tab.assignments.current_row()["phase"] == "Foranalyse"
    assert tab.indsatser.current_row()["tovholdere"] == "Furesø (hovedansvarlig), Allerød"


def test_delete_key_asks_first_then_deletes(tab, demo_store, boxes, qtbot):
    _select(tab, "Flytning af Herlev Station")
    tab.new_assignment().party.setCurrentText("Ballerup")
    tab.dialog.accept()
    before = _count(demo_store, Assignment)
    tab.assignments.view.setFocus()
    boxes["answer"] = QMessageBox.StandardButton.No
    qtbot.keyClick(tab.assignments.view, Qt.Key.Key_Delete)
    assert boxes["question"][-1][0] == "Slet tovholder" and _count(demo_store, Assignment) == before
    boxes["answer"] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(tab.assignments.view, Qt.Key.Key_Delete)
    assert _count(demo_store, Assignment) == before - 1 and _parties(tab) == ["Herlev"]
    assert tab.assignments.current_row()["party"] == "Herlev"


def test_delete_indsats_with_reports_is_refused_with_the_reason(tab, demo_store, boxes):
    indsats_id = _select(tab, "Flytning af Herlev Station")
    with demo_store.session() as s:
        assignment = s.scalar(select(Assignment).where(Assignment.indsats_id == indsats_id))
        s.add(Report(assignment_id=assignment.id, status="gul"))
    before = _count(demo_store, Indsats)
    assert not tab.delete_indsats()
    assert "dens tovholdere har sendt 1 rapport" in boxes["warning"][-1][1]
    assert _count(demo_store, Indsats) == before and tab._indsats_id() == indsats_id


def test_delete_indsats_selects_the_next(tab, demo_store, boxes):
    _select(tab, "Flytning af Herlev Station")
    following = tab.indsatser.proxy.index(tab.indsatser.view.currentIndex().row() + 1, 0)
    next_title = tab.indsatser.proxy.data(following)
    assert tab.delete_indsats()
    assert "og dens tovholder?" in boxes["question"][-1][1]
    assert tab.indsatser.current_row()["title"] == next_title
    assert "Flytning af Herlev Station" not in [r["title"] for r in tab.indsatser.model.rows()]


def test_context_menu_offers_the_actions(tab):
    _select(tab, BRT)
    tab._context_menu(tab.indsatser, tab.indsatser.view.rect().center(), tovholdere_tab.INDSATS_ACTIONS
                      + ("new_assignment",))
    texts = [a.text() for a in tab.context_menu.actions() if a.text()]
    assert texts == ["Ny indsats …", "Ret indsats …", "Slet indsats", "Ny tovholder …"]
    tab.context_menu.close()
    assert tovholder_edit.KNOWN_PHASES[0] == "Reservation"
