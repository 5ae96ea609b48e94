import subprocess
import sys

from PySide6.QtCore import Qt

from kkrdesk.gui.main_window import TAB_TITLES, MainWindow
from kkrdesk.gui.models import SORT_ROLE


def test_window_has_four_tabs_with_data(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == f"KKR Desk — {demo_store.label}"  # demo.sqlite, or "db på host" on a server
    assert [window.tabs.tabText(i) for i in range(4)] == list(TAB_TITLES)
    for tab in window.tab_widgets():
        assert tab.table.model().rowCount() > 0, type(tab).__name__
    assert str(demo_store) in window.path_label.text()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["Filer", "Rediger", "Vis", "Hjælp"]


def test_tables_sort_danish_and_filter(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    table = window.bodies.bodies
    table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [table.proxy.index(r, 0).data() for r in range(table.proxy.rowCount())]
    keys = [table.proxy.index(r, 0).data(SORT_ROLE) for r in range(table.proxy.rowCount())]
    assert keys == sorted(keys) and len(names) >= 8
    table.filter.setText("KKR")
    shown = [table.proxy.index(r, 0).data() for r in range(table.proxy.rowCount())]
    assert shown and all("kkr" in " ".join(
        str(table.proxy.index(r, c).data()) for c in range(table.proxy.columnCount())).lower()
        for r in range(table.proxy.rowCount()))
    assert len(shown) < len(names)


def test_danish_collation_in_proxy(qtbot):
    from kkrdesk.gui.models import Column
    from kkrdesk.gui.table import FilterTable

    rows = [{"id": i, "name": n} for i, n in enumerate(["Rødovre", "Høje-Taastrup", "Rudersdal", "Hvidovre"])]
    table = FilterTable([Column("Navn", "name")], lambda: rows)
    qtbot.addWidget(table)
    table.reload()
    table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [table.proxy.index(r, 0).data() for r in range(4)] == ["Hvidovre", "Høje-Taastrup", "Rudersdal",
                                                                   "Rødovre"]


def test_selecting_a_meeting_shows_its_agenda(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    cases = window.cases
    cases.meetings.view.selectRow(0)
    assert cases.items.model.rowCount() > 0
    numbers = [cases.items.model.row(r)["number"] for r in range(cases.items.model.rowCount())]
    assert all(numbers)


def test_change_signal_refreshes_views(qtbot, demo_store):
    from kkrdesk.models import Body

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    before = window.bodies.bodies.model.rowCount()
    with demo_store.session() as s:
        s.add(Body(name="Ny styregruppe", type="styregruppe"))
    demo_store.notify({"bodies"})
    assert window.bodies.bodies.model.rowCount() == before + 1


def test_geometry_is_remembered(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    window.resize(700, 500)
    window.tabs.setCurrentIndex(2)
    window.close()
    again = MainWindow(demo_store)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)
    assert again.tabs.currentIndex() == 2


def test_selftest_command(demo_store):
    demo_store.close()
    result = subprocess.run([sys.executable, "-m", "kkrdesk", "--selftest", "--db", str(demo_store)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Selvtest i orden" in result.stdout


def test_gui_import_leaves_heavy_libraries_unloaded():
    code = ("import sys, kkrdesk.gui.main_window;"
            "heavy = [m for m in ('pandas', 'reportlab', 'openpyxl') if m in sys.modules];"
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_qt_speaks_danish(qtbot):
    from PySide6.QtCore import QCoreApplication, QLocale

    from kkrdesk.gui.app import make_app

    make_app()
    assert QLocale().language() == QLocale.Language.Danish
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuller"


def test_first_start_opens_demo_then_remembers_the_store(qtbot, tmp_path, monkeypatch):
    from kkrdesk.gui.app import open_for_gui

    monkeypatch.delenv("KKRDESK_DB")
    store = open_for_gui(None, False)
    assert store.path.name == "demo.sqlite"  # no store yet: the user meets the program with demo data
    from kkrdesk.services.listing import list_kind

    assert len(list_kind(store, "meetings")) >= 3
    store.close()
    chosen = tmp_path / "rigtig.sqlite"
    window = MainWindow(open_for_gui(str(chosen), False))
    window.close()
    again = open_for_gui(None, False)
    assert again.path == chosen
    again.close()


def test_tabs_are_built_when_first_shown_and_rebuilt_for_a_new_store(qtbot, demo_store, tmp_path):
    from kkrdesk.store import open_store

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    assert window._tab_objects[0] is not None and window._tab_objects[3] is None
    window.tabs.setCurrentIndex(3)
    assert window._tab_objects[3] is not None
    assert window.budgets.table.model().rowCount() > 0
    empty = open_store(tmp_path / "tom.sqlite")
    window.set_store(empty)
    window.tabs.setCurrentIndex(2)
    assert window.bodies.table.model().rowCount() == 0  # the new store's data, not the old tab's
    assert window.windowTitle() == "KKR Desk — tom.sqlite"


def test_rediger_fortryd_and_gentag_a_change_made_in_a_tab(qtbot, demo_store, monkeypatch):
    from PySide6.QtGui import QKeySequence

    from kkrdesk.services import budgets

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= {k.toString() for k in window.redo_action.shortcuts()}
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    table = window.budgets.table
    count = table.model().rowCount()
    budgets.delete(demo_store, budgets.saved_rows(demo_store)[0]["id"])
    qtbot.waitUntil(lambda: table.model().rowCount() == count - 1)
    assert window.undo_action.isEnabled()
    assert window.undo_action.text().replace("&", "") == "Fortryd sletning af beregning"

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: table.model().rowCount() == count)
    assert "Fortrudt: sletning af beregning" in window.statusBar().currentMessage()
    assert window.redo_action.text().replace("&", "") == "Gentag sletning af beregning"

    window.redo_action.trigger()
    qtbot.waitUntil(lambda: table.model().rowCount() == count - 1)
    assert window.redo_action.text().replace("&", "") == "Gentag" and not window.redo_action.isEnabled()


def test_fortryd_that_no_longer_fits_warns_in_danish(qtbot, demo_store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import text

    from kkrdesk.services import budgets
    from kkrdesk.store import open_store

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    calc_id = budgets.saved_rows(demo_store)[0]["id"]
    budgets.delete(demo_store, calc_id)
    other = open_store(str(demo_store))  # the CLI reuses the id meanwhile
    with other.session() as s:
        s.execute(text("INSERT INTO calculation(id, name, kind, inputs_json, rounding, created, updated) "
                       "VALUES (:id, 'Udefra', 'split', '{}', 'half-up', '2026-01-01', '2026-01-01')"), {"id": calc_id})
    other.close()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    window.undo_action.trigger()
    assert warnings and "kan ikke fortrydes" in warnings[0]
    assert not window.undo_action.isEnabled()


def test_a_table_says_when_its_selected_row_is_gone(qtbot):
    from kkrdesk.gui.models import Column
    from kkrdesk.gui.table import FilterTable

    rows = [{"id": 1, "name": "KKR Hovedstaden"}, {"id": 2, "name": "K29"}]
    table = FilterTable([Column("Navn", "name")], lambda: list(rows))
    qtbot.addWidget(table)
    table.reload()
    table.select_id(2)
    seen = []
    table.selected.connect(seen.append)
    rows.pop()  # deleted elsewhere (or undone)
    table.reload()
    assert seen == [None] and table.current_row() is None
    table.select_id(1)
    seen.clear()
    table.reload()  # still there: selected again with fresh data
    assert seen == [{"id": 1, "name": "KKR Hovedstaden"}]


def test_row_count_label_is_danish_singular_and_plural(qtbot):
    from kkrdesk.gui.models import Column
    from kkrdesk.gui.table import FilterTable

    rows = [{"id": 1, "name": "Rebild"}]
    table = FilterTable([Column("Navn", "name")], lambda: list(rows))
    qtbot.addWidget(table)
    table.reload()
    assert table.count.text() == "1 række"
    rows.append({"id": 2, "name": "Aalborg"})
    table.reload()
    assert table.count.text() == "2 rækker"
    table.filter.setText("Rebild")
    assert table.count.text() == "1 af 2"


def test_a_widget_shortcut_fires_only_where_the_focus_is(qtbot):
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    from kkrdesk.gui.keys import shortcut

    window = QWidget()
    qtbot.addWidget(window)
    first, second = QLineEdit(window), QLineEdit(window)
    layout = QVBoxLayout(window)
    layout.addWidget(first)
    layout.addWidget(second)
    fired = []
    a = shortcut(first, "F2", lambda: fired.append("first"))
    shortcut(second, "F2", lambda: fired.append("second"))
    assert a.context() == Qt.ShortcutContext.WidgetShortcut
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    second.setFocus()
    qtbot.keyClick(second, Qt.Key.Key_F2)
    assert fired == ["second"]  # one window-wide pair would be ambiguous and fire neither


def test_find_goes_to_the_search_or_the_filter_over_the_table_in_use(qtbot, demo_store):
    """Rediger → Find (Ctrl+F). Before, it took the tab's first line edit: the bilag filter on Sager, the
    tovholder filter on Tovholdere, a date field on Organer and an amount field on Budgetberegnere."""
    from PySide6.QtWidgets import QApplication

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    wanted = ["Søg i alle møders punkter og bilag …", "Filtrér indsatser, fx en kommune …",
              window.bodies.bodies.filter.placeholderText(), "Filtrér beregninger …"]
    for index, placeholder in enumerate(wanted):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        window.focus_filter()
        assert QApplication.focusWidget().placeholderText() == placeholder, TAB_TITLES[index]
    assert window.bodies.left_tabs.currentWidget() is window.bodies.bodies  # the tree has none: the list shows
    window.tabs.setCurrentIndex(2)
    window.bodies.pages.setCurrentIndex(1)
    window.focus_filter()
    assert QApplication.focusWidget() is window.bodies.persons.filter
    window.tabs.setCurrentIndex(1)  # the focus in a table: the filter over that table
    window.tovholdere.assignments.view.setFocus()
    window.focus_filter()
    assert QApplication.focusWidget() is window.tovholdere.assignments.filter


def test_esc_empties_a_filter_and_otherwise_closes_the_dialog(qtbot):
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    from kkrdesk.gui.models import Column
    from kkrdesk.gui.table import FilterTable

    dialog = QDialog()
    qtbot.addWidget(dialog)
    table = FilterTable([Column("Navn", "name")], lambda: [{"id": 1, "name": "Bo"}])
    QVBoxLayout(dialog).addWidget(table)
    dialog.show()
    qtbot.waitExposed(dialog)
    table.filter.setFocus()
    table.filter.setText("xyz")
    qtbot.keyClick(table.filter, Qt.Key.Key_Escape)
    assert table.filter.text() == "" and dialog.isVisible()
    qtbot.keyClick(table.filter, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
