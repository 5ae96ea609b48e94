"""A table with a filter field above it: the building block every tab uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.gui.models import ROW_ROLE, Column, DanishSortFilterProxy, RowTableModel


class FilterTable(QWidget):
    """Filter field, sortable table view and a row count; emits `selected(row_dict | None)`."""

    selected = Signal(object)
    activated = Signal(object)

    def __init__(self, columns: Sequence[Column], loader: Callable[[], list[dict]], *, title: str = "",
                 placeholder: str = "Filtrér …", parent=None):
        super().__init__(parent)
        self._stale = False
        self._model = RowTableModel(columns, loader, self)
        self.proxy = DanishSortFilterProxy(self)
        self.proxy.setSourceModel(self._model)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        self.count = QLabel(self)
        self.count.setObjectName("rowCount")
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.doubleClicked.connect(lambda index: self.activated.emit(index.data(ROW_ROLE)))
        top = QHBoxLayout()
        if title:
            heading = QLabel(title, self)
            heading.setObjectName("sectionTitle")
            top.addWidget(heading)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._model.modelReset.connect(self._update_count)

    @property
    def model(self) -> RowTableModel:
        """The rows; a table that was left stale while hidden loads them now, for whoever asks."""
        if self._stale:
            self.reload()
        return self._model

    def reload_when_shown(self) -> None:
        """Reload now if the table can be seen (in its window), else when it is shown or its rows are asked
        for: a change reloads the tables on screen, not every page of every tab."""
        window = self.window()
        if window is not self and not self.isVisibleTo(window):
            self._stale = True
        else:
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        current = self.current_row()
        self.model.reload()
        for col, column in enumerate(self.model.columns):
            if column.width:
                self.view.setColumnWidth(col, column.width)
        if current and "id" in current and self.select_id(current["id"]):
            return
        if current is not None:
            # The row is gone (deleted, or undone): a model reset says nothing, so tell the views.
            self.selected.emit(self.current_row())

    def set_loader(self, loader: Callable[[], list[dict]]) -> None:
        self.model.set_loader(loader)

    def current_row(self) -> dict | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_id(self, row_id) -> bool:
        if self._stale:
            self.reload()
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if (index.data(ROW_ROLE) or {}).get("id") == row_id:
                self.view.setCurrentIndex(index)
                return True
        return False

    def _on_current(self, current, _previous) -> None:
        self.selected.emit(current.data(ROW_ROLE) if current.isValid() else None)

    def _on_filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        unit = "række" if total == 1 else "rækker"
        self.count.setText(f"{shown} af {total}" if shown != total else f"{total} {unit}")
