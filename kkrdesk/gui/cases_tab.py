"""Sager: meetings on the left, the selected meeting's agenda tree in the middle, the item editor and its bilag
(with preview) on the right; a search field across all meetings; agenda, bilag bundle and minutes as PDF (full
or public) built off the GUI thread with progress and cancel; print preview; import/export of kkrdesk-meeting/1.

Every action calls a service (services/meetings.py, bilag.py, search.py, exchange.py) or an export; the
widgets only collect input and show results.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.errors import UserError
from kkrdesk.gui.cases.agenda import AgendaTree
from kkrdesk.gui.cases.bilag_panel import BilagPanel
from kkrdesk.gui.cases.item_editor import ItemEditor
from kkrdesk.gui.keys import clear_on_escape, shortcut
from kkrdesk.gui.models import Column
from kkrdesk.gui.results_pane import ResultsPane
from kkrdesk.gui.table import FilterTable
from kkrdesk.gui.toolbar import bind_button, with_icon
from kkrdesk.gui.workers import run_job
from kkrdesk.lazy import LazyModule
from kkrdesk.reference import format_date
from kkrdesk.services import agenda_rows
from kkrdesk.services.rows import editing_base

meetings = LazyModule("kkrdesk.services.meetings")  # the writes; the first paint reads agenda_rows only

# Organ by the name users read (issue 13: "KKR H" and "K29" are the papers' codes). The number of items is
# on the agenda beside the list, so the narrow meetings pane keeps its room for the names.
MEETING_COLUMNS = [
    Column("Dato", "date", "date", 82),
    Column("Organ", "body_name", width=120),
    Column("Møde", "title", width=170),
    Column("Status", "state", width=70),
]
SEARCH_COLUMNS = [
    Column("Dato", "date", "date", 82),
    Column("Organ", "body_name", width=110),
    Column("Nr.", "number", width=45),
    Column("Titel", "shown_title", width=200),  # "Bilag: …" for a bilag: no column needed to tell them apart
    Column("Hvad", "kind_text", width=50, optional=True),
    Column("Åben/lukket", "public", "open", 90, optional=True),
]
EXPORT_TITLES = {"agenda": "Dagsorden", "packet": "Bilagsbundt", "minutes": "Referat"}
EXPORT_FILE_WORDS = {"agenda": "dagsorden", "packet": "bilagsbundt", "minutes": "referat"}


def build_pdf(store, kind: str, meeting_id: int, out: Path, public: bool, progress=None, cancel=None):
    """Run one PDF export (the CLI's `export agenda|packet|minutes`)."""
    if kind == "packet":
        from kkrdesk.exports.packet_pdf import build_packet

        return build_packet(store, meeting_id, out, public=public, progress=progress, cancel=cancel)
    if progress:
        progress(0, 1, f"Sætter {EXPORT_TITLES[kind].lower()}")
    if kind == "agenda":
        from kkrdesk.exports.agenda_pdf import build_agenda

        path = build_agenda(store, meeting_id, out, public=public)
    else:
        from kkrdesk.exports.minutes_pdf import build_minutes

        path = build_minutes(store, meeting_id, out, public=public)
    return {"path": str(path), "placeholders": []}


class CasesTab(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.last_job = None
        self.last_preview = None

        # -- left: search, meetings, meeting actions --
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Søg i alle møders punkter og bilag …")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.search)
        clear_on_escape(self.search_edit)
        # From the search field into its results: Enter opens the best hit, ↓ steps into the list.
        self.search_edit.returnPressed.connect(self._into_results)
        shortcut(self.search_edit, Qt.Key.Key_Down, self._into_results, description="Gå til søgeresultatet")
        self._hits: list[dict] = []
        self._search_text = ""  # what the hits in the list were found for (their tooltips' snippets)
        self.search_results = FilterTable(SEARCH_COLUMNS, lambda: self._hits, title="Søgeresultat",
                                          placeholder="Filtrér resultatet …", tooltip=self._hit_tooltip)
        self.search_results.activated.connect(self.open_hit)
        self.search_results.selected.connect(lambda row: row and self.open_hit(row))
        self.meetings = FilterTable(MEETING_COLUMNS, lambda: agenda_rows.meeting_rows(self.store), title="Møder",
                                    placeholder="Filtrér møder …")
        self.table = self.meetings.view
        # One action per meeting command: the buttons, the Mere menu and the window's toolbar all trigger these.
        self.meeting_actions: dict[str, QAction] = {}
        for key, text, slot, icon_name, tip in (
                ("new", "Nyt møde …", self.new_meeting_dialog, "new", "Opret et møde med de faste punkter"),
                ("edit", "Ret møde …", self.edit_meeting_dialog, "edit",
                 "Ret mødets titel, dato, tidspunkt og sted (F2 eller dobbeltklik)"),
                ("attendance", "Fremmøde …", self.attendance_dialog, "people", "Hvem deltog, og hvem havde afbud"),
                ("clone", "Klon …", self.clone_dialog, None, "Et nyt møde med samme punkter"),
                ("import", "Indlæs …", self.import_dialog, "import", "Indlæs et møde (kkrdesk-meeting/1)"),
                ("export", "Eksportér …", self.export_meeting_dialog, None, "Gem mødet som kkrdesk-meeting/1"),
                ("take_out", "Tag ud til bærbar …", lambda: self.export_meeting_dialog(take_out=True), None,
                 "Gem mødet til arbejde offline på en bærbar; ændringerne flettes tilbage med Indlæs"),
                ("delete", "Slet møde", self.delete_meeting, "delete", "Slet det valgte møde")):
            action = QAction(text, self)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            if icon_name:
                with_icon(action, icon_name)
            self.meeting_actions[key] = action
        # Grouped: the two everyday commands as buttons, the rest behind "Mere" (issue 13: fewer equal buttons).
        meeting_buttons = QHBoxLayout()
        self.meeting_buttons: dict[str, QPushButton] = {}
        for key in ("new", "edit"):
            button = bind_button(QPushButton(self.meeting_actions[key].text(), self), self.meeting_actions[key])
            meeting_buttons.addWidget(button)
            self.meeting_buttons[key] = button
        more = QToolButton(self)
        more.setText("Mere")
        more.setToolTip("Fremmøde, klon, indlæs, eksportér og slet møde")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(more)
        for key in ("attendance", "clone", "import", "export", "take_out", None, "delete"):
            self.more_menu.addSeparator() if key is None else self.more_menu.addAction(self.meeting_actions[key])
        more.setMenu(self.more_menu)
        meeting_buttons.addWidget(more)
        meeting_buttons.addStretch(1)
        self.meetings.activated.connect(lambda row: row and self.edit_meeting_dialog())
        self.edit_shortcut = shortcut(self.table, Qt.Key.Key_F2, self.edit_meeting_dialog,
                                      description="Ret det valgte møde")
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        # The results appear above the meetings without laying the window out again (gui/results_pane.py)
        self.list_pane = ResultsPane(self.search_results, self.meetings, left, spacing=left_layout.spacing())
        left_layout.addWidget(self.list_pane, 1)
        left_layout.addLayout(meeting_buttons)

        # -- middle: meeting header, agenda tree, agenda actions and exports --
        self.header = QLabel(self)
        self.header.setObjectName("sectionTitle")
        self.header.setMinimumWidth(1)  # a long title wraps onto a second line, never pushes the status field away
        self.header.setWordWrap(True)
        self.state = QComboBox(self)
        self.state.addItems(list(agenda_rows.MEETING_STATES))
        self.state.setToolTip("Mødets status: planlagt, indkaldt, afholdt")
        self.state.activated.connect(self._state_changed)
        self.items = AgendaTree(lambda: agenda_rows.item_rows(self.store, self._meeting_id()), self)
        self.item_actions: dict[str, QAction] = {}
        for key, text, slot, icon_name, tip in (
                ("add", "Nyt punkt", self.add_item, "new", "Nyt punkt på dagsordenen"),
                ("delete", "Slet punkt", self.delete_item, "delete", "Slet det valgte punkt"),
                ("up", "Flyt op", lambda: self.move_item(-1), "up", "Flyt punktet op"),
                ("down", "Flyt ned", lambda: self.move_item(1), "down", "Flyt punktet ned")):
            # "Flyt op" in menus (a read-only window hides what starts with Flyt), "Op" on the toolbar
            action = with_icon(QAction(text, self), icon_name, text.removeprefix("Flyt ").capitalize())
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.item_actions[key] = action
        self.item_buttons: dict[str, QAbstractButton] = {}
        item_row = QHBoxLayout()
        for key in self.item_actions:
            # "Nyt punkt" carries its word; delete and the arrows are small icon buttons with tooltips.
            button = QPushButton(self.item_actions[key].text(), self) if key == "add" else QToolButton(self)
            if key != "add":
                button.setIcon(self.item_actions[key].icon())
                button.setAutoRaise(True)
            bind_button(button, self.item_actions[key])
            item_row.addWidget(button)
            self.item_buttons[key] = button
        item_row.addStretch(1)
        self.types_button = QToolButton(self)
        self.types_button.setText("Punkttyper …")
        self.types_button.setAutoRaise(True)
        self.types_button.setToolTip("Ret listen over punkttyper for mødets organ")
        self.types_button.clicked.connect(self.item_types_dialog)
        item_row.addWidget(self.types_button)
        # The three documents of a meeting, each full or public, as print preview too; the case list beside them.
        export_row = QHBoxLayout()
        self.export_actions: dict[str, QAction] = {}
        self.export_buttons: dict[str, QToolButton] = {}
        for kind, title in EXPORT_TITLES.items():
            action = with_icon(QAction(f"{title} (PDF)", self), "pdf", title)
            action.setToolTip(f"{title} som PDF: fuld eller offentlig udgave, eller udskriftsvisning")
            menu = QMenu(self)
            menu.addAction("Fuld udgave …", lambda k=kind: self.export_dialog(k, public=False))
            menu.addAction("Offentlig udgave …", lambda k=kind: self.export_dialog(k, public=True))
            menu.addSeparator()
            menu.addAction("Udskriftsvisning …", lambda k=kind: self.print_preview(k))
            action.setMenu(menu)
            self.export_actions[kind] = action
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            export_row.addWidget(button)
            self.export_buttons[kind] = button
        export_row.addStretch(1)
        self.cases_action = with_icon(QAction("Sagsliste (Excel) …", self), "list", "Sagsliste")
        self.cases_action.setToolTip("Alle sager i en periode som Excel")
        self.cases_action.triggered.connect(lambda _checked=False: self.export_cases_dialog())
        self.cases_button = QToolButton(self)
        self.cases_button.setDefaultAction(self.cases_action)
        self.cases_button.setAutoRaise(True)
        self.cases_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        export_row.addWidget(self.cases_button)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.header, 1)
        head.addWidget(QLabel("Status:", self))
        head.addWidget(self.state)
        middle_layout.addLayout(head)
        middle_layout.addLayout(item_row)
        middle_layout.addWidget(self.items, 1)
        middle_layout.addLayout(export_row)

        # -- right: item editor and bilag --
        self.editor = ItemEditor(store, self)
        self.bilag = BilagPanel(store, self)
        self.detail_tabs = QTabWidget(self)
        self.detail_tabs.addTab(self.editor, "Punkt")
        self.detail_tabs.addTab(self.bilag, "Bilag")

        # Explicit minimums: the button rows would otherwise make the window at least ~800 px wide.
        for pane in (left, middle, self.detail_tabs):
            pane.setMinimumWidth(180)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.detail_tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([380, 400, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._add_shortcuts()

        self.meetings.selected.connect(self._meeting_selected)
        self.items.selected.connect(self._item_selected)
        self.items.reordered.connect(self._reordered)
        self.items.files_dropped.connect(self.drop_files)
        self.editor.failed.connect(self.show_error)
        self.editor.changed.connect(lambda: self.refresh(frozenset({"items"})))
        self.bilag.changed.connect(lambda: self.refresh(frozenset({"bilag"})))
        self.editor.send_requested.connect(self.send_dialog)
        self.bilag.failed.connect(self.show_error)
        self.refresh(frozenset({"meetings"}))
        self.meetings.view.selectRow(0)

    def _add_shortcuts(self) -> None:
        """Keys where the focus is: on the meetings, the agenda, or in the item editor (Ctrl+S saves)."""
        tree = self.items.tree
        m, i = self.meeting_actions, self.item_actions
        keys = [(self.table, "Ins", self.new_meeting_dialog, m["new"], "Nyt møde"),
                (self.table, "Del", self.delete_meeting, m["delete"], "Slet det valgte møde"),
                (tree, "Ins", self.add_item, i["add"], "Nyt punkt på dagsordenen"),
                (tree, "Del", self.delete_item, i["delete"], "Slet det valgte punkt"),
                (tree, "F2", self.edit_item, None, "Ret punktets titel"),
                (tree, "Alt+Up", lambda: self.move_item(-1), i["up"], "Flyt punktet op"),
                (tree, "Alt+Down", lambda: self.move_item(1), i["down"], "Flyt punktet ned"),
                (self.editor, "Ctrl+S", self.editor.save, None, "Gem punktet")]
        self.shortcuts: dict[tuple[str, str], QShortcut] = {}
        for widget, key, slot, action, description in keys:
            context = (Qt.ShortcutContext.WidgetWithChildrenShortcut if widget is self.editor
                       else Qt.ShortcutContext.WidgetShortcut)
            self.shortcuts[(type(widget).__name__, key)] = shortcut(widget, key, slot, context, description)
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            if action is not None:  # the button and the toolbar show the tooltip of the same action
                action.setToolTip(f"{action.toolTip() or action.text()} ({native})")
        self.editor.save_button.setToolTip(f"{self.editor.save_button.toolTip() or 'Gem punkt'} (Ctrl+S)")
        for key, button in self.item_buttons.items():
            button.setToolTip(self.item_actions[key].toolTip())
        for key, button in self.meeting_buttons.items():
            button.setToolTip(self.meeting_actions[key].toolTip())

    def toolbar_actions(self) -> list[QAction | None]:
        """The window's toolbar on this tab: the meeting and agenda actions and the three documents."""
        m, i = self.meeting_actions, self.item_actions
        return [m["new"], m["edit"], m["attendance"], None, i["add"], i["delete"], i["up"], i["down"], None,
                *self.export_actions.values()]

    def edit_item(self) -> None:
        """F2 on the agenda: into the item editor, on the title."""
        if self.items.current_id() is not None:
            self.detail_tabs.setCurrentWidget(self.editor)
            self.editor.title.setFocus()
            self.editor.title.selectAll()

    # -- selection and refresh --
    def _meeting_id(self) -> int | None:
        row = self.meetings.current_row() if hasattr(self, "meetings") else None
        return row["id"] if row else None

    def _meeting_selected(self, row: dict | None) -> None:
        if row is None:
            self.header.setText("Vælg eller opret et møde")
            self.state.setCurrentIndex(-1)
        else:
            text = f"{row['title']} · {format_date(row['date'], 'short')}"
            self.header.setText(text)
            self.header.setToolTip(text + (f" · {row['location']}" if row.get("location") else ""))
            self.state.setCurrentText(row["state"])
        enabled = row is not None
        for key, action in self.meeting_actions.items():
            action.setEnabled(enabled or key in ("new", "import"))
        for action in [*self.export_actions.values(), self.item_actions["add"]]:
            action.setEnabled(enabled)
        for widget in (self.state, self.types_button):
            widget.setEnabled(enabled)
        self.items.reload()
        if row is not None and self.items.current_id() is None and self.items.rows():
            self.items.select_id(self.items.rows()[0]["id"])  # open the meeting on its first item

    def _item_selected(self, row: dict | None) -> None:
        item_id = row["id"] if row else None
        if self.editor.item_id != item_id:
            self.editor.load(item_id)
        if self.bilag.item_id != item_id:
            self.bilag.set_item(item_id)
        for key in ("delete", "up", "down"):
            self.item_actions[key].setEnabled(row is not None)

    def refresh(self, kinds: frozenset[str]) -> None:
        if kinds & {"meetings", "items", "bilag", "bodies", "all"}:
            # Only the tables that show what changed: ten years of meetings are not reloaded for an item's title.
            if kinds & {"meetings", "bodies", "all"}:  # dates, titles, bodies and item counts
                self.meetings.reload()
            if kinds & {"meetings", "items", "bodies", "all"}:
                self.items.reload()
            self.bilag.reload()  # bilag numbers follow the item's number
            if self.editor.item_id is not None and not self.editor.changes():
                self.editor.load(self.editor.item_id if self.items.current_id() else None)
            if self.search_edit.text().strip():
                self.search(self.search_edit.text())

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            QMessageBox.warning(self, "KKR Desk", str(exc))
        else:
            QMessageBox.critical(self, "KKR Desk", f"Der opstod en uventet fejl:\n{exc!r}")

    def _tell(self, message: str) -> None:
        """A note in the main window's status bar (the tab may stand alone, as in tests)."""
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, 10000)

    def _call(self, fn, *args, **kwargs):
        """Run a service; show a UserError; refresh after success (also when no main window relays the
        store's notifications, as in tests: a second refresh under the window is cheap)."""
        try:
            result = fn(*args, **kwargs)
        except UserError as exc:
            self.show_error(exc)
            return None
        self.refresh(frozenset({"all"}))
        return result

    # -- search --
    def find_field(self) -> QLineEdit:
        """Where Rediger → Find (Ctrl+F) goes when no table has the focus: the search across all meetings."""
        return self.search_edit

    def search(self, text: str) -> list[dict]:
        from kkrdesk.services.search import search

        self._search_text = text
        self._hits = [self._hit_row(h) for h in search(self.store, text, snippets=False)]
        self.search_results.reload()
        self.list_pane.show_results(bool(text.strip()))
        return self._hits

    def _into_results(self) -> None:
        results = self.search_results
        if not results.isVisibleTo(self) or results.proxy.rowCount() == 0:
            return
        results.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        results.view.setCurrentIndex(results.proxy.index(0, 0))  # selecting a hit opens it

    def prime_search(self, hits: list[dict]) -> None:
        """At idle after the warm-up: lay out and paint the hidden results list once with a few real hits, off
        screen, so the user's first keystroke does not pay for its first polish, layout and glyphs (≈ 3 ms)."""
        if self.search_results.isVisibleTo(self) or self.search_edit.text().strip():
            return
        self._hits = [self._hit_row(h) for h in hits]
        self.search_results.resize(self.list_pane.width(), self.list_pane.results_height())  # as when shown
        self.search_results.reload()
        self.search_results.grab()
        self._hits = []
        self.search_results.reload()

    @staticmethod
    def _hit_row(hit: dict) -> dict:
        bilag = hit["kind"] == "bilag"
        return dict(hit, kind_text="Bilag" if bilag else "Punkt",
                    shown_title=f"Bilag: {hit['title']}" if bilag else hit["title"])

    def _hit_tooltip(self, hit: dict, column) -> str | None:
        """Over a hit's title: the words found, in their context (made for the one hit pointed at, not for all
        200 on every keystroke)."""
        if column.key != "shown_title":
            return None
        if "snippet_text" not in hit:
            from kkrdesk.services.search import snippet

            try:
                found = snippet(self.store, self._search_text, hit["kind"], hit["id"])
            except Exception:  # noqa: BLE001 - a tooltip never shows an error (a busy store: the next hover asks again)
                return hit["shown_title"]
            hit["snippet_text"] = f"{hit['shown_title']}\n\n{found}" if found else None
        return hit["snippet_text"]

    def show_item(self, item_id: int) -> None:
        detail = agenda_rows.item_detail(self.store, item_id)
        self.open_hit({"kind": "item", "id": item_id, "item_id": item_id, "meeting_id": detail["meeting_id"]})

    def open_hit(self, hit: dict | None) -> None:
        if not hit:
            return
        if self._meeting_id() != hit["meeting_id"]:
            self.meetings.filter.clear()
            if not self.meetings.select_id(hit["meeting_id"]):
                self.meetings.reload()
                self.meetings.select_id(hit["meeting_id"])
        self.items.select_id(hit["item_id"])
        if hit["kind"] == "bilag":
            self.detail_tabs.setCurrentWidget(self.bilag)
            self.bilag.table.select_id(hit["id"])
        else:
            self.detail_tabs.setCurrentWidget(self.editor)

    # -- meetings --
    def new_meeting(self, values: dict) -> int | None:
        meeting_id = self._call(meetings.create_meeting, self.store, values.pop("body"), values.pop("date"),
                                **values)
        if meeting_id:
            self.meetings.filter.clear()
            self.meetings.select_id(meeting_id)
        return meeting_id

    def new_meeting_dialog(self) -> QDialog:
        from kkrdesk.gui.cases.dialogs import MeetingDialog

        meeting_id = self._meeting_id()
        body = None if meeting_id is None else meetings.meeting_detail(self.store, meeting_id)["body"]

        def create(values: dict) -> int:
            return meetings.create_meeting(self.store, values.pop("body"), values.pop("date"), **values)

        dialog = MeetingDialog(meetings.body_names(self.store), self, body=body, submit=create)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh(frozenset({"all"}))
            self.meetings.filter.clear()
            self.meetings.select_id(dialog.result_value)
        return dialog

    def edit_meeting_dialog(self) -> QDialog | None:
        """Ret møde: title, date, times and place of the selected meeting (its items and route stay)."""
        from kkrdesk.gui.cases.dialogs import MeetingDialog

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return None
        detail = meetings.meeting_detail(self.store, meeting_id)
        dialog = MeetingDialog([], self, meeting=detail, submit=lambda values, base: meetings.update_meeting(
            self.store, meeting_id, base=base, **values))
        dialog.base = editing_base(detail, meetings.MEETING_LABELS)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh(frozenset({"all"}))
            if not self.meetings.select_id(meeting_id):  # a new date moves the row; a new title may be filtered out
                self.meetings.filter.clear()
                self.meetings.select_id(meeting_id)
            self._meeting_selected(self.meetings.current_row())
        return dialog

    def item_types_dialog(self) -> QDialog | None:
        """Punkttyper: the type list of the current meeting's body; the item editor offers it at once."""
        from kkrdesk.gui.cases.dialogs import ItemTypesDialog

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return None
        body_id = meetings.meeting_detail(self.store, meeting_id)["body_id"]
        settings = meetings.item_type_settings(self.store, body_id)
        dialog = ItemTypesDialog(settings, self, submit=lambda types, base: meetings.set_item_types(
            self.store, body_id, types, base=base))
        dialog.base = editing_base(settings, meetings.ITEM_TYPES_LABELS)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh(frozenset({"bodies"}))
            self.editor.reload_types()
            orphans = dialog.result_value or 0
            message = f"Punkttyperne for {settings['body']} er gemt"
            if orphans:
                message += (f"; {orphans} {'punkt bruger' if orphans == 1 else 'punkter bruger'} en type, "
                            "der ikke længere er på listen")
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(message + ".", 10000)
        return dialog

    def clone_dialog(self) -> None:
        from kkrdesk.gui.cases.dialogs import CloneDialog

        row = self.meetings.current_row()
        if row is None:
            return
        dialog = CloneDialog(row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            new_id = self._call(meetings.clone_meeting, self.store, row["id"], values["date"], title=values["title"])
            if new_id:
                self.meetings.select_id(new_id)

    def delete_meeting(self) -> None:
        row = self.meetings.current_row()
        if row is None:
            return
        answer = QMessageBox.question(self, "Slet møde", f"Slet {row['title']} {format_date(row['date'], 'short')} "
                                      f"med alle {row['items']} punkter og deres bilag?")
        if answer == QMessageBox.StandardButton.Yes:
            self._call(meetings.delete_meeting, self.store, row["id"],
                       base=editing_base(row, meetings.MEETING_LABELS))

    def _state_changed(self, _index: int) -> None:
        row = self.meetings.current_row()
        if row is not None:
            # Against the row as the list shows it: a colleague's change since is shown, not overwritten.
            try:
                meetings.update_meeting(self.store, row["id"], state=self.state.currentText(),
                                        base=editing_base(row, meetings.MEETING_LABELS))
            except UserError as exc:
                self.show_error(exc)
            self.refresh(frozenset({"all"}))  # also after a refusal: the list and the box show the stored state

    def import_file(self, path: str | Path, *, confirm: bool = True) -> int | None:
        """Preview the file (every field checked, every bilag file read), then import all of it; a meeting taken
        out from this store can instead be merged back into the meeting it came from."""
        from kkrdesk.gui.cases.dialogs import ImportPreviewDialog
        from kkrdesk.services import exchange, takeout

        # A take-out from this store is asked about first: its merge preview reads and checks the file itself.
        if takeout.taken_from(self.store, path):
            merged = self._merge_or_new(path, confirm=confirm)
            if merged is not False:
                return merged
        preview = self._call(exchange.preview, path)
        if preview is None:
            return None
        if confirm and ImportPreviewDialog(preview, self).exec() != QDialog.DialogCode.Accepted:
            return None
        meeting_id = self._call(exchange.import_meeting, self.store, path)
        if meeting_id:
            self.meetings.filter.clear()
            self.meetings.select_id(meeting_id)
        return meeting_id

    def _merge_or_new(self, path, *, confirm: bool) -> int | bool | None:
        """A meeting taken out from this store came back: merge it (after a preview), or import it as a new
        meeting (False), or nothing (None)."""
        from kkrdesk.gui.cases.merge_dialog import MergePreviewDialog
        from kkrdesk.services import takeout

        if confirm:
            box = QMessageBox(QMessageBox.Icon.Question, "Udtaget møde",
                              "Filen er et møde, der er taget ud fra denne database. Vil du flette ændringerne "
                              "ind i mødet, eller indlæse filen som et nyt møde?", parent=self)
            merge = box.addButton("Flet ind i mødet …", QMessageBox.ButtonRole.AcceptRole)
            new = box.addButton("Indlæs som nyt møde", QMessageBox.ButtonRole.ActionRole)
            box.addButton("Annullér", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is new:
                return False
            if box.clickedButton() is not merge:
                return None
        report = self._call(takeout.merge_meeting, self.store, path, dry_run=True)
        if report is None:
            return None
        if confirm and MergePreviewDialog(report.as_json(), self).exec() != QDialog.DialogCode.Accepted:
            return None
        if report.conflicts:
            return None
        done = self._call(takeout.merge_meeting, self.store, path)
        if done is None or done.conflicts:  # someone changed the meeting between the preview and now
            if done is not None:
                QMessageBox.warning(self, "Udtaget møde", "Mødet er ændret, siden forhåndsvisningen blev vist: "
                                    + "; ".join(c["text"] for c in done.conflicts))
            return None
        self.meetings.filter.clear()
        self.meetings.select_id(done.meeting)
        self._tell(f"{len(done.changes)} ændring(er) er flettet ind i mødet. Tag mødet ud igen, før der arbejdes "
                   "videre offline.")
        return done.meeting

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Indlæs møde (kkrdesk-meeting/1)", "", "Møde (*.json)")
        if path:
            self.import_file(path)

    def export_meeting_dialog(self, *, take_out: bool = False, path: str | None = None) -> Path | None:
        """Save the meeting as kkrdesk-meeting/1; take_out: with ids and a base, to merge back after offline work."""
        from kkrdesk.services import exchange

        row = self.meetings.current_row()
        if row is None:
            return None
        if path is None:
            title = "Tag mødet ud til bærbar" if take_out else "Eksportér møde"
            path, _ = QFileDialog.getSaveFileName(self, title, f"møde-{row['date']}.json", "Møde (*.json)")
        if not path:
            return None
        out = self._call(exchange.export_meeting, self.store, row["id"], path, take_out=take_out)
        if out:
            self._tell(f"Mødet er taget ud til {path}: indlæs filen på den bærbare, og indlæs den bærbares eksport "
                       "her bagefter for at flette ændringerne tilbage" if take_out
                       else f"Mødet er skrevet til {path} (bilagsfilerne ligger ved siden af)")
        return out

    def attendance_dialog(self) -> None:
        from kkrdesk.gui.cases.dialogs import AttendanceDialog

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return
        rows = meetings.attendance_rows(self.store, meeting_id)
        if not rows:
            QMessageBox.information(self, "Fremmøde", "Organet har ingen medlemmer på mødedatoen.")
            return
        dialog = AttendanceDialog(rows, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            for person_id, present in dialog.values().items():
                self._call(meetings.set_attendance, self.store, meeting_id, person_id, present)

    # -- items --
    def add_item(self, title: str | None = None) -> int | None:
        meeting_id = self._meeting_id()
        if meeting_id is None:
            return None
        current = self.items.current_row()
        section = meetings.section_of(current["number"]) if current and not current.get("standing") else None
        item_id = self._call(meetings.add_item, self.store, meeting_id, title or "Nyt punkt", section=section)
        if item_id:
            self.items.select_id(item_id)
            self.edit_item()
        return item_id

    def delete_item(self) -> None:
        row = self.items.current_row()
        if row is None:
            return
        answer = QMessageBox.question(self, "Slet punkt", f"Slet punkt {row['number']} {row['title']} og dets "
                                      f"{row['bilag']} bilag?")
        if answer == QMessageBox.StandardButton.Yes:
            self._call(meetings.delete_item, self.store, row["id"], base=editing_base(row, agenda_rows.ITEM_LABELS))

    def move_item(self, delta: int) -> None:
        row = self.items.current_row()
        if row is None:
            return
        order = [r["id"] for r in self.items.rows()]
        index = order.index(row["id"])
        self._call(meetings.move_item, self.store, row["id"], max(0, index + delta))
        self.items.select_id(row["id"])

    def _reordered(self, order: list, sections: dict) -> None:
        meeting_id = self._meeting_id()
        current = self.items.current_id()
        if meeting_id is not None:
            self._call(meetings.reorder_items, self.store, meeting_id, order, sections)
        self.items.reload()
        if current:
            self.items.select_id(current)

    def drop_files(self, item_id: int, paths: list) -> None:
        from kkrdesk.services import bilag

        self.items.select_id(item_id)
        if self._call(bilag.add_files, self.store, item_id, paths):
            self.detail_tabs.setCurrentWidget(self.bilag)

    def send_dialog(self, item_id: int) -> None:
        from kkrdesk.gui.cases.dialogs import SendDialog

        current = self.meetings.current_row()
        candidates = [m for m in agenda_rows.meeting_rows(self.store)
                      if current is None or (m["id"] != current["id"] and m["date"] >= current["date"])]
        if not candidates:
            QMessageBox.information(self, "Send videre", "Der er ingen senere møder. Opret mødet først.")
            return
        dialog = SendDialog(sorted(candidates, key=lambda m: m["date"]), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            if self._call(meetings.send_to_meeting, self.store, item_id, values["meeting_id"],
                          section=values["section"]):
                self.editor.load(item_id)

    # -- exports --
    def _suggest(self, word: str, suffix: str, public: bool = False) -> str:
        row = self.meetings.current_row()
        stem = f"{word}-{row['body']}-{row['date']}" if row else word
        stem = stem.replace(" ", "-") + ("-offentlig" if public else "")
        return str(Path.home() / f"{stem}{suffix}")

    def export(self, kind: str, public: bool, path: str | Path, on_done=None):
        """Build the agenda, bundle or minutes on a worker thread with a progress dialog and Annullér."""
        meeting_id = self._meeting_id()
        if meeting_id is None:
            return None
        title = f"{EXPORT_TITLES[kind]} ({'offentlig' if public else 'fuld'} udgave)"
        store = self.store

        def work(progress, cancel):
            return build_pdf(store, kind, meeting_id, Path(path), public, progress, cancel)

        def done(result):
            extra = (f" – {len(result['placeholders'])} bilag som pladsholderside" if result.get("placeholders")
                     else "")
            window = self.window()
            if on_done is not None:
                on_done(result)
            elif hasattr(window, "statusBar"):
                window.statusBar().showMessage(f"{title} gemt: {result['path']}{extra}", 10000)

        self.last_job = run_job(self, title, work, done, out=path)
        return self.last_job

    def export_dialog(self, kind: str, *, public: bool) -> None:
        path, _ = QFileDialog.getSaveFileName(self, EXPORT_TITLES[kind],
                                              self._suggest(EXPORT_FILE_WORDS[kind], ".pdf", public), "PDF (*.pdf)")
        if path:
            self.export(kind, public, path)

    def export_cases_dialog(self) -> None:
        from kkrdesk.exports.cases_xlsx import build_cases

        path, _ = QFileDialog.getSaveFileName(self, "Sagsliste", self._suggest("sagsliste", ".xlsx"),
                                              "Excel (*.xlsx)")
        if path and self._call(build_cases, self.store, path, meeting_id=self._meeting_id()):
            self._tell(f"Sagslisten er gemt: {path}")

    def print_preview(self, kind: str = "agenda", public: bool = False, *, show: bool = True):
        """Udskriftsvisning of the agenda, minutes or bundle as it will print. The bundle is built on a worker
        thread first (it can be long); the agenda and minutes are quick and come back directly."""
        from kkrdesk.gui.cases.printing import preview_pdf

        meeting_id = self._meeting_id()
        if meeting_id is None:
            return None
        # One private folder per tab, removed when the program ends: previews may hold closed bilag.
        if getattr(self, "_print_dir", None) is None:
            self._print_dir = tempfile.TemporaryDirectory(prefix="kkrdesk-print-")
        out = Path(self._print_dir.name) / f"{kind}.pdf"

        def open_preview(result):
            self.last_preview = preview_pdf(self, result["path"], EXPORT_TITLES[kind])
            if show:
                self.last_preview.open()
            return self.last_preview

        if kind == "packet":
            return self.export(kind, public, out, on_done=open_preview)
        result = self._call(build_pdf, self.store, kind, meeting_id, out, public)
        return None if result is None else open_preview(result)
