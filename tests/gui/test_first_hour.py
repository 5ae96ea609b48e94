"""Issue 13 items 7 and 11 at 1280×800: nothing clipped, names instead of codes, a toolbar per tab made of the
tabs' own actions, and Hjælp with the shortcuts (read from the actions) and an offline manual."""

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from kkrdesk.gui.main_window import TAB_TITLES, MainWindow
from kkrdesk.gui.table import FilterTable


@pytest.fixture
def window(qtbot, qapp, demo_store):
    from kkrdesk.paths import ui_path

    # The house stylesheet, as kkrdesk.gui.app.make_app sets it: widths at 1280 px depend on its padding.
    qapp.setStyleSheet(ui_path("style.qss").read_text(encoding="utf-8"))
    yield _window(qtbot, demo_store)
    qapp.setStyleSheet("")


def _window(qtbot, demo_store):
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    QCoreApplication.processEvents()
    return w


def _show(window, index):
    window.tabs.setCurrentIndex(index)
    for _ in range(3):
        QCoreApplication.processEvents()
    return window.tab_widgets()[index]


# -- item 11: toolbar, Hjælp, grouped buttons ------------------------------------------------------------------

def test_toolbar_shows_each_tabs_own_actions(window):
    for index in range(len(TAB_TITLES)):
        tab = _show(window, index)
        shown = [a for a in window.toolbar.actions() if not a.isSeparator()]
        assert shown == [a for a in tab.toolbar_actions() if a is not None], TAB_TITLES[index]
        assert all(not a.icon().isNull() for a in shown), TAB_TITLES[index]


def test_toolbar_and_button_are_one_action(window, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from kkrdesk.gui.cases.dialogs import MeetingDialog

    cases = _show(window, 0)
    calls = []
    monkeypatch.setattr(MeetingDialog, "exec", lambda self: calls.append("ny") or QDialog.DialogCode.Rejected)
    new = cases.meeting_actions["new"]
    assert new in window.toolbar.actions()
    window.toolbar.widgetForAction(new).click()
    cases.meeting_buttons["new"].click()
    assert calls == ["ny", "ny"]
    # one enabled state: no meeting chosen greys "Ret møde" in the toolbar and on the button alike
    cases.meetings.view.clearSelection()
    cases.meetings.view.setCurrentIndex(cases.meetings.proxy.index(-1, 0))
    assert not cases.meeting_actions["edit"].isEnabled()
    assert not window.toolbar.widgetForAction(cases.meeting_actions["edit"]).isEnabled()
    assert not cases.meeting_buttons["edit"].isEnabled()


def test_sager_groups_its_meeting_commands(window):
    cases = _show(window, 0)
    assert list(cases.meeting_buttons) == ["new", "edit"]
    more = [a.text() for a in cases.more_menu.actions() if not a.isSeparator()]
    assert more == ["Fremmøde …", "Klon …", "Indlæs …", "Eksportér …", "Tag ud til bærbar …", "Slet møde"]
    # the agenda's delete and arrows are icon buttons, the documents each one menu button with print preview
    assert all(cases.item_buttons[k].text() == "" or not cases.item_buttons[k].icon().isNull()
               for k in ("delete", "up", "down"))
    preview = [a.text() for a in cases.export_actions["minutes"].menu().actions()]
    assert preview[-1] == "Udskriftsvisning …"


def test_shortcut_list_is_read_from_the_actions(window):
    from kkrdesk.gui.help import shortcut_rows

    rows = shortcut_rows(window)
    said = {(where, what): keys for where, keys, what in rows}
    assert said[("Rediger", "Fortryd")] == "Ctrl+Z"
    assert said[("Vis", "Sager")] == "Ctrl+1"
    assert said[("Hjælp", "Håndbog")] == "F1"
    assert said[("Sager", "Nyt møde")] == "Ins"
    # Qt names the key in the language its translators speak (Danish once the app has loaded them: Alt+Op).
    from PySide6.QtGui import QKeySequence

    assert said[("Sager", "Flyt punktet op")] == QKeySequence("Alt+Up").toString(QKeySequence.SequenceFormat.NativeText)
    assert said[("Sager", "Gem punktet")] == "Ctrl+S"
    assert said[("Tovholdere", "Ny indsats")] == "Ins"
    assert said[("Budgetberegnere", "Gem beregningen")] == "Ctrl+S"
    window.manual_action.setShortcut("Ctrl+H")  # the list follows the actions, it is not a copy
    assert ("Hjælp", "Ctrl+H", "Håndbog") in shortcut_rows(window)
    dialog = window.show_shortcuts()
    assert "Tastaturgenveje" in dialog.windowTitle() and "Ctrl+Z" in dialog.browser.toPlainText()
    assert "Esc tømmer et søge- eller filterfelt" in dialog.browser.toPlainText()


def test_manual_opens_offline_in_the_program(window):
    dialog = window.show_manual()
    assert dialog.browser.source().isLocalFile()
    text = dialog.browser.toPlainText()
    for heading in ("Sager", "Tovholdere", "Organer og medlemmer", "Budgetberegnere", "Fortryd"):
        assert heading in text
    assert not dialog.browser.openExternalLinks()


# -- item 7: nothing clipped, names instead of codes -------------------------------------------------------------

@pytest.mark.parametrize("index", range(4))
def test_no_table_header_is_cut_at_1280x800(window, index):
    tab = _show(window, index)
    tables = [t for t in tab.findChildren(FilterTable) if t.isVisible()]
    assert tables
    for table in tables:
        for col in range(table.model.columnCount()):
            if not table.view.isColumnHidden(col):
                assert table.view.columnWidth(col) >= table.header_width(col) - 1, (table.model.columns[col].header)
        count = table.count
        assert count.width() >= count.fontMetrics().horizontalAdvance(count.text())


def test_main_tables_fit_their_panes(window):
    cases = _show(window, 0)
    tovholdere = _show(window, 1)
    for table in (cases.meetings, tovholdere.indsatser, tovholdere.assignments):
        used = sum(table.view.columnWidth(c) for c in range(table.model.columnCount())
                   if not table.view.isColumnHidden(c))
        assert used <= table.view.viewport().width() + 1, table.model.columns[0].header


def test_item_sections_all_in_sight_and_header_wraps(window):
    cases = _show(window, 0)
    bar = cases.editor.section_tabs.tabBar()
    assert [bar.tabText(i) for i in range(bar.count())][-2:] == ["Økonomi", "Beslutning"]
    assert not bar.usesScrollButtons()
    assert bar.tabRect(bar.count() - 1).right() <= bar.width()
    assert cases.header.wordWrap()


def test_organ_reads_as_a_name(window):
    cases = _show(window, 0)
    organ = [c.header for c in cases.meetings.model.columns].index("Organ")
    names = {cases.meetings.proxy.index(r, organ).data() for r in range(cases.meetings.proxy.rowCount())}
    assert "KKR Hovedstaden" in names and "KKR H" not in names
    hits = cases.search("sundhedsreformen")
    assert hits and all(h["body_name"] for h in hits)


def test_toolbar_action_types(window):
    assert all(isinstance(a, QAction) for a in window.toolbar.actions())


def test_read_only_hides_the_toolbars_editing_actions_and_icon_buttons(window):
    from kkrdesk.gui import read_only

    cases = _show(window, 0)
    read_only.apply(cases)
    cases.meetings.select_id(cases.meetings.model.rows()[0]["id"])
    cases.items.select_id(cases.items.rows()[1]["id"])  # a selection re-enables actions, never shows them
    for _ in range(3):
        QCoreApplication.processEvents()
    for key in ("delete", "up", "down"):
        assert cases.item_buttons[key].isHidden(), key
        assert not window.toolbar.widgetForAction(cases.item_actions[key]).isVisible(), key
    assert not window.toolbar.widgetForAction(cases.meeting_actions["new"]).isVisible()
    assert window.toolbar.widgetForAction(cases.export_actions["agenda"]).isVisible()  # printing stays
