"""Small dialogs of the Sager tab: new or edited meeting, item types, clone, import preview, send to a later meeting,
attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
)

from kkrdesk.errors import UserError
from kkrdesk.reference import format_date
from kkrdesk.services.agenda_rows import DEFAULT_ITEM_TYPES, items_without_listed_type

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)


def _buttons(dialog: QDialog, ok_text: str = "OK") -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _date_edit(parent, value: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setLocale(DANISH)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    value = value or dt.date.today()
    edit.setDate(QDate(value.year, value.month, value.day))
    return edit


def _py_date(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


NO_TIME = "ingen"


def _time_edit(parent, value: str | None) -> QTimeEdit:
    """tt:mm; 00:00 is shown as "ingen" and means no time (no meeting starts at midnight)."""
    edit = QTimeEdit(parent)
    edit.setLocale(DANISH)
    edit.setDisplayFormat("HH:mm")
    edit.setMinimumTime(QTime(0, 0))
    edit.setSpecialValueText(NO_TIME)
    edit.setToolTip("Tidspunkt tt:mm. Sæt til 00:00 (vises som \"ingen\") for intet tidspunkt.")
    edit.setTime(QTime.fromString(value, "HH:mm") if value else QTime(0, 0))
    return edit


def _py_time(edit: QTimeEdit) -> str | None:
    return None if edit.time() == edit.minimumTime() else edit.time().toString("HH:mm")


class _SubmitOnAccept:
    """OK runs `submit(values)`; a UserError is shown and the dialog stays open with the input kept.

    A dialog that changes a stored row is given `base` (rows.editing_base of the row as shown) and hands it to
    `submit(values, base=…)`: a save over a colleague's later change is refused with what they changed, and their
    row becomes the base, so the next OK overwrites knowingly."""

    submit: Callable | None = None
    result_value = None
    base: dict | None = None

    def accept(self) -> None:
        if self.submit is not None:
            try:
                given = {} if self.base is None else {"base": self.base}
                self.result_value = self.submit(self.values(), **given)
            except UserError as exc:
                self.base = getattr(exc, "current", None) or self.base
                QMessageBox.warning(self, self.windowTitle(), str(exc))
                return
        super().accept()


class MeetingDialog(_SubmitOnAccept, QDialog):
    """A new meeting (body — new names create the body —, title, date, time, place; standing items are added), or
    with `meeting` (a meeting_detail dict) the same form to change an existing meeting; its body stays."""

    def __init__(self, bodies: list[str], parent=None, *, body: str | None = None, meeting: dict | None = None,
                 submit: Callable | None = None):
        super().__init__(parent)
        self.meeting, self.submit = meeting, submit
        editing = meeting is not None
        self.setWindowTitle("Ret møde" if editing else "Nyt møde")
        form = QFormLayout(self)
        self.body = QComboBox(self)
        self.body.setEditable(not editing)
        self.body.addItems([meeting["body"]] if editing else bodies)
        self.body.setEnabled(not editing)
        if editing:
            self.body.setToolTip("Et møde bliver i sit organ; opret et nyt møde for et andet organ.")
        if body and not editing:
            self.body.setCurrentText(body)
        self.title = QLineEdit(meeting["title"] if editing else "", self)
        self.title.setPlaceholderText("Møde i … (udfyldes selv)")
        self.title.setMinimumWidth(320)  # room for "Ekstraordinært møde i KKR Hovedstaden"; not on the dialog,
        # whose minimum width would squeeze QFormLayout's label column
        self.date = _date_edit(self, meeting["date"] if editing else None)
        self.start = _time_edit(self, meeting["start"] if editing else "09:00")
        self.end = _time_edit(self, meeting["end"] if editing else "11:00")
        self.location = QLineEdit((meeting["location"] or "") if editing else "", self)
        self.location.setPlaceholderText("fx Gentofte Rådhus")
        self.standing = QCheckBox("Tilføj faste punkter (Godkendelse af dagsorden, Meddelelser, Eventuelt)", self)
        self.standing.setChecked(True)
        for label, widget in (("Organ", self.body), ("Titel", self.title), ("Dato", self.date),
                              ("Start", self.start), ("Slut", self.end), ("Sted", self.location)):
            form.addRow(label, widget)
        if editing:
            self.standing.setVisible(False)
            form.addRow("", QLabel("Punkter, bilag og sagernes forløb ændres ikke.", self))
        else:
            form.addRow("", self.standing)
        form.addRow(_buttons(self, "Gem" if editing else "Opret"))

    def values(self) -> dict:
        common = {"date": _py_date(self.date), "start": _py_time(self.start), "end": _py_time(self.end),
                  "location": self.location.text().strip() or None}
        if self.meeting is not None:  # update_meeting's fields; an empty title is refused there
            return {"title": self.title.text().strip(), **common}
        return {"body": self.body.currentText().strip(), "title": self.title.text().strip() or None, **common,
                "standing": self.standing.isChecked()}


class ItemTypesDialog(_SubmitOnAccept, QDialog):
    """A body's agenda item types in order: Tilføj, Omdøb, Slet, Op, Ned or the default list. `values()` is the
    list to save, empty for the default list."""

    def __init__(self, settings: dict, parent=None, *, submit: Callable | None = None):
        super().__init__(parent)
        self.submit = submit
        self.usage: dict[str, int] = settings["usage"]
        self.use_default = settings["default"]
        self.setWindowTitle(f"Punkttyper – {settings['body']}")
        self.resize(460, 400)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Typerne, der kan vælges for punkter på møder i {settings['body']}, i denne rækkefølge.",
                       self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setEditTriggers(QListWidget.EditTrigger.DoubleClicked | QListWidget.EditTrigger.EditKeyPressed)
        row.addWidget(self.list, 1)
        column = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", "Tilføj", self.add_type), ("rename", "Omdøb", self.rename_current),
                                ("delete", "Slet", self.delete_current), ("up", "Op", lambda: self.move_current(-1)),
                                ("down", "Ned", lambda: self.move_current(1))):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, f=slot: f())
            column.addWidget(button)
            self.buttons[key] = button
        column.addStretch(1)
        self.default_button = QPushButton("Brug standardlisten", self)
        self.default_button.setToolTip("Programmets liste: " + ", ".join(DEFAULT_ITEM_TYPES))
        self.default_button.clicked.connect(self.reset_to_default)
        column.addWidget(self.default_button)
        row.addLayout(column)
        layout.addLayout(row)
        self.state_label = QLabel(self)
        self.orphan_label = QLabel(self)
        self.orphan_label.setObjectName("warning")
        self.orphan_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        layout.addWidget(self.orphan_label)
        layout.addWidget(_buttons(self, "OK"))
        self._fill(settings["types"])
        self.list.itemChanged.connect(self._edited)
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.list.setCurrentRow(0)
        self._update()

    def _fill(self, types) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for text in types:
            self._new_item(text)
        self.list.blockSignals(False)

    def _new_item(self, text: str, row: int | None = None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.insertItem(self.list.count() if row is None else row, item)
        return item

    def types(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def values(self) -> list[str]:
        return [] if self.use_default else self.types()

    def _edited(self, *_) -> None:
        self.use_default = False
        self._update()

    def _update(self) -> None:
        row = self.list.currentRow()
        has = row >= 0
        for key in ("rename", "delete"):
            self.buttons[key].setEnabled(has)
        self.buttons["up"].setEnabled(has and row > 0)
        self.buttons["down"].setEnabled(has and row < self.list.count() - 1)
        self.state_label.setText("Standardlisten bruges." if self.use_default else "Organet har sin egen liste.")
        orphans = items_without_listed_type(self.usage, [t.strip() for t in self.types() if t.strip()])
        self.orphan_label.setText(
            "" if not orphans else
            f"{orphans} {'punkt har' if orphans == 1 else 'punkter har'} en type, der ikke er på listen. "
            "De beholder deres type, til den rettes i punktet.")

    # Each action takes an optional text so tests (and scripts) can drive the dialog without typing.
    def add_type(self, text: str | None = None) -> None:
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else self.list.count()
        item = self._new_item(text or "", row)
        self.list.setCurrentItem(item)
        self._edited()
        if text is None:
            self.list.editItem(item)

    def rename_current(self, text: str | None = None) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        if text is None:
            self.list.editItem(item)
        else:
            item.setText(text)  # itemChanged marks the list as edited

    def delete_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._edited()

    def move_current(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._edited()

    def reset_to_default(self) -> None:
        self._fill(DEFAULT_ITEM_TYPES)
        self.use_default = True
        self.list.setCurrentRow(0)
        self._update()


class CloneDialog(QDialog):
    def __init__(self, meeting: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Klon møde")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Kopierer dagsordenen fra {meeting['title']} {format_date(meeting['date'], 'short')} "
                           "(punkter og tekster, ikke bilag og beslutninger).", self))
        self.date = _date_edit(self, meeting["date"] + dt.timedelta(days=56))
        self.title = QLineEdit(meeting["title"], self)
        form.addRow("Ny dato", self.date)
        form.addRow("Titel", self.title)
        form.addRow(_buttons(self, "Klon"))

    def values(self) -> dict:
        return {"date": _py_date(self.date), "title": self.title.text().strip() or None}


class ImportPreviewDialog(QDialog):
    """What the file holds, before anything is written."""

    def __init__(self, preview: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Indlæs møde – forhåndsvisning")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"<b>{preview['title']}</b> – {preview['body']}, {preview['date']}<br/>"
            f"{preview['items']} punkter ({preview['closed_items']} lukkede), {preview['bilag']} bilag "
            f"({preview['closed_bilag']} lukkede, {preview['files']} med fil). Alt indlæses i ét hug.", self))
        self.table = QTableWidget(len(preview["rows"]), 4, self)
        self.table.setHorizontalHeaderLabels(["Nr.", "Titel", "Åben/lukket", "Bilag"])
        for r, row in enumerate(preview["rows"]):
            values = [row["number"], row["title"], "Åben" if row["public"] else "Lukket", str(row["bilag"])]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if c == 2 and not row["public"]:
                    cell.setForeground(QBrush(QColor("#C62828")))
                self.table.setItem(r, c, cell)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        layout.addWidget(_buttons(self, "Indlæs"))


class SendDialog(QDialog):
    """Choose the next meeting on the case's route (a later meeting of another body)."""

    def __init__(self, candidates: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Send sagen videre")
        form = QFormLayout(self)
        self.meeting = QComboBox(self)
        for m in candidates:
            self.meeting.addItem(f"{format_date(m['date'], 'short')} {m['body']} – {m['title']}", m["id"])
        self.section = QLineEdit("3", self)
        form.addRow("Møde", self.meeting)
        form.addRow("Afsnit", self.section)
        form.addRow(_buttons(self, "Send"))

    def values(self) -> dict:
        section = self.section.text().strip()
        return {"meeting_id": self.meeting.currentData(), "section": int(section) if section.isdigit() else None}


class AttendanceDialog(QDialog):
    """Tick who attended; the unticked are listed as Afbud in the minutes."""

    def __init__(self, rows: list[dict], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Fremmøde")
        self.resize(480, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Markér de fremmødte. Resten står som afbud i referatet.", self))
        self.list = QListWidget(self)
        for row in rows:
            text = ", ".join(p for p in (row["name"], row.get("title"), row.get("organisation")) if p)
            item = QListWidgetItem(text, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row["present"] else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, row["person_id"])
        layout.addWidget(self.list)
        layout.addWidget(_buttons(self, "Gem"))

    def values(self) -> dict[int, bool]:
        return {self.list.item(i).data(Qt.ItemDataRole.UserRole):
                self.list.item(i).checkState() == Qt.CheckState.Checked for i in range(self.list.count())}
