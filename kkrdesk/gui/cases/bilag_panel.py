"""The bilag of the selected item: list with open/closed marker, buttons, file drops and a QtPdf preview."""

from __future__ import annotations

import threading

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.gui.cases.dialogs import _SubmitOnAccept
from kkrdesk.gui.keys import shortcut
from kkrdesk.gui.models import Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.gui.toolbar import bind_button
from kkrdesk.lazy import LazyModule
from kkrdesk.services.agenda_rows import BILAG_LABELS, bilag_rows
from kkrdesk.services.rows import editing_base

# SQLAlchemy and the models come with it: imported when the user first acts, not for the first paint.
bilag_service = LazyModule("kkrdesk.services.bilag")

BILAG_COLUMNS = [
    Column("Nr.", "number", width=60),
    Column("Titel", "title", width=260),
    Column("Åben/lukket", "public", "open", 80),
    Column("Sider", "pages", "number", 45),
    # The pane is narrow beside the agenda: file, draft mark and versions are there to show when wanted.
    Column("Fil", "file", width=140, optional=True),
    Column("Udkast", "draft", width=80, optional=True),
    Column("Versioner", "versions", "number", 60, optional=True),
]
FILE_FILTER = "Bilag (*.pdf *.png *.jpg *.jpeg *.docx *.xlsx *.doc *.xls *.pptx);;Alle filer (*)"
# Keys on the bilag list, as on the agenda (Ins, F2, Del, Alt+Op/Ned).
BILAG_KEYS = {"add": "Ins", "edit": "F2", "delete": "Del", "up": "Alt+Up", "down": "Alt+Down"}
FIELD_LABELS = tuple((key, label) for key, label in BILAG_LABELS.items() if key != "public")


class _Bridge(QObject):
    """Carries a finished conversion from its thread to the GUI thread (a queued signal)."""

    converted = Signal(int, object, object)


class BilagDialog(_SubmitOnAccept, QDialog):
    """Title, author, version, draft marker, Sags ID / Dok. ID and open/closed of one bilag (a bilag_rows row);
    OK saves through `submit(values, base=…)` and a refusal keeps the dialog open with what was typed."""

    def __init__(self, row: dict, parent=None, *, submit=None):
        super().__init__(parent)
        self.submit = submit
        self.base = editing_base(row, BILAG_LABELS)
        self.setWindowTitle(f"Bilag {row['number']}")
        layout = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in FIELD_LABELS:
            edit = QLineEdit(row.get(key) or "", self)
            self.edits[key] = edit
            layout.addRow(label, edit)
        self.public = QCheckBox("Åbent bilag (med i offentlige udgaver)", self)
        self.public.setChecked(bool(row["public"]))
        layout.addRow("", self.public)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def values(self) -> dict:
        data = {k: e.text().strip() or None for k, e in self.edits.items()}
        data["public"] = self.public.isChecked()
        return data


class _DropArea(QWidget):
    files_dropped = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event):  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 - Qt API
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


class BilagPanel(_DropArea):
    failed = Signal(object)
    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.item_id: int | None = None
        self.table = FilterTable(BILAG_COLUMNS, lambda: bilag_rows(self.store, self.item_id),
                                 title="Bilag", placeholder="Filtrér bilag … (træk filer hertil)", columns_button=False)
        self.table.view.setToolTip("Træk PDF-, billed- eller Office-filer hertil for at vedhæfte dem")
        # One action per command: the two everyday ones as buttons, the rest behind "Mere" and in the table's
        # context menu (issue 13: fewer equal buttons); the keys work where the focus is, on the table.
        self.actions: dict[str, QAction] = {}
        for key, text, slot, tip in (
                ("add", "Tilføj bilag …", self.add_dialog, "Vedhæft PDF-, billed- eller Office-filer (eller træk dem "
                 "hertil)"),
                ("edit", "Ret bilag …", self.edit_dialog, "Titel, forfatter, version, udkast, Sags ID og Dok. ID"),
                ("version", "Ny version …", self.new_version_dialog, "Erstat bilagets fil; den gamle gemmes"),
                ("toggle", "Skift åben/lukket", self.toggle_public, "Et lukket bilag er ikke med i offentlige udgaver"),
                ("up", "Flyt op", lambda: self.move(-1), "Flyt bilaget op"),
                ("down", "Flyt ned", lambda: self.move(1), "Flyt bilaget ned"),
                ("save", "Gem fil som …", self.save_as_dialog, "Gem bilagets fil et andet sted"),
                ("delete", "Slet bilag", self.delete_current, "Slet det valgte bilag")):
            action = QAction(text, self)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.actions[key] = action
        row = QHBoxLayout()
        self.buttons: dict[str, QAbstractButton] = {}
        for key in ("add", "edit"):
            self.buttons[key] = bind_button(QPushButton(self.actions[key].text(), self), self.actions[key])
            row.addWidget(self.buttons[key])
        more = QToolButton(self)
        more.setText("Mere")
        more.setToolTip("Ny version, åben/lukket, flyt, gem fil, slet bilag og kolonner (også på højreklik i listen)")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(more)
        for key in ("version", "toggle", None, "up", "down", None, "save", None, "delete"):
            self.more_menu.addSeparator() if key is None else self.more_menu.addAction(self.actions[key])
        self.more_menu.addSeparator()
        self.more_menu.addMenu(self.table.columns_menu)  # which columns the narrow list shows
        more.setMenu(self.more_menu)
        self.buttons["more"] = more
        # A read-only window hides the editing actions: "Mere" goes too when nothing is left in it.
        for action in self.actions.values():
            action.visibleChanged.connect(lambda: more.setHidden(not any(
                a.isVisible() for a in self.more_menu.actions() if not a.isSeparator())))
        row.addWidget(more)
        row.addStretch(1)
        view = self.table.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # also the Menu key / Shift+F10
        for key in ("add", "edit", "version", "toggle", None, "up", "down", None, "save", None, "delete"):
            if key is None:
                separator = QAction(self)
                separator.setSeparator(True)
                view.addAction(separator)
            else:
                view.addAction(self.actions[key])
        self.table.activated.connect(lambda row: row and self.edit_dialog())
        self.shortcuts = {}
        for name, key in BILAG_KEYS.items():
            # Only while the bilag list has the focus (as on the agenda); the tooltip shows the key.
            action = self.actions[name]
            self.shortcuts[name] = shortcut(view, key, action.trigger, description=action.toolTip())
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{action.toolTip()} ({native})")
        self._request = 0
        self._bridge = _Bridge(self)
        self._bridge.converted.connect(self._converted)
        self.document = QPdfDocument(self)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.no_preview = QLabel("Vælg et bilag for at se det her.", self)
        self.no_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_preview.setWordWrap(True)
        self.preview = QStackedWidget(self)
        self.preview.addWidget(self.no_preview)
        self.preview.addWidget(self.pdf_view)
        self._buffer: QBuffer | None = None
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addLayout(row)
        splitter.addWidget(top)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.table.selected.connect(self.show_preview)
        self.files_dropped.connect(self.add_files)
        self.set_item(None)

    # -- state --
    def set_item(self, item_id: int | None) -> None:
        self.item_id = item_id
        self.reload()

    def reload(self) -> None:
        self.table.reload()
        has_item = self.item_id is not None
        for key, action in self.actions.items():
            action.setEnabled(has_item if key == "add" else has_item and self.table.model.rowCount() > 0)
        self.buttons["more"].setEnabled(has_item and self.table.model.rowCount() > 0)
        if self.table.current_row() is None:
            self.show_preview(None)

    def current(self) -> dict | None:
        return self.table.current_row()

    # -- preview --
    def show_preview(self, row: dict | None) -> None:
        self.document.close()
        self._request += 1  # a conversion still running for an earlier choice is then ignored
        if row is None:
            self.no_preview.setText("Vælg et bilag for at se det her." if self.item_id else "")
            self.preview.setCurrentWidget(self.no_preview)
            return
        file = bilag_service.bilag_file(self.store, row["id"])
        if file and bilag_service.needs_conversion(*file) and bilag_service.soffice_available():
            # LibreOffice takes seconds: convert off the GUI thread and show the result when it comes.
            self.no_preview.setText(f"LibreOffice gør {file[0]} klar til visning …")
            self.preview.setCurrentWidget(self.no_preview)
            request, bridge = self._request, self._bridge

            def convert() -> None:
                pdf = bilag_service.as_pdf(*file)
                try:
                    bridge.converted.emit(request, file, pdf)
                except RuntimeError:  # the panel was closed meanwhile
                    pass

            threading.Thread(target=convert, name="bilag-preview", daemon=True).start()
            return
        self._show_pdf(file, bilag_service.as_pdf(*file) if file else None)

    def _converted(self, request: int, file: tuple, pdf: bytes | None) -> None:
        if request == self._request:
            self._show_pdf(file, pdf)

    def _show_pdf(self, file: tuple | None, pdf: bytes | None) -> None:
        if pdf is None:
            reason = ("Bilaget har ingen fil (fx demodata); bundtet får en pladsholderside." if file is None else
                      f"{file[0]} kan ikke vises som PDF. Filen ligger i databasen; bundtet får en pladsholderside.")
            self.no_preview.setText(reason)
            self.preview.setCurrentWidget(self.no_preview)
            return
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() == QPdfDocument.Status.Error or self.document.pageCount() == 0:
            self.no_preview.setText("Bilaget kunne ikke læses.")
            self.preview.setCurrentWidget(self.no_preview)
            return
        self.preview.setCurrentWidget(self.pdf_view)

    # -- actions --
    def _run(self, fn, *args, **kwargs):
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the tab shows UserErrors in a dialog
            self.failed.emit(exc)
            return None
        self.changed.emit()
        return result

    def add_files(self, paths: list) -> list[int] | None:
        if self.item_id is None or not paths:
            return None
        ids = self._run(bilag_service.add_files, self.store, self.item_id, paths)
        if ids:
            self.table.select_id(ids[-1])
        return ids

    def add_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Tilføj bilag", "", FILE_FILTER)
        self.add_files(paths)

    def new_version_dialog(self) -> None:
        row = self.current()
        if row is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, f"Ny version af bilag {row['number']}", "", FILE_FILTER)
        if path:
            self._run(bilag_service.replace_file, self.store, row["id"], path)

    def edit_dialog(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = BilagDialog(row, self, submit=lambda values, base: bilag_service.update_bilag(
            self.store, row["id"], base=base, **values))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()

    def toggle_public(self) -> None:
        row = self.current()
        if row is not None:
            self._run(bilag_service.update_bilag, self.store, row["id"], public=not row["public"],
                      base=editing_base(row, BILAG_LABELS))

    def move(self, delta: int) -> None:
        row = self.current()
        if row is None:
            return
        rows = bilag_rows(self.store, self.item_id)
        index = next(i for i, r in enumerate(rows) if r["id"] == row["id"])
        self._run(bilag_service.move_bilag, self.store, row["id"], max(0, index + delta))

    def delete_current(self) -> None:
        row = self.current()
        if row is None:
            return
        answer = QMessageBox.question(self, "Slet bilag", f"Slet bilag {row['number']} {row['title']}?")
        if answer == QMessageBox.StandardButton.Yes:
            self._run(bilag_service.delete_bilag, self.store, row["id"],
                      base=editing_base(row, BILAG_LABELS))

    def save_as_dialog(self) -> None:
        row = self.current()
        file = bilag_service.bilag_file(self.store, row["id"]) if row else None
        if file is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Gem bilagsfil", file[0])
        if path:
            from kkrdesk.exports.atomic import write_bytes

            self._run(write_bytes, path, file[2])  # whole or not at all, and a refusal is shown, not raised
