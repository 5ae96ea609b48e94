"""Indsæt medlemsliste: paste (or open) a member list, preview every parsed row, import in one step.

The form is ui/member_import_dialog.ui; all the work is services.member_import (the CLI uses the same).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
)

from kkrdesk.errors import UserError
from kkrdesk.gui.import_preview import ERROR_COLOUR, fill_preview, run_import, setup_buttons, setup_preview, show_status
from kkrdesk.gui.ui_loader import load_ui
from kkrdesk.services import member_import

PREVIEW_HEADERS = ["Linje", "Navn", "Titel", "Organisation", "Rolle"]


class MemberImportDialog(QDialog):
    """The preview is a dry run of the real import, so what it shows is exactly what will be written."""

    def __init__(self, store, body_names: list[str], body: str | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Indsæt medlemsliste")
        self.resize(900, 640)
        self.form = load_ui("member_import_dialog.ui", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.body_combo: QComboBox = self.form.findChild(QComboBox, "bodyCombo")
        self.start_check: QCheckBox = self.form.findChild(QCheckBox, "startCheck")
        self.start_date: QDateEdit = self.form.findChild(QDateEdit, "startDate")
        self.paste: QPlainTextEdit = self.form.findChild(QPlainTextEdit, "pasteEdit")
        self.preview: QTableWidget = self.form.findChild(QTableWidget, "previewTable")
        self.status: QLabel = self.form.findChild(QLabel, "statusLabel")
        self.buttons: QDialogButtonBox = self.form.findChild(QDialogButtonBox, "buttonBox")
        open_button: QPushButton = self.form.findChild(QPushButton, "openFileButton")

        self.body_combo.addItems(body_names)
        if body:
            self.body_combo.setCurrentText(body)
        self.start_date.setLocale(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
        self.start_date.setDate(QDate.currentDate())
        self.start_date.setEnabled(False)
        self.start_check.toggled.connect(self.start_date.setEnabled)
        self.ok_button = setup_buttons(self.buttons, self.do_import, self.reject)
        setup_preview(self.preview, PREVIEW_HEADERS, (50, 200, 220, 200))
        self._file_result: member_import.ParseResult | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.update_preview)
        self.paste.textChanged.connect(self._text_changed)
        self.body_combo.currentTextChanged.connect(lambda _t: self.update_preview())
        self.start_check.toggled.connect(lambda _t: self.update_preview())
        self.start_date.dateChanged.connect(lambda _d: self.update_preview())
        open_button.clicked.connect(self.open_file)
        self.report: member_import.ImportReport | None = None
        self.update_preview()

    # -- input --
    def _text_changed(self) -> None:
        self._file_result = None
        self._timer.start()

    def set_text(self, text: str) -> None:
        self.paste.setPlainText(text)
        self.update_preview()

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Åbn medlemsliste", "",
                                              "Medlemslister (*.xlsx *.csv *.txt);;Alle filer (*)")
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        try:
            result = member_import.parse_file(path)
        except UserError as exc:
            QMessageBox.warning(self, "Medlemsliste", str(exc))
            return
        self.paste.blockSignals(True)
        self.paste.setPlainText(member_import.format_member_list(result.rows))
        self.paste.blockSignals(False)
        self._file_result = result
        self.update_preview()

    def _start(self) -> dt.date | None:
        return self.start_date.date().toPython() if self.start_check.isChecked() else None

    def _source(self):
        return self._file_result if self._file_result is not None else member_import.parse_text(
            self.paste.toPlainText())

    # -- preview --
    def update_preview(self) -> None:
        text = self.paste.toPlainText().strip()
        if not text and self._file_result is None:
            self.preview.setRowCount(0)
            self.status.setText("Indsæt en liste eller åbn en fil.")
            self.ok_button.setEnabled(False)
            return
        report = member_import.import_members(self.store, self._source(), self.body_combo.currentText(),
                                              start=self._start(), dry_run=True)
        self.report = report
        bad_lines = {int(e.split(":")[0].split()[-1]) for e in report.errors
                     if e.startswith(("Linje ", "Række ")) and e.split(":")[0].split()[-1].isdigit()}
        fill_preview(self.preview, [[str(row.line), row.name, row.title or "", row.organisation or "", row.role]
                                    for row in report.rows],
                     colours={r: ERROR_COLOUR for r, row in enumerate(report.rows) if row.line in bad_lines})
        if report.errors:
            show_status(self.status, "Kan ikke indlæses:\n" + "\n".join(report.errors[:12]), ERROR_COLOUR)
        else:
            skipped = ("\n" + "\n".join(report.skipped[:6])) if report.skipped else ""
            show_status(self.status, f"{len(report.rows)} medlemmer læst: {report.created} nye udpegninger, "
                                     f"{report.updated} ændres, {report.unchanged} findes allerede.{skipped}")
        self.ok_button.setEnabled(not report.errors and bool(report.rows))

    # -- import --
    def do_import(self) -> None:
        def work():
            self.report = member_import.import_members(self.store, self._source(), self.body_combo.currentText(),
                                                       start=self._start())

        run_import(self, "Medlemsliste", work, self.update_preview)
