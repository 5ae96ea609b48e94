"""A table with a filter field above it: the building block every tab uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.gui.keys import clear_on_escape
from kkrdesk.gui.models import ROW_ROLE, Column, DanishSortFilterProxy, RowTableModel


class FilterTable(QWidget):
    """Filter field, sortable table view and a row count; emits `selected(row_dict | None)`."""

    selected = Signal(object)
    activated = Signal(object)

    def __init__(self, columns: Sequence[Column], loader: Callable[[], list[dict]], *, title: str = "",
                 placeholder: str = "Filtrér …", columns_button: bool = True, tooltip=None, parent=None):
        super().__init__(parent)
        self._stale = False
        self._model = RowTableModel(columns, loader, self, tooltip=tooltip)
        self.proxy = DanishSortFilterProxy(self)
        self.proxy.setSourceModel(self._model)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        clear_on_escape(self.filter)
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
        self._title = title
        self.column_actions = self._column_chooser(columns)
        if columns_button and any(c.optional for c in columns):  # in sight where columns start hidden
            self.columns_button = QToolButton(self)
            self.columns_button.setText("Kolonner")
            self.columns_button.setToolTip("Vis eller skjul kolonner (også med højreklik på overskrifterne)")
            self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            self.columns_button.setMenu(self.columns_menu)
            top.addWidget(self.columns_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._model.modelReset.connect(self._update_count)
        # The row count never gets cut ("1 række"): room for the longest it can say.
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("9999 af 9999") + 6)
        self._fitting = False
        self._user_widths = False
        self._header_pressed = False
        self.view.horizontalHeader().sectionResized.connect(self._section_resized)
        self.view.horizontalHeader().viewport().installEventFilter(self)
        self.view.viewport().installEventFilter(self)


    # -- which columns are shown: optional ones start hidden; the choice is remembered per table --
    def _settings_key(self) -> str | None:
        return f"columns/{self._title}" if self._title else None

    def _column_chooser(self, columns: Sequence[Column]) -> list[QAction]:
        from kkrdesk.gui.settings import settings

        key = self._settings_key()
        stored = settings().value(key) if key else None
        hidden = set(str(stored).split("|")) if stored is not None else {c.key for c in columns if c.optional}
        hidden.discard("")
        self.columns_menu = QMenu("Kolonner", self)
        actions = []
        for col, column in enumerate(columns):
            action = QAction(column.header, self.columns_menu)
            action.setCheckable(True)
            action.setChecked(column.key not in hidden or col == 0)
            action.setEnabled(col != 0)  # the first column says which row it is
            action.toggled.connect(lambda on, col=col: self.show_column(col, on))
            self.columns_menu.addAction(action)
            self.view.setColumnHidden(col, not action.isChecked())
            actions.append(action)
        header = self.view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.columns_menu.popup(header.mapToGlobal(pos)))
        return actions

    def show_column(self, col: int, shown: bool) -> None:
        from kkrdesk.gui.settings import settings

        self.view.setColumnHidden(col, not shown)
        self.column_actions[col].setChecked(shown)
        key = self._settings_key()
        if key:
            hidden = [c.key for i, c in enumerate(self._model.columns) if self.view.isColumnHidden(i)]
            settings().setValue(key, "|".join(hidden))
        self.fit_columns()

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

    # -- column widths: every header readable, the table as wide as its pane --
    def _section_resized(self, *_args) -> None:
        # Only a drag on the header is the user's choice (the stretching last column resizes itself too).
        if not self._fitting and self._header_pressed:
            self._user_widths = True  # leave the widths alone from now on

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        from PySide6.QtCore import QEvent

        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        elif watched is self.view.horizontalHeader().viewport():
            if event.type() == QEvent.Type.MouseButtonPress:
                self._header_pressed = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._header_pressed = False
        return super().eventFilter(watched, event)

    SHORT = 110
    READABLE = 100

    def header_width(self, col: int) -> int:
        """The width a column's header text needs, with the padding and the sort arrow."""
        header = self.view.horizontalHeader()
        text = str(self._model.headerData(col, Qt.Orientation.Horizontal) or "")
        return header.fontMetrics().horizontalAdvance(text) + 28

    def fit_columns(self) -> None:
        """Columns at their set widths, shrunk (text elides) to fit the pane, never below their header text."""
        if self._user_widths:
            return
        columns = self._model.columns
        visible = [c for c in range(len(columns)) if not self.view.isColumnHidden(c)]
        if not visible:
            return
        wanted = {c: max(columns[c].width or self.view.sizeHintForColumn(c), self.header_width(c)) for c in visible}
        # Only text gives way (it wraps or elides); dates, numbers and marks keep their width.
        # Short text columns (roles, parties, statuses: set to at most SHORT px) keep their width as well.
        # Long text keeps READABLE px so a title never shrinks to a word; if that does not fit, the table scrolls.
        least = {c: max(self.header_width(c), min(wanted[c], self.READABLE))
                 if columns[c].kind == "text" and wanted[c] > self.SHORT else wanted[c] for c in visible}
        room = self.view.viewport().width()
        excess = sum(wanted.values()) - room
        slack = sum(wanted[c] - least[c] for c in visible)
        if excess > 0 and slack > 0:
            share = min(1.0, excess / slack)
            wanted = {c: int(wanted[c] - (wanted[c] - least[c]) * share) for c in visible}
        texts = [c for c in visible if columns[c].kind == "text"]
        if excess < 0 and texts:  # room to spare goes to the widest text column, not to whichever is last
            wanted[max(texts, key=lambda c: wanted[c])] -= excess
        self._fitting = True
        try:
            for c in visible:
                self.view.setColumnWidth(c, wanted[c])
        finally:
            self._fitting = False

    def reload(self) -> None:
        self._stale = False
        current = self.current_row()
        self._model.reload()
        self.fit_columns()
        if current and "id" in current and self.select_id(current["id"]):
            return
        if current is not None:
            # The row is gone (deleted, or undone): a model reset says nothing, so tell the views.
            self.selected.emit(self.current_row())

    def set_loader(self, loader: Callable[[], list[dict]]) -> None:
        self._model.set_loader(loader)

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
        shown, total = self.proxy.rowCount(), self._model.rowCount()
        unit = "række" if total == 1 else "rækker"
        self.count.setText(f"{shown} af {total}" if shown != total else f"{total} {unit}")
