"""Indlæs befolkningstal: preview the figures a Statistikbanken file (FOLK1A) would change, and store them.

All the work is services.populations (the CLI `kkrdesk import population` uses the same); the preview is its dry
run, so what it lists is exactly what "Indlæs" writes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTableWidget, QVBoxLayout

from kkrdesk.errors import UserError
from kkrdesk.gui.import_preview import (
    ERROR_COLOUR,
    WARN_COLOUR,
    fill_preview,
    run_import,
    setup_buttons,
    setup_preview,
    show_status,
)
from kkrdesk.reference import format_date, format_number
from kkrdesk.services import populations

PREVIEW_HEADERS = ["Kommune", "Før", "Nyt tal", "Ændring"]
MAX_UNKNOWN_SHOWN = 8


class PopulationImportDialog(QDialog):
    """Built on a file already read (services.populations.read_population), so a file that cannot be read is
    refused before the dialog opens."""

    def __init__(self, store, path: Path, report: populations.PopulationReport, parent=None):
        super().__init__(parent)
        self.store = store
        self.path = Path(path)
        self.setWindowTitle("Indlæs befolkningstal")
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        # A file with several years: choose which 1 January (the CLI's --year); the latest is chosen first.
        self.year_combo = QComboBox(self)
        for year in reversed(report.years):
            self.year_combo.addItem(f"1. januar {year}", year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(report.year))
        year_row = QHBoxLayout()
        year_label = QLabel("Befolkningen &pr.:", self)
        year_label.setBuddy(self.year_combo)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year_combo)
        year_row.addStretch(1)
        self.year_combo.setEnabled(len(report.years) > 1)
        self.preview = QTableWidget(self)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        setup_preview(self.preview, PREVIEW_HEADERS, (200, 110, 110, 110))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = setup_buttons(buttons, self.do_import, self.reject)
        layout.addWidget(self.heading)
        layout.addLayout(year_row)
        for widget in (self.preview, self.status, buttons):
            layout.addWidget(widget, 1 if widget is self.preview else 0)
        self.report = populations.import_population(store, self.path, report=report, dry_run=True)
        self._show()
        self.year_combo.currentIndexChanged.connect(lambda _i: self.choose_year(self.year_combo.currentData()))

    def choose_year(self, year: int) -> None:
        """Read the file again for another 1 January and preview that (a dry run, as always)."""
        if year is None or year == self.report.year:
            return
        try:
            read = populations.read_population(self.path, year=year)
            self.report = populations.import_population(self.store, self.path, report=read, dry_run=True)
        except UserError as exc:  # the file changed on disk since it was opened
            show_status(self.status, str(exc), ERROR_COLOUR)
            self.ok_button.setEnabled(False)
            return
        self._show()

    def _show(self) -> None:
        report = self.report
        self.heading.setText(f"<b>{self.path.name}</b><br>{report.source}, befolkningen pr. "
                             f"{format_date(report.date)} ({report.period}): {len(report.figures)} kommuner i filen.")
        rows = []
        for name, old, new in report.changed:
            change = "ny" if old is None else f"{'+' if new >= old else ''}{format_number(new - old)}"
            rows.append([name, "–" if old is None else format_number(old), format_number(new), change])
        fill_preview(self.preview, rows, right=(1, 2, 3))
        same = len(report.figures) - len(report.changed)
        # Said before the import, not after: Ctrl+Z would otherwise undo the change made before it.
        text = (f"{len(report.changed)} befolkningstal gemmes, {same} er uændrede. Indlæsningen kan ikke fortrydes "
                "med Ctrl+Z; de tal, der bruges nu, står under »Før«." if report.changed else
                f"Alle {len(report.figures)} befolkningstal findes allerede; der er intet at indlæse.")
        if report.unknown:
            shown = report.unknown[:MAX_UNKNOWN_SHOWN]
            more = len(report.unknown) - len(shown)
            text += "\nSprunget over, fordi det ikke er en kommune:\n" + "\n".join(
                f"{report.line_word} {line}: »{name}«" for line, name in shown) + (
                f"\n… og {more} mere." if more > 0 else "")
        show_status(self.status, text, WARN_COLOUR if report.unknown else None)
        self.ok_button.setEnabled(bool(report.changed))

    def do_import(self) -> None:
        def work():
            self.report = populations.import_population(self.store, self.path, report=self.report)

        run_import(self, "Befolkningstal", work, self._show)
