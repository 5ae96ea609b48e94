"""Tovholdere: every indsats with its tovholdere as the papers print them, views by party, plan and overdue
reports, the assignments of the selected indsats with their traffic lights, and forms out and back."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QIdentityProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
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
from kkrdesk.gui.models import STATUS_COLOURS, Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.gui.workers import run_job
from kkrdesk.reference import danish
from kkrdesk.services import forms, tovholdere

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
    Column("Opgave", "status", width=90),
    Column("Fase", "phase", width=120),
    Column("Rapportering", "cadence", width=110),
    Column("Seneste status", "report_status", width=110),
    Column("Rapportdato", "report_date", "date", 100),
    Column("Skal rapportere", "due", "bool"),
]
# The error column comes early: for a refused file it is the one thing to read.
PREVIEW_HEADERS = ["Fil", "Tovholder", "Indsats", "Status", "Fejl", "Fremdrift", "Udfyldt af", "Dato"]
FORM_FILTERS = "Excel (*.xlsx);;Udfyldelig PDF (*.pdf)"
VIEWS = ("Alle indsatser", "Efter tovholder", "Efter plan", "Forfaldne rapporter")
ROLE_COLUMN = [c.key for c in COLUMNS].index("party_role")


def _rows(store, view: int, choice: str | None) -> list[dict]:
    rows = tovholdere.indsats_rows(
        store, party=choice if view == 1 else None, plan=choice if view == 2 else None, overdue=view == 3)
    for row in rows:
        amount = row["amount_mio"]
        # A frame (ramme) is printed in parentheses and never added to totals.
        row["amount"] = f"({danish.format_number(amount)})" if row["is_frame"] and amount is not None else amount
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
        self.assignments = FilterTable(ASSIGNMENT_COLUMNS,
                                       lambda: tovholdere.assignment_rows(self.store, self._indsats_id()),
                                       title="Tovholdere", placeholder="Filtrér tovholdere …")
        for table in (self.indsatser, self.assignments):
            _with_traffic_lights(table)
        self.indsatser.view.setColumnHidden(ROLE_COLUMN, True)
        self.warning = QLabel(self)
        self.warning.setObjectName("warning")
        self.indsatser.selected.connect(self._indsats_selected)

        self.form_button = QPushButton("Lav skema …", self)
        self.form_button.setToolTip("Tovholderskema til den valgte tovholder, som Excel eller udfyldelig PDF")
        self.form_button.clicked.connect(self.make_form)
        send = QPushButton("Send skemaer", self)
        send.setToolTip("Én fil pr. tovholder, der skal rapportere, i en mappe du vælger")
        send_menu = QMenu(send)
        send_menu.addAction("Som Excel-skemaer …", lambda: self.send_forms("xlsx"))
        send_menu.addAction("Som udfyldelige PDF-skemaer …", lambda: self.send_forms("pdf"))
        send.setMenu(send_menu)
        receive = QPushButton("Indlæs returnerede skemaer …", self)
        receive.clicked.connect(self.import_forms)
        overview = QPushButton("Eksportér oversigt", self)
        menu = QMenu(overview)
        menu.addAction("Oversigt (Excel) …", lambda: self.export_overview(".xlsx"))
        menu.addAction("Oversigt (PDF) …", lambda: self.export_overview(".pdf"))
        menu.addAction("Statusrapport (PDF) …", self.export_status_report)
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
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.indsatser)
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

    def refresh(self, kinds: frozenset[str]) -> None:
        if kinds & {"indsatser", "assignments", "reports", "all"}:
            self.indsatser.reload()
            self.assignments.reload()
            self._indsats_selected(self.indsatser.current_row())

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
                lambda out: self._status(f"Oversigten er gemt: {out}"))

    def export_status_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Statusrapport", "statusrapport.pdf", "PDF (*.pdf)")
        if not path:
            return
        from kkrdesk.exports.status_report_pdf import write_status_report

        rows = tovholdere.status_report_rows(self.store)
        run_job(self, "Laver statusrapporten …", lambda progress, cancel: write_status_report(rows, Path(path)),
                lambda out: self._status(f"Statusrapporten er gemt: {out}"))
