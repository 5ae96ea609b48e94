"""Budgetberegnere: the saved calculations on the left, one calculator page per kind on the right.

Every action calls kkrdesk.services.budgets; bad input shows the services' Danish message in the page and
nothing is saved. Saving and deleting notify the store, which refreshes the list through the main window.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.errors import UserError
from kkrdesk.gui.models import ROW_ROLE, Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.gui.toolbar import bind_button, with_icon
from kkrdesk.services.listing import list_kind

KIND_NAMES = {"split": "Fordelingsnøgle", "per-capita": "Kr. pr. indbygger", "pro-rata": "Forholdsmæssig",
              "equal": "Ligelig fordeling", "project-budget": "Flerårigt budget", "key-figures": "Nøgletal"}
ROUNDING_NAMES = {"half-up": "Halv op", "largest-remainder": "Største rest"}
COLUMNS = [
    Column("Beregning", "name", width=240),
    Column("Type", "kind_name", width=115),
    Column("Prisniveau", "price_level", width=75),
    Column("Afrunding", "rounding_name", width=90),
]
XLSX_FILTER = "Excel-projektmappe (*.xlsx)"
PDF_FILTER = "PDF-dokument (*.pdf)"


def _rows(store) -> list[dict]:
    rows = list_kind(store, "calculations")
    for row in rows:
        row["kind_name"] = KIND_NAMES.get(row["kind"], row["kind"])
        row["rounding_name"] = ROUNDING_NAMES.get(row["rounding"], row["rounding"])
    return rows


def _file_name(text: str) -> str:
    """A calculation name as a safe file name (no / \\ : * ? " < > |)."""
    cleaned = re.sub(r'[\\/:*?"<>|]+', "-", text).strip(" .-")
    return cleaned[:80] or "beregning"


class BudgetsTab(QWidget):
    def __init__(self, store, parent=None):
        from kkrdesk.gui.budgets import make_pages

        super().__init__(parent)
        self.store = store
        self.calculations = FilterTable(COLUMNS, lambda: _rows(self.store), title="Gemte beregninger",
                                        placeholder="Filtrér beregninger …")
        self.table = self.calculations.view
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setToolTip("Dobbeltklik for at åbne. Markér to (Ctrl+klik) og tryk Sammenlign.")
        self.calculations.activated.connect(self._open_row)

        self.open_button = QPushButton("Åbn", self)
        self.delete_button = QPushButton("Slet", self)
        self.compare_button = QPushButton("Sammenlign …", self)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        self.list_message = QLabel(self)
        self.list_message.setWordWrap(True)
        list_buttons = QHBoxLayout()
        for button in (self.open_button, self.delete_button, self.compare_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addWidget(self.calculations, 1)
        left_layout.addLayout(list_buttons)
        left_layout.addWidget(self.list_message)

        self.pages = make_pages(self)
        for page in self.pages.values():
            page.store = store
        self.page_tabs = QTabWidget(self)
        for page in self.pages.values():
            self.page_tabs.addTab(page, page.title)
        self.page_tabs.currentChanged.connect(lambda _i: self._show_open_name())
        self.open_label = QLabel(self)
        self.open_label.setObjectName("sectionTitle")
        self.note_label = QLabel(self)  # a saved calculation's note (source line, why the rows differ …)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #555555;")
        self.calc_button = QPushButton("Beregn", self)
        self.calc_button.setToolTip("Beregn (Ctrl+Enter)")
        self.calc_button.setDefault(True)
        self.save_button = QPushButton("Gem …", self)
        self.save_button.setToolTip("Gem beregningen (Ctrl+S)")
        self.copy_button = QPushButton("Gem som kopi …", self)
        self.new_button = QPushButton("Ny", self)
        self.new_button.setToolTip("Ryd siden og begynd en ny beregning")
        self.xlsx_button = QPushButton("Eksportér Excel …", self)
        self.pdf_button = QPushButton("Eksportér PDF …", self)
        # One action per command: the buttons here and the window's toolbar trigger the same ones.
        self.page_actions: dict[str, QAction] = {}
        for key, button, slot, icon_name, short in (
                ("calc", self.calc_button, self.calculate, "apply", None),
                ("save", self.save_button, self.save, "save", "Gem"),
                ("copy", self.copy_button, self.save_copy, None, None),
                ("new", self.new_button, self.new_calculation, "new", "Ny beregning"),
                ("xlsx", self.xlsx_button, lambda: self.export("xlsx"), "list", "Excel"),
                ("pdf", self.pdf_button, lambda: self.export("pdf"), "pdf", "PDF")):
            action = QAction(button.text(), self)
            action.setToolTip(button.toolTip() or button.text())
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            if icon_name:
                with_icon(action, icon_name, short)
            bind_button(button, action)
            self.page_actions[key] = action
        # Indlæs befolkningstal …: one action, a button on the pages that use inhabitants, and the toolbar.
        population = QAction("Indlæs befolkningstal …", self)
        population.setToolTip("Indlæs kommunernes befolkningstal pr. 1. januar fra en fil fra Statistikbanken "
                              "(tabel FOLK1A, CSV eller Excel)")
        population.triggered.connect(lambda _checked=False: self.import_populations())
        with_icon(population, "import", "Befolkningstal")
        self.page_actions["population"] = population
        self.population_dialog = None
        for kind in ("per-capita", "split"):
            # Under the source and date fields it fills, where the row of participant buttons has no room left.
            button = QPushButton(population.text(), self.pages[kind])
            self.pages[kind].form.findChild(QFormLayout, "fieldsForm").addRow("", button)
            bind_button(button, population)
        actions = QHBoxLayout()
        for button in (self.calc_button, self.save_button, self.copy_button, self.new_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.xlsx_button)
        actions.addWidget(self.pdf_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.addWidget(self.open_label)
        right_layout.addWidget(self.note_label)
        right_layout.addWidget(self.page_tabs, 1)
        right_layout.addLayout(actions)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 850])
        # A scroll area, so a small window (or a laptop screen) still fits: the calculator scrolls instead.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot, what in (("Ctrl+Return", self.calculate, "Beregn"), ("Ctrl+Enter", self.calculate, "Beregn"),
                                 ("Ctrl+S", self.save, "Gem beregningen")):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(context)
            shortcut.setWhatsThis(what)  # listed under Hjælp → Tastaturgenveje
        self.jobs: list = []
        self.refresh(frozenset({"calculations"}))
        self._show_open_name()

    # -- helpers the tests replace (dialogs) --
    def ask_name(self, title: str, default: str) -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText("Navn på beregningen:")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(default)
        dialog.setOkButtonText("Gem")
        dialog.setCancelButtonText("Annullér")
        dialog.resize(560, dialog.sizeHint().height())
        return dialog.textValue() if dialog.exec() else None

    def confirm(self, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Slet beregning", text, parent=self)
        delete = box.addButton("Slet", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Annullér", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is delete

    def ask_save_path(self, title: str, suggestion: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, suggestion, file_filter)
        return path

    # -- list --
    def refresh(self, kinds: frozenset[str]) -> None:
        if kinds & {"calculations", "all"}:
            self.calculations.reload()

    def current_page(self):
        return self.page_tabs.currentWidget()

    def selected_ids(self) -> list[int]:
        rows = {i.row(): i.data(ROW_ROLE) for i in self.table.selectionModel().selectedRows()}
        ids = [rows[r]["id"] for r in sorted(rows)]
        current = self.calculations.current_row()
        if not ids and current:
            ids = [current["id"]]
        return ids

    def toolbar_actions(self) -> list[QAction | None]:
        a = self.page_actions
        return [a["new"], a["calc"], a["save"], None, a["xlsx"], a["pdf"], None, a["population"]]

    # -- befolkningstal --
    def ask_population_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Indlæs befolkningstal", "",
                                              "Statistikbanken (*.csv *.xlsx *.txt);;Alle filer (*)")
        return path

    def import_populations(self, path: str | None = None) -> None:
        """Read a FOLK1A file, preview what changes (old → new per municipality) and store it on Indlæs."""
        from kkrdesk.gui.budgets.population_dialog import PopulationImportDialog
        from kkrdesk.services.populations import read_population

        path = path or self.ask_population_file()
        if not path:
            return
        try:
            report = read_population(path)
            dialog = PopulationImportDialog(self.store, Path(path), report, self)
        except UserError as exc:
            QMessageBox.warning(self, "Befolkningstal", str(exc))
            return
        self.population_dialog = dialog
        dialog.accepted.connect(lambda: self._populations_imported(dialog.report))
        dialog.open()

    def _populations_imported(self, report) -> None:
        from kkrdesk.gui.budgets.common import show_message
        from kkrdesk.reference import format_date

        page = self.pages["per-capita"]
        page.fill_known_populations()  # blank inhabitants in the open calculation get the new figures
        show_message(page.message, f"{len(report.changed)} befolkningstal pr. {format_date(report.date)} er gemt "
                                   f"({report.source}). »Tilføj hele regionen« bruger dem nu.")

    def _show_open_name(self) -> None:
        page = self.current_page()
        if page is None:
            return
        self.open_label.setText(f"Åben: {page.calc_name}" if page.calc_id else f"Ny beregning: {page.title}")
        note = page.saved.note if page.calc_id and page.saved is not None else None
        text = " · ".join(line.strip() for line in (note or "").splitlines() if line.strip())
        self.note_label.setText(text if len(text) <= 240 else text[:239].rstrip() + " …")
        self.note_label.setToolTip(text)
        self.note_label.setVisible(bool(note))

    def _list_message(self, text: str) -> None:
        from kkrdesk.gui.budgets.common import show_message

        show_message(self.list_message, text)

    def _open_row(self, row: dict | None) -> None:
        if row:
            self.open_calculation(row["id"])

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self._list_message("Vælg en beregning i listen.")
            return
        self.open_calculation(ids[0])

    def open_calculation(self, calc_id: int) -> None:
        """Reopen a saved calculation in its page, with its inputs, and recompute it."""
        from kkrdesk.services import budgets

        try:
            saved = budgets.load(self.store, calc_id)
        except UserError as exc:
            self._list_message(str(exc))
            return
        page = self.pages.get(saved.kind)
        if page is None:
            self._list_message(f"Beregningstypen '{saved.kind}' kan ikke åbnes her.")
            return
        self._list_message("")
        page.saved = saved
        page.open_saved(saved)
        self.page_tabs.setCurrentWidget(page)
        self._show_open_name()

    def delete_selected(self) -> None:
        from kkrdesk.services import budgets

        ids = self.selected_ids()
        if not ids:
            self._list_message("Vælg den beregning, der skal slettes.")
            return
        rows = {r["id"]: r for r in self.calculations.model.rows()}
        names = "\n".join(f"• {rows[i]['name']}" for i in ids if i in rows)
        what = "denne beregning" if len(ids) == 1 else f"disse {len(ids)} beregninger"
        if not self.confirm(f"Vil du slette {what}?\n\n{names}\n\nDet kan ikke fortrydes."):
            return
        try:
            for calc_id in ids:
                budgets.delete(self.store, calc_id)  # notifies {"calculations"}: the list refreshes
        except UserError as exc:
            self._list_message(str(exc))
            return
        for page in self.pages.values():
            if page.calc_id in ids:
                page.calc_id, page.calc_name = None, ""
        self._list_message("")
        self._show_open_name()

    def compare_selected(self):
        from kkrdesk.gui.budgets import CompareDialog

        ids = self.selected_ids()
        dialog = CompareDialog(self.store, ids[0] if ids else None, ids[1] if len(ids) > 1 else None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- calculator actions --
    def _commit_edits(self) -> None:
        # A cell being edited holds its text until it loses focus; Ctrl+Enter must see it.
        focus = self.focusWidget()
        if focus is not None and focus is not self.calc_button:
            self.calc_button.setFocus()

    def calculate(self) -> bool:
        self._commit_edits()
        return self.current_page().calculate()

    def new_calculation(self) -> None:
        from kkrdesk.gui.budgets import KeyPage

        page = self.current_page()
        if isinstance(page, KeyPage):
            page.clear_inputs()
        else:
            page.set_state({"years": ["2026", "2027", "2028"]} if page.kind == "project-budget" else {}, {})
            page.calc_id, page.calc_name = None, ""
            page.clear_result()
        page.saved = None
        self._show_open_name()

    def save(self) -> int | None:
        return self._save(copy=False)

    def save_copy(self) -> int | None:
        return self._save(copy=True)

    def _save(self, copy: bool) -> int | None:
        from kkrdesk.services import budgets

        self._commit_edits()
        page = self.current_page()
        if not page.calculate():
            return None  # the page shows why; nothing is saved
        inputs = page.inputs()
        if copy:
            default = f"{page.calc_name} (kopi)" if page.calc_name else ""
            name = self.ask_name("Gem som kopi", default)
        else:
            name = self.ask_name("Gem beregning", page.calc_name or self._suggest_name(page))
        if name is None:
            return None
        saved = getattr(page, "saved", None) if page.calc_id else None
        extra = {}
        if saved is not None:
            extra = {"note": saved.note, "item_id": saved.item_id, "indsats_id": saved.indsats_id}
            if not copy:  # saved back over the calculation as loaded: a colleague's later save is not overwritten
                extra["base"] = saved.base
        try:
            calc_id = budgets.save(self.store, name, page.kind, inputs, **page.meta(), **extra,
                                   calc_id=None if copy else page.calc_id)
        except UserError as exc:
            if saved is not None and getattr(exc, "current", None) is not None:  # the next save overwrites
                page.saved = dataclasses.replace(saved, base=exc.current)
            page.show_error(str(exc))
            return None
        page.saved = budgets.load(self.store, calc_id)
        page.calc_id, page.calc_name = calc_id, page.saved.name
        page.show_info(f"Gemt: {page.calc_name}")
        self.calculations.reload()  # also refreshed by the store's notify; this keeps the selection right
        self.calculations.select_id(calc_id)
        self._show_open_name()
        return calc_id

    def _suggest_name(self, page) -> str:
        result = page.result
        if page.kind == "project-budget" and result is not None:
            return result.title
        total = getattr(result, "total", None)
        if page.kind in ("split", "pro-rata", "equal") and total is not None:
            from kkrdesk.calc import fmt

            return f"{page.title}: {fmt(total)} kr."
        return page.title

    def export(self, fmt_name: str):
        """Excel (live formulas) or PDF of the current page's result, written on a worker thread."""
        from kkrdesk.gui.workers import run_job

        self._commit_edits()
        page = self.current_page()
        if not page.calculate():
            return None
        result = page.result
        title = page.calc_name or (result.title if page.kind == "project-budget" else page.title)
        meta = page.meta()
        suggestion = str(Path.home() / f"{_file_name(title)}.{fmt_name}")
        if fmt_name == "xlsx":
            path = self.ask_save_path("Eksportér til Excel", suggestion, XLSX_FILTER)
        else:
            path = self.ask_save_path("Eksportér til PDF", suggestion, PDF_FILTER)
        if not path:
            return None
        if not path.lower().endswith(f".{fmt_name}"):
            path += f".{fmt_name}"

        def work(progress, cancel):
            from kkrdesk.exports.budget_xlsx import Meta

            progress(0, 1, "Skriver filen …")
            info = Meta(title=title, price_level=meta["price_level"], source=meta["population_source"],
                        source_date=meta["population_date"])
            if fmt_name == "xlsx":
                from kkrdesk.exports.budget_xlsx import write_xlsx

                written = write_xlsx(result, path, info)
            else:
                from kkrdesk.exports.budget_pdf import write_pdf

                written = write_pdf(result, path, info)
            return written  # no progress report after the file is written: Annullér would come too late

        job = run_job(self, "Eksporterer beregningen …", work,
                      lambda written: page.show_info(f"Eksporteret: {written}"), out=path)
        self.jobs = [j for j in self.jobs if j.thread.isRunning()] + [job]
        return job
