"""What every import dialog with a preview shares (medlemsliste, sammensætning, befolkningstal).

The preview is a dry run of the real import, so it shows exactly what "Indlæs" will write; "Indlæs" runs the
import, and a refusal is shown in Danish while the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from kkrdesk.errors import UserError

ERROR_COLOUR = "#C62828"
WARN_COLOUR = "#B26A00"
MUTED_COLOUR = "#666666"


def setup_buttons(buttons: QDialogButtonBox, accept: Callable[[], None], reject: Callable[[], None]) -> QPushButton:
    """OK becomes "Indlæs", Cancel "Annullér"; returns the Indlæs button (enabled only when there is work)."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText("Indlæs")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
    buttons.accepted.connect(accept)
    buttons.rejected.connect(reject)
    return ok


def setup_preview(table: QTableWidget, headers: list[str], widths: Iterable[int], stretch: int | None = None) -> None:
    """Headers, starting widths, no row numbers; `stretch` takes the room left (else the last column)."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch is None)
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fill_preview(table: QTableWidget, rows: list[list[str]], *, right: Iterable[int] = (),
                 colours: dict[int, str] | None = None) -> None:
    """The preview's rows; columns in `right` align right (numbers), `colours` paints whole rows."""
    right = set(right)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        colour = (colours or {}).get(r)
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if colour:
                item.setForeground(QBrush(QColor(colour)))
            table.setItem(r, c, item)


def show_status(label: QLabel, text: str, colour: str | None = None) -> None:
    label.setStyleSheet(f"color: {colour};" if colour else "")
    label.setText(text)


def run_import(dialog: QDialog, title: str, action: Callable[[], object],
               refresh: Callable[[], None] | None = None) -> bool:
    """Run the real import; on a refusal say why (in Danish), redraw the preview and keep the dialog open."""
    try:
        action()
    except UserError as exc:
        QMessageBox.warning(dialog, title, str(exc))
        if refresh is not None:
            refresh()
        return False
    dialog.accept()
    return True
