"""Small dialogs of the Sager tab: new meeting, clone, import preview, send to a later meeting, attendance."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kkrdesk.reference import format_date

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


class MeetingDialog(QDialog):
    """A new meeting: body (new names create the body), date, time, place; standing items are added."""

    def __init__(self, bodies: list[str], parent=None, *, body: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Nyt møde")
        form = QFormLayout(self)
        self.body = QComboBox(self)
        self.body.setEditable(True)
        self.body.addItems(bodies)
        if body:
            self.body.setCurrentText(body)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Møde i … (udfyldes selv)")
        self.date = _date_edit(self)
        self.start = QLineEdit("09:00", self)
        self.end = QLineEdit("11:00", self)
        self.location = QLineEdit(self)
        self.standing = QCheckBox("Tilføj faste punkter (Godkendelse af dagsorden, Meddelelser, Eventuelt)", self)
        self.standing.setChecked(True)
        for label, widget in (("Organ", self.body), ("Titel", self.title), ("Dato", self.date),
                              ("Start", self.start), ("Slut", self.end), ("Sted", self.location)):
            form.addRow(label, widget)
        form.addRow("", self.standing)
        form.addRow(_buttons(self, "Opret"))

    def values(self) -> dict:
        return {"body": self.body.currentText().strip(), "date": _py_date(self.date),
                "title": self.title.text().strip() or None, "start": self.start.text().strip() or None,
                "end": self.end.text().strip() or None, "location": self.location.text().strip() or None,
                "standing": self.standing.isChecked()}


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
