"""Tovholdere: every indsats with its tovholdere as the papers print them, and the latest status."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kkrdesk.gui.models import Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.reference import danish
from kkrdesk.services import tovholdere

COLUMNS = [
    Column("Indsats", "title", width=420),
    Column("Kategori", "category", width=170),
    Column("År/fase", "when", width=110),
    Column("Mio. kr.", "amount", "mio", 80),
    Column("Tovholder(e)", "tovholdere", width=240),
    Column("Status", "status", width=60),
    Column("Note", "note"),
]


def _rows(store) -> list[dict]:
    rows = tovholdere.indsats_rows(store)
    for row in rows:
        amount = row["amount_mio"]
        # A frame (ramme) is printed in parentheses and never added to totals.
        row["amount"] = f"({danish.format_number(amount)})" if row["is_frame"] and amount is not None else amount
    return rows


class TovholdereTab(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.indsatser = FilterTable(COLUMNS, lambda: _rows(self.store), title="Indsatser",
                                     placeholder="Filtrér indsatser, fx en kommune …")
        self.table = self.indsatser.view
        layout = QVBoxLayout(self)
        layout.addWidget(self.indsatser)
        self.refresh(frozenset({"indsatser"}))

    def refresh(self, kinds: frozenset[str]) -> None:
        if kinds & {"indsatser", "assignments", "reports", "all"}:
            self.indsatser.reload()
