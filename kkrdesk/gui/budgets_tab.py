"""Budgetberegnere: the saved calculations."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kkrdesk.gui.models import Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.services.listing import list_kind

KIND_NAMES = {"split": "Fordelingsnøgle", "per-capita": "Kr. pr. indbygger", "pro-rata": "Forholdsmæssig",
              "equal": "Ligelig fordeling", "project-budget": "Flerårigt budget", "key-figures": "Nøgletal"}
COLUMNS = [
    Column("Beregning", "name", width=420),
    Column("Type", "kind_name", width=160),
    Column("Prisniveau", "price_level", width=100),
    Column("Afrunding", "rounding", width=130),
]


def _rows(store) -> list[dict]:
    rows = list_kind(store, "calculations")
    for row in rows:
        row["kind_name"] = KIND_NAMES.get(row["kind"], row["kind"])
    return rows


class BudgetsTab(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.calculations = FilterTable(COLUMNS, lambda: _rows(self.store), title="Gemte beregninger",
                                        placeholder="Filtrér beregninger …")
        self.table = self.calculations.view
        layout = QVBoxLayout(self)
        layout.addWidget(self.calculations)
        self.refresh(frozenset({"calculations"}))

    def refresh(self, kinds: frozenset[str]) -> None:
        if kinds & {"calculations", "all"}:
            self.calculations.reload()
