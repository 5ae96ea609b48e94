"""The item editor: ui/item_editor.ui filled from agenda_rows.item_detail, saved with meetings.update_item."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.gui.ui_loader import load_ui
from kkrdesk.lazy import LazyModule
from kkrdesk.reference import format_date
from kkrdesk.services import agenda_rows
from kkrdesk.services.agenda_rows import SECTION_KEYS, STATUSES
from kkrdesk.services.rows import editing_base

meetings = LazyModule("kkrdesk.services.meetings")  # the writes; the first paint reads agenda_rows only


class ItemEditor(QWidget):
    """Edits one item; `save()` writes only what changed. Emits `send_requested(item_id)` for the route."""

    send_requested = Signal(int)
    failed = Signal(object)
    changed = Signal()

    def __init__(self, store, parent=None):
        self._base: dict | None = None
        super().__init__(parent)
        self.store = store
        self.item_id: int | None = None
        self._meeting_id: int | None = None
        self._loaded: dict = {}
        self.form = load_ui("item_editor.ui", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        f = self.form
        self.number: QLineEdit = f.findChild(QLineEdit, "numberEdit")
        self.title: QLineEdit = f.findChild(QLineEdit, "titleEdit")
        self.public: QCheckBox = f.findChild(QCheckBox, "publicCheck")
        self.closed_marker: QLabel = f.findChild(QLabel, "closedMarker")
        self.type: QComboBox = f.findChild(QComboBox, "typeCombo")
        self.status: QComboBox = f.findChild(QComboBox, "statusCombo")
        self.route_label: QLabel = f.findChild(QLabel, "routeLabel")
        self.dirty_label: QLabel = f.findChild(QLabel, "dirtyLabel")
        self.section_tabs: QTabWidget = f.findChild(QTabWidget, "sectionTabs")
        self.sections: dict[str, QPlainTextEdit] = {k: f.findChild(QPlainTextEdit, f"{k}Edit") for k in SECTION_KEYS}
        # Every section tab in sight (Økonomi and Beslutning were behind scroll arrows): the bar asks for its width.
        self.section_tabs.tabBar().setUsesScrollButtons(False)
        self.section_tabs.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        self.save_button: QPushButton = f.findChild(QPushButton, "saveButton")
        self.revert_button: QPushButton = f.findChild(QPushButton, "revertButton")
        self.advance_button: QPushButton = f.findChild(QPushButton, "advanceButton")
        self.send_button: QPushButton = f.findChild(QPushButton, "sendButton")
        self.status.addItems(list(STATUSES))
        self.public.toggled.connect(lambda on: self.closed_marker.setVisible(not on))
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self.load(self.item_id))
        self.advance_button.clicked.connect(self.advance)
        self.send_button.clicked.connect(lambda: self.item_id and self.send_requested.emit(self.item_id))
        for widget in (self.number, self.title):
            widget.textEdited.connect(self._mark_dirty)
        for edit in self.sections.values():
            edit.textChanged.connect(self._mark_dirty)
        self.load(None)

    def values(self) -> dict:
        data = {"number": self.number.text().strip(), "title": self.title.text().strip(),
                "type": self.type.currentText().strip() or None, "public": self.public.isChecked(),
                "status": self.status.currentText()}
        data.update({k: edit.toPlainText().strip() or None for k, edit in self.sections.items()})
        return data

    def changes(self) -> dict:
        return {k: v for k, v in self.values().items() if self._loaded.get(k) != v}

    def load(self, item_id: int | None) -> None:
        self.item_id = item_id
        self.form.setEnabled(item_id is not None)
        if item_id is None:
            self._loaded = {}
            for w in (self.number, self.title, self.type):
                w.clear()
            self.status.setCurrentIndex(-1)  # no item, so no status either
            for edit in self.sections.values():
                edit.blockSignals(True)
                edit.clear()
                edit.blockSignals(False)
            self.route_label.clear()
            self.dirty_label.clear()
            self.closed_marker.setVisible(False)  # no item, so neither open nor closed
            return
        detail = agenda_rows.item_detail(self.store, item_id)
        self._base = editing_base(detail, agenda_rows.ITEM_LABELS)  # what a colleague's save is checked against
        self._meeting_id = detail["meeting_id"]
        self._fill_types(detail["type"] or "")
        self.number.setText(detail["number"])
        self.title.setText(detail["title"])
        self.public.setChecked(detail["public"])
        self.closed_marker.setVisible(not detail["public"])
        self.status.setCurrentText(detail["status"])
        for key, edit in self.sections.items():
            edit.blockSignals(True)
            edit.setPlainText(detail["sections"][key])
            edit.blockSignals(False)
        self._loaded = self.values()
        steps = agenda_rows.route(self.store, item_id)
        # The steps on one line; each step's decision in the tooltip (long decisions made the row overflow).
        labels = [f"{s['body']} {format_date(s['date'], 'short')} ({s['number']}, {s['status']})" for s in steps]
        self.route_label.setText(" → ".join(labels) if len(steps) > 1 else "Kun dette møde")
        self.route_label.setToolTip("\n".join(f"{label}: {s['beslutning']}" for label, s in zip(labels, steps,
                                                                                               strict=True)
                                              if s["beslutning"]) if len(steps) > 1 else "")
        self.dirty_label.clear()

    def _fill_types(self, current: str) -> None:
        types = agenda_rows.item_types(self.store, self._meeting_id)
        if current and current not in types:  # a type no longer on the body's list stays choosable
            types.append(current)
        self.type.clear()
        self.type.addItems(types)
        self.type.setCurrentText(current)

    def reload_types(self) -> None:
        """Offer the body's current type list, keeping what the type field shows (and any unsaved edits)."""
        if self.item_id is not None:
            self._fill_types(self.type.currentText().strip())

    def save(self) -> bool:
        if self.item_id is None:
            return False
        changes = self.changes()
        if not changes:
            return True
        try:
            meetings.update_item(self.store, self.item_id, base=self._base, **changes)
        except Exception as exc:  # noqa: BLE001 - a UserError is shown by the tab
            self._refused(exc)
            return False
        self.load(self.item_id)
        self.changed.emit()
        return True

    def _refused(self, exc: Exception) -> None:
        if getattr(exc, "current", None) is not None:  # someone else saved first: the next save overwrites
            self._base = exc.current
        self.failed.emit(exc)

    def advance(self) -> None:
        if self.item_id is None:
            return
        try:
            meetings.advance_status(self.store, self.item_id, base=self._base)
        except Exception as exc:  # noqa: BLE001
            self._refused(exc)
            return
        self.load(self.item_id)
        self.changed.emit()

    def _mark_dirty(self, *_):
        self.dirty_label.setText("Ændret – husk at gemme" if self.changes() else "")
