"""Ny/Ret indsats (ui/indsats_dialog.ui) and Ny/Ret tovholder (ui/assignment_dialog.ui).

Both save through services.tovholder_edit when OK is pressed; a refusal is shown inside the dialog, the cursor
goes to the field it concerns, and the dialog stays open with everything the user typed. Ret keeps the row as
shown (`base`): a save over a colleague's later change is refused with what they changed, and the next OK
overwrites knowingly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.errors import UserError
from kkrdesk.gui.ui_loader import load_ui
from kkrdesk.reference import format_date, format_number
from kkrdesk.services import tovholder_edit
from kkrdesk.services.rows import editing_base
from kkrdesk.services.tovholdere import ASSIGNMENT_LABELS, ASSIGNMENT_STATES, ROLES

PARTY_KINDS = (("Kommune, region eller organ", None), ("Person", "person"))


def amount_text(amount: Decimal | None) -> str:
    """As the secretary would type it: 2482 → "2.482", 1.9 → "1,9"."""
    if amount is None:
        return ""
    return format_number(amount, max(0, -amount.normalize().as_tuple().exponent))


def date_text(value: dt.date | None) -> str:
    return format_date(value, "short") if value else ""


def cadence_text(cadence: str | None) -> str:
    """"årligt", "ved afvigelser", or the stored ISO date as dd.mm.yyyy."""
    if cadence and cadence[:1].isdigit():
        try:
            return format_date(dt.date.fromisoformat(cadence), "short")
        except ValueError:
            return cadence
    return cadence or ""


def _fill(combo: QComboBox, items: list[str], text: str | None) -> None:
    combo.clear()
    combo.addItems(["", *items])
    combo.setCurrentText(text or "")


class _EditDialog(QDialog):
    """A form from ui/ with an error line and OK/Annullér; subclasses implement save() → id."""

    saved = Signal(int)

    def __init__(self, ui_name: str, parent=None):
        super().__init__(parent)
        self.form: QWidget = load_ui(ui_name, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.form)
        self.error: QLabel = self.form.findChild(QLabel, "errorLabel")
        self.error.setVisible(False)
        self.buttons: QDialogButtonBox = self.form.findChild(QDialogButtonBox, "buttonBox")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.fields: dict[str, QWidget] = {}
        self.saved_id: int | None = None
        self.base: dict | None = None  # the edited row as shown, with its row_version; None for a new one

    def save(self) -> int:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.saved_id = self.save()
        except UserError as exc:
            # A colleague saved first: their row is the new base, so the next OK overwrites knowingly.
            self.base = getattr(exc, "current", None) or self.base
            self.show_error(exc)
            return
        self.saved.emit(self.saved_id)
        super().accept()

    def show_error(self, exc: UserError) -> None:
        self.error.setText(str(exc))
        self.error.setVisible(True)
        widget = self.fields.get(getattr(exc, "field", None) or "")
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
            if isinstance(edit, QLineEdit):
                edit.selectAll()


class IndsatsDialog(_EditDialog):
    """Ny indsats (indsats_id None) or Ret indsats."""

    def __init__(self, store, indsats_id: int | None = None, parent=None):
        super().__init__("indsats_dialog.ui", parent)
        self.store = store
        self.indsats_id = indsats_id
        f = self.form
        self.title: QLineEdit = f.findChild(QLineEdit, "titleEdit")
        self.category: QComboBox = f.findChild(QComboBox, "categoryCombo")
        self.plan: QComboBox = f.findChild(QComboBox, "planCombo")
        self.year: QLineEdit = f.findChild(QLineEdit, "yearEdit")
        self.phase: QComboBox = f.findChild(QComboBox, "phaseCombo")
        self.amount: QLineEdit = f.findChild(QLineEdit, "amountEdit")
        self.price_level: QLineEdit = f.findChild(QLineEdit, "priceLevelEdit")
        self.frame: QCheckBox = f.findChild(QCheckBox, "frameCheck")
        self.note: QPlainTextEdit = f.findChild(QPlainTextEdit, "noteEdit")
        self.fields = {"title": self.title, "category": self.category, "plan": self.plan, "year": self.year,
                       "phase": self.phase, "amount_mio": self.amount, "price_level": self.price_level,
                       "note": self.note}
        # "(2.482)" is how the papers print a frame: typing it ticks the box.
        self.amount.textEdited.connect(lambda text: text.strip().startswith("(") and self.frame.setChecked(True))
        choices = tovholder_edit.indsats_choices(store)
        detail = tovholder_edit.indsats_detail(store, indsats_id) if indsats_id is not None else {}
        if detail:
            self.base = editing_base(detail, tovholder_edit.INDSATS_LABELS)
        _fill(self.category, choices["categories"], detail.get("category"))
        _fill(self.plan, choices["plans"], detail.get("plan"))
        _fill(self.phase, choices["phases"], detail.get("phase"))
        self.title.setText(detail.get("title") or "")
        self.year.setText(str(detail["year"]) if detail.get("year") else "")
        self.amount.setText(amount_text(detail.get("amount_mio")))
        self.price_level.setText(detail.get("price_level") or "")
        self.frame.setChecked(bool(detail.get("is_frame")))
        self.note.setPlainText(detail.get("note") or "")
        if indsats_id is None:
            self.setWindowTitle("Ny indsats")
            self.ok_button.setText("Opret")
        else:
            self.setWindowTitle(f"Ret indsats – {detail['title']}")
            self.ok_button.setText("Gem")
        self.resize(680, self.sizeHint().height())
        self.title.setFocus()

    def values(self) -> dict:
        return {"title": self.title.text(), "category": self.category.currentText(),
                "plan": self.plan.currentText(), "year": self.year.text(), "phase": self.phase.currentText(),
                "amount_mio": self.amount.text(), "price_level": self.price_level.text(),
                "is_frame": self.frame.isChecked(), "note": self.note.toPlainText()}

    def save(self) -> int:
        if self.indsats_id is None:
            return tovholder_edit.create_indsats(self.store, **self.values())
        tovholder_edit.update_indsats(self.store, self.indsats_id, base=self.base, **self.values())
        return self.indsats_id


class AssignmentDialog(_EditDialog):
    """Ny tovholder on an indsats (assignment_id None) or Ret tovholder."""

    def __init__(self, store, indsats_id: int, assignment_id: int | None = None, parent=None):
        super().__init__("assignment_dialog.ui", parent)
        self.store = store
        self.indsats_id = indsats_id
        self.assignment_id = assignment_id
        f = self.form
        self.indsats_label: QLabel = f.findChild(QLabel, "indsatsLabel")
        self.party: QComboBox = f.findChild(QComboBox, "partyCombo")
        self.kind: QComboBox = f.findChild(QComboBox, "kindCombo")
        self.hint: QLabel = f.findChild(QLabel, "partyHint")
        self.role: QComboBox = f.findChild(QComboBox, "roleCombo")
        self.status: QComboBox = f.findChild(QComboBox, "statusCombo")
        self.phase: QComboBox = f.findChild(QComboBox, "phaseCombo")
        self.start: QLineEdit = f.findChild(QLineEdit, "startEdit")
        self.end: QLineEdit = f.findChild(QLineEdit, "endEdit")
        self.cadence: QComboBox = f.findChild(QComboBox, "cadenceCombo")
        self.fields = {"party": self.party, "party_kind": self.kind, "role": self.role, "status": self.status,
                       "phase": self.phase, "start": self.start, "end": self.end, "cadence": self.cadence}
        for text, data in PARTY_KINDS:
            self.kind.addItem(text, data)
        self.role.addItems(list(ROLES))
        self.status.addItems(list(ASSIGNMENT_STATES))
        self.cadence.addItems(list(tovholder_edit.CADENCES))
        # Room for two lines, so a longer hint never runs into the fields around it.
        self.hint.setMinimumHeight(2 * self.hint.fontMetrics().lineSpacing() + 2)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        completer = QCompleter(self.party.model(), self.party)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # "Tåstrup" finds Høje-Taastrup's neighbours too
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.party.setCompleter(completer)
        self._places = [c["name"] for c in tovholder_edit.party_choices(store)]
        self._people: list[str] | None = None

        indsats = tovholder_edit.indsats_detail(store, indsats_id)
        when = indsats["phase"] or (str(indsats["year"]) if indsats["year"] else "")
        self.indsats_label.setText(indsats["title"] + (f" ({when})" if when else ""))
        phases = tovholder_edit.indsats_choices(store)["phases"]
        if assignment_id is None:
            detail = {"party": "", "party_kind": None, "status": "foreslået", "cadence": "årligt", "phase": None,
                      "start": None, "end": None,
                      # The papers' rule is one or two leads: a third is proposed as medansvarlig by default.
                      "role": "hovedansvarlig" if not self._has_leads() else "medansvarlig"}
            self.setWindowTitle("Ny tovholder")
            self.ok_button.setText("Tilføj")
        else:
            detail = tovholder_edit.assignment_detail(store, assignment_id)
            self.base = editing_base(detail, ASSIGNMENT_LABELS)
            self.setWindowTitle(f"Ret tovholder – {detail['party']}")
            self.ok_button.setText("Gem")
        self.kind.setCurrentIndex(1 if detail["party_kind"] == "person" else 0)
        self._fill_parties(detail["party"])
        self.role.setCurrentText(detail["role"])
        self.status.setCurrentText(detail["status"])
        _fill(self.phase, phases, detail["phase"])
        self.start.setText(date_text(detail["start"]))
        self.end.setText(date_text(detail["end"]))
        self.cadence.setCurrentText(cadence_text(detail["cadence"]))
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_parties(self.party.currentText()))
        self.party.currentTextChanged.connect(self._update_hint)
        self._update_hint()
        self.resize(560, self.sizeHint().height())
        self.party.setFocus()

    def _has_leads(self) -> bool:
        from kkrdesk.services.tovholdere import assignment_rows

        return any(r["role"] == "hovedansvarlig" and r["status"] != "afsluttet"
                   for r in assignment_rows(self.store, self.indsats_id))

    def _fill_parties(self, text: str) -> None:
        """Places and bodies to choose from, or the persons of Organer og medlemmer."""
        if self.kind.currentData() == "person":
            if self._people is None:
                self._people = tovholder_edit.person_choices(self.store)
            names = self._people
        else:
            names = self._places
        self.party.blockSignals(True)
        self.party.clear()
        self.party.addItems(names)
        self.party.setCurrentText(text)
        self.party.blockSignals(False)
        self._update_hint()

    def _update_hint(self, *_args) -> None:
        ok, text = tovholder_edit.describe_party(self.store, self.party.currentText(), self.kind.currentData())
        self.hint.setText(text)
        self.hint.setStyleSheet("color: #666666;" if ok else "color: #C62828;")

    def values(self) -> dict:
        return {"party": self.party.currentText(), "party_kind": self.kind.currentData(),
                "role": self.role.currentText(), "status": self.status.currentText(),
                "phase": self.phase.currentText(), "start": self.start.text(), "end": self.end.text(),
                "cadence": self.cadence.currentText()}

    def save(self) -> int:
        if self.assignment_id is None:
            return tovholder_edit.add_assignment(self.store, self.indsats_id, **self.values())
        tovholder_edit.update_assignment(self.store, self.assignment_id, base=self.base, **self.values())
        return self.assignment_id
