"""Issue 13 item 3 in the window: Budgetberegnere → "Indlæs befolkningstal …" previews, imports on Indlæs, and
"Tilføj hele regionen" then fills the inhabitants it knows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from kkrdesk.gui.budgets.population_dialog import PopulationImportDialog
from kkrdesk.gui.budgets_tab import BudgetsTab
from kkrdesk.services import populations

DATA = Path(__file__).parent.parent / "data" / "population"


def _tab(qtbot, store, path: Path) -> BudgetsTab:
    tab = BudgetsTab(store)
    qtbot.addWidget(tab)
    store.subscribe(tab.refresh)
    tab.ask_population_file = lambda: str(path)  # the file dialog
    tab.resize(1280, 800)
    tab.show()
    return tab


def _cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_preview_then_import_then_whole_region_fills_inhabitants(qtbot, store):
    tab = _tab(qtbot, store, DATA / "folk1a-matrix.xlsx")
    page = tab.pages["per-capita"]
    tab.page_tabs.setCurrentWidget(page)
    page.region_combo.setCurrentIndex(page.region_combo.findData("Region Hovedstaden"))
    page.add_region_button.click()  # before the import: København has no figure
    row = next(r for r in range(page.table.rowCount()) if page.table.text(r, 0) == "København")
    assert page.table.text(row, 1) == ""

    assert tab.page_actions["population"] in tab.toolbar_actions()
    tab.page_actions["population"].trigger()
    dialog = tab.population_dialog
    assert isinstance(dialog, PopulationImportDialog)
    assert dialog.preview.rowCount() == 7 and _cells(dialog.preview, 0) == ["København", "–", "605.101", "ny"]
    greve = next(r for r in range(7) if dialog.preview.item(r, 0).text() == "Greve")
    assert _cells(dialog.preview, greve) == ["Greve", "53.536", "51.253", "-2.283"]
    assert "pr. 1. januar 2025" in dialog.heading.text() and "FOLK1A" in dialog.heading.text()
    assert "7 befolkningstal gemmes, 0 er uændrede" in dialog.status.text()
    assert "kan ikke fortrydes med Ctrl+Z" in dialog.status.text()  # said before, since Ctrl+Z cannot
    assert populations.figures(store) == {}  # the preview wrote nothing
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == "Indlæs"
    # Another 1 January in the same file: the preview follows; back to the latest before importing.
    assert dialog.year_combo.isEnabled() and dialog.year_combo.currentText() == "1. januar 2025"
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2024))
    assert _cells(dialog.preview, 0) == ["København", "–", "600.101", "ny"] and "2024K1" in dialog.heading.text()
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2025))
    assert dialog.report.year == 2025
    dialog.ok_button.click()

    assert len(populations.figures(store)) == 7
    assert page.table.text(row, 1) == "605.101"  # the open calculation's blank cell is filled
    assert "7 befolkningstal pr. 1. januar 2025 er gemt" in page.message.text()
    page.set_rows([])
    page.source_edit.clear()
    page.date_edit.clear()
    page.add_region_button.click()
    filled = {page.table.text(r, 0): page.table.text(r, 1) for r in range(page.table.rowCount())}
    assert filled["København"] == "605.101" and filled["Tårnby"] == "43.185" and filled["Dragør"] == "15.155"
    assert page.source_edit.text() == "Danmarks Statistik, FOLK1A" and page.date_edit.text() == "1. januar 2025"
    # The rest of Hovedstaden is still named as missing, with where to get them.
    assert "Indbyggertallet mangler for 23 kommuner" in page.error_text()  # 29 - 5 imported - Bornholm
    assert "Indlæs befolkningstal" in page.error_text()

    tab.page_actions["population"].trigger()  # the same file again: nothing to do
    again = tab.population_dialog
    assert again.preview.rowCount() == 0 and not again.ok_button.isEnabled()
    assert "findes allerede" in again.status.text()
    again.reject()


def test_unknown_names_show_in_the_preview(qtbot, store, tmp_path):
    path = tmp_path / "folk1a.csv"
    text = (DATA / "folk1a-matrix-cp1252.csv").read_bytes().decode("cp1252")
    path.write_bytes(text.replace('"Køge";', '"Christiansø";1;1;1\r\n"Køge";').encode("cp1252"))
    tab = _tab(qtbot, store, path)
    tab.import_populations()
    dialog = tab.population_dialog
    assert "Linje 15: »Christiansø«" in dialog.status.text() and dialog.preview.rowCount() == 7
    dialog.reject()
    assert populations.figures(store) == {}  # Annullér writes nothing


def test_a_broken_file_is_refused_in_danish_before_any_dialog(qtbot, store, tmp_path, monkeypatch):
    path = tmp_path / "folk1a.csv"
    path.write_text(';"2025K1"\n"København";mange\n', encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    tab = _tab(qtbot, store, path)
    tab.page_actions["population"].trigger()
    assert tab.population_dialog is None
    assert shown and shown[0][0] == "Befolkningstal" and "ikke et helt tal" in shown[0][1]
    assert populations.figures(store) == {}
