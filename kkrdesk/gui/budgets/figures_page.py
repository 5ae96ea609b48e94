"""Nøgletal: inhabitants per capacity (part-time counts 0,5), spending against a frame in per cent, and a
day rate × 365 (a quick figure that is not saved)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
)

from kkrdesk.calc import annual_from_day_rate, fmt
from kkrdesk.errors import UserError
from kkrdesk.gui.budgets.base import CalcPage
from kkrdesk.gui.budgets.common import (
    PasteTable,
    fill_table,
    keep_danish,
    number,
    paste_grid,
    show_message,
    shown,
)

# figure: (menu text, input columns as (header, key, what it is called in messages))
FIGURES = {
    "per-capacity": ("Indbyggere pr. kapacitet (deltid tæller 0,5)",
                     (("Indbyggere", "population", "indbyggertallet"),
                      ("Fuldtidskapaciteter", "full_time", "antal fuldtidskapaciteter"),
                      ("Deltidskapaciteter", "part_time", "antal deltidskapaciteter"))),
    "frame-deviation": ("Forbrug mod ramme (afvigelse i %)",
                        (("Ramme (kr.)", "frame", "rammen"), ("Udgifter (kr.)", "spending", "udgifterne"))),
}
ALIASES = {"full_time": ("full_time", "capacity")}


class KeyFiguresPage(CalcPage):
    kind = "key-figures"
    title = "Nøgletal"

    def __init__(self, parent=None):
        super().__init__(parent)
        intro = QLabel("Nøgletal som sagerne trykker dem. Kopiér kolonnerne fra et regneark og tryk Ctrl+V i "
                       "tabellen.", self)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #444444;")
        self.figure_combo = QComboBox(self)
        for key, (text, _cols) in FIGURES.items():
            self.figure_combo.addItem(text, key)
        self.figure_combo.currentIndexChanged.connect(self._figure_changed)
        top = QHBoxLayout()
        top.addWidget(QLabel("Nøgletal:", self))
        top.addWidget(self.figure_combo, 1)
        self.table = PasteTable(self)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.pasted.connect(self._paste)
        self.table.itemChanged.connect(lambda _item: self._ensure_blank_row())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        result_title = QLabel("Resultat", self)
        result_title.setObjectName("sectionTitle")
        self.result_table = QTableWidget(self)
        self.result_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_table.setAlternatingRowColors(True)

        self.day_rate_edit = QLineEdit(self)
        self.day_rate_edit.setPlaceholderText("fx 7.200")
        self.annual_label = QLabel(self)
        self.day_rate_edit.textChanged.connect(self._day_rate)
        keep_danish(self.day_rate_edit)
        day = QHBoxLayout()
        day.addWidget(QLabel("Døgntakst (kr.):", self))
        day.addWidget(self.day_rate_edit)
        day.addWidget(self.annual_label, 1)

        # What the figures rest on, printed on the exports: a price level for amounts, a source for populations.
        self.price_level_edit = QLineEdit(self)
        self.price_level_edit.setPlaceholderText("fx 2021-pl")
        self.source_edit = QLineEdit(self)
        self.source_edit.setPlaceholderText("fx Danmarks Statistik, FOLK1A")
        self.date_edit = QLineEdit(self)
        self.date_edit.setPlaceholderText("fx 1. januar 2025")
        basis = QHBoxLayout()
        self.basis_labels = {"price": QLabel("Prisniveau:", self), "source": QLabel("Befolkningstal fra:", self),
                             "date": QLabel("pr.", self)}
        for key, edit in (("price", self.price_level_edit), ("source", self.source_edit), ("date", self.date_edit)):
            basis.addWidget(self.basis_labels[key])
            basis.addWidget(edit, 2 if key == "source" else 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addLayout(basis)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.message)
        layout.addWidget(result_title)
        layout.addWidget(self.result_table, 3)
        layout.addLayout(day)
        self._figure = ""
        self._figure_changed()
        show_message(self.message, "")

    def figure(self) -> str:
        return self.figure_combo.currentData()

    def _columns(self):
        return FIGURES[self.figure()][1]

    def _update_basis(self) -> None:
        population = self.figure() == "per-capacity"
        for widget in (self.source_edit, self.date_edit, self.basis_labels["source"], self.basis_labels["date"]):
            widget.setVisible(population)
        for widget in (self.price_level_edit, self.basis_labels["price"]):
            widget.setVisible(not population)

    def _figure_changed(self) -> None:
        self._update_basis()
        names = [self.table.text(r, 0) for r in range(self.table.rowCount())]
        self._set_rows([{"name": n} for n in names if n])
        self.clear_result()

    def _set_rows(self, rows: list[dict]) -> None:
        columns = self._columns()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.setColumnCount(1 + len(columns))
        self.table.setHorizontalHeaderLabels(["Område", *[c[0] for c in columns]])
        for r, row in enumerate(rows):
            self.table.insertRow(r)
            self.table.set_text(r, 0, str(row.get("name", "")))
            for c, (_head, key, _what) in enumerate(columns, start=1):
                value = next((row[k] for k in ALIASES.get(key, (key,)) if k in row), "")
                self.table.set_text(r, c, shown(value))
        self.table.blockSignals(False)
        self._ensure_blank_row()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 1 + len(columns)):
            self.table.setColumnWidth(c, 140)

    def _ensure_blank_row(self) -> None:
        for r in range(self.table.rowCount()):
            if not any(self.table.text(r, c) for c in range(self.table.columnCount())):
                return
        self.table.blockSignals(True)
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c in range(self.table.columnCount()):
            self.table.set_text(r, c, "")
        self.table.blockSignals(False)

    def _paste(self, text: str) -> None:
        self.table.blockSignals(True)
        paste_grid(self.table, text)
        self.table.blockSignals(False)
        self._ensure_blank_row()

    def _day_rate(self, text: str) -> None:
        try:
            rate = number(text, "døgntaksten", required=False)
        except UserError as exc:
            self.annual_label.setText(str(exc))
            return
        self.annual_label.setText("" if rate is None else
                                  f"× 365 dage = <b>{fmt(annual_from_day_rate(rate))} kr. om året</b>")

    # -- the page contract --
    def inputs(self) -> dict:
        rows = []
        columns = self._columns()
        for r in range(self.table.rowCount()):
            cells = [self.table.text(r, c) for c in range(self.table.columnCount())]
            if not any(cells):
                continue
            name = cells[0]
            if not name:
                raise UserError(f"Række {r + 1}: området mangler et navn.")
            row: dict = {"name": name}
            for (_head, key, what), text in zip(columns, cells[1:], strict=True):
                required = key != "part_time"
                value = number(text, f"{what} for {name} (række {r + 1})", required=required)
                row[key] = value if value is not None else 0
            rows.append(row)
        return {"figure": self.figure(), "rows": rows}

    def meta(self) -> dict:
        population = self.figure() == "per-capacity"
        return {"price_level": None if population else (self.price_level_edit.text().strip() or None),
                "population_source": (self.source_edit.text().strip() or None) if population else None,
                "population_date": (self.date_edit.text().strip() or None) if population else None}

    def set_state(self, inputs: dict, meta: dict) -> None:
        figure = inputs.get("figure") or "per-capacity"
        self.figure_combo.blockSignals(True)
        self.figure_combo.setCurrentIndex(max(self.figure_combo.findData(figure), 0))
        self.figure_combo.blockSignals(False)
        self._set_rows([r for r in inputs.get("rows") or [] if isinstance(r, dict)])
        self._update_basis()
        self.price_level_edit.setText(meta.get("price_level") or "")
        self.source_edit.setText(meta.get("population_source") or "")
        date = meta.get("population_date")
        self.date_edit.setText(date.strftime("%d.%m.%Y") if hasattr(date, "strftime") else (date or ""))
        self.clear_result()

    def clear_result(self) -> None:
        fill_table(self.result_table, ["Område", "Nøgletal"], [])

    def show_result(self, result) -> None:
        if result.figure == "per-capacity":
            head = ["Område", "Indbyggere", "Kapacitet", "Indbyggere pr. kapacitet"]
            rows = [[r.name, fmt(r.values[0], None), fmt(r.values[1], None), fmt(r.figure, result.decimals)]
                    for r in (*result.rows, result.total)]
            fill_table(self.result_table, head, rows, bold_rows=(len(rows) - 1,))
            return
        head = ["Område", "Ramme (kr.)", "Udgifter (kr.)", "Afvigelse"]
        rows = [[r.name, fmt(r.values[0]), fmt(r.values[1]), fmt(r.figure, 1) + " %"]
                for r in (*result.rows, result.total)]
        over = [(i, 3) for i, r in enumerate((*result.rows, result.total)) if r.figure > 0]
        fill_table(self.result_table, head, rows, bold_rows=(len(rows) - 1,), red_cells=over)
