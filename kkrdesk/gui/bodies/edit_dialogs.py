"""Ny/Ret udpegning, Afslut udpegning, Ret person, Nyt/Ret organ, Ny/Ret plads: the dialogs of the Organer og
medlemmer tab.

The forms are ui/membership_dialog.ui, ui/body_dialog.ui, ui/person_dialog.ui and ui/seat_dialog.ui. Every dialog
saves through services.member_edit (or members.end_membership) when OK is pressed: a refusal is shown in a warning
and the dialog stays open with everything the user typed; only a saved change closes it. A dialog that changes a
row keeps it as shown (`base`): a save over a colleague's later change is refused with what they changed, and the
next OK overwrites knowingly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.errors import UserError
from kkrdesk.gui.ui_loader import load_ui
from kkrdesk.reference import danish_sorted, is_known, municipalities, normalise_text, regions, resolve
from kkrdesk.services import member_edit, members
from kkrdesk.services.rows import editing_base

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)
NO_DATE = QDate(1900, 1, 1)  # the QDateEdit's minimum stands for "no date"; the edit then shows it blank
NO_SEAT = "(ingen bestemt plads)"
NO_ITEM = "(intet punkt angivet)"
NO_PARENT = "(intet – øverste niveau)"
HINT_PICK = "Vælg på listen (skriv for at søge), eller skriv navnet på en ny person."
HINT_NEW = "Ny person: udfyld titel og organisation."
HINT_EXISTING = "Findes i forvejen; navn, titel og organisation rettes med »Ret person …«."


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _py(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def setup_date_edit(edit: QDateEdit) -> None:
    """Danish calendar (weeks from Monday) and dd.MM.yyyy, whatever the desktop's locale."""
    edit.setLocale(DANISH)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.calendarWidget().setLocale(DANISH)
    edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)


class OptionalDate:
    """A QDateEdit with a checkbox for "no date" (ingen slutdato, ukendt startdato): while it is ticked the edit
    is blank and disabled; unticking it brings back the last date, or a sensible default."""

    def __init__(self, edit: QDateEdit, none: QCheckBox, default: Callable[[], dt.date]):
        self.edit, self.none, self.default = edit, none, default
        setup_date_edit(edit)
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(" ")
        edit.setDate(NO_DATE)  # not Qt's 1.1.2000: unticking brings back a date the user chose, or the default
        self._last: dt.date | None = None
        none.toggled.connect(self._toggled)
        edit.dateChanged.connect(self._date_changed)

    def value(self) -> dt.date | None:
        if self.none.isChecked() or self.edit.date() == NO_DATE:
            return None
        return _py(self.edit.date())

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.none.setChecked(True)
            self._toggled(True)
        else:
            self._last = value
            self.none.setChecked(False)
            self.edit.setEnabled(True)
            self.edit.setDate(_qdate(value))

    def _toggled(self, checked: bool) -> None:
        if checked:
            if self.edit.date() != NO_DATE:
                self._last = _py(self.edit.date())
            self.edit.setDate(NO_DATE)
        else:
            self.edit.setDate(_qdate(self._last or self.default()))
        self.edit.setEnabled(not checked)

    def _date_changed(self, value: QDate) -> None:
        if value == NO_DATE and not self.none.isChecked():
            self.none.setChecked(True)  # stepped down to the blank value: that is "no date" too


def place_names() -> list[str]:
    """The 98 municipalities and the 5 regions, sorted the Danish way, for completion."""
    return danish_sorted([m.name for m in municipalities()] + [r.name for r in regions()])


def place_completer(parent: QWidget) -> QCompleter:
    completer = QCompleter(place_names(), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return completer


def _buttons(box: QDialogButtonBox, ok_text: str) -> None:
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")


class _SavingDialog(QDialog):
    """OK runs `_save()`; a UserError is shown and the dialog stays open with the input as typed."""

    def __init__(self, store, title: str, form: str | None, parent=None):
        super().__init__(parent)
        self.store = store
        self.saved_id: int | None = None
        self.base: dict | None = None  # the edited row as shown, with its row_version; None for a new row
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if form is not None:
            self.form = load_ui(form, self)
            layout.addWidget(self.form)

    def _connect(self, box: QDialogButtonBox, ok_text: str) -> None:
        _buttons(box, ok_text)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)

    def save(self) -> bool:
        try:
            self.saved_id = self._save()
        except UserError as exc:
            # A colleague saved first: their row is the new base, so the next OK overwrites knowingly.
            self.base = getattr(exc, "current", None) or self.base
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return False
        self.accept()
        return True

    def _save(self) -> int | None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError

    def _fit(self, width: int) -> None:
        """At least `width` wide and no taller than the form needs (wrapped hints otherwise leave gaps)."""
        width = max(width, self.minimumSizeHint().width())
        self.resize(width, self.heightForWidth(width) if self.hasHeightForWidth() else
                    self.minimumSizeHint().height())

    def child(self, kind, name: str):
        widget = self.form.findChild(kind, name)
        if widget is None:
            raise RuntimeError(f"{name} mangler i formularen")
        return widget


# --- udpegning ---------------------------------------------------------------------------------------------------


class MembershipDialog(_SavingDialog):
    """Ny udpegning in a body (membership_id None) or Ret udpegning (role, dates, on behalf of, seat)."""

    def __init__(self, store, body_id: int, *, membership_id: int | None = None, on: dt.date | None = None,
                 parent=None):
        super().__init__(store, "Ret udpegning" if membership_id else "Ny udpegning", "membership_dialog.ui",
                         parent)
        self.body_id, self.membership_id = body_id, membership_id
        self.body = member_edit.body_detail(store, body_id)
        self.body_label: QLabel = self.child(QLabel, "bodyLabel")
        self.person: QComboBox = self.child(QComboBox, "personCombo")
        self.person_hint: QLabel = self.child(QLabel, "personHint")
        self.title: QLineEdit = self.child(QLineEdit, "titleEdit")
        self.organisation: QLineEdit = self.child(QLineEdit, "organisationEdit")
        self.role: QComboBox = self.child(QComboBox, "roleCombo")
        self.seat: QComboBox = self.child(QComboBox, "seatCombo")
        self.behalf: QLineEdit = self.child(QLineEdit, "behalfEdit")
        self.appointed: QLineEdit = self.child(QLineEdit, "appointedEdit")
        self.item: QComboBox = self.child(QComboBox, "itemCombo")
        self.start = OptionalDate(self.child(QDateEdit, "startDate"), self.child(QCheckBox, "startNone"),
                                  lambda: on or dt.date.today())
        self.end = OptionalDate(self.child(QDateEdit, "endDate"), self.child(QCheckBox, "endNone"),
                                self._default_end)
        self._connect(self.child(QDialogButtonBox, "buttonBox"), "Gem" if membership_id else "Opret")

        self.role.addItems(member_edit.ROLES)
        self.seat.addItem(NO_SEAT, None)
        for seat in member_edit.seat_choices(store, body_id):
            self.seat.addItem(seat["label"], seat["id"])
        self.item.addItem(NO_ITEM, None)
        for item in member_edit.item_choices(store):
            self.item.addItem(item["label"], item["id"])
            self.item.setItemData(self.item.count() - 1, item["label"], Qt.ItemDataRole.ToolTipRole)
        self.persons = member_edit.person_choices(store)
        self._by_label = {p["label"]: p for p in self.persons}
        for p in self.persons:
            self.person.addItem(p["label"], p["id"])
        completer = self.person.completer()
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setModelSorting(QCompleter.ModelSorting.UnsortedModel)  # kept in the Danish order given
        self.organisation.setCompleter(place_completer(self))
        self.behalf.setCompleter(place_completer(self))
        self._behalf_touched = False
        self.behalf.textEdited.connect(self._behalf_edited)
        self.person.editTextChanged.connect(self._person_changed)
        self.organisation.textChanged.connect(self._organisation_changed)
        self._filled_from: dict | None = None

        if membership_id is None:
            self.body_label.setText(f"Ny udpegning i {self.body['name']}")
            self.person.setCurrentIndex(-1)
            self.person.setEditText("")
            self.role.setCurrentText("medlem")
            self.start.set_value(on or dt.date.today())
            self.end.set_value(None)
            self._person_changed("")
        else:
            self._load(member_edit.membership_detail(store, membership_id))
        self._fit(600)

    def _load(self, m: dict) -> None:
        self.base = editing_base(m, member_edit.MEMBERSHIP_LABELS)
        self.body_label.setText(f"{m['name']} i {m['body']}")
        self.person.setEditText(member_edit.person_label(m["name"], m["title"], m["organisation"]))
        self.person.setEnabled(False)
        self.title.setText(m["title"] or "")
        self.organisation.setText(m["organisation"] or "")
        for edit in (self.title, self.organisation):
            edit.setEnabled(False)
        self._hint(HINT_EXISTING)
        self.role.setCurrentText(m["role"])
        if self.role.currentText() != m["role"]:  # a role the list does not know: shown as it is stored
            self.role.addItem(m["role"])
            self.role.setCurrentText(m["role"])
        index = self.seat.findData(m["seat_id"])
        self.seat.setCurrentIndex(max(index, 0))
        self.start.set_value(m["start"])
        self.end.set_value(m["end"])
        self.behalf.setText(m["on_behalf_of"] or "")
        self._behalf_touched = True
        self.appointed.setText(m["appointed_by"] or "")
        self.item.setCurrentIndex(max(self.item.findData(m["item_id"]), 0))

    def _default_end(self) -> dt.date:
        start = self.start.value() or dt.date.today()
        term_end = self.body.get("term_end")
        return term_end if term_end and term_end >= start else start

    # -- the person --
    def picked_person(self) -> dict | None:
        """The existing person the text names exactly (a pick from the list), else None: a new person."""
        return self._by_label.get(self.person.currentText().strip())

    def _person_changed(self, _text: str) -> None:
        if self.membership_id is not None:
            return
        person = self.picked_person()
        if person is not None:
            self._filled_from = person
            self.title.setText(person["title"] or "")
            self.organisation.setText(person["organisation"] or "")
            for edit in (self.title, self.organisation):
                edit.setEnabled(False)  # shown, not changed here: that is Ret person
            self._hint(HINT_EXISTING)
            self._suggest_behalf(person["organisation"])
            return
        if self._filled_from is not None:  # the user moved away from a picked person: a fresh new one
            self._filled_from = None
            self.title.clear()
            self.organisation.clear()
        for edit in (self.title, self.organisation):
            edit.setEnabled(True)
        self._update_new_hint()

    def _organisation_changed(self, text: str) -> None:
        if self.picked_person() is None and self.membership_id is None:
            self._suggest_behalf(text)
            self._update_new_hint()

    def _update_new_hint(self) -> None:
        name = normalise_text(self.person.currentText())
        if not name:
            self._hint(HINT_PICK)
            return
        same = [p for p in self.persons if p["name"].casefold() == name.casefold()]
        wanted = members.organisation_key(self.organisation.text())
        match = next((p for p in same if members.organisation_key(p["organisation"]) == wanted), None)
        if match is not None:
            self._hint(f"Findes i forvejen ({match['label']}); udpegningen knyttes til den person.")
        elif same:
            self._hint(f"Ny person. {same[0]['label']} findes også: vælg på listen, hvis det er den samme.")
        else:
            self._hint(HINT_NEW)

    def _hint(self, text: str) -> None:
        """One line under the name; a long one is cut at the edge and shown whole as a tooltip."""
        self.person_hint.setText(text)
        self.person_hint.setToolTip(text)

    def _behalf_edited(self, _text: str) -> None:
        self._behalf_touched = True

    def _suggest_behalf(self, organisation: str | None) -> None:
        """A municipality's own people usually sit on its behalf: filled in until the user writes something."""
        if self._behalf_touched:
            return
        text = normalise_text(organisation or "")
        self.behalf.setText(resolve(text) if text and is_known(text) else "")

    # -- saving --
    def values(self) -> dict:
        return {"role": self.role.currentText(), "start": self.start.value(), "end": self.end.value(),
                "on_behalf_of": self.behalf.text(), "seat_id": self.seat.currentData(),
                "appointed_by": self.appointed.text(), "item_id": self.item.currentData()}

    def _save(self) -> int:
        if self.membership_id is not None:
            member_edit.edit_membership(self.store, self.membership_id, base=self.base, **self.values())
            return self.membership_id
        person = self.picked_person()
        who = ({"person_id": person["id"]} if person is not None else
               {"name": self.person.currentText(), "title": self.title.text(),
                "organisation": self.organisation.text()})
        return member_edit.add_membership(self.store, self.body_id, **who, **self.values())


class EndMembershipDialog(_SavingDialog):
    """Afslut udpegning on a date (today unless changed); the udpegning stays in the history."""

    def __init__(self, store, membership: dict, body_name: str, parent=None):
        super().__init__(store, "Afslut udpegning", None, parent)
        self.membership = membership
        self.base = editing_base(member_edit.membership_detail(store, membership["id"]),
                                 member_edit.MEMBERSHIP_LABELS)
        form = QFormLayout()
        period = members.period_text(membership.get("start"), membership.get("end"))
        text = QLabel(f"<b>{membership['name']}</b> som {membership['role']} i {body_name}<br/>"
                      f"Udpeget {period}.", self)
        text.setWordWrap(True)
        self.date = QDateEdit(self)
        setup_date_edit(self.date)
        self.date.setDate(QDate.currentDate())
        self.date.setMinimumWidth(120)
        form.addRow(text)
        form.addRow("&Sidste dag", self.date)
        hint = QLabel("Udpegningen bliver stående i historikken; personen tæller ikke med efter datoen.", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        form.addRow(hint)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self._connect(box, "Afslut")
        layout = self.layout()
        layout.addLayout(form)
        layout.addWidget(box)
        self.setMinimumWidth(440)

    def _save(self) -> int:
        members.end_membership(self.store, self.membership["id"], _py(self.date.date()), base=self.base)
        return self.membership["id"]


def confirm_delete(parent: QWidget, membership: dict, body_name: str) -> bool:
    """Slet udpegning only after a yes; No is the default, so Enter does not delete."""
    answer = QMessageBox.question(
        parent, "Slet udpegning",
        f"Slet {membership['name']}s udpegning som {membership['role']} i {body_name}?\n\n"
        "Slet er til en forkert registrering. Er personen gået af, så brug »Afslut udpegning …«, "
        "så historikken bevares.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


# --- person ------------------------------------------------------------------------------------------------------


class PersonDialog(_SavingDialog):
    """Ret person: the change shows in every body the person sits in."""

    def __init__(self, store, person_id: int, parent=None):
        super().__init__(store, "Ret person", "person_dialog.ui", parent)
        self.person_id = person_id
        p = member_edit.person_detail(store, person_id)
        self.base = editing_base(p, member_edit.PERSON_LABELS)
        self.name: QLineEdit = self.child(QLineEdit, "nameEdit")
        self.title: QLineEdit = self.child(QLineEdit, "titleEdit")
        self.organisation: QLineEdit = self.child(QLineEdit, "organisationEdit")
        self.party: QLineEdit = self.child(QLineEdit, "partyEdit")
        self.email: QLineEdit = self.child(QLineEdit, "emailEdit")
        self.phone: QLineEdit = self.child(QLineEdit, "phoneEdit")
        self.bodies: QLabel = self.child(QLabel, "bodiesLabel")
        self._connect(self.child(QDialogButtonBox, "buttonBox"), "Gem")
        self.organisation.setCompleter(place_completer(self))
        for edit, key in ((self.name, "name"), (self.title, "title"), (self.organisation, "organisation"),
                          (self.party, "party"), (self.email, "email"), (self.phone, "phone")):
            edit.setText(p[key] or "")
        self.bodies.setText("\n".join(p["bodies"]) or "ingen organer")
        self._fit(520)

    def values(self) -> dict:
        return {"name": self.name.text(), "title": self.title.text(), "organisation": self.organisation.text(),
                "party": self.party.text(), "email": self.email.text(), "phone": self.phone.text()}

    def _save(self) -> int:
        member_edit.edit_person(self.store, self.person_id, base=self.base, **self.values())
        return self.person_id


# --- organ -------------------------------------------------------------------------------------------------------


class BodyDialog(_SavingDialog):
    """Nyt organ (body_id None) or Ret organ."""

    def __init__(self, store, body_id: int | None = None, parent=None, *, parent_id: int | None = None):
        super().__init__(store, "Ret organ" if body_id else "Nyt organ", "body_dialog.ui", parent)
        self.body_id = body_id
        self.name: QLineEdit = self.child(QLineEdit, "nameEdit")
        self.short_name: QLineEdit = self.child(QLineEdit, "shortNameEdit")
        self.type: QComboBox = self.child(QComboBox, "typeCombo")
        self.parent_combo: QComboBox = self.child(QComboBox, "parentCombo")
        self.max_members: QSpinBox = self.child(QSpinBox, "maxMembersSpin")
        self.odd: QCheckBox = self.child(QCheckBox, "oddCheck")
        self.description: QPlainTextEdit = self.child(QPlainTextEdit, "descriptionEdit")
        self.term_start = OptionalDate(self.child(QDateEdit, "termStartDate"), self.child(QCheckBox, "termStartNone"),
                                       dt.date.today)
        self.term_end = OptionalDate(self.child(QDateEdit, "termEndDate"), self.child(QCheckBox, "termEndNone"),
                                     self._default_end)
        self._connect(self.child(QDialogButtonBox, "buttonBox"), "Gem" if body_id else "Opret")
        self.type.addItems(member_edit.BODY_TYPES)
        self.parent_combo.addItem(NO_PARENT, None)
        for choice in member_edit.parent_choices(store, body_id):
            self.parent_combo.addItem(choice["name"], choice["id"])
        if body_id is None:
            self.type.setCurrentText("arbejdsgruppe")
            self.parent_combo.setCurrentIndex(max(self.parent_combo.findData(parent_id), 0))
            self.term_start.set_value(None)
            self.term_end.set_value(None)
        else:
            b = member_edit.body_detail(store, body_id)
            self.base = editing_base(b, member_edit.BODY_LABELS)
            self.name.setText(b["name"])
            self.short_name.setText(b["short_name"] or "")
            if self.type.findText(b["type"]) < 0:
                self.type.addItem(b["type"])
            self.type.setCurrentText(b["type"])
            self.parent_combo.setCurrentIndex(max(self.parent_combo.findData(b["parent_id"]), 0))
            self.term_start.set_value(b["term_start"])
            self.term_end.set_value(b["term_end"])
            self.max_members.setValue(b["max_members"] or 0)
            self.odd.setChecked(bool(b["odd_members"]))
            self.description.setPlainText(b["description"] or "")
        self._fit(600)

    def _default_end(self) -> dt.date:
        """A KKR term is four years from the municipal election: 1.1.2022 → 31.12.2025."""
        start = self.term_start.value()
        return dt.date(start.year + 3, 12, 31) if start else dt.date.today()

    def values(self) -> dict:
        return {"name": self.name.text(), "short_name": self.short_name.text(), "type": self.type.currentText(),
                "parent_id": self.parent_combo.currentData(), "term_start": self.term_start.value(),
                "term_end": self.term_end.value(), "max_members": self.max_members.value() or None,
                "odd_members": self.odd.isChecked(), "description": self.description.toPlainText()}

    def _save(self) -> int:
        if self.body_id is None:
            return member_edit.add_body(self.store, **self.values())
        member_edit.edit_body(self.store, self.body_id, base=self.base, **self.values())
        return self.body_id



# --- plads -------------------------------------------------------------------------------------------------------


class SeatDialog(_SavingDialog):
    """Ny plads in a body (seat_id None) or Ret plads: count, role, udpeget/indstillet af, criteria, vote, note."""

    def __init__(self, store, body_id: int, seat_id: int | None = None, parent=None):
        super().__init__(store, "Ret plads" if seat_id else "Ny plads", "seat_dialog.ui", parent)
        self.body_id, self.seat_id = body_id, seat_id
        body = member_edit.body_detail(store, body_id)
        self.body_label: QLabel = self.child(QLabel, "bodyLabel")
        self.count: QSpinBox = self.child(QSpinBox, "countSpin")
        self.limit: QLabel = self.child(QLabel, "limitLabel")
        self.role: QComboBox = self.child(QComboBox, "roleCombo")
        self.appointed: QLineEdit = self.child(QLineEdit, "appointedEdit")
        self.nominated: QLineEdit = self.child(QLineEdit, "nominatedEdit")
        self.criteria: QPlainTextEdit = self.child(QPlainTextEdit, "criteriaEdit")
        self.voting: QCheckBox = self.child(QCheckBox, "votingCheck")
        self.note: QPlainTextEdit = self.child(QPlainTextEdit, "noteEdit")
        self.placed: QLabel = self.child(QLabel, "placedLabel")
        self._connect(self.child(QDialogButtonBox, "buttonBox"), "Gem" if seat_id else "Opret")
        self.count.setMaximum(member_edit.MAX_SEAT_COUNT)
        self.role.addItems(member_edit.SEAT_ROLES)
        for edit in (self.appointed, self.nominated):
            edit.setCompleter(place_completer(self))
        if body["max_members"]:
            self.limit.setText(f"organet: højst {body['max_members']} medlemmer, pladserne giver "
                               f"{body['member_seats']}")
        self.count.valueChanged.connect(self._count_changed)
        if seat_id is None:
            self.body_label.setText(f"Ny plads i {body['name']}")
            self.role.setCurrentText("medlem")
            self.placed.hide()
        else:
            self._load(member_edit.seat_detail(store, seat_id))
        self.role.currentTextChanged.connect(self._role_changed)
        self._count_changed(self.count.value())
        self._fit(560)

    def _load(self, seat: dict) -> None:
        self.base = editing_base(seat, member_edit.SEAT_LABELS)
        self.body_label.setText(f"Plads i {seat['body']}: {seat['label']}")
        self.count.setValue(seat["count"])
        if self.role.findText(seat["role"]) < 0:  # a role the list does not know: shown as it is stored
            self.role.addItem(seat["role"])
        self.role.setCurrentText(seat["role"])
        self.appointed.setText(seat["appointed_by"] or "")
        self.nominated.setText(seat["nominated_by"] or "")
        self.criteria.setPlainText(seat["criteria"] or "")
        self.voting.setChecked(bool(seat["voting"]))
        self.note.setPlainText(seat["note"] or "")
        placed = seat["memberships"]
        self.placed.setText({0: "Ingen udpegninger er knyttet til pladsen.",
                             1: "1 udpegning er knyttet til pladsen."}.get(
            placed, f"{placed} udpegninger er knyttet til pladsen."))

    def _count_changed(self, count: int) -> None:
        self.count.setSuffix(" plads" if count == 1 else " pladser")

    def _role_changed(self, role: str) -> None:
        """An observer has no vote; choosing the role says so (the box can still be ticked)."""
        if role == "observatør":
            self.voting.setChecked(False)

    def values(self) -> dict:
        return {"count": self.count.value(), "role": self.role.currentText(), "appointed_by": self.appointed.text(),
                "nominated_by": self.nominated.text(), "criteria": self.criteria.toPlainText(),
                "voting": self.voting.isChecked(), "note": self.note.toPlainText()}

    def _save(self) -> int:
        if self.seat_id is None:
            return member_edit.add_seat(self.store, self.body_id, **self.values())
        member_edit.edit_seat(self.store, self.seat_id, base=self.base, **self.values())
        return self.seat_id


def confirm_delete_seat(parent: QWidget, seat: dict) -> bool:
    """Slet plads only after a yes, saying how many udpegninger lose their seat; No is the default."""
    placed = seat["memberships"]
    if placed:
        who = "1 udpegning" if placed == 1 else f"{placed} udpegninger"
        consequence = (f"{who} mister pladsen. Udpegningerne bliver stående og placeres efter deres rolle; "
                       "de kan komme til at stå uden plads i sammensætningen.")
    else:
        consequence = "Ingen udpegninger er knyttet til pladsen."
    answer = QMessageBox.question(
        parent, "Slet plads", f"Slet pladsen {seat['label']} i {seat['body']}?\n\n{consequence}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
