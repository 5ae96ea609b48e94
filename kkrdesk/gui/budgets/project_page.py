"""Flerårigt budget: expense posts × years and financing × years, a half year, staff years in kind.

The difference financing − expenses is always shown, per year and in all, in red when it is not 0.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.calc import fmt
from kkrdesk.errors import UserError
from kkrdesk.gui.budgets.base import CalcPage
from kkrdesk.gui.budgets.common import (
    GREEN,
    RED,
    PasteTable,
    fill_rounding,
    fill_table,
    number,
    paste_grid,
    set_rounding,
    show_message,
    shown,
)

NO_HALF = "Intet halvt år"
IN_KIND_WORDS = {"ja", "x", "1", "naturalie", "naturalier", "true"}
SECTIONS = (("expenses", "Udgifter"), ("financing", "Finansiering"))


class ProjectPage(CalcPage):
    kind = "project-budget"
    title = "Flerårigt budget"

    def __init__(self, parent=None):
        super().__init__(parent)
        intro = QLabel("Udgiftsposter og finansiering pr. år. Et år kan være et halvt år (årsværk tæller så det "
                       "halve). Årsværk prissættes med prisen pr. årsværk; sæt flueben i Naturalie for "
                       "medarbejdertimer, en part stiller til rådighed. Beløb kan indsættes fra et regneark "
                       "med Ctrl+V.", self)
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #444444;")
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("fx Klimaalliancen 2026-2028")
        self.years_edit = QLineEdit(self)
        self.years_edit.setPlaceholderText("fx 2026, 2027, 2028")
        self.years_edit.setToolTip("Årene adskilt af komma")
        self.half_combo = QComboBox(self)
        self.price_edit = QLineEdit(self)
        self.price_edit.setPlaceholderText("fx 620.000")
        self.price_level_edit = QLineEdit(self)
        self.price_level_edit.setPlaceholderText("fx 2024-pl")
        self.rounding_combo = QComboBox(self)
        fill_rounding(self.rounding_combo)
        grid = QGridLayout()
        left, right = QFormLayout(), QFormLayout()
        left.addRow("Titel:", self.title_edit)
        left.addRow("År:", self.years_edit)
        left.addRow("Halvt år:", self.half_combo)
        right.addRow("Pris pr. årsværk (kr.):", self.price_edit)
        right.addRow("Prisniveau:", self.price_level_edit)
        right.addRow("Afrunding:", self.rounding_combo)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)

        self.tables: dict[str, PasteTable] = {}
        inputs = QWidget(self)
        inputs_layout = QHBoxLayout(inputs)
        inputs_layout.setContentsMargins(0, 0, 0, 0)
        for section, label in SECTIONS:
            box = QVBoxLayout()
            heading = QLabel(label, self)
            heading.setObjectName("sectionTitle")
            table = PasteTable(self)
            table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            table.pasted.connect(lambda text, t=table: self._paste(t, text))
            table.itemChanged.connect(lambda _item, t=table: self._ensure_blank_row(t))
            self.tables[section] = table
            box.addWidget(heading)
            box.addWidget(table, 1)
            inputs_layout.addLayout(box, 1)
        self.expenses_table, self.financing_table = self.tables["expenses"], self.tables["financing"]

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        result_title = QLabel("Resultat: totaler pr. år, i alt og difference", self)
        result_title.setObjectName("sectionTitle")
        self.result_table = QTableWidget(self)
        self.result_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_table.setAlternatingRowColors(True)
        # The difference line again, pinned under the table, so scrolling can never hide it.
        self.difference_table = QTableWidget(self)
        self.difference_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.difference_table.horizontalHeader().setVisible(False)
        self.difference_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.difference_label = QLabel(self)
        self.difference_label.setWordWrap(True)
        result = QWidget(self)
        result_layout = QVBoxLayout(result)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.message)
        result_layout.addWidget(result_title)
        result_layout.addWidget(self.result_table, 1)
        result_layout.addWidget(self.difference_table)
        self.result_table.horizontalHeader().sectionResized.connect(lambda *_: self._align_difference())
        # A scroll bar appearing narrows the stretched first column without a resize signal.
        self.result_table.verticalScrollBar().rangeChanged.connect(
            lambda *_: QTimer.singleShot(0, self._align_difference))
        result_layout.addWidget(self.difference_label)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(inputs)
        splitter.addWidget(result)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(splitter, 1)

        self.years_edit.editingFinished.connect(self._years_changed)
        self._year_labels: list[str] = []
        self.set_state({"years": ["2026", "2027", "2028"]}, {})
        show_message(self.message, "")

    # -- years and columns --
    def year_labels(self) -> list[str]:
        text = self.years_edit.text().replace(";", ",")
        return [y.strip() for y in text.split(",") if y.strip()]

    def _years_changed(self) -> None:
        labels = self.year_labels()
        if labels != self._year_labels:
            self._set_years(labels, self.half_combo.currentText())

    def _set_years(self, labels: list[str], half: str | None) -> None:
        """Rebuild the year columns, keeping the amounts typed under a year that is still there."""
        kept = {s: self._table_rows(t) for s, t in self.tables.items()} if self._year_labels else {}
        old = self._year_labels
        self._year_labels = list(labels)
        self.years_edit.setText(", ".join(labels))
        self.half_combo.clear()
        self.half_combo.addItem(NO_HALF)
        self.half_combo.addItems(labels)
        index = self.half_combo.findText(half or NO_HALF)
        self.half_combo.setCurrentIndex(max(index, 0))
        for section, table in self.tables.items():
            rows = []
            for row in kept.get(section, []):
                by_year = dict(zip(old, row["amounts"], strict=False))
                rows.append({**row, "amounts": [by_year.get(y, "") for y in labels]})
            self._fill_posts(table, rows)

    def _columns(self) -> list[str]:
        return ["Post", *self._year_labels, "Årsværk pr. år", "Naturalie"]

    def _fill_posts(self, table: PasteTable, rows: list[dict]) -> None:
        table.blockSignals(True)
        columns = self._columns()
        table.setRowCount(0)
        table.setColumnCount(len(columns))
        table.setHorizontalHeaderLabels(columns)
        for row in rows:
            self._add_post_row(table, row)
        table.blockSignals(False)
        self._ensure_blank_row(table)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(0, 190)
        for c in range(1, len(columns)):
            table.setColumnWidth(c, max(90, table.fontMetrics().horizontalAdvance(columns[c]) + 16))
        table.setColumnWidth(len(columns) - 1, 70)

    def _add_post_row(self, table: PasteTable, row: dict) -> None:
        r = table.rowCount()
        table.insertRow(r)
        table.set_text(r, 0, row.get("name", ""))
        for i, value in enumerate(row.get("amounts", [])):
            table.set_text(r, 1 + i, value)
        n = len(self._year_labels)
        table.set_text(r, n + 1, row.get("staff_years", ""))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        check.setCheckState(Qt.CheckState.Checked if row.get("in_kind") else Qt.CheckState.Unchecked)
        check.setToolTip("Naturalie: årsværk eller andet, en part stiller til rådighed i stedet for kontanter")
        table.setItem(r, n + 2, check)

    def _ensure_blank_row(self, table: PasteTable) -> None:
        for r in range(table.rowCount()):
            if not any(table.text(r, c) for c in range(table.columnCount() - 1)):
                return
        table.blockSignals(True)
        self._add_post_row(table, {})
        table.blockSignals(False)

    def _paste(self, table: PasteTable, text: str) -> None:
        table.blockSignals(True)
        paste_grid(table, text)
        kind_col = table.columnCount() - 1
        for r in range(table.rowCount()):
            item = table.item(r, kind_col)
            if item is None or not (item.flags() & Qt.ItemFlag.ItemIsUserCheckable):
                in_kind = table.text(r, kind_col).casefold() in IN_KIND_WORDS
                self._set_in_kind(table, r, in_kind)
        table.blockSignals(False)
        self._ensure_blank_row(table)

    def _set_in_kind(self, table: PasteTable, row: int, in_kind: bool) -> None:
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
        check.setCheckState(Qt.CheckState.Checked if in_kind else Qt.CheckState.Unchecked)
        table.setItem(row, table.columnCount() - 1, check)

    def _table_rows(self, table: PasteTable) -> list[dict]:
        n = len(self._year_labels)
        rows = []
        for r in range(table.rowCount()):
            amounts = [table.text(r, 1 + i) for i in range(n)]
            item = table.item(r, n + 2)
            row = {"row": r + 1, "name": table.text(r, 0), "amounts": amounts,
                   "staff_years": table.text(r, n + 1),
                   "in_kind": item is not None and item.checkState() == Qt.CheckState.Checked}
            if row["name"] or any(amounts) or row["staff_years"]:
                rows.append(row)
        return rows

    # -- the page contract --
    def inputs(self) -> dict:
        self._years_changed()
        labels = self._year_labels
        half = self.half_combo.currentText()
        years = [{"label": y, "fraction": Decimal("0.5") if y == half else Decimal(1)} for y in labels]
        data: dict = {"title": self.title_edit.text().strip() or "Projektbudget", "years": years,
                      "rounding": self.rounding_combo.currentData(),
                      "staff_year_price": number(self.price_edit.text(), "prisen pr. årsværk", required=False)}
        for section, label in SECTIONS:
            posts = []
            for row in self._table_rows(self.tables[section]):
                where = f"{label}, række {row['row']}"
                if not row["name"]:
                    raise UserError(f"{where}: posten mangler et navn.")
                post: dict = {"name": row["name"], "in_kind": row["in_kind"]}
                if any(row["amounts"]):
                    post["amounts"] = [number(a, f"beløbet for {row['name']} i {y}", required=False) or 0
                                       for a, y in zip(row["amounts"], labels, strict=True)]
                if row["staff_years"]:
                    post["staff_years"] = number(row["staff_years"], f"antal årsværk for {row['name']}")
                if "amounts" not in post and "staff_years" not in post:
                    raise UserError(f"{where}: {row['name']} har hverken beløb eller årsværk.")
                posts.append(post)
            data[section] = posts
        return data

    def meta(self) -> dict:
        return {"price_level": self.price_level_edit.text().strip() or None, "population_source": None,
                "population_date": None}

    def set_state(self, inputs: dict, meta: dict) -> None:
        labels, half = [], None
        fractions: dict[str, Decimal] = {}
        for item in inputs.get("years") or []:
            if isinstance(item, dict):
                label = str(item.get("label") or item.get("year") or "").strip()
                fraction = Decimal("0.5") if item.get("half") else Decimal(str(item.get("fraction", 1)))
            else:
                label, fraction = str(item).strip(), Decimal(1)
            labels.append(label)
            fractions[label] = fraction
            if fraction == Decimal("0.5"):
                half = label
        self.title_edit.setText(str(inputs.get("title") or inputs.get("name") or ""))
        self.title_edit.setCursorPosition(0)
        self.price_edit.setText(shown(inputs.get("staff_year_price", inputs.get("aarsvaerk_pris"))))
        self.price_level_edit.setText(meta.get("price_level") or "")
        set_rounding(self.rounding_combo, inputs.get("rounding"))
        self._year_labels = []
        self._set_years(labels, half)
        for section, _label in SECTIONS:
            rows = []
            for post in inputs.get(section) or []:
                amounts = [shown(a) for a in post.get("amounts") or []]
                if post.get("per_year") not in (None, ""):
                    # A yearly amount is shown per year, scaled by the part of the year it covers.
                    per_year = Decimal(str(post["per_year"]))
                    extra = [per_year * fractions.get(y, Decimal(1)) for y in labels]
                    base = [Decimal(str(a)) if a not in (None, "") else Decimal(0)
                            for a in post.get("amounts") or [0] * len(labels)]
                    amounts = [shown(b + e) for b, e in zip(base, extra, strict=False)]
                rows.append({"name": post.get("name", ""), "amounts": amounts,
                             "staff_years": shown(post.get("staff_years")), "in_kind": bool(post.get("in_kind"))})
            self._fill_posts(self.tables[section], rows)

    def open_saved(self, saved) -> None:
        super().open_saved(saved)
        if not self.title_edit.text().strip():
            self.title_edit.setText(saved.name)  # the budget's title on exports
            self.title_edit.setCursorPosition(0)
            self.calculate()

    def clear_result(self) -> None:
        fill_table(self.result_table, ["Post", "I alt"], [])
        fill_table(self.difference_table, ["Post"], [])
        self.difference_table.setFixedHeight(0)
        self.difference_label.setText("")

    def _align_difference(self) -> None:
        # Same column widths as the result table, so the figures line up under their years.
        header = self.difference_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for c in range(self.result_table.columnCount()):
            self.difference_table.setColumnWidth(c, self.result_table.columnWidth(c))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._align_difference()

    def show_result(self, budget) -> None:
        head = ["Post"] + [y.label + ("" if y.fraction == 1 else f" ({fmt(y.fraction, None)} år)")
                           for y in budget.years] + ["I alt"]
        rows: list[list[str]] = []
        bold: list[int] = []
        blank = [""] * (len(head) - 1)
        for section, label in SECTIONS:
            bold.append(len(rows))
            rows.append([label.upper(), *blank])
            for p in budget.section(section):
                suffix = " (naturalie)" if p.in_kind else ""
                staff = f", {fmt(p.staff_years, None)} årsværk" if p.staff_years is not None else ""
                rows.append([f"  {p.name}{suffix}{staff}", *[fmt(a) for a in p.amounts], fmt(sum(p.amounts))])
            bold.append(len(rows))
            rows.append([f"{label} i alt", *[fmt(v) for v in budget.per_year(section)],
                         fmt(budget.section_total(section))])
            if section == "financing":
                rows.append(["  heraf kontant", *[fmt(v) for v in budget.per_year(section, in_kind=False)],
                             fmt(budget.section_total(section, in_kind=False))])
                rows.append(["  heraf naturalier", *[fmt(v) for v in budget.per_year(section, in_kind=True)],
                             fmt(budget.section_total(section, in_kind=True))])
        diff_row = len(rows)
        bold.append(diff_row)
        differences = [*budget.difference_per_year, budget.difference]
        rows.append(["Difference (finansiering − udgifter)", *[fmt(v) for v in differences]])
        red = [(diff_row, 1 + i) for i, v in enumerate(differences) if v != 0]
        green = [(diff_row, 1 + i) for i, v in enumerate(differences) if v == 0]
        if budget.difference != 0 or red:
            red.append((diff_row, 0))
        fill_table(self.result_table, head, rows, bold_rows=bold, red_cells=red, green_cells=green)
        fill_table(self.difference_table, head, [rows[diff_row]], bold_rows=(0,),
                   red_cells=[(0, c) for r, c in red], green_cells=[(0, c) for r, c in green])
        self.difference_table.setFixedHeight(self.difference_table.verticalHeader().defaultSectionSize() + 4)
        self._align_difference()
        diff = budget.difference
        if diff == 0 and not red:
            text, colour = "Finansieringen dækker udgifterne præcist: difference 0 kr. i hvert år.", GREEN
        elif diff == 0:
            text, colour = ("Finansieringen dækker udgifterne i alt, men ikke i hvert år (se differencen pr. år).",
                            RED)
        elif diff < 0:
            text, colour = f"Finansieringen mangler {fmt(-diff)} kr. i alt (difference {fmt(diff)} kr.).", RED
        else:
            text, colour = f"Finansieringen overstiger udgifterne med {fmt(diff)} kr. i alt.", RED
        self.difference_label.setText(f"<b>{text}</b>")
        self.difference_label.setStyleSheet(f"color: {colour.name()};")
