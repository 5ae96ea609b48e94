"""Indsæt sammensætning: paste the composition a paper prints, preview every seat with the sum check, add them.

The form is ui/seat_import_dialog.ui; all the work is services.seat_import (the CLI uses the same). The preview is
a dry run of the real import, so what it shows is exactly what will be added.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QTableWidget, QVBoxLayout

from kkrdesk.errors import UserError
from kkrdesk.gui.import_preview import (
    ERROR_COLOUR,
    MUTED_COLOUR,
    WARN_COLOUR,
    fill_preview,
    run_import,
    setup_buttons,
    setup_preview,
    show_status,
)
from kkrdesk.gui.ui_loader import load_ui
from kkrdesk.services import seat_import

PREVIEW_HEADERS = ["Linje", "Antal", "Rolle", "Udpeget af", "Indstillet af", "Kriterier", "Stemmeret"]
MAX_WARNINGS_SHOWN = 8  # the label grows with its text; the table keeps the room


class SeatImportDialog(QDialog):
    def __init__(self, store, body_name: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.body_name = body_name
        self.saved_id = None  # the tab's dialogs report what they saved; seats come as a batch
        self.setWindowTitle("Indsæt sammensætning")
        self.resize(940, 640)
        self.form = load_ui("seat_import_dialog.ui", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.form)
        self.paste: QPlainTextEdit = self.form.findChild(QPlainTextEdit, "pasteEdit")
        self.preview: QTableWidget = self.form.findChild(QTableWidget, "previewTable")
        self.sum_label: QLabel = self.form.findChild(QLabel, "sumLabel")
        self.status: QLabel = self.form.findChild(QLabel, "statusLabel")
        self.form.findChild(QLabel, "bodyLabel").setText(f"<b>Pladser til {body_name}</b>")
        buttons: QDialogButtonBox = self.form.findChild(QDialogButtonBox, "buttonBox")
        self.ok_button = setup_buttons(buttons, self.do_import, self.reject)
        setup_preview(self.preview, PREVIEW_HEADERS, (50, 55, 100, 190, 150, 290, 75), stretch=5)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.update_preview)
        self.paste.textChanged.connect(self._timer.start)
        self.report: seat_import.SeatImportReport | None = None
        self.update_preview()

    def set_text(self, text: str) -> None:
        self.paste.setPlainText(text)
        self.update_preview()

    def update_preview(self) -> None:
        text = self.paste.toPlainText()
        self.report = None
        if not text.strip():
            self._show([], "", "Indsæt sammensætningen fra papiret.", None)
            return
        try:
            report = seat_import.import_seats(self.store, text, self.body_name, dry_run=True)
        except UserError as exc:
            self._show([], "", "Kan ikke indlæses:\n" + str(exc), ERROR_COLOUR)
            return
        self.report = report
        stated = (f"Overskriften siger {report.stated_total}. " if report.stated_total is not None else
                  "Overskriften nævner intet samlet antal. ")
        sums = (f"{stated}Listen giver {report.sum} pladser, {report.voting_sum} med stemmeret. "
                f"{report.added} tilføjes, {report.existing} har organet allerede.")
        shown = report.warnings[:MAX_WARNINGS_SHOWN]
        more = len(report.warnings) - len(shown)
        word = "advarsel" if more == 1 else "advarsler"
        warnings = "\n".join("⚠ " + w for w in shown) + (f"\n… og {more} {word} mere." if more > 0 else "")
        self._show(report.seats, sums, warnings, WARN_COLOUR if report.warnings else None)

    def _show(self, seats, sums: str, status: str, colour: str | None) -> None:
        rows = [[str(seat.line), str(seat.count), seat.role, seat.appointed_by or "", seat.nominated_by or "",
                 seat.criteria or "", "ja" if seat.voting else "nej"] for seat in seats]
        fill_preview(self.preview, rows, right=(0, 1),
                     colours={r: MUTED_COLOUR for r, seat in enumerate(seats) if not seat.voting})
        self.sum_label.setText(sums)
        show_status(self.status, status, colour)
        self.ok_button.setEnabled(self.report is not None and self.report.added > 0)

    def do_import(self) -> None:
        def work():
            self.report = seat_import.import_seats(self.store, self.paste.toPlainText(), self.body_name)

        run_import(self, "Sammensætning", work, self.update_preview)
