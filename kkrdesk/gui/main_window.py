"""The one main window: four tabs over one store, menus, status bar, remembered geometry."""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kkrdesk import __version__
from kkrdesk.errors import UserError
from kkrdesk.gui import read_only, toolbar
from kkrdesk.gui.settings import settings

if TYPE_CHECKING:
    from kkrdesk.store import Store

TAB_TITLES = ("Sager", "Tovholdere", "Organer og medlemmer", "Budgetberegnere")
TAB_CLASSES = (
    ("kkrdesk.gui.cases_tab", "CasesTab"),
    ("kkrdesk.gui.tovholdere_tab", "TovholdereTab"),
    ("kkrdesk.gui.bodies_tab", "BodiesTab"),
    ("kkrdesk.gui.budgets_tab", "BudgetsTab"),
)
# What the Sager tab's first commands import (its first paint reads with sqlite3 and imports none of them).
WARM_MODULES = ("kkrdesk.services.meetings", "kkrdesk.services.bilag", "kkrdesk.services.search")
DB_FILTER = "KKR Desk-database (*.sqlite *.db);;Alle filer (*)"


POLL_MS = 1000


class ChangeHub(QObject):
    """The one place that tells open views what changed; safe to call from worker threads."""

    changed = Signal(frozenset)

    def __call__(self, kinds: frozenset[str]) -> None:
        self.changed.emit(kinds)


class MainWindow(QMainWindow):
    warmed = Signal(list)  # from the warm-up thread, received on the GUI thread: a few search hits to paint ahead

    def __init__(self, store: Store | None = None, parent=None):
        """With no store the window is an empty frame that set_store() fills; the GUI shows that frame
        first so the user sees the window while the store and the data load."""
        super().__init__(parent)
        self.store: Store | None = None
        self.hub = ChangeHub(self)
        self.warmed.connect(self._prime_search)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.path_label = QLabel(self)
        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("readOnlyNote")
        self.read_only_label.setVisible(False)
        self._read_only = False
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.statusBar().addPermanentWidget(self.path_label)
        self._build_menus()
        self.toolbar = toolbar.make_toolbar(self)
        self.addToolBar(self.toolbar)
        # Four fixed pages; each tab is built the first time it is shown (start-up builds only one).
        self._tab_objects: list[QWidget | None] = [None] * len(TAB_CLASSES)
        for title in TAB_TITLES:
            page = QWidget(self)
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(self._ensure_tab)
        self.tabs.currentChanged.connect(self._fill_toolbar)
        # Changes made by other windows, processes or colleagues: a cheap check about once a second feeds the
        # same change signal the window's own edits use (SQLite data_version, PostgreSQL LISTEN/NOTIFY).
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(POLL_MS)
        self._poll_timer.timeout.connect(self.poll_external_changes)
        self._poll_timer.start()
        if store is None:
            self.setWindowTitle("KKR Desk")
            self.statusBar().showMessage("Åbner databasen …")
        else:
            self.set_store(store)
        self._restore_geometry()

    # -- store --
    def set_store(self, store: Store) -> None:
        if self.store is not None:
            self.store.unsubscribe(self.hub)
            self.store.close()
        for i, tab in enumerate(self._tab_objects):
            if tab is not None:
                self.hub.changed.disconnect(tab.refresh)
                tab.deleteLater()
                self._tab_objects[i] = None
        self.store = store
        self._read_only = store.read_only
        self.read_only_label.setText(read_only.NOTE if self._read_only else "")
        self.read_only_label.setVisible(self._read_only)
        for action in (self.undo_action, self.redo_action):
            action.setVisible(not self._read_only)
        store.enable_undo()  # the window's changes can be undone; a new store starts with an empty history
        store.subscribe(self.hub)
        self._ensure_tab(self.tabs.currentIndex())
        self._fill_toolbar(self.tabs.currentIndex())
        self.setWindowTitle(f"KKR Desk — {store.label}")
        self.path_label.setText(f"Database: {store}")
        self.statusBar().clearMessage()
        settings().setValue("store/last", str(store.path) if store.path is not None else str(store))
        self.update_undo_actions()

    def warm_up_in_background(self) -> threading.Thread:
        """After the first paint: make the store's engine and import the services a first edit needs, on a
        thread, so the window is drawn and answers meanwhile (SQLAlchemy and the models take ≈ 0.4 s)."""
        store = self.store

        def warm() -> None:
            try:
                store.warm_up()
                for name in WARM_MODULES:
                    importlib.import_module(name)
                # One search ahead: its pages and statements are then warm for the user's first keystroke,
                # and its first hits let the GUI thread paint the hidden results list once (_prime_search).
                hits = importlib.import_module("kkrdesk.services.search").search(store, "e", limit=5,
                                                                                   snippets=False)
            except Exception:  # noqa: BLE001 - only a head start: the first real use makes it and reports
                return
            try:
                if store is self.store:
                    self.warmed.emit(hits)
            except RuntimeError:  # the window was closed meanwhile
                pass

        thread = threading.Thread(target=warm, name="kkrdesk-warm-up", daemon=True)
        thread.start()
        return thread

    def _prime_search(self, hits: list) -> None:
        cases = self._tab_objects[0]
        if cases is not None and hits:
            try:
                cases.prime_search(hits)
            except Exception:  # noqa: BLE001 - only a head start for the first keystroke, never a message
                pass

    def poll_external_changes(self) -> frozenset[str]:
        """Refresh the views when someone else changed the store; says so in the status bar."""
        if self.store is None:
            return frozenset()
        try:
            kinds = self.store.poll_changes()
        except Exception:  # noqa: BLE001 - a failed check must never disturb the user; the next one retries
            return frozenset()
        if kinds:
            self.statusBar().showMessage("Databasen er ændret fra et andet vindue eller program; visningen er "
                                         "opdateret.", 5000)
        return kinds

    def _store_folder(self) -> Path:
        return self.store.path.parent if self.store is not None and self.store.path is not None else Path.home()

    def _ensure_tab(self, index: int) -> QWidget | None:
        if self.store is None or not 0 <= index < len(TAB_CLASSES):
            return None
        if self._tab_objects[index] is None:
            # Imported here: the tabs pull in SQLAlchemy and the services, which the empty frame does not need.
            module_name, class_name = TAB_CLASSES[index]
            tab_class = getattr(importlib.import_module(module_name), class_name)
            page = self.tabs.widget(index)
            tab = tab_class(self.store, page)
            page.layout().addWidget(tab)
            self.hub.changed.connect(tab.refresh)
            if hasattr(tab, "item_requested"):  # a tab that links to an agenda item (Organer: "Besluttet på")
                tab.item_requested.connect(self.show_item)
            self._tab_objects[index] = tab
            if self._read_only:
                read_only.apply(tab)
        return self._tab_objects[index]

    def _fill_toolbar(self, index: int) -> None:
        """The toolbar shows the current tab's common actions (the same QActions as its buttons)."""
        tab = self._ensure_tab(index)
        toolbar.fill(self.toolbar, tab.toolbar_actions() if tab is not None else [])

    def tab_titles(self) -> tuple[str, ...]:
        return TAB_TITLES

    @property
    def cases(self):
        return self._ensure_tab(0)

    @property
    def tovholdere(self):
        return self._ensure_tab(1)

    @property
    def bodies(self):
        return self._ensure_tab(2)

    @property
    def budgets(self):
        return self._ensure_tab(3)

    def tab_widgets(self):
        return tuple(self._ensure_tab(i) for i in range(len(TAB_CLASSES)))

    # -- menus --
    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        filer = self.file_menu = bar.addMenu("&Filer")
        self._action(filer, "&Ny database …", self.new_store, QKeySequence.StandardKey.New, "Opret en tom database")
        self._action(filer, "Å&bn database …", self.open_store_dialog, QKeySequence.StandardKey.Open)
        self._action(filer, "Åbn &fælles database …", self.open_shared_dialog, "Ctrl+Shift+O",
                     "Åbn sekretariatets fælles database på en PostgreSQL-server")
        self._action(filer, "&Sikkerhedskopi …", self.backup_dialog, "Ctrl+Shift+B",
                     "Gem en kopi af databasen, også mens den er i brug")
        filer.addSeparator()
        self.quit_action = self._action(filer, "&Afslut", self.close, QKeySequence.StandardKey.Quit)
        self.edit_menu = bar.addMenu("&Rediger")
        self.undo_action = self._action(self.edit_menu, "&Fortryd", lambda: self.replay("undo"),
                                        QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(self.edit_menu, "&Gentag", lambda: self.replay("redo"),
                                        QKeySequence.StandardKey.Redo)
        # Windows users press Ctrl+Y, Linux and Mac users Ctrl+Shift+Z: both work everywhere.
        keys = [k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        self.redo_action.setShortcuts([QKeySequence(k) for k in dict.fromkeys([*keys, "Ctrl+Y", "Ctrl+Shift+Z"])])
        self.edit_menu.aboutToShow.connect(self.update_undo_actions)
        self.hub.changed.connect(self.update_undo_actions)
        self.update_undo_actions()
        self.edit_menu.addSeparator()
        self._action(self.edit_menu, "&Find …", self.focus_filter, QKeySequence.StandardKey.Find)
        vis = bar.addMenu("&Vis")
        for i, title in enumerate(TAB_TITLES):
            self._action(vis, title, lambda _=False, i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")
        vis.addSeparator()
        self._action(vis, "&Opdatér", lambda: self.hub(frozenset({"all"})), QKeySequence.StandardKey.Refresh)
        hjaelp = bar.addMenu("&Hjælp")
        self.manual_action = self._action(hjaelp, "&Håndbog …", self.show_manual, QKeySequence.StandardKey.HelpContents,
                                          "En kort vejledning til programmet")
        self.manual_action.setIcon(toolbar.icon("help"))
        self._action(hjaelp, "&Tastaturgenveje …", self.show_shortcuts)
        hjaelp.addSeparator()
        self._action(hjaelp, "&Om KKR Desk", self.about)

    # -- actions --
    def show_item(self, item_id: int) -> None:
        """Open an agenda item in Sager, from wherever it was named."""
        self.tabs.setCurrentIndex(0)
        self.cases.show_item(item_id)

    def update_undo_actions(self, *_args) -> None:
        history = self.store.history if self.store is not None else None
        for action, word, label in ((self.undo_action, "Fortryd", history and history.undo_label()),
                                    (self.redo_action, "Gentag", history and history.redo_label())):
            action.setEnabled(bool(label))
            action.setText(f"&{word} {label}" if label else f"&{word}")

    def replay(self, direction: str) -> None:
        """Rediger → Fortryd/Gentag: the last change made in this window, whichever tab made it."""
        if self.store is None:
            return
        try:
            label = self.store.undo() if direction == "undo" else self.store.redo()
        except UserError as exc:
            QMessageBox.warning(self, "KKR Desk", str(exc))
            self.update_undo_actions()
            return
        done = "Fortrudt" if direction == "undo" else "Gentaget"
        self.statusBar().showMessage(f"{done}: {label}", 5000)

    def focus_filter(self) -> None:
        """Rediger → Find (Ctrl+F): the filter over the table that has the focus; else the tab's own find field
        (Sager: the search across all meetings); else the filter of the first table on screen."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from kkrdesk.gui.table import FilterTable

        tab = self._tab_objects[self.tabs.currentIndex()] if self.tabs.currentIndex() >= 0 else None
        if tab is None:
            return
        target = None
        widget = QApplication.focusWidget()
        if widget is not None and tab.isAncestorOf(widget):
            while widget is not tab and target is None:
                if isinstance(widget, FilterTable):
                    target = widget.filter
                widget = widget.parentWidget()
        if target is None and hasattr(tab, "find_field"):
            target = tab.find_field()
        if target is None:  # the tab's main table, if on screen; else the first table that is
            main = tab.table.parentWidget() if hasattr(tab, "table") else None
            tables = [main] if isinstance(main, FilterTable) else []
            target = next((t.filter for t in tables + tab.findChildren(FilterTable) if t.isVisible()), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            target.selectAll()

    def _switch_to(self, path: str) -> bool:
        from kkrdesk.store import is_url, open_store

        try:
            self.set_store(open_store(path if is_url(path) else Path(path)))
        except UserError as exc:
            QMessageBox.warning(self, "KKR Desk", str(exc))
            return False
        self.statusBar().showMessage(f"Åbnede {self.store}", 5000)
        return True

    def open_shared_dialog(self) -> None:
        """A server store: the address is remembered, the password only in the system keyring."""
        from kkrdesk.gui.shared_store_dialog import SharedStoreDialog

        last = settings().value("store/last_url")
        dialog = SharedStoreDialog(self, url=last)
        if dialog.exec() == QDialog.DialogCode.Accepted and self._switch_to(dialog.connect_url()):
            settings().setValue("store/last_url", dialog.url())

    def new_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Ny database", str(self._store_folder() / "ny.sqlite"),
                                              DB_FILTER)
        if path:
            if Path(path).exists():
                QMessageBox.warning(self, "Ny database", "Filen findes allerede. Vælg et nyt navn.")
                return
            self._switch_to(path)

    def open_store_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Åbn database", str(self._store_folder()), DB_FILTER)
        if path:
            self._switch_to(path)

    def backup_dialog(self) -> None:
        if self.store.path is not None:
            suggestion, kinds = self._store_folder() / f"{self.store.path.stem}-kopi.sqlite", DB_FILTER
        else:  # a server store is copied with pg_dump
            suggestion, kinds = self._store_folder() / "kkrdesk-kopi.dump", "pg_dump-kopi (*.dump);;Alle filer (*)"
        path, _ = QFileDialog.getSaveFileName(self, "Sikkerhedskopi", str(suggestion), kinds)
        if path:
            try:
                self.store.backup(Path(path))
            except UserError as exc:
                QMessageBox.warning(self, "Sikkerhedskopi", str(exc))
                return
            self.statusBar().showMessage(f"Sikkerhedskopi gemt: {path}", 8000)

    def show_manual(self) -> QWidget:
        from kkrdesk.gui.help import HelpDialog

        self.help_dialog = HelpDialog("Håndbog – KKR Desk", self)
        self.help_dialog.show()
        return self.help_dialog

    def show_shortcuts(self) -> QWidget:
        from kkrdesk.gui.help import HelpDialog, shortcut_rows, shortcuts_html

        self.help_dialog = HelpDialog("Tastaturgenveje – KKR Desk", self, html=shortcuts_html(shortcut_rows(self)))
        self.help_dialog.show()
        return self.help_dialog

    def about(self) -> None:
        QMessageBox.about(
            self, "Om KKR Desk",
            f"<h3>KKR Desk {__version__}</h3><p>Sager, tovholdere, organer og budgetberegnere for "
            "sekretariatet i et Kommunekontaktråd.</p><p>Virker uden net; data ligger i én fil, "
            f"som sekretariatet selv har:</p><p><code>{self.store}</code></p>",
        )

    # -- geometry --
    def _restore_geometry(self) -> None:
        s: QSettings = settings()
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        tab = s.value("window/tab")
        if tab is not None:
            self.tabs.setCurrentIndex(int(tab))

    # -- background jobs --
    def job_started(self, job) -> None:
        """A long job (an export) runs: the window is busy, but Afslut, Ctrl+Q and the close button still work."""
        self._jobs = [j for j in getattr(self, "_jobs", []) if j.running()] + [job]
        job.dialog.addAction(self.quit_action)  # Ctrl+Q also while the progress dialog has the focus
        job.ended.connect(self._job_ended)
        self._set_busy(True)

    def _job_ended(self) -> None:
        self._jobs = [j for j in getattr(self, "_jobs", []) if j.running()]
        if not self._jobs:
            self._set_busy(False)

    def running_jobs(self) -> list:
        return [j for j in getattr(self, "_jobs", []) if j.running()]

    def _set_busy(self, busy: bool) -> None:
        # What a modal progress dialog used to lock, except the way out: Filer → Afslut.
        if busy and getattr(self, "_busy_widgets", None):
            return
        if busy:
            widgets = [self.tabs, self.toolbar]
            actions = [a for a in self.menuBar().actions() if a.menu() is not self.file_menu]
            actions += [a for a in self.file_menu.actions() if a is not self.quit_action]
            self._busy_widgets = [w for w in (*widgets, *actions) if w.isEnabled()]
            for w in self._busy_widgets:
                w.setEnabled(False)
        else:
            for w in getattr(self, "_busy_widgets", None) or []:
                w.setEnabled(True)
            self._busy_widgets = []

    def confirm_stop_jobs(self) -> bool:
        """Closing while a job runs: ask; on "Afbryd og luk" cancel each job and wait until it has stopped (its
        half-written file is removed by the export itself)."""
        jobs = self.running_jobs()
        if not jobs:
            return True
        export = next((j for j in jobs if j.out is not None), None)
        if export is not None:
            text = f"En eksport er i gang: {export.title.rstrip(' …')}.\nVil du afbryde den og lukke?"
        else:
            text = f"Et arbejde er i gang: {jobs[0].title.rstrip(' …')}.\nVil du afbryde det og lukke?"
        box = QMessageBox(QMessageBox.Icon.Question, "Luk KKR Desk", text, parent=self)
        stop = box.addButton("Afbryd og luk", QMessageBox.ButtonRole.DestructiveRole)
        go_on = box.addButton("Fortsæt", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(go_on)
        box.setEscapeButton(go_on)
        self.close_question = box
        box.exec()
        if box.clickedButton() is not stop:
            return False
        for job in jobs:
            job.stop()
        return True

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not self.confirm_stop_jobs():
            event.ignore()
            return
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/tab", self.tabs.currentIndex())
        s.sync()
        super().closeEvent(event)
