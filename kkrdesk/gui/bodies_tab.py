"""Organer og medlemmer: bodies on the left, the selected body's current members on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from kkrdesk.gui.models import Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.services import members

BODY_COLUMNS = [
    Column("Organ", "name", width=260),
    Column("Type", "type", width=130),
    Column("Under", "parent", width=150),
    Column("Valgperiode fra", "term_start", "date", 100),
    Column("til", "term_end", "date", 90),
    Column("Medlemmer", "members", "number", 80),
]
MEMBER_COLUMNS = [
    Column("Navn", "name", width=180),
    Column("Titel", "title", width=140),
    Column("Organisation", "organisation", width=170),
    Column("Parti", "party", width=45),
    Column("Rolle", "role", width=120),
    Column("Fra", "start", "date", 90),
    Column("Til", "end", "date", 90),
]


class BodiesTab(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.bodies = FilterTable(BODY_COLUMNS, lambda: members.body_rows(self.store), title="Organer",
                                  placeholder="Filtrér organer …")
        self.members = FilterTable(MEMBER_COLUMNS, lambda: members.membership_rows(self.store, self._body_id()),
                                   title="Medlemmer", placeholder="Filtrér medlemmer …")
        self.table = self.bodies.view
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.bodies)
        splitter.addWidget(self.members)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.bodies.selected.connect(lambda _row: self.members.reload())
        self.refresh(frozenset({"bodies"}))
        self.bodies.view.selectRow(0)

    def _body_id(self) -> int | None:
        row = self.bodies.current_row() if hasattr(self, "bodies") else None
        return row["id"] if row else None

    def refresh(self, kinds: frozenset[str]) -> None:
        if kinds & {"bodies", "members", "persons", "all"}:
            self.bodies.reload()
            self.members.reload()
