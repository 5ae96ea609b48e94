"""The cost-split pages: fordelingsnøgle, kr. pr. indbygger, forholdsmæssig and ligelig fordeling.

One form (ui/budget_key_page.ui) serves all four; the kind decides the value column and which fields show.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
)

from kkrdesk.calc import fmt, round_half_up
from kkrdesk.errors import UserError
from kkrdesk.gui.budgets.base import CalcPage
from kkrdesk.gui.budgets.common import (
    PasteTable,
    fill_rounding,
    fill_table,
    keep_danish,
    number,
    set_rounding,
    show_message,
    shown,
)
from kkrdesk.gui.ui_loader import load_ui

# kind: (page title, value column header, what a value is called in messages, key in inputs, value key)
SPECS = {
    "split": ("Fordelingsnøgle", "Vægt", "vægten", "weights", "weight"),
    "per-capita": ("Kr. pr. indbygger", "Indbyggere", "indbyggertallet", "populations", "population"),
    "pro-rata": ("Forholdsmæssig", "Aftalt beløb (kr.)", "det aftalte beløb", "amounts", "original"),
    "equal": ("Ligelig fordeling", None, None, "participants", None),
}
INTROS = {
    "split": "Hver deltager betaler beløbet × sin vægt / summen af vægtene. Vægten kan være indbyggertal, "
             "indbyggere i en aldersgruppe eller et aftalt tal.",
    "per-capita": "Hver deltager betaler satsen × sine indbyggere. En pris- og lønfremskrivning lægges på den "
                  "afrundede grundlinje, som når en budgetlinje føres frem (1.773.823 × 1,019 → 1.807.526).",
    "pro-rata": "Aftalte beløb skaleres til en ny total, så forholdet mellem dem bevares "
                "(fx Klimaalliancens 1.550.000 skaleret til 2.605.000).",
    "equal": "Beløbet deles ligeligt mellem deltagerne.",
}
# Aliases older or demo inputs use for the same list.
LIST_KEYS = {"weights": ("weights", "rows"), "populations": ("populations", "population", "rows"),
             "amounts": ("amounts", "originals", "rows"), "participants": ("participants", "rows")}
VALUE_KEYS = {"weight": ("weight", "value", "population"), "population": ("population", "value", "weight"),
              "original": ("original", "amount", "value")}


class KeyPage(CalcPage):
    def __init__(self, kind: str, parent=None):
        super().__init__(parent)
        self.kind = kind
        self.title, self.value_header, self.what, self.list_key, self.value_key = SPECS[kind]
        form = load_ui("budget_key_page.ui", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        self.form = form
        find = form.findChild
        self.intro: QLabel = find(QLabel, "introLabel")
        self.intro.setText(INTROS[kind])
        self.intro.setStyleSheet("color: #444444;")
        self.region_combo: QComboBox = find(QComboBox, "regionCombo")
        self.municipality_combo: QComboBox = find(QComboBox, "municipalityCombo")
        self.add_region_button: QPushButton = find(QPushButton, "addRegionButton")
        self.add_button: QPushButton = find(QPushButton, "addMunicipalityButton")
        self.file_button: QPushButton = find(QPushButton, "fileButton")
        self.remove_button: QPushButton = find(QPushButton, "removeButton")
        self.clear_button: QPushButton = find(QPushButton, "clearButton")
        self.total_edit: QLineEdit = find(QLineEdit, "totalEdit")
        self.rate_edit: QLineEdit = find(QLineEdit, "rateEdit")
        self.uplift_edit: QLineEdit = find(QLineEdit, "upliftEdit")
        self.price_level_edit: QLineEdit = find(QLineEdit, "priceLevelEdit")
        self.source_edit: QLineEdit = find(QLineEdit, "sourceEdit")
        self.date_edit: QLineEdit = find(QLineEdit, "dateEdit")
        self.rounding_combo: QComboBox = find(QComboBox, "roundingCombo")
        self.message: QLabel = find(QLabel, "messageLabel")
        self.result_table: QTableWidget = find(QTableWidget, "resultTable")
        self.remainder_label: QLabel = find(QLabel, "remainderLabel")
        find(QLabel, "resultTitle").setObjectName("sectionTitle")
        find(QGroupBox, "participantsBox").setTitle("Deltagere" if kind != "per-capita"
                                                    else "Deltagere og indbyggertal")
        fill_rounding(self.rounding_combo)
        self._fill_pickers()
        self._setup_fields()

        self.table = PasteTable(self)
        columns = ["Deltager"] + ([self.value_header] if self.value_header else [])
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.verticalHeader().setVisible(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if self.value_header:
            self.table.setColumnWidth(1, 150)
        self.table.setMinimumHeight(150)
        form.findChild(QVBoxLayout, "tableHolder").addWidget(self.table, 1)
        self.table.pasted.connect(self.paste)

        self.add_region_button.clicked.connect(self.add_region)
        self.add_button.clicked.connect(self.add_typed)
        self.municipality_combo.lineEdit().returnPressed.connect(self.add_typed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button.clicked.connect(lambda: self.set_rows([]))
        self.file_button.clicked.connect(self.read_file)
        keep_danish(self.total_edit, self.rate_edit, self.uplift_edit)
        self.set_rows([])
        self.clear_result()
        show_message(self.message, "")

    def _fill_pickers(self) -> None:
        from kkrdesk.reference import municipalities, regions

        for region in regions():
            self.region_combo.addItem(region.name, region.name)
        self.region_combo.setCurrentIndex(self.region_combo.findData("Region Hovedstaden"))
        self.municipality_combo.addItem("")
        for m in municipalities():
            self.municipality_combo.addItem(m.name)
        for region in regions():
            self.municipality_combo.addItem(region.name)
        self.municipality_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.municipality_combo.lineEdit().setPlaceholderText("Kommune eller andet navn")

    def _setup_fields(self) -> None:
        kind = self.kind
        find = self.form.findChild
        shows = {"totalEdit": kind in ("split", "pro-rata", "equal"),
                 "rateEdit": kind == "per-capita", "upliftEdit": kind == "per-capita",
                 "sourceEdit": kind in ("split", "per-capita"), "dateEdit": kind in ("split", "per-capita")}
        labels = {"totalEdit": "totalLabel", "rateEdit": "rateLabel", "upliftEdit": "upliftLabel",
                  "sourceEdit": "sourceLabel", "dateEdit": "dateLabel"}
        for edit, visible in shows.items():
            find(QLineEdit, edit).setVisible(visible)
            find(QLabel, labels[edit]).setVisible(visible)
        if kind == "pro-rata":
            find(QLabel, "totalLabel").setText("Ny total (kr.):")
            self.total_edit.setPlaceholderText("fx 2.605.000")

    # -- the input table --
    def rows(self) -> list[tuple[str, str]]:
        """(name, value text) for every row that has anything in it."""
        out = []
        for r in range(self.table.rowCount()):
            name = self.table.text(r, 0)
            value = self.table.text(r, 1) if self.value_header else ""
            out.append((name, value))
        return out

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.table.setRowCount(0)
        for name, value in rows:
            self._append(name, value)
        self._ensure_blank_row()

    def _append(self, name: str, value: str = "") -> int:
        row = self._first_blank_row()
        if row is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
        self.table.set_text(row, 0, name)
        if self.value_header:
            self.table.set_text(row, 1, value)
        return row

    def _first_blank_row(self) -> int | None:
        for r in range(self.table.rowCount()):
            if not self.table.text(r, 0) and (not self.value_header or not self.table.text(r, 1)):
                return r
        return None

    def _ensure_blank_row(self) -> None:
        # One empty row at the end, so a user can type a participant the pickers do not know.
        if self._first_blank_row() is None:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.set_text(row, 0, "")
            if self.value_header:
                self.table.set_text(row, 1, "")

    def _row_of(self, name: str) -> int | None:
        from kkrdesk.reference import resolve

        key = resolve(name).casefold()
        for r in range(self.table.rowCount()):
            text = self.table.text(r, 0)
            if text and resolve(text).casefold() == key:
                return r
        return None

    def add_names(self, names: list[str]) -> int:
        """Add participants not already in the table; per inhabitant, a known population is filled in."""
        from kkrdesk.reference import population, resolve

        # Figures imported into the store (Indlæs befolkningstal …) come before the shipped ones.
        extra = self._stored_populations() if self.kind == "per-capita" else None
        added = 0
        for raw in names:
            name = resolve(raw)
            if not name:
                continue
            row = self._row_of(name)
            if row is not None:
                # Already listed: only a blank inhabitants cell is filled (after Indlæs befolkningstal …).
                if self.kind == "per-capita" and not self.table.text(row, 1).strip():
                    figure = population(name, extra=extra)
                    if figure is not None:
                        self.table.set_text(row, 1, self._known_population(figure))
                continue
            value = ""
            if self.kind == "per-capita":
                figure = population(name, extra=extra)
                if figure is not None:
                    value = self._known_population(figure)
            self._append(name, value)
            added += 1
        self._ensure_blank_row()
        return added

    def _known_population(self, figure) -> str:
        """A reference figure as the cell's text; its source and date fill the fields if they are empty."""
        from kkrdesk.reference import format_date

        if not self.source_edit.text().strip():
            self.source_edit.setText(figure.source)
        if not self.date_edit.text().strip():
            self.date_edit.setText(format_date(figure.date))
        return fmt(figure.population)

    def fill_known_populations(self) -> None:
        """Blank inhabitants cells get the figure KKR Desk now knows (after an import of FOLK1A)."""
        if self.kind == "per-capita":
            self.add_names([self.table.text(r, 0) for r in range(self.table.rowCount()) if self.table.text(r, 0)])

    def _stored_populations(self) -> dict | None:
        if self.store is None:
            return None
        from kkrdesk.services.populations import figures

        return figures(self.store)

    def merge_pairs(self, pairs: list[tuple[str, Decimal]]) -> None:
        """Pasted or read rows: a known participant gets the new number, others are added."""
        for name, value in pairs:
            row = self._row_of(name)
            text = fmt(value, None)
            if row is None:
                self._append(name, text)
            elif self.value_header:
                self.table.set_text(row, 1, text)
        self._ensure_blank_row()

    def add_region(self) -> None:
        from kkrdesk.reference import municipalities_in_region

        region = self.region_combo.currentData()
        names = [m.name for m in municipalities_in_region(region)]
        added = self.add_names(names)
        text = (f"{added} kommuner fra {region} er tilføjet." if added else
                f"Alle kommuner i {region} står allerede i listen.")
        if self.kind == "per-capita":
            missing = self.missing_populations()
            if missing:
                # KKR Desk ships only the populations the papers print; say which are missing and where to get them.
                shown_names = ", ".join(missing[:8]) + (f" og {len(missing) - 8} flere" if len(missing) > 8 else "")
                text += (f" Indbyggertallet mangler for {len(missing)} kommuner ({shown_names}). Indlæs "
                         "befolkningstal fra Statistikbanken (tabel FOLK1A) med »Indlæs befolkningstal …«, skriv "
                         "dem i tabellen, eller hent dem fra en fil.")
                show_message(self.message, text, error=True)
                return
        self.show_info(text)

    def missing_populations(self) -> list[str]:
        """Participants in the table whose inhabitants are still blank."""
        return [self.table.text(r, 0) for r in range(self.table.rowCount())
                if self.table.text(r, 0) and not (self.table.text(r, 1) or "").strip()]

    def add_typed(self) -> None:
        name = " ".join(self.municipality_combo.currentText().split())
        if not name:
            return
        if self.add_names([name]):
            from kkrdesk.reference import is_known

            self.show_info("" if is_known(name) else
                           f"'{name}' er ikke en kendt kommune eller region; den er tilføjet som skrevet.")
        else:
            self.show_info(f"{name} står allerede i listen.")
        self.municipality_combo.setEditText("")

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        self._ensure_blank_row()

    def clear_inputs(self) -> None:
        self.set_rows([])
        for edit in (self.total_edit, self.rate_edit, self.uplift_edit, self.price_level_edit, self.source_edit,
                     self.date_edit):
            edit.clear()
        set_rounding(self.rounding_combo, None)
        self.calc_id, self.calc_name = None, ""
        self.clear_result()
        show_message(self.message, "")

    def paste(self, text: str) -> None:
        """Text from a spreadsheet: name and number columns, only names, or only numbers into the value column."""
        from kkrdesk.calc.inputs import names_from_lines, parse_pasted, read_text_lines

        lines = read_text_lines(text or "")
        if not lines:
            return
        try:
            width = max(sum(1 for c in line.cells if c != "") for line in lines)
            if not self.value_header or width == 1:
                numbers = [_number_or_none(str(line.cells[0]) if line.cells else "") for line in lines]
                if self.value_header and all(n is not None for n in numbers):
                    self._paste_column(numbers)
                else:
                    self.add_names(names_from_lines(lines, source="Det indsatte"))
            else:
                self.merge_pairs(parse_pasted(text, self.what))
        except UserError as exc:
            self.show_error(f"Det indsatte kunne ikke læses: {exc}")
            return
        show_message(self.message, "")

    def _paste_column(self, numbers: list[Decimal]) -> None:
        start = max(self.table.currentRow(), 0)
        while self.table.rowCount() < start + len(numbers):
            self.table.insertRow(self.table.rowCount())
        for offset, value in enumerate(numbers):
            self.table.set_text(start + offset, 1, fmt(value, None))
        self._ensure_blank_row()

    def read_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Hent fra fil", "",
                                              "Regneark og CSV (*.xlsx *.csv *.txt);;Alle filer (*)")
        if path:
            self.read_path(path)

    def read_path(self, path: str) -> None:
        from kkrdesk.calc.inputs import read_names, read_pairs

        try:
            if self.value_header:
                self.merge_pairs(read_pairs(path, self.what))
            else:
                self.add_names(read_names(path))
        except UserError as exc:
            self.show_error(str(exc))
            return
        show_message(self.message, "")

    # -- inputs --
    def inputs(self) -> dict:
        rounding = self.rounding_combo.currentData()
        entries = []
        for position, (name, value) in enumerate(self.rows(), start=1):
            if not name and not value:
                continue
            if not name:
                raise UserError(f"Række {position}: navnet mangler (der står '{value}').")
            if not self.value_header:
                entries.append(name)
                continue
            if not value:
                raise UserError(f"Række {position}: {self.what} for {name} mangler.")
            parsed = _number_or_none(value)
            if parsed is None:
                raise UserError(f"Række {position}: {self.what} for {name} er ikke et tal: '{value}'. "
                                "Skriv fx 39.287 eller 3,125.")
            entries.append({"name": name, self.value_key: parsed})
        data: dict = {self.list_key: entries, "rounding": rounding}
        if self.kind == "per-capita":
            data["rate"] = number(self.rate_edit.text(), "satsen pr. indbygger")
            data["uplift_pct"] = number(self.uplift_edit.text(), "fremskrivningen", required=False)
        elif self.kind == "pro-rata":
            data["new_total"] = number(self.total_edit.text(), "den nye total")
        else:
            data["total"] = number(self.total_edit.text(), "beløbet at fordele")
        return data

    def meta(self) -> dict:
        visible = self.kind in ("split", "per-capita")
        return {"price_level": self.price_level_edit.text().strip() or None,
                "population_source": (self.source_edit.text().strip() or None) if visible else None,
                "population_date": (self.date_edit.text().strip() or None) if visible else None}

    def set_state(self, inputs: dict, meta: dict) -> None:
        entries = next((inputs[k] for k in LIST_KEYS[self.list_key] if inputs.get(k)), []) or []
        rows: list[tuple[str, str]] = []
        if isinstance(entries, dict):
            entries = [{"name": k, self.value_key: v} for k, v in entries.items()]
        for entry in entries:
            if isinstance(entry, dict):
                name = entry.get("name", "")
                value = next((entry[k] for k in VALUE_KEYS.get(self.value_key, ()) if k in entry), "")
            elif isinstance(entry, list | tuple):
                name, value = entry[0], entry[1] if len(entry) > 1 else ""
            else:
                name, value = entry, ""
            rows.append((str(name), shown(value)))
        self.set_rows(rows)
        self.total_edit.setText(shown(inputs.get("new_total", inputs.get("total"))))
        self.rate_edit.setText(shown(inputs.get("rate")))
        self.uplift_edit.setText(shown(inputs.get("uplift_pct")))
        set_rounding(self.rounding_combo, inputs.get("rounding"))
        self.price_level_edit.setText(meta.get("price_level") or "")
        self.source_edit.setText(meta.get("population_source") or "")
        self.date_edit.setText(meta.get("population_date") or "")

    # -- result --
    def clear_result(self) -> None:
        fill_table(self.result_table, self._head(), [])
        self.remainder_label.setText("")

    def _head(self, uplift: bool = False) -> list[str]:
        if self.kind == "split":
            return ["Deltager", "Vægt", "Andel", "Beløb (kr.)"]
        if self.kind == "per-capita":
            return ["Deltager", "Indbyggere", "Andel", "Grundbeløb (kr.)",
                    "Fremskrevet (kr.)" if uplift else "Beløb (kr.)"]
        if self.kind == "pro-rata":
            return ["Deltager", "Aftalt (kr.)", "Andel", "Beløb (kr.)"]
        return ["Deltager", "Andel", "Beløb (kr.)"]

    def show_result(self, result) -> None:
        uplift = result.uplift_pct is not None
        head = self._head(uplift)
        rows = []
        for r in result.rows:
            # Shares from the unrounded values, as the papers compute them.
            share = r.share if r.share is not None else (r.exact / result.total if result.total else None)
            share_text = "" if share is None else fmt(share * 100, 2) + " %"
            if self.kind == "split":
                rows.append([r.name, fmt(r.weight, None), share_text, fmt(r.amount)])
            elif self.kind == "per-capita":
                rows.append([r.name, fmt(r.population, None), share_text, fmt(r.base_amount), fmt(r.amount)])
            elif self.kind == "pro-rata":
                rows.append([r.name, fmt(r.original, None), share_text, fmt(r.amount)])
            else:
                rows.append([r.name, share_text, fmt(r.amount)])
        pad = [""] * (len(head) - 2)
        whole = result.total == round_half_up(result.total)
        decimals = 0 if whole else 2
        total_label = "I alt uden afrunding" if self.kind == "per-capita" else "Beløb at fordele"
        footer = [["I alt (sum af rækkerne)", *pad, fmt(result.sum_of_rows)],
                  [total_label, *pad, fmt(result.total, decimals)],
                  ["Afrundingsdifference", *pad, fmt(result.remainder, decimals)]]
        n = len(rows)
        last = len(head) - 1
        # Half up leaves a few kroner by design: the line is bold, not alarming; largest remainder gives 0.
        fill_table(self.result_table, head, rows + footer, bold_rows=(n, n + 1, n + 2),
                   green_cells=[(n + 2, last)] if result.remainder == 0 else [])
        how = ("hver række er afrundet for sig, som i papirerne" if result.rounding == "half-up"
               else "største rest: rækkerne summer præcist")
        text = (f"Sum af rækkerne: {fmt(result.sum_of_rows)} kr. · {total_label}: {fmt(result.total, decimals)} "
                f"kr. · <b>Afrundingsdifference: {fmt(result.remainder, decimals)} kr.</b> ({how})")
        if uplift:
            text = (f"Sats {fmt(result.rate, None)} kr. pr. indbygger, fremskrevet "
                    f"{fmt(result.uplift_pct, None)} %.<br>") + text
        self.remainder_label.setText(text)


def _number_or_none(text: str) -> Decimal | None:
    from kkrdesk.reference import parse_number

    try:
        return parse_number(text)
    except (ValueError, ArithmeticError):
        return None

