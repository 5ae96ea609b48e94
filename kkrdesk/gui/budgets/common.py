"""What every calculator page shares: the .ui loader, the rounding choice, Danish number fields, a table that
takes Ctrl+V from a spreadsheet, and filling a read-only result table."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem

from kkrdesk.calc import HALF_UP, LARGEST_REMAINDER, fmt
from kkrdesk.errors import UserError

ROUNDINGS = ((HALF_UP, "Halv op som i papirerne"), (LARGEST_REMAINDER, "Største rest – summer præcist"))
RED = QColor("#C62828")
GREEN = QColor("#2E7D32")
NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def fill_rounding(combo: QComboBox) -> None:
    combo.clear()
    for key, text in ROUNDINGS:
        combo.addItem(text, key)
    combo.setToolTip("Halv op: hver række afrundes som i sagerne, så rækkerne kan afvige fra totalen med "
                     "nogle kroner.\nStørste rest: rækkerne summer præcist til totalen.")


def set_rounding(combo: QComboBox, policy: str | None) -> None:
    index = combo.findData(policy or HALF_UP)
    combo.setCurrentIndex(max(index, 0))


def number(text: str, label: str, *, required: bool = True) -> Decimal | None:
    """A Danish number from a field ("1.822.000", "1,9"); empty gives None unless required."""
    from kkrdesk.reference import parse_number

    text = (text or "").strip()
    if not text:
        if required:
            raise UserError(f"Udfyld {label}.")
        return None
    try:
        return parse_number(text)
    except (ValueError, ArithmeticError):
        raise UserError(f"{label[:1].upper()}{label[1:]} er ikke et tal: '{text}'. "
                        "Skriv fx 1.822.000 eller 1,9.") from None


def shown(value, decimals: int | None = None) -> str:
    """A stored number (Decimal, int or an exact string) as Danish text for an input field."""
    if value in (None, ""):
        return ""
    try:
        return fmt(Decimal(str(value)), decimals)
    except ArithmeticError:
        return str(value)


def keep_danish(*edits: QLineEdit) -> None:
    """Typed numbers are shown the Danish way once the field is left: 2000000 becomes 2.000.000, 1.9 stays
    what parse_number reads it as (1,9). Text that is no number is left for the calculation to report."""
    from kkrdesk.reference import parse_number

    def tidy(edit: QLineEdit) -> None:
        text = edit.text().strip()
        try:
            value = parse_number(text) if text else None
        except (ValueError, ArithmeticError):
            return
        if value is not None and shown(value) != text:
            edit.setText(shown(value))

    for edit in edits:
        edit.editingFinished.connect(lambda e=edit: tidy(e))


class PasteTable(QTableWidget):
    """An editable table that hands Ctrl+V (text from a spreadsheet) to its page instead of one cell."""

    pasted = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.matches(QKeySequence.StandardKey.Paste):
            self.pasted.emit(QGuiApplication.clipboard().text())
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            # Delete clears the selected cells, as in a spreadsheet.
            for item in self.selectedItems():
                item.setText("")
            event.accept()
            return
        super().keyPressEvent(event)

    def text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item is not None else ""

    def set_text(self, row: int, col: int, text: str) -> None:
        item = self.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            if col > 0:
                item.setTextAlignment(NUMERIC)
            self.setItem(row, col, item)
        item.setText(text)


def paste_grid(table: PasteTable, text: str) -> None:
    """Tab-separated cells into the table from the current cell on, adding rows as needed (as Excel does)."""
    lines = [line for line in (text or "").replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    start_row, start_col = max(table.currentRow(), 0), max(table.currentColumn(), 0)
    for offset, line in enumerate(lines):
        row = start_row + offset
        if row >= table.rowCount():
            table.insertRow(row)
        for c, cell in enumerate(line.split("\t")):
            col = start_col + c
            if col < table.columnCount():
                table.set_text(row, col, cell.replace("\u00a0", " ").strip())


def fill_table(table: QTableWidget, head: Sequence[str], rows: Sequence[Sequence[str]], *,
               numeric_from: int = 1, bold_rows: Sequence[int] = (), red_cells: Sequence[tuple[int, int]] = (),
               green_cells: Sequence[tuple[int, int]] = ()) -> None:
    """Replace a read-only table's content; numbers right-aligned, totals bold, differences coloured."""
    table.clear()
    table.setColumnCount(len(head))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(list(head))
    bold = QFont()
    bold.setBold(True)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if c >= numeric_from:
                item.setTextAlignment(NUMERIC)
            if r in bold_rows:
                item.setFont(bold)
            if (r, c) in red_cells:
                item.setForeground(QBrush(RED))
            elif (r, c) in green_cells:
                item.setForeground(QBrush(GREEN))
            table.setItem(r, c, item)
    # Names take the spare width; number columns fit their figures.
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if head:
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.verticalHeader().setVisible(False)


def show_message(label: QLabel, text: str, *, error: bool = True) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {RED.name() if error else GREEN.name()};" if text else "")
    label.setVisible(bool(text))
