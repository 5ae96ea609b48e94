"""Tovholdere: every indsats with its tovholdere as the papers print them, views by party, plan and overdue
reports, the assignments of the selected indsats with their traffic lights, and forms out and back."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QIdentityProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.errors import UserError
from kkrdesk.gui.models import ROW_ROLE, STATUS_COLOURS, Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.gui.toolbar import bind_button, with_icon
from kkrdesk.gui.workers import run_job
from kkrdesk.reference import danish
from kkrdesk.services import forms, tovholder_edit, tovholdere
from kkrdesk.services.rows import editing_base
from kkrdesk.services.tovholdere import ASSIGNMENT_LABELS

COLUMNS = [
    Column("Indsats", "title", width=380),
    Column("Kategori", "category", width=170),
    Column("År/fase", "when", width=100),
    Column("Mio. kr.", "amount", "mio", 70),
    Column("Tovholder(e)", "tovholdere", width=230),
    Column("Rolle", "party_role", width=120),  # shown only in the view by tovholder
    Column("Status", "status", width=70),
    Column("Advarsel", "warning", width=200),
    Column("Note", "note"),
]
ASSIGNMENT_COLUMNS = [
    Column("Tovholder", "party", width=170),
    Column("Slags", "party_kind", width=80),
    Column("Rolle", "role", width=120),
    Column("Udpegning", "status", width=90),
    Column("Fase", "phase", width=120),
    Column("Fra", "start", "date", 85),
    Column("Til", "end", "date", 85),
    Column("Rapportering", "cadence_text", width=110),
    Column("Seneste status", "report_status", width=110),
    Column("Rapportdato", "report_date", "date", 100),
    Column("Afvigelse i", "afvigelse_i", width=130),  # the latest report's kinds; its text in the tooltip
    Column("Skal rapportere", "due", "bool"),
]
# The error column comes early: for a refused file it is the one thing to read.
PREVIEW_HEADERS = ["Fil", "Tovholder", "Indsats", "Status", "Fejl", "Fremdrift", "Udfyldt af", "Dato"]
FORM_FILTERS = "Excel (*.xlsx);;Udfyldelig PDF (*.pdf)"
VIEWS = ("Alle indsatser", "Efter tovholder", "Efter plan", "Forfaldne rapporter")
ROLE_COLUMN = [c.key for c in COLUMNS].index("party_role")
INDSATS_ACTIONS = ("new_indsats", "edit_indsats", "delete_indsats")
ASSIGNMENT_ACTIONS = ("new_assignment", "edit_assignment", "appoint", "finish", "delete_assignment")


def _rows(store, view: int, choice: str | None) -> list[dict]:
    rows = tovholdere.indsats_rows(
        store, party=choice if view == 1 else None, plan=choice if view == 2 else None, overdue=view == 3)
    for row in rows:
        amount = row["amount_mio"]
        # A frame (ramme) is printed in parentheses and never added to totals.
        if row["is_frame"] and amount is not None:  # with a decimal as the "mio" column shows one: (1,9)
            row["amount"] = f"({danish.format_number(amount, 0 if amount == amount.to_integral_value() else 1)})"
        else:
            row["amount"] = amount
    return rows


def _assignment_rows(store, indsats_id: int | None) -> list[dict]:
    from kkrdesk.gui.tovholdere.dialogs import cadence_text

    rows = tovholdere.assignment_rows(store, indsats_id)
    for row in rows:
        row["cadence_text"] = cadence_text(row["cadence"])  # a set date reads 01.03.2026, not 2026-03-01
        row["afvigelse_i"] = ", ".join(row["afvigelser_i"])
        row["afvigelse_i_tooltip"] = tovholdere.describe_deviations(row["afvigelser"], row["afvigelser_i"]) or None
    return rows


@cache
def _dot_for(name: str) -> QIcon:
    return _dot(QColor(name))


class TrafficLights(QIdentityProxyModel):
    """Shows the models' status colour as a round traffic light rather than Qt's square swatch."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DecorationRole and isinstance(value, QColor):
            return _dot_for(value.name())
        return value


def _with_traffic_lights(table: FilterTable) -> None:
    lights = TrafficLights(table)
    lights.setSourceModel(table.model)
    table.proxy.setSourceModel(lights)
    # The row count must be taken after the last proxy has seen a reload, not when the model resets.
    table.proxy.modelReset.connect(table._update_count)


def _dot(colour: QColor) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(colour.darker(130))
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


class ImportPreview(QDialog):
    """Every returned form with what it will store or why it cannot; Importér only when all are valid."""

    def __init__(self, parsed: list[forms.ParsedReport], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Returnerede tovholderskemaer")
        self.resize(1150, 420)
        table = QTableWidget(len(parsed), len(PREVIEW_HEADERS), self)
        table.setHorizontalHeaderLabels(PREVIEW_HEADERS)
        for r, p in enumerate(parsed):
            dato = p.values.get("dato")
            values = [p.file, p.party or "", p.indsats or "", p.values.get("status", ""), " ".join(p.errors),
                      p.values.get("fremdrift", ""), p.values.get("udfyldt_af", ""),
                      danish.format_date(dato, "short") if dato else ""]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setToolTip(str(value))
                if p.errors:
                    item.setForeground(Qt.GlobalColor.red)
                elif c == 3 and value in STATUS_COLOURS:
                    item.setIcon(_dot_for(STATUS_COLOURS[value]))
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        for c in range(table.columnCount()):
            # Long answers show in the tooltip; the file name gives way so the error column shows.
            table.setColumnWidth(c, min(table.columnWidth(c), 240 if c == 0 else 360))
        self.table = table
        failed = sum(1 for p in parsed if p.errors)
        summary = QLabel(f"{len(parsed) - failed} af {len(parsed)} skemaer kan gemmes."
                         + (" Ret fejlene og prøv igen: intet gemmes, før alle er i orden." if failed else ""), self)
        if failed:
            summary.setObjectName("warning")
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton("Importér", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(failed == 0)
        buttons.addButton("Annullér", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(table)
        layout.addWidget(buttons)


class TovholdereTab(QWidget):
    previewed = Signal(object)  # the preview dialog of returned forms, before it is shown
    reports_imported = Signal(int)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.preview: ImportPreview | None = None
        self.view = QComboBox(self)
        self.view.addItems(VIEWS)
        self.choice = QComboBox(self)
        self.choice.setMinimumWidth(220)
        self.choice.setVisible(False)
        self.view.currentIndexChanged.connect(self._view_changed)
        self.choice.currentIndexChanged.connect(lambda _i: self.indsatser.reload())
        self.indsatser = FilterTable(COLUMNS, lambda: _rows(self.store, self.view.currentIndex(),
                                                            self.choice.currentText() or None),
                                     title="Indsatser", placeholder="Filtrér indsatser, fx en kommune …")
        self.table = self.indsatser.view
        self.assignments = FilterTable(ASSIGNMENT_COLUMNS, lambda: _assignment_rows(self.store, self._indsats_id()),
                                       title="Tovholdere", placeholder="Filtrér tovholdere …")
        for table in (self.indsatser, self.assignments):
            _with_traffic_lights(table)
        self.indsatser.view.setColumnHidden(ROLE_COLUMN, True)
        self.warning = QLabel(self)
        self.warning.setObjectName("warning")
        self.indsatser.selected.connect(self._indsats_selected)
        self.assignments.selected.connect(lambda _row: self._update_actions())
        self.dialog = None  # the open Ny/Ret dialog, for tests and for screenshots
        self._build_edit_actions()

        # Actions shared by the buttons here and the window's toolbar.
        self.form_action = with_icon(QAction("Lav skema …", self), "save", "Lav skema")
        self.form_action.setToolTip("Tovholderskema til den valgte tovholder, som Excel eller udfyldelig PDF")
        self.form_action.triggered.connect(lambda _checked=False: self.make_form())
        self.send_action = with_icon(QAction("Send skemaer", self), "send")
        self.send_action.setToolTip("Én fil pr. tovholder, der skal rapportere, i en mappe du vælger")
        send_menu = QMenu(self)
        send_menu.addAction("Som Excel-skemaer …", lambda: self.send_forms("xlsx"))
        send_menu.addAction("Som udfyldelige PDF-skemaer …", lambda: self.send_forms("pdf"))
        self.send_action.setMenu(send_menu)
        self.receive_action = with_icon(QAction("Indlæs returnerede skemaer …", self), "import", "Indlæs skemaer")
        self.receive_action.setToolTip("Læs udfyldte skemaer (Excel eller PDF) ind som rapporter")
        self.receive_action.triggered.connect(lambda _checked=False: self.import_forms())
        self.overview_action = with_icon(QAction("Eksportér oversigt", self), "pdf", "Oversigt")
        self.overview_action.setToolTip("Oversigt over indsatser og tovholdere, eller statusrapporten")
        menu = QMenu(self)
        menu.addAction("Oversigt (Excel) …", lambda: self.export_overview(".xlsx"))
        menu.addAction("Oversigt (PDF) …", lambda: self.export_overview(".pdf"))
        menu.addAction("Statusrapport (PDF) …", self.export_status_report)
        self.overview_action.setMenu(menu)
        self.form_button = bind_button(QPushButton(self.form_action.text(), self), self.form_action)
        send = QPushButton(self.send_action.text(), self)
        send.setToolTip(self.send_action.toolTip())
        send.setMenu(send_menu)
        receive = bind_button(QPushButton(self.receive_action.text(), self), self.receive_action)
        overview = QPushButton(self.overview_action.text(), self)
        overview.setToolTip(self.overview_action.toolTip())
        overview.setMenu(menu)

        top = QHBoxLayout()
        top.addWidget(QLabel("Vis:", self))
        top.addWidget(self.view)
        top.addWidget(self.choice)
        top.addStretch(1)
        for button in (self.form_button, send, receive, overview):
            top.addWidget(button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.warning)
        lower_layout.addWidget(self.assignments)
        lower_layout.addLayout(self._button_row(ASSIGNMENT_ACTIONS))
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.indsatser)
        upper_layout.addLayout(self._button_row(INDSATS_ACTIONS))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.refresh(frozenset({"indsatser"}))
        self.indsatser.view.selectRow(0)

    # -- views --
    def _view_changed(self, index: int) -> None:
        self.choice.blockSignals(True)
        self.choice.clear()
        if index == 1:
            self.choice.addItems(tovholdere.parties(self.store))
        elif index == 2:
            self.choice.addItems(tovholdere.plans(self.store))
        self.choice.blockSignals(False)
        self.choice.setVisible(index in (1, 2))
        self.indsatser.view.setColumnHidden(ROLE_COLUMN, index != 1)
        self.indsatser.reload()

    def _indsats_id(self) -> int | None:
        row = self.indsatser.current_row() if hasattr(self, "indsatser") else None
        return row["id"] if row else None

    def _indsats_selected(self, row: dict | None) -> None:
        self.warning.setText(f"⚠ {row['warning']}" if row and row.get("warning") else "")
        self.assignments.reload()
        self._update_actions()

    def refresh(self, kinds: frozenset[str]) -> None:
        if kinds & {"indsatser", "assignments", "reports", "all"}:
            self._refill_choice()
            self.indsatser.reload()
            self.assignments.reload()
            self._indsats_selected(self.indsatser.current_row())

    def _refill_choice(self) -> None:
        """New tovholdere and plans appear in the view by tovholder or plan; the chosen one stays chosen."""
        view = self.view.currentIndex()
        if view not in (1, 2):
            return
        current = self.choice.currentText()
        names = tovholdere.parties(self.store) if view == 1 else tovholdere.plans(self.store)
        if names == [self.choice.itemText(i) for i in range(self.choice.count())]:
            return
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItems(names)
        self.choice.setCurrentText(current)
        self.choice.blockSignals(False)

    # -- editing: Ny/Ret/Slet indsats, Ny/Ret/Slet tovholder, Udpeg, Afslut --
    def toolbar_actions(self) -> list[QAction | None]:
        a = self.actions
        return [with_icon(a["new_indsats"], "new", "Ny indsats"), with_icon(a["edit_indsats"], "edit", "Ret indsats"),
                None, with_icon(a["new_assignment"], "new", "Ny tovholder"), with_icon(a["appoint"], "apply"),
                with_icon(a["finish"], "end"), None, self.form_action, self.send_action, self.receive_action,
                self.overview_action]

    def _build_edit_actions(self) -> None:
        self.actions: dict[str, QAction] = {}
        for key, text, tip, shortcut, slot in (
            ("new_indsats", "Ny indsats …", "Opret en ny indsats", "Insert", self.new_indsats),
            ("edit_indsats", "Ret indsats …", "Ret den valgte indsats (eller dobbeltklik)", "F2",
             self.edit_indsats),
            ("delete_indsats", "Slet indsats", "Slet den valgte indsats med dens tovholdere", "Delete",
             self.delete_indsats),
            ("new_assignment", "Ny tovholder …", "Foreslå eller udpeg en tovholder til den valgte indsats",
             "Insert", self.new_assignment),
            ("edit_assignment", "Ret tovholder …", "Ret den valgte tovholder (eller dobbeltklik)", "F2",
             self.edit_assignment),
            ("appoint", "Udpeg", "KKR har udpeget den foreslåede tovholder", None, self.appoint),
            ("finish", "Afslut", "Tovholderens opgave er slut; rapporterne gemmes", None, self.finish),
            ("delete_assignment", "Slet tovholder", "Slet den valgte tovholder (kun uden rapporter)", "Delete",
             self.delete_assignment),
        ):
            action = QAction(text, self)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.actions[key] = action
        # Insert, F2 and Delete act on the table that has the keyboard focus.
        for table, keys in ((self.indsatser, INDSATS_ACTIONS), (self.assignments, ASSIGNMENT_ACTIONS)):
            for key in keys:
                if self.actions[key].shortcut():
                    table.view.addAction(self.actions[key])
            table.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.indsatser.view.customContextMenuRequested.connect(
            lambda pos: self._context_menu(self.indsatser, pos, INDSATS_ACTIONS + ("new_assignment",)))
        self.assignments.view.customContextMenuRequested.connect(
            lambda pos: self._context_menu(self.assignments, pos, ASSIGNMENT_ACTIONS))
        self.indsatser.activated.connect(lambda row: row and self.edit_indsats())
        self.assignments.activated.connect(lambda row: row and self.edit_assignment())

    def _button_row(self, keys: tuple[str, ...]) -> QHBoxLayout:
        row = QHBoxLayout()
        for key in keys:
            button = QPushButton(self.actions[key].text(), self)
            button.setObjectName(f"{key}Button")
            button.setToolTip(self.actions[key].toolTip())
            button.clicked.connect(self.actions[key].trigger)
            self.actions[key].enabledChanged.connect(button.setEnabled)
            button.setEnabled(self.actions[key].isEnabled())
            row.addWidget(button)
            if key in ("delete_indsats", "edit_assignment"):
                row.addSpacing(12)  # the workflow's steps stand apart from Ny/Ret
        row.addStretch(1)
        return row

    def _context_menu(self, table: FilterTable, pos, keys: tuple[str, ...]) -> None:
        menu = QMenu(self)
        for key in keys:
            if key in ("new_assignment", "appoint") and menu.actions():
                menu.addSeparator()
            menu.addAction(self.actions[key])
        if table is self.assignments:
            menu.addSeparator()
            menu.addAction("Lav skema …", self.make_form).setEnabled(self.assignments.current_row() is not None)
        menu.popup(table.view.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def _update_actions(self) -> None:
        indsats, assignment = self.indsatser.current_row(), self.assignments.current_row()
        for key in ("edit_indsats", "delete_indsats", "new_assignment"):
            self.actions[key].setEnabled(indsats is not None)
        for key in ("edit_assignment", "delete_assignment"):
            self.actions[key].setEnabled(assignment is not None)
        status = assignment["status"] if assignment else None
        self.actions["appoint"].setEnabled(status == "foreslået")
        self.actions["finish"].setEnabled(status in ("foreslået", "udpeget"))

    def _open(self, make, on_saved) -> object:
        """Window-modal and non-blocking: the dialog saves on OK and stays open on a refusal."""
        try:
            dialog = make()
        except UserError as exc:  # e.g. the indsats was deleted meanwhile
            self._error(exc)
            return None
        dialog.saved.connect(on_saved)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_indsats(self):
        from kkrdesk.gui.tovholdere.dialogs import IndsatsDialog

        return self._open(lambda: IndsatsDialog(self.store, None, self), self.select_indsats)

    def edit_indsats(self):
        from kkrdesk.gui.tovholdere.dialogs import IndsatsDialog

        indsats_id = self._indsats_id()
        if indsats_id is None:
            return None
        return self._open(lambda: IndsatsDialog(self.store, indsats_id, self), self.select_indsats)

    def delete_indsats(self) -> bool:
        row = self.indsatser.current_row()
        if row is None:
            return False
        count = self.assignments.model.rowCount()
        also = f" og {'dens tovholder' if count == 1 else f'dens {count} tovholdere'}" if count else ""
        if not self._confirm("Slet indsats", f"Slet indsatsen »{row['title']}«{also}?"):
            return False
        neighbour = self._neighbour(self.indsatser)
        if not self._call(tovholder_edit.delete_indsats, self.store, row["id"],
                          base=editing_base(row, tovholder_edit.INDSATS_LABELS)):
            return False
        self.indsatser.reload()
        if neighbour is not None:
            self.indsatser.select_id(neighbour)
        self._indsats_selected(self.indsatser.current_row())
        return True

    def new_assignment(self):
        from kkrdesk.gui.tovholdere.dialogs import AssignmentDialog

        indsats_id = self._indsats_id()
        if indsats_id is None:
            return None
        return self._open(lambda: AssignmentDialog(self.store, indsats_id, None, self),
                          self.select_assignment)

    def edit_assignment(self):
        from kkrdesk.gui.tovholdere.dialogs import AssignmentDialog

        indsats_id, row = self._indsats_id(), self.assignments.current_row()
        if indsats_id is None or row is None:
            return None
        return self._open(lambda: AssignmentDialog(self.store, indsats_id, row["id"], self),
                          self.select_assignment)

    def appoint(self) -> bool:
        return self._step(tovholder_edit.appoint, "er udpeget")

    def finish(self) -> bool:
        return self._step(tovholder_edit.finish, "er afsluttet")

    def _step(self, service, done: str) -> bool:
        row = self.assignments.current_row()
        # As the list shows it: a colleague's change since (the list refreshes within a second) stops the step.
        if row is None or not self._call(service, self.store, row["id"],
                                         base=editing_base(row, ASSIGNMENT_LABELS)):
            return False
        self.select_assignment(row["id"])
        self._status(f"{row['party']} {done} som tovholder.")
        return True

    def delete_assignment(self) -> bool:
        row, indsats = self.assignments.current_row(), self.indsatser.current_row()
        if row is None or indsats is None:
            return False
        if not self._confirm("Slet tovholder", f"Slet {row['party']} ({row['role']}) som tovholder på "
                                               f"»{indsats['title']}«?"):
            return False
        neighbour = self._neighbour(self.assignments)
        if not self._call(tovholder_edit.delete_assignment, self.store, row["id"],
                          base=editing_base(row, ASSIGNMENT_LABELS)):
            return False
        self.select_assignment(neighbour)
        return True

    def select_indsats(self, indsats_id: int) -> None:
        """After a save: reload and keep the indsats selected; a view or filter that hides it is cleared."""
        self._refill_choice()
        self.indsatser.reload()
        if not self.indsatser.select_id(indsats_id):
            self.indsatser.filter.clear()
            if not self.indsatser.select_id(indsats_id):
                self.view.setCurrentIndex(0)
                self.indsatser.select_id(indsats_id)
        self._indsats_selected(self.indsatser.current_row())
        self.indsatser.view.scrollTo(self.indsatser.view.currentIndex())

    def select_assignment(self, assignment_id: int | None) -> None:
        """After a change to a tovholder: the indsats stays selected, its row (tovholdere, warning) is fresh."""
        indsats_id = self._indsats_id()
        if indsats_id is not None:
            self.select_indsats(indsats_id)
        if assignment_id is not None and not self.assignments.select_id(assignment_id):
            self.assignments.filter.clear()
            self.assignments.select_id(assignment_id)
        self._update_actions()

    @staticmethod
    def _neighbour(table: FilterTable):
        """The row to select once the current one is gone: the next, else the previous."""
        current = table.view.currentIndex().row()
        for r in (current + 1, current - 1):
            if 0 <= r < table.proxy.rowCount():
                return (table.proxy.index(r, 0).data(ROW_ROLE) or {}).get("id")
        return None

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _call(self, fn, *args, **kwargs) -> bool:
        try:
            fn(*args, **kwargs)
        except UserError as exc:
            self._error(exc)
            return False
        return True

    # -- forms out and back --
    def _error(self, exc: UserError) -> None:
        QMessageBox.warning(self, "Tovholdere", str(exc))

    def make_form(self, path: str | None = None) -> Path | None:
        row = self.assignments.current_row()
        if row is None:
            QMessageBox.information(self, "Tovholderskema", "Vælg først en tovholder i listen nederst.")
            return None
        if path is None:
            name = f"tovholderskema_{row['party']}.xlsx".replace(" ", "_")
            path, chosen = QFileDialog.getSaveFileName(self, "Tovholderskema", name, FORM_FILTERS)
            if not path:
                return None
            wanted = ".pdf" if chosen.startswith("Udfyldelig PDF") else ".xlsx"
            if Path(path).suffix.lower() != wanted:
                path = str(Path(path).with_suffix(wanted))  # the chosen type wins over a typed-in suffix
        try:
            out = forms.export_form(self.store, row["id"], path)
        except UserError as exc:
            self._error(exc)
            return None
        self._status(f"Skemaet er gemt: {out}")
        return out

    def send_forms(self, fmt: str = "xlsx", folder: str | None = None):
        """One file per assignment due for reporting, into a folder the secretary mails from."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "Send skemaer: vælg en mappe")
        if not folder:
            return None
        return run_job(self, "Laver tovholderskemaer …",
                       lambda progress, cancel: forms.export_due_forms(self.store, folder, fmt,
                                                                       progress=progress, cancel=cancel),
                       lambda made: self._status(f"{len(made)} skemaer er lagt i {folder}"))

    def import_forms(self, paths: list[str] | None = None, *, confirm: bool = True):
        """Read the chosen files off the GUI thread, preview them, and store all only when all are valid."""
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "Returnerede tovholderskemaer", "",
                                                    "Tovholderskemaer (*.xlsx *.pdf);;Alle filer (*)")
        if not paths:
            return None
        paths = list(paths)
        self.preview = None
        return run_job(self, "Læser returnerede skemaer …",
                       lambda progress, cancel: forms.import_reports(self.store, paths, dry_run=True,
                                                                     progress=progress, cancel=cancel),
                       lambda parsed: self._preview(paths, parsed, confirm))

    def _preview(self, paths: list[str], parsed: list, confirm: bool) -> None:
        self.preview = ImportPreview(parsed, self)
        self.previewed.emit(self.preview)
        if any(p.errors for p in parsed):
            if confirm:
                self.preview.exec()
            return
        if confirm and self.preview.exec() != QDialog.DialogCode.Accepted:
            return
        # Checked again inside the one transaction that stores them: a file changed meanwhile is caught.
        run_job(self, "Gemmer rapporter …",
                lambda progress, cancel: forms.import_reports(self.store, paths, progress=progress),
                lambda stored: self._imported(len(stored)))

    def _imported(self, count: int) -> None:
        self._status(f"{count} rapporter er gemt.")
        self.reports_imported.emit(count)

    def _status(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    def export_overview(self, suffix: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Oversigt over tovholdere", f"tovholdere{suffix}")
        if not path:
            return
        rows = tovholdere.overview(self.store)
        if path.lower().endswith(".pdf"):
            from kkrdesk.exports.tovholdere_pdf import write_overview
        else:
            from kkrdesk.exports.tovholdere_xlsx import write_overview
        run_job(self, "Laver oversigten …", lambda progress, cancel: write_overview(rows, Path(path)),
                lambda out: self._status(f"Oversigten er gemt: {out}"), out=path)

    def export_status_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Statusrapport", "statusrapport.pdf", "PDF (*.pdf)")
        if not path:
            return
        from kkrdesk.exports.status_report_pdf import write_status_report

        rows = tovholdere.status_report_rows(self.store)
        run_job(self, "Laver statusrapporten …", lambda progress, cancel: write_status_report(rows, Path(path)),
                lambda out: self._status(f"Statusrapporten er gemt: {out}"), out=path)
