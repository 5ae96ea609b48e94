"""Qt item models over plain rows from the services, with Danish display, sorting and filtering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from kkrdesk.reference import danish

_ROOT = QModelIndex()
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY, _DECORATION, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.DecorationRole), \
    int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT, _FOREGROUND = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ForegroundRole)
_ROLES = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, _ALIGNMENT, _FOREGROUND, int(SORT_ROLE), int(ROW_ROLE)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    """One column: header text, the key in the row dict, and how to show it."""

    header: str
    key: str
    kind: str = "text"  # text, number, money, mio, date, bool, open
    width: int | None = None
    optional: bool = False  # hidden until the user shows it (Kolonner …): narrow panes keep the main columns


STATUS_COLOURS = {"grøn": "#2E7D32", "gul": "#F9A825", "rød": "#C62828"}


def display(value, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "date" and isinstance(value, dt.date):
        return danish.format_date(value, style="short")
    if kind == "date" and isinstance(value, str):
        return danish.format_date(dt.date.fromisoformat(value), style="short")
    if kind in ("number", "money") and isinstance(value, int | Decimal | float):
        return danish.format_number(Decimal(str(value)), 0)
    if kind == "mio" and isinstance(value, int | Decimal | float):
        dec = Decimal(str(value))
        return danish.format_number(dec, 0 if dec == dec.to_integral_value() else 1)
    if kind == "bool":
        return "Ja" if value else "Nej"
    if kind == "open":
        return "Åben" if value else "Lukket"
    return str(value)


def sort_value(value, kind: str):
    """A key that sorts numbers as numbers, dates as dates and text the Danish way; blanks last."""
    # The first element keeps unlike types apart (numbers, then text, then blanks) so they never compare.
    if value is None or value == "":
        return (3, 0)
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | Decimal | float):
        return (0, float(value))
    if isinstance(value, dt.date):
        return (1, value.toordinal())
    if kind == "date" and isinstance(value, str):
        return (1, dt.date.fromisoformat(value).toordinal())
    return (2, danish.sort_key(str(value)))


class RowTableModel(QAbstractTableModel):
    """A read-only table over a list of dicts that a loader returns; `reload()` asks the loader again."""

    def __init__(self, columns: Sequence[Column], loader: Callable[[], list[dict]], parent=None,
                 tooltip: Callable[[dict, Column], str | None] | None = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._loader = loader
        self._tooltip = tooltip  # a cell's tooltip made when it is pointed at (e.g. one search hit's snippet)
        self._rows: list[dict] = []

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = list(self._loader())
        self.endResetModel()

    def set_loader(self, loader: Callable[[], list[dict]]) -> None:
        self._loader = loader
        self.reload()

    def row(self, index: int) -> dict:
        return self._rows[index]

    def rows(self) -> list[dict]:
        return list(self._rows)

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index, role=_DISPLAY):
        # Called from C++ for every role of every painted cell (seven per cell): roles a row never has are
        # answered first, with plain ints, before any lookup.
        if role not in _ROLES or not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        value = row.get(column.key)
        if role == _DISPLAY:
            return display(value, column.kind)
        if role == SORT_ROLE:
            return sort_value(value, column.kind)
        if role == ROW_ROLE:
            return row
        if role == _ALIGNMENT:
            return _RIGHT if column.kind in ("number", "money", "mio") else None
        if role == _FOREGROUND:
            if column.kind == "open" and value is False:
                return QBrush(QColor("#C62828"))
            if isinstance(value, str) and value in STATUS_COLOURS:
                return QBrush(QColor(STATUS_COLOURS[value]))
            return None
        if role == _DECORATION:
            if isinstance(value, str) and value in STATUS_COLOURS:
                return QColor(STATUS_COLOURS[value])  # the traffic light as a coloured dot
            return None
        # the tooltip
        if self._tooltip is not None:
            tip = self._tooltip(row, column)
            if tip is not None:
                return tip
        if column.kind == "open" and value is False:
            return "Lukket punkt: kommer aldrig med i en offentlig udgave"
        # A loader may give a cell its longer text; otherwise long text is its own tooltip (cells elide).
        tip = row.get(f"{column.key}_tooltip")
        if tip is None and column.kind == "text" and isinstance(value, str) and len(value) > 20:
            return value
        return tip


class DanishSortFilterProxy(QSortFilterProxyModel):
    """Sorts with the Danish key (æ ø å after z) and filters on every column's shown text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._needle = ""

    def set_filter_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9 deprecates invalidateFilter()
            self.beginFilterChange()
            self._needle = text.strip().casefold()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = text.strip().casefold()
            self.invalidateFilter()

    def lessThan(self, left, right) -> bool:  # noqa: N802 - Qt API
        return left.data(SORT_ROLE) < right.data(SORT_ROLE)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:  # noqa: N802 - Qt API
        if not self._needle:
            return True
        model = self.sourceModel()
        for col in range(model.columnCount()):
            text = model.index(source_row, col, source_parent).data() or ""
            if self._needle in str(text).casefold():
                return True
        return False
