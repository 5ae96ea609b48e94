"""The Budgetberegnere tab: calculate, bad input, save and reopen, delete, paste, compare, project budget, export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from kkrdesk.gui.budgets_tab import BudgetsTab
from kkrdesk.services import budgets


def _tab(qtbot, store) -> BudgetsTab:
    tab = BudgetsTab(store)
    qtbot.addWidget(tab)
    store.subscribe(tab.refresh)  # what the main window's change hub does
    tab.resize(1300, 800)
    tab.show()
    return tab


def _cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())]


def _fill_split(tab, weights: list[str], total: str = "2.000.000"):
    page = tab.pages["split"]
    tab.page_tabs.setCurrentWidget(page)
    for name in ("Albertslund", "Ballerup", "Brøndby"):
        page.municipality_combo.setEditText(name)
        page.add_button.click()
    for row, weight in enumerate(weights):
        page.table.set_text(row, 1, weight)
    page.total_edit.setText(total)
    return page


def test_split_calculates_with_danish_numbers_and_remainder(qtbot, store):
    tab = _tab(qtbot, store)
    page = _fill_split(tab, ["28.000", "48.000", "35.000"])
    assert [page.table.text(r, 0) for r in range(3)] == ["Albertslund", "Ballerup", "Brøndby"]
    tab.calc_button.click()
    assert page.error_text() == ""
    table = page.result_table
    # 2.000.000 × 28/111 = 504.504,50 → 504.505 half up (the papers' rounding, not round-half-even).
    assert _cells(table, 0) == ["Albertslund", "28.000", "25,23 %", "504.505"]
    assert _cells(table, 1) == ["Ballerup", "48.000", "43,24 %", "864.865"]
    assert _cells(table, 2) == ["Brøndby", "35.000", "31,53 %", "630.631"]
    assert _cells(table, 3)[0] == "I alt (sum af rækkerne)" and _cells(table, 3)[-1] == "2.000.001"
    assert _cells(table, 5) == ["Afrundingsdifference", "", "", "-1"]
    assert "Afrundingsdifference: -1 kr." in page.remainder_label.text()

    # Largest remainder: the rows add up exactly and the difference is 0.
    page.rounding_combo.setCurrentIndex(page.rounding_combo.findData("largest-remainder"))
    tab.calc_button.click()
    assert _cells(table, 3)[-1] == "2.000.000"
    assert "Afrundingsdifference: 0 kr." in page.remainder_label.text()


def test_ctrl_enter_calculates(qtbot, store):
    tab = _tab(qtbot, store)
    page = _fill_split(tab, ["1", "1", "2"], total="1.000")
    tab.activateWindow()
    page.total_edit.setFocus()
    qtbot.waitUntil(tab.isActiveWindow)
    qtbot.keyClick(page.total_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _cells(page.result_table, 2)[-1] == "500"


def test_bad_weight_shows_danish_message_and_saves_nothing(qtbot, store):
    tab = _tab(qtbot, store)
    page = _fill_split(tab, ["28.000", "abc", "35.000"])
    tab.calc_button.click()
    assert "Række 2" in page.error_text() and "Ballerup" in page.error_text()
    assert "ikke et tal" in page.error_text()
    assert page.result_table.rowCount() == 0
    asked = []
    tab.ask_name = lambda title, default: asked.append(title) or "Skal ikke gemmes"
    assert tab.save() is None
    assert asked == []  # refused before the name is even asked for
    assert budgets.saved_rows(store) == []
    # A zero sum of weights is the services' message, shown in the page as well.
    for row in range(3):
        page.table.set_text(row, 1, "0")
    tab.calc_button.click()
    assert "større end 0" in page.error_text()


def test_save_and_reopen_round_trip(qtbot, store):
    tab = _tab(qtbot, store)
    page = tab.pages["per-capita"]
    tab.page_tabs.setCurrentWidget(page)
    page.add_names(["Albertslund", "Høje Tåstrup"])  # resolved to the official spelling
    page.table.set_text(0, 1, "28.050")
    page.table.set_text(1, 1, "57.114")
    page.rate_edit.setText("31,5")
    page.uplift_edit.setText("1,9")
    page.price_level_edit.setText("2024-pl")
    page.source_edit.setText("Danmarks Statistik, FOLK1A")
    page.date_edit.setText("1. januar 2025")
    tab.ask_name = lambda title, default: "Sekretariat 2025"
    calc_id = tab.save()
    assert calc_id is not None
    first = [_cells(page.result_table, r) for r in range(page.result_table.rowCount())]
    assert first[1][0] == "Høje-Taastrup"
    # 31,5 × 28.050 = 883.575; × 1,019 = 900.362,925 → 900.363
    assert first[0][3:] == ["883.575", "900.363"]
    rows = tab.calculations.model.rows()
    assert [r["name"] for r in rows] == ["Sekretariat 2025"] and rows[0]["price_level"] == "2024-pl"

    tab.new_calculation()
    assert page.rate_edit.text() == "" and page.calc_id is None
    tab.page_tabs.setCurrentWidget(tab.pages["split"])
    index = tab.calculations.proxy.index(0, 0)
    tab.table.doubleClicked.emit(index)  # double-click reopens it in its own page
    assert tab.current_page() is page and page.calc_id == calc_id
    assert [page.table.text(r, 0) for r in range(2)] == ["Albertslund", "Høje-Taastrup"]
    assert [page.table.text(r, 1) for r in range(2)] == ["28.050", "57.114"]
    assert (page.rate_edit.text(), page.uplift_edit.text()) == ("31,5", "1,9")
    assert page.price_level_edit.text() == "2024-pl"
    assert page.source_edit.text() == "Danmarks Statistik, FOLK1A"
    assert page.date_edit.text() == "1. januar 2025"
    assert [_cells(page.result_table, r) for r in range(page.result_table.rowCount())] == first
    assert "Sekretariat 2025" in tab.open_label.text()

    # Gem overwrites the open calculation; Gem som kopi makes a second one.
    page.rate_edit.setText("32")
    assert tab.save() == calc_id
    assert budgets.load(store, calc_id).result.rate == 32
    tab.ask_name = lambda title, default: default
    copy_id = tab.save_copy()
    assert copy_id != calc_id
    assert [r["name"] for r in tab.calculations.model.rows()] == ["Sekretariat 2025", "Sekretariat 2025 (kopi)"]


def test_delete_asks_first(qtbot, store):
    budgets.save(store, "Ligelig", "equal", {"total": 2000000, "participants": ["Albertslund", "Ballerup"]})
    tab = _tab(qtbot, store)
    tab.table.selectRow(0)
    tab.confirm = lambda text: False
    tab.delete_selected()
    assert len(budgets.saved_rows(store)) == 1
    questions = []
    tab.confirm = lambda text: questions.append(text) or True
    tab.delete_selected()
    assert "Ligelig" in questions[0]
    assert budgets.saved_rows(store) == [] and tab.calculations.model.rowCount() == 0


def test_region_button_and_paste_from_spreadsheet(qtbot, store):
    tab = _tab(qtbot, store)
    page = tab.pages["equal"]
    tab.page_tabs.setCurrentWidget(page)
    page.region_combo.setCurrentIndex(page.region_combo.findData("Region Nordjylland"))
    page.add_region_button.click()
    names = [page.table.text(r, 0) for r in range(page.table.rowCount()) if page.table.text(r, 0)]
    assert len(names) == 11 and names[0] == "Morsø"  # kommunekode order: 773 Morsø first
    page.add_region_button.click()  # nobody twice
    assert len([r for r in range(page.table.rowCount()) if page.table.text(r, 0)]) == 11

    split = tab.pages["split"]
    tab.page_tabs.setCurrentWidget(split)
    QGuiApplication.clipboard().setText("Kommune\tIndbyggere\nKøbenhavns Kommune\t1.822.000\nGate 21\t3,125\n")
    split.table.setFocus()
    qtbot.keyClick(split.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [(split.table.text(r, 0), split.table.text(r, 1)) for r in range(2)] == [
        ("København", "1.822.000"), ("Gate 21", "3,125")]
    QGuiApplication.clipboard().setText("København\tmange\n")
    qtbot.keyClick(split.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "ikke et tal" in split.error_text()


def test_compare_klimaalliancen_scenarios(qtbot, demo_store):
    tab = _tab(qtbot, demo_store)
    rows = tab.calculations.model.rows()
    ids = [r["id"] for r in rows if r["name"].startswith("Klimaalliancen – scenarie")]
    assert len(ids) == 2
    selection = tab.table.selectionModel()
    for r in range(tab.calculations.proxy.rowCount()):
        index = tab.calculations.proxy.index(r, 0)
        if tab.calculations.proxy.data(index, Qt.ItemDataRole.UserRole + 2)["id"] in ids:
            selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    dialog = tab.compare_selected()
    qtbot.addWidget(dialog)
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[1].startswith("A: scenarie 2") and "2.605.000" in headers[1].replace("\n", " ")
    assert headers[2].startswith("B: scenarie 3")
    assert _cells(table, 0) == ["København", "504.194", "708.387", "204.193"]
    total = _cells(table, table.rowCount() - 1)
    assert total[0] == "I alt" and total[1] != total[2]
    assert "1.055.012" in dialog.summary.text()


def test_project_budget_difference_is_shown_and_red(qtbot, demo_store):
    tab = _tab(qtbot, demo_store)
    calc_id = next(r["id"] for r in tab.calculations.model.rows() if r["kind"] == "project-budget")
    tab.open_calculation(calc_id)
    page = tab.pages["project-budget"]
    assert tab.current_page() is page
    assert "difference 0 kr." in page.difference_label.text()
    pinned = _cells(page.difference_table, 0)
    assert pinned[0].startswith("Difference") and set(pinned[1:]) == {"0"}
    # Take 125.000 off the first financing post in the first year: the difference turns red.
    page.financing_table.set_text(0, 1, "650.000")
    tab.calc_button.click()
    assert "mangler 125.000 kr." in page.difference_label.text()
    item = page.difference_table.item(0, 1)
    assert item.text() == "-125.000" and item.foreground().color().name() == "#c62828"


def test_half_year_and_staff_years(qtbot, store):
    tab = _tab(qtbot, store)
    page = tab.pages["project-budget"]
    tab.page_tabs.setCurrentWidget(page)
    page.years_edit.setText("2026, 2027")
    page.years_edit.editingFinished.emit()
    page.half_combo.setCurrentText("2027")
    page.price_edit.setText("620.000")
    page._paste(page.expenses_table, "Projektleder\t\t\t1\tnej\n")
    page.financing_table.setCurrentCell(0, 0)
    page._paste(page.financing_table, "Kommunerne\t620.000\t310.000\n")
    tab.calc_button.click()
    assert page.error_text() == ""
    assert _cells(page.difference_table, 0)[1:] == ["0", "0", "0"]
    assert page.result.years[1].fraction == 0.5


def test_export_excel_runs_in_background(qtbot, store, tmp_path):
    tab = _tab(qtbot, store)
    page = _fill_split(tab, ["28.000", "48.000", "35.000"])
    page.price_level_edit.setText("2024-pl")
    target = tmp_path / "fordeling"
    tab.ask_save_path = lambda title, suggestion, file_filter: str(target)
    job = tab.export("xlsx")
    assert job is not None
    qtbot.waitUntil(lambda: job.result is not None or job.error is not None, timeout=20000)
    assert job.error is None
    path = tmp_path / "fordeling.xlsx"
    assert path.exists() and "Eksporteret" in page.message.text()
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("2024-pl" in t for t in texts)
    numbers = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert 28000 in numbers and 2000000 in numbers


def test_key_figures_keep_their_price_level_and_population_source(qtbot, store):
    """Every amount has its price level and every population its source and date — Nøgletal too."""
    tab = _tab(qtbot, store)
    page = tab.pages["key-figures"]
    tab.page_tabs.setCurrentWidget(page)
    page.figure_combo.setCurrentIndex(page.figure_combo.findData("frame-deviation"))
    assert page.price_level_edit.isVisibleTo(page) and not page.source_edit.isVisibleTo(page)
    # A frame deviation as in kkr-hovedstaden-2022-bilag.txt 1762–1772, here with a price level typed in.
    page.table.set_text(0, 0, "Albertslund")
    page.table.set_text(0, 1, "1.000.000")
    page.table.set_text(0, 2, "1.050.000")
    page.price_level_edit.setText("2021-pl")
    tab.ask_name = lambda title, default: "Rammer 2021"
    calc_id = tab.save()
    assert calc_id is not None and budgets.load(store, calc_id).price_level == "2021-pl"

    page.figure_combo.setCurrentIndex(page.figure_combo.findData("per-capacity"))
    assert page.source_edit.isVisibleTo(page) and not page.price_level_edit.isVisibleTo(page)
    page.table.set_text(0, 1, "39.287")
    page.table.set_text(0, 2, "150")
    page.table.set_text(0, 3, "514")
    page.source_edit.setText("Danmarks Statistik, FOLK1A")
    page.date_edit.setText("1. januar 2021")
    tab.ask_name = lambda title, default: "Kapacitet"
    cap_id = tab.save_copy()
    saved = budgets.load(store, cap_id)
    assert saved.population_source == "Danmarks Statistik, FOLK1A" and saved.price_level is None

    tab.new_calculation()
    tab.open_calculation(calc_id)
    assert page.figure() == "frame-deviation" and page.price_level_edit.text() == "2021-pl"
    assert page.table.text(0, 0) == "Albertslund" and page.table.text(0, 2) == "1.050.000"
    tab.open_calculation(cap_id)
    assert (page.source_edit.text(), page.date_edit.text()) == ("Danmarks Statistik, FOLK1A", "1. januar 2021")


def test_typed_amounts_are_shown_the_danish_way(qtbot, store):
    """The amount field showed 2000000 as typed (issue 13 item 8)."""
    store.enable_undo()
    tab = _tab(qtbot, store)
    page = _fill_split(tab, ["1", "1", "1"], total="")
    qtbot.keyClicks(page.total_edit, "2000000")
    page.total_edit.editingFinished.emit()
    assert page.total_edit.text() == "2.000.000"
    page.total_edit.setText("1000,5")
    page.total_edit.editingFinished.emit()
    assert page.total_edit.text() == "1.000,5"
    page.total_edit.setText("abc")  # no number: left as typed for the calculation to report
    page.total_edit.editingFinished.emit()
    assert page.total_edit.text() == "abc"


def test_saved_notes_print_danish_numbers(qtbot, demo_store):
    """Notes in the budget result said 2604991 and 504193.55 (issue 13 item 8)."""
    import re

    demo_store.enable_undo()
    tab = _tab(qtbot, demo_store)
    saved = [budgets.load(demo_store, r["id"]) for r in budgets.saved_rows(demo_store)]
    notes = [c.note for c in saved if c.note]
    assert any("2.604.991" in n and "504.193,55" in n for n in notes)
    for note in notes:
        assert not re.search(r"(?<![\d.,])\d{5,}(?!\d)|\d\.\d{2}(?![\d.])", note), note
    # and the window shows it so
    calc = next(c for c in saved if c.note and "2.604.991" in c.note)
    tab.open_calculation(calc.id)
    assert "2.604.991" in tab.note_label.text()


def test_whole_region_per_capita_names_the_missing_populations(qtbot, store):
    """"Tilføj hele regionen" filled no inhabitants and said nothing until the calculation failed (issue 13 item 3)."""
    store.enable_undo()
    tab = _tab(qtbot, store)
    page = tab.pages["per-capita"]
    tab.page_tabs.setCurrentWidget(page)
    page.region_combo.setCurrentIndex(page.region_combo.findData("Region Sjælland"))
    page.add_region_button.click()
    assert "mangler" not in page.error_text()  # the papers print all 17 in Sjælland (resources/populations.csv)
    assert page.table.text(0, 1) != ""
    page.region_combo.setCurrentIndex(page.region_combo.findData("Region Hovedstaden"))
    page.add_region_button.click()
    assert "Indbyggertallet mangler for" in page.error_text() and "København" in page.error_text()
    assert "FOLK1A" in page.error_text()
