"""Sammenlign: two saved calculations side by side, rows joined by name, with the difference."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QVBoxLayout,
)

from kkrdesk.calc import fmt
from kkrdesk.errors import UserError
from kkrdesk.gui.budgets.common import fill_table, show_message


class CompareDialog(QDialog):
    def __init__(self, store, id_a: int | None = None, id_b: int | None = None, parent=None):
        from kkrdesk.services import budgets

        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Sammenlign beregninger")
        self.resize(900, 600)
        saved = budgets.saved_rows(store)
        self.combo_a, self.combo_b = QComboBox(self), QComboBox(self)
        for combo in (self.combo_a, self.combo_b):
            for row in saved:
                combo.addItem(f"{row['name']} ({row['kind_name']})", row["id"])
            combo.setMinimumContentsLength(60)
        ids = [r["id"] for r in saved]
        if id_a is None and ids:
            id_a = ids[0]
        if id_b is None:
            id_b = next((i for i in ids if i != id_a), id_a)
        self.combo_a.setCurrentIndex(max(self.combo_a.findData(id_a), 0))
        self.combo_b.setCurrentIndex(max(self.combo_b.findData(id_b), 0))
        form = QFormLayout()
        form.addRow("Beregning A:", self.combo_a)
        form.addRow("Beregning B:", self.combo_b)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.table = QTableWidget(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Luk", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.combo_a.currentIndexChanged.connect(self.refresh)
        self.combo_b.currentIndexChanged.connect(self.refresh)
        self.comparison = None
        self.refresh()

    def refresh(self) -> None:
        from kkrdesk.services import budgets

        id_a, id_b = self.combo_a.currentData(), self.combo_b.currentData()
        if id_a is None or id_b is None:
            show_message(self.message, "Der er ingen gemte beregninger at sammenligne.")
            return
        try:
            comparison = budgets.compare(self.store, id_a, id_b)
        except UserError as exc:
            self.comparison = None
            show_message(self.message, str(exc))
            fill_table(self.table, [], [])
            return
        show_message(self.message, "")
        self.comparison = comparison
        short_a, short_b = _headers(comparison.label_a, comparison.label_b)
        head = ["Deltager", f"A: {short_a}", f"B: {short_b}", "Difference\n(B − A)"]
        rows = [[r.name, fmt(r.a) if r.a is not None else "–", fmt(r.b) if r.b is not None else "–",
                 fmt(r.difference) if r.difference is not None else ""] for r in comparison.rows]
        total_diff = comparison.total_b - comparison.total_a
        rows.append(["I alt", fmt(comparison.total_a), fmt(comparison.total_b), fmt(total_diff)])
        fill_table(self.table, head, rows, bold_rows=(len(rows) - 1,))
        for col, label in ((1, comparison.label_a), (2, comparison.label_b)):
            self.table.horizontalHeaderItem(col).setToolTip(label)
            self.table.setColumnWidth(col, max(self.table.columnWidth(col), 150))
        missing = sum(1 for r in comparison.rows if r.difference is None)
        self.summary.setText(f"A: {comparison.label_a}<br>B: {comparison.label_b}<br>"
                             f"Difference i alt: <b>{fmt(total_diff)} kr.</b>"
                             + (f" · {missing} deltager(e) findes kun i den ene beregning." if missing else ""))


def _headers(a: str, b: str, width: int = 30) -> tuple[str, str]:
    """Two long calculation names as column headers: the words they share at the start are left out (the
    full names are in the tooltips and below the table), the rest wrapped on at most two lines."""
    import textwrap

    words_a, words_b = a.split(), b.split()
    same = 0
    while same < min(len(words_a), len(words_b)) - 1 and words_a[same] == words_b[same]:
        same += 1
    # Cut only after a separator ("Klimaalliancen –"), so "scenarie 2" keeps its word.
    common = max((i + 1 for i in range(same) if words_a[i] in ("–", "-", ":") or words_a[i].endswith(":")),
                 default=0)

    def short(words: list[str]) -> str:
        lines = textwrap.wrap(" ".join(words[common:]).lstrip("–-: "), width)
        return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")

    return short(words_a), short(words_b)
