"""Merging a meeting back from a laptop: what would change and every conflict, before anything is written."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kkrdesk.gui.cases.dialogs import _buttons

CONFLICT = QColor("#C62828")


class MergePreviewDialog(QDialog):
    """Changes and conflicts of a dry-run merge; "Flet" is possible only without conflicts."""

    def __init__(self, report: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Flet møde fra bærbar – forhåndsvisning")
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        conflicts, changes = report["conflicts"], report["changes"]
        if conflicts:
            text = (f"<b>{len(conflicts)} konflikt(er)</b>: det samme er ændret både i filen og i den fælles database. "
                    "Intet kan flettes, før den ene side er rettet.")
        elif changes:
            text = f"{len(changes)} ændring(er) flettes ind i mødet i ét hug (og kan fortrydes samlet)."
        else:
            text = "Ingen ændringer: mødet er allerede som i filen."
        self.summary = QLabel(text, self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        rows = [("Konflikt", c["text"], True) for c in conflicts] + [(c["action"].capitalize(), c["text"], False)
                                                                      for c in changes]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Hvad", "Beskrivelse"])
        for r, (kind, description, is_conflict) in enumerate(rows):
            for c, value in enumerate((kind, description)):
                cell = QTableWidgetItem(value)
                if is_conflict:
                    cell.setForeground(QBrush(CONFLICT))
                self.table.setItem(r, c, cell)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setColumnWidth(0, 90)
        # Row heights follow the wrapped text once the description column has its real width.
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table)
        self.buttons = _buttons(self, "Flet")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not conflicts and bool(changes))
        layout.addWidget(self.buttons)
