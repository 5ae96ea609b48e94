"""Columns a narrow pane need not show start hidden and can be shown (Kolonner …, or right-click on the header);
the choice is remembered per table (issue 13 leftover: the bilag list and the members scrolled sideways at
1280 px)."""

from __future__ import annotations

from kkrdesk.gui.cases.bilag_panel import BILAG_COLUMNS
from kkrdesk.gui.models import Column
from kkrdesk.gui.table import FilterTable

COLUMNS = [Column("Navn", "name", width=120), Column("Rolle", "role", width=80),
           Column("Besluttet på", "decided", width=170, optional=True)]
ROWS = [{"id": 1, "name": "Bo Krog", "role": "formand", "decided": "KKR H 12.01.2022, pkt. 3.1"}]


def test_optional_columns_start_hidden_and_the_choice_is_remembered(qtbot):
    table = FilterTable(COLUMNS, lambda: ROWS, title="Medlemmer")
    qtbot.addWidget(table)
    table.reload()
    assert not table.view.isColumnHidden(1) and table.view.isColumnHidden(2)
    assert [a.text() for a in table.columns_menu.actions()] == ["Navn", "Rolle", "Besluttet på"]
    assert not table.column_actions[0].isEnabled()  # the first column names the row: always shown
    assert table.columns_button.menu() is table.columns_menu
    table.column_actions[2].setChecked(True)
    table.column_actions[1].setChecked(False)
    assert not table.view.isColumnHidden(2) and table.view.isColumnHidden(1)
    again = FilterTable(COLUMNS, lambda: ROWS, title="Medlemmer")
    qtbot.addWidget(again)
    assert not again.view.isColumnHidden(2) and again.view.isColumnHidden(1)  # as the user left it
    other = FilterTable(COLUMNS, lambda: ROWS, title="Alle udpegninger")
    qtbot.addWidget(other)
    assert other.view.isColumnHidden(2) and not other.view.isColumnHidden(1)  # per table


def _window_at_1280(qtbot, store):
    from kkrdesk.gui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def test_the_bilag_list_fits_its_pane_at_1280(qtbot, demo_store):
    window = _window_at_1280(qtbot, demo_store)
    panel = window.cases.bilag
    window.cases.detail_tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.view.viewport().width() > 0)
    hidden = [c.header for i, c in enumerate(BILAG_COLUMNS) if panel.table.view.isColumnHidden(i)]
    assert hidden == ["Fil", "Udkast", "Versioner"]
    assert not panel.table.view.horizontalScrollBar().isVisible()


def test_the_search_results_fit_their_pane_at_1280_and_a_bilag_says_so(qtbot, demo_store):
    from PySide6.QtWidgets import QApplication

    window = _window_at_1280(qtbot, demo_store)
    results = window.cases.search_results
    window.cases.search_edit.setText("sundhed")
    QApplication.processEvents()
    qtbot.waitUntil(lambda: results.view.viewport().width() > 0)
    hidden = [c.header for i, c in enumerate(results.model.columns) if results.view.isColumnHidden(i)]
    assert hidden == ["Hvad", "Åben/lukket"]
    assert not results.view.horizontalScrollBar().isVisible()
    titles = [r["shown_title"] for r in results.model.rows()]
    assert any(t.startswith("Bilag: ") for t in titles) and any(not t.startswith("Bilag: ") for t in titles)
