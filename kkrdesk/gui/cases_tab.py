"""Sager: meetings on the left, the selected meeting's agenda on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from kkrdesk.gui.models import Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.services import meetings

MEETING_COLUMNS = [
    Column("Dato", "date", "date", 90),
    Column("Organ", "body", width=120),
    Column("Møde", "title", width=220),
    Column("Status", "state", width=80),
    Column("Punkter", "items", "number", 60),
]
ITEM_COLUMNS = [
    Column("Nr.", "number", width=50),
    Column("Titel", "title", width=380),
    Column("Type", "type", width=120),
    Column("Åben/lukket", "public", "open", 90),
    Column("Status", "status", width=140),
    Column("Bilag", "bilag", "number", 50),
]


class CasesTab(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.meetings = FilterTable(MEETING_COLUMNS, lambda: meetings.meeting_rows(self.store), title="Møder",
                                    placeholder="Filtrér møder …")
        self.items = FilterTable(ITEM_COLUMNS, lambda: meetings.item_rows(self.store, self._meeting_id()),
                                 title="Dagsorden", placeholder="Filtrér punkter …")
        self.table = self.meetings.view
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.meetings)
        splitter.addWidget(self.items)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.meetings.selected.connect(lambda _row: self.items.reload())
        self.refresh(frozenset({"meetings"}))
        self.meetings.view.selectRow(0)

    def _meeting_id(self) -> int | None:
        row = self.meetings.current_row() if hasattr(self, "meetings") else None
        return row["id"] if row else None

    def refresh(self, kinds: frozenset[str]) -> None:
        if kinds & {"meetings", "items", "bilag", "bodies", "all"}:
            self.meetings.reload()
            self.items.reload()
