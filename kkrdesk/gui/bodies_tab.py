"""Organer og medlemmer: the body tree, each body's seats, members and history on a chosen date, every body a
person sits in, warnings, and the udpegningsoversigt across all bodies; one udpegning, person, organ or plads at a
time is recorded, ended, corrected or deleted from buttons, right-click menus and the keys Insert, F2 and Delete.

All figures come from services.members and services.composition, every change goes through
services.member_edit (dialogs in gui/bodies/edit_dialogs.py); this module only shows and asks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.errors import UserError
from kkrdesk.gui.models import Column
from kkrdesk.gui.table import FilterTable
from kkrdesk.gui.toolbar import bind_button, with_icon
from kkrdesk.reference import format_date
from kkrdesk.services import composition, members
from kkrdesk.services.rows import editing_base

BODY_COLUMNS = [
    Column("Organ", "name", width=260),
    Column("Type", "type", width=130),
    Column("Under", "parent", width=150),
    Column("Valgperiode fra", "term_start", "date", 100),
    Column("til", "term_end", "date", 90),
    Column("Medlemmer", "members", "number", 80),
]
MEMBER_COLUMNS = [
    Column("Navn", "name", width=180),
    Column("Titel", "title", width=140),
    Column("Organisation", "organisation", width=170),
    Column("Parti", "party", width=45),
    Column("Rolle", "role", width=105),
    Column("Fra", "start", "date", 90),
    Column("Til", "end", "date", 90),
    Column("Besluttet på", "decided", width=170, optional=True),  # the width of 1280 px is spent before it
]
SEAT_COLUMNS = [
    Column("Rolle", "role", width=110),
    Column("Pladser", "count", "number", 60),
    Column("Besat", "filled", "number", 55),
    Column("Ledige", "vacant", "number", 55),
    Column("Udpeget af", "appointed_by", width=170),
    Column("Indstillet af", "nominated_by", width=130),
    Column("Kriterier", "criteria", width=220),
    Column("Stemmeret", "voting", "bool", 70),
    Column("Besat af", "holders"),
]
PERSON_COLUMNS = [
    Column("Navn", "name", width=190),
    Column("Titel", "title", width=160),
    Column("Organisation", "organisation", width=170),
    Column("Parti", "party", width=45),
    Column("Organer nu", "bodies", "number", 80),
]
PERSON_BODY_COLUMNS = [
    Column("Organ", "body", width=300),
    Column("Rolle", "role", width=110),
    Column("Fra", "start", "date", 90),
    Column("Til", "end", "date", 90),
    Column("På vegne af", "on_behalf_of", width=120),
    Column("Nu", "current", "bool", 50),
]
OVERVIEW_COLUMNS = [
    Column("Organ", "body", width=280),
    Column("Rolle", "role", width=105),
    Column("Navn", "name", width=180),
    Column("Titel", "title", width=150),
    Column("Organisation", "organisation", width=150),
    Column("På vegne af", "on_behalf_of", width=110),
    Column("Udpeget af", "appointed_by", width=150),
    Column("Fra", "start", "date", 90),
    Column("Til", "end", "date", 90),
    Column("Udløber snart", "ending_soon", "bool", 90),
]
WARNING_COLUMNS = [
    Column("Organ", "body", width=300),
    Column("Slags", "kind", width=100),
    Column("Besked", "text"),
]
TREE_HEADERS = ["Organ", "Type", "Medlemmer", "Ledige"]
# The edit actions: key → (text, status tip). Shortcuts are set where the actions are made.
ACTIONS = {
    "new_membership": ("Ny udpegning …", "Udpeg en person til det valgte organ (Insert)"),
    "edit_membership": ("Ret udpegning …", "Ret rolle, datoer og på vegne af (F2 eller dobbeltklik)"),
    "end_membership": ("Afslut udpegning …", "Sæt en slutdato; udpegningen bliver i historikken"),
    "delete_membership": ("Slet udpegning", "Slet en forkert registrering (Delete)"),
    "edit_person": ("Ret person …", "Ret navn, titel, organisation, parti og kontaktoplysninger"),
    "new_body": ("Nyt organ …", "Opret et organ, fx en arbejdsgruppe under et udvalg"),
    "edit_body": ("Ret organ …", "Ret navn, type, placering og valgperiode (F2 i organtræet)"),
    "show_item": ("Vis punktet i Sager", "Åbn dagsordenspunktet, der besluttede udpegningen"),
    "new_seat": ("Ny plads …", "Giv organet en slags plads, fx 2 pladser udpeget af KKR (Insert i Pladser)"),
    "edit_seat": ("Ret plads …", "Ret antal, rolle, udpeget af, kriterier og stemmeret (F2 eller dobbeltklik)"),
    "delete_seat": ("Slet plads", "Slet pladsen; udpegningerne på den bliver stående (Delete i Pladser)"),
    "import_seats": ("Indsæt sammensætning …", "Læs pladserne fra sammensætningen, som papiret trykker den, med "
                                               "tjek af summen"),
}
WARN = QColor("#B26A00")
KINDS = {"bodies", "members", "persons", "seats", "all"}


class BodiesTab(QWidget):
    item_requested = Signal(int)  # an agenda item to open in Sager (the window switches tab)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self._overview: dict[int, dict] = {}

        # -- the date every view shows --
        self.date = QDateEdit(self)
        self.date.setObjectName("compositionDate")
        self.date.setLocale(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setDate(QDate.currentDate())
        self.date.setToolTip("Sammensætningen på denne dato: medlemmer, pladser og advarsler")
        today = QPushButton("I dag", self)
        today.clicked.connect(lambda: self.date.setDate(QDate.currentDate()))
        # Actions shared by the buttons here and the window's toolbar.
        self.import_action = with_icon(QAction("Indsæt liste …", self), "import", "Indsæt liste")
        self.import_action.setToolTip("Indsæt en medlemsliste fra et papir, eller åbn Excel/CSV")
        self.import_action.triggered.connect(lambda _checked=False: self.open_import())
        self.members_action = with_icon(QAction("Medlemsliste …", self), "pdf", "Medlemsliste")
        self.members_action.setToolTip("Det valgte organs medlemsliste som PDF eller Excel, grupperet efter rolle")
        self.members_action.triggered.connect(lambda _checked=False: self.export_members())
        self.overview_action = with_icon(QAction("Udpegningsoversigt …", self), "list", "Udpegningsoversigt")
        self.overview_action.setToolTip("Alle udpegninger og ledige pladser på datoen som Excel")
        self.overview_action.triggered.connect(lambda _checked=False: self.export_overview())
        self.import_button = bind_button(QPushButton(self.import_action.text(), self), self.import_action)
        export_button = bind_button(QPushButton(self.members_action.text(), self), self.members_action)
        overview_button = bind_button(QPushButton(self.overview_action.text(), self), self.overview_action)
        top = QHBoxLayout()
        top.addWidget(QLabel("Dato:", self))
        top.addWidget(self.date)
        top.addWidget(today)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(export_button)
        top.addWidget(overview_button)

        # -- left: the bodies as a tree (nesting) and as a filterable list --
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("bodyTree")
        self.tree.setHeaderLabels(TREE_HEADERS)
        # The name takes the room; Type and the two counts keep widths their headers fit in ("Medlemmer").
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 95), (2, 0), (3, 0)):
            self.tree.setColumnWidth(col, max(width, header.fontMetrics().horizontalAdvance(TREE_HEADERS[col]) + 14))
        self.tree.setAlternatingRowColors(True)
        self.tree.currentItemChanged.connect(self._tree_selected)
        self.bodies = FilterTable(BODY_COLUMNS, lambda: members.body_rows(self.store, self.on()),
                                  title="Organer", placeholder="Filtrér organer …")
        self.bodies.selected.connect(self._list_selected)
        self.table = self.bodies.view
        left_tabs = QTabWidget(self)
        left_tabs.addTab(self.tree, "Træ")
        left_tabs.addTab(self.bodies, "Liste")
        self.left_tabs = left_tabs
        self.body_buttons = QHBoxLayout()
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(left_tabs, 1)
        ll.addLayout(self.body_buttons)

        # -- right: the selected body --
        self.heading = QLabel(self)
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.members = FilterTable(MEMBER_COLUMNS, lambda: members.membership_rows(
            self.store, self._body_id(), self.on()), title="Medlemmer", placeholder="Filtrér medlemmer …")
        self.seats = FilterTable(SEAT_COLUMNS, self._seat_rows, title="Pladser")
        self.seat_buttons = QHBoxLayout()
        self.seats.layout().addLayout(self.seat_buttons)  # on the Pladser page itself
        self.history = FilterTable(MEMBER_COLUMNS, lambda: members.membership_rows(self.store, self._body_id(), None),
                                   title="Alle udpegninger", placeholder="Filtrér historik …")
        self.warnings = QListWidget(self)
        self.warnings.setObjectName("bodyWarnings")
        self.warnings.setMaximumHeight(90)
        detail_tabs = QTabWidget(self)
        detail_tabs.addTab(self.members, "Medlemmer")
        detail_tabs.addTab(self.seats, "Pladser")
        detail_tabs.addTab(self.history, "Historik")
        self.detail_tabs = detail_tabs
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.heading)
        rl.addWidget(self.summary)
        rl.addWidget(self.warnings)
        rl.addWidget(detail_tabs, 1)
        self.member_buttons = QHBoxLayout()
        rl.addLayout(self.member_buttons)
        body_page = QSplitter(Qt.Orientation.Horizontal, self)
        body_page.addWidget(left)
        body_page.addWidget(right)
        body_page.setSizes([480, 720])

        # -- persons: every body a person sits in --
        self.persons = FilterTable(PERSON_COLUMNS, lambda: members.person_rows(self.store), title="Personer",
                                   placeholder="Filtrér personer …")
        self.person_bodies = FilterTable(PERSON_BODY_COLUMNS, lambda: members.person_memberships(
            self.store, self._person_id(), None), title="Sidder i")
        self.persons.selected.connect(lambda _row: self.person_bodies.reload())
        persons_pane = QWidget(self)
        pl = QVBoxLayout(persons_pane)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.persons, 1)
        self.person_buttons = QHBoxLayout()
        pl.addLayout(self.person_buttons)
        person_page = QSplitter(Qt.Orientation.Horizontal, self)
        person_page.addWidget(persons_pane)
        person_page.addWidget(self.person_bodies)

        # -- udpegningsoversigt and all warnings --
        self.overview = FilterTable(OVERVIEW_COLUMNS, lambda: composition.udpegningsoversigt(self.store, self.on()),
                                    title="Udpegningsoversigt", placeholder="Filtrér, fx en kommune …")
        self.all_warnings = FilterTable(WARNING_COLUMNS, lambda: composition.all_warnings(self.store, self.on()),
                                        title="Advarsler", placeholder="Filtrér advarsler …")
        overview_page = QSplitter(Qt.Orientation.Vertical, self)
        overview_page.addWidget(self.overview)
        overview_page.addWidget(self.all_warnings)
        overview_page.setSizes([500, 200])

        self.pages = QTabWidget(self)
        self.pages.addTab(body_page, "Organer")
        self.pages.addTab(person_page, "Personer")
        self.pages.addTab(overview_page, "Udpegningsoversigt og advarsler")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.date.dateChanged.connect(lambda _d: self.refresh(frozenset({"members"})))
        self._build_actions()
        self.refresh(frozenset({"bodies"}))
        self.bodies.view.selectRow(0)
        self.update_actions()

    def find_field(self):
        """Where Rediger → Find (Ctrl+F) goes when no table has the focus: on Organer the filterable list of
        bodies (the tree has no filter, so Find shows the list), on the other pages their first table's filter."""
        page = self.pages.currentIndex()
        if page == 0:
            self.left_tabs.setCurrentWidget(self.bodies)
            return self.bodies.filter
        return (self.persons if page == 1 else self.overview).filter

    # -- state --
    def on(self) -> dt.date:
        return self.date.date().toPython()

    def _body_id(self) -> int | None:
        item = self.tree.currentItem() if hasattr(self, "tree") else None
        if item is not None:
            return item.data(0, Qt.ItemDataRole.UserRole)
        row = self.bodies.current_row() if hasattr(self, "bodies") else None
        return row["id"] if row else None

    def _person_id(self) -> int | None:
        row = self.persons.current_row() if hasattr(self, "persons") else None
        return row["id"] if row else None

    def _seat_rows(self) -> list[dict]:
        body_id = self._body_id()
        if body_id is None:
            return []
        data = composition.composition(self.store, body_id, self.on())
        return data["seats"] + data["population_seats"]

    def select_body(self, body_id: int) -> bool:
        """Select a body in the tree (and the list); the detail follows."""
        items = self.tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
        for item in items:
            if item.data(0, Qt.ItemDataRole.UserRole) == body_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    # -- reloading --
    def refresh(self, kinds: frozenset[str]) -> None:
        if not kinds & KINDS:
            return
        current = self._body_id()
        self._overview = composition.body_overview(self.store, self.on())
        self._fill_tree(current)
        with QSignalBlocker(self.bodies):  # re-selecting the same body would show it once more before _show_body
            self.bodies.reload()
        # The other pages' tables load when they are shown (the overview and the warnings each walk every body
        # and udpegning of ten years).
        for table in (self.persons, self.person_bodies, self.overview, self.all_warnings):
            table.reload_when_shown()
        self._show_body()

    def _fill_tree(self, current: int | None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen = None

        def add(parent, node):
            nonlocal chosen
            info = self._overview.get(node["id"], {})
            vacant = info.get("vacant", 0)
            item = QTreeWidgetItem([node["name"], node["type"] or "", str(info.get("members", 0)),
                                    str(vacant) if vacant else ""])
            item.setData(0, Qt.ItemDataRole.UserRole, node["id"])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight)
            item.setToolTip(0, node["name"])  # long names elide in the narrow tree
            if info.get("warnings"):
                item.setForeground(3, QBrush(WARN))
                item.setToolTip(0, "\n".join([node["name"], *info["warnings"][:8]]))
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            if node["id"] == current:
                chosen = item
            for child in node["children"]:
                add(item, child)

        for node in members.body_tree(self.store, self.on()):
            add(None, node)
        self.tree.expandToDepth(0)
        if chosen is None and self.tree.topLevelItemCount():
            chosen = self.tree.topLevelItem(0)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)

    def _tree_selected(self, current, _previous) -> None:
        if current is not None:
            self.bodies.select_id(current.data(0, Qt.ItemDataRole.UserRole))
        self._show_body()

    def _list_selected(self, row) -> None:
        if row and self.tree.currentItem() is not None and \
                self.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) != row["id"]:
            self.tree.blockSignals(True)
            self.select_body(row["id"])
            self.tree.blockSignals(False)
        self._show_body()

    def _show_body(self) -> None:
        body_id = self._body_id()
        self.members.reload()
        self.seats.reload()
        self.history.reload_when_shown()  # every udpegning of ten years: loaded when its page is shown
        self.warnings.clear()
        self.update_actions()
        if body_id is None:
            self.heading.setText("")
            self.summary.setText("Ingen organer endnu.")
            return
        row = next((r for r in self.bodies.model.rows() if r["id"] == body_id), None)
        info = self._overview.get(body_id, {})
        self.heading.setText(row["name"] if row else "")
        term = ""
        if row and (row["term_start"] or row["term_end"]):
            term = " · valgperiode " + composition.term_label(row["term_start"], row["term_end"])
        seats = info.get("seats", 0)
        seat_text = (f" · {info.get('filled', 0)} af {seats} pladser besat, {info.get('vacant', 0)} ledige"
                     if seats else "")
        self.summary.setText(f"Pr. {format_date(self.on())}: {info.get('members', 0)} medlemmer{seat_text}{term}")
        for text in info.get("warnings", []):
            item = QListWidgetItem("⚠ " + text)
            item.setForeground(QBrush(WARN))
            self.warnings.addItem(item)
        if not info.get("warnings"):
            self.warnings.addItem("Ingen advarsler på datoen.")

    # -- edit actions: buttons, right-click menus, keys --
    def _build_actions(self) -> None:
        slots = {"new_membership": self.new_membership, "edit_membership": self.edit_membership,
                 "end_membership": self.end_membership, "delete_membership": self.delete_membership,
                 "edit_person": self.edit_person, "new_body": self.new_body, "edit_body": self.edit_body,
                 "show_item": self.open_decision, "new_seat": self.new_seat, "edit_seat": self.edit_seat,
                 "delete_seat": self.delete_seat, "import_seats": self.import_seats}
        self.edit_actions: dict[str, QAction] = {}
        for key, (text, tip) in ACTIONS.items():
            action = QAction(text, self)
            action.setObjectName(key)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, slot=slots[key]: slot())
            self.edit_actions[key] = action
        # Keys act where the focus is: Insert/F2/Delete on a member table or on Pladser, Insert/F2 in the organ
        # tree or list, F2 on the persons table. Each action carries its key only on the widgets it is added to.
        member_views = (self.members.view, self.history.view)
        body_views = (self.tree, self.bodies.view)
        person_f2 = QAction("Ret person …", self)
        person_f2.triggered.connect(lambda _checked=False: self.edit_person())
        for key, shortcut, views in (("new_membership", Qt.Key.Key_Insert, member_views + body_views),
                                     ("edit_membership", Qt.Key.Key_F2, member_views),
                                     ("delete_membership", Qt.Key.Key_Delete, member_views),
                                     ("edit_body", Qt.Key.Key_F2, body_views),
                                     (None, Qt.Key.Key_F2, (self.persons.view,)),
                                     ("new_seat", Qt.Key.Key_Insert, (self.seats.view,)),
                                     ("edit_seat", Qt.Key.Key_F2, (self.seats.view,)),
                                     ("delete_seat", Qt.Key.Key_Delete, (self.seats.view,))):
            action = self.edit_actions[key] if key else person_f2
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            for view in views:
                view.addAction(action)
        self.edit_buttons: dict[str, QPushButton] = {}
        for layout, keys in ((self.member_buttons, ("new_membership", "edit_membership", "end_membership",
                                                    "delete_membership", "edit_person")),
                             (self.body_buttons, ("new_body", "edit_body")),
                             (self.person_buttons, ("edit_person",)),
                             (self.seat_buttons, ("new_seat", "edit_seat", "delete_seat", "import_seats"))):
            for key in keys:
                button = self._button(self.edit_actions[key])
                layout.addWidget(button)
                self.edit_buttons.setdefault(key, button)
            layout.addStretch(1)
        # Right-click menus and double-click.
        for view, menu in ((self.members.view, self.member_menu), (self.history.view, self.member_menu),
                           (self.tree, self.body_menu), (self.bodies.view, self.body_menu),
                           (self.persons.view, self.person_menu), (self.seats.view, self.seat_menu)):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, view=view, menu=menu: self._popup(menu(), view, pos))
        self.members.activated.connect(lambda _row: self.edit_membership())
        self.history.activated.connect(lambda _row: self.edit_membership())
        self.persons.activated.connect(lambda _row: self.edit_person())
        self.seats.activated.connect(lambda _row: self.edit_seat())
        for view in member_views + (self.seats.view,):
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for signal in (self.members.selected, self.history.selected, self.persons.selected, self.bodies.selected,
                       self.seats.selected):
            signal.connect(lambda _row: self.update_actions())
        self.detail_tabs.currentChanged.connect(lambda _i: self.update_actions())
        self.pages.currentChanged.connect(lambda _i: self.update_actions())

    def toolbar_actions(self) -> list[QAction | None]:
        a = self.edit_actions
        return [with_icon(a["new_membership"], "new", "Ny udpegning"),
                with_icon(a["edit_membership"], "edit", "Ret udpegning"),
                with_icon(a["end_membership"], "end", "Afslut udpegning"), None,
                with_icon(a["new_body"], "new", "Nyt organ"), None,
                self.import_action, self.members_action, self.overview_action]

    def _button(self, action: QAction) -> QPushButton:
        """A push button that runs an action and follows its enabled state."""
        button = QPushButton(action.text(), self)
        button.setObjectName(action.objectName() + "Button")
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        button.setEnabled(action.isEnabled())
        return button

    def member_menu(self) -> QMenu:
        a = self.edit_actions
        menu = QMenu(self)
        menu.addActions([a["new_membership"], a["edit_membership"], a["end_membership"], a["delete_membership"]])
        menu.addSeparator()
        menu.addActions([a["edit_person"], a["show_item"]])
        return menu

    def body_menu(self) -> QMenu:
        a = self.edit_actions
        menu = QMenu(self)
        menu.addAction(a["new_membership"])
        menu.addSeparator()
        menu.addActions([a["new_body"], a["edit_body"]])
        return menu

    def seat_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions([self.edit_actions[k] for k in ("new_seat", "edit_seat", "delete_seat")])
        menu.addSeparator()
        menu.addAction(self.edit_actions["import_seats"])
        return menu

    def person_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.edit_actions["edit_person"])
        return menu

    def _popup(self, menu: QMenu, view, pos) -> None:
        self.update_actions()
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def update_actions(self) -> None:
        if not hasattr(self, "edit_actions"):
            return
        a = self.edit_actions
        has_body = self._body_id() is not None
        has_membership = self.current_membership() is not None
        a["new_membership"].setEnabled(has_body)
        for key in ("edit_membership", "end_membership", "delete_membership"):
            a[key].setEnabled(has_membership)
        a["edit_person"].setEnabled(self._person_to_edit() is not None)
        a["show_item"].setEnabled(bool(has_membership and self.current_membership().get("item_id")))
        a["edit_body"].setEnabled(has_body)
        a["new_seat"].setEnabled(has_body)
        a["import_seats"].setEnabled(has_body)
        has_seat = self.current_seat() is not None
        a["edit_seat"].setEnabled(has_seat)
        a["delete_seat"].setEnabled(has_seat)

    def membership_table(self) -> FilterTable | None:
        """The member table the actions work on: the one shown (Medlemmer or Historik); none under Pladser."""
        shown = self.detail_tabs.currentWidget()
        return shown if shown in (self.members, self.history) else None

    def open_decision(self) -> None:
        row = self.current_membership()
        if row and row.get("item_id"):
            self.item_requested.emit(row["item_id"])

    def current_seat(self) -> dict | None:
        """The seat chosen on the Pladser page, when that page is shown."""
        return self.seats.current_row() if self.detail_tabs.currentWidget() is self.seats else None

    def current_membership(self) -> dict | None:
        table = self.membership_table()
        return table.current_row() if table is not None else None

    def _person_to_edit(self) -> int | None:
        if self.pages.currentIndex() == 1:
            row = self.persons.current_row()
            return row["id"] if row else None
        row = self.current_membership()
        return row["person_id"] if row else None

    def _open(self, dialog, done) -> None:
        """Dialogs are window-modal but do not block: `done(saved_id)` runs after a saved change."""
        self.dialog = dialog
        dialog.accepted.connect(lambda: done(dialog.saved_id))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def new_membership(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import MembershipDialog

        body_id = self._body_id()
        if body_id is not None:
            self._open(MembershipDialog(self.store, body_id, on=self.on(), parent=self), self.show_membership)

    def edit_membership(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import MembershipDialog

        row, body_id = self.current_membership(), self._body_id()
        if row is not None and body_id is not None:
            self._open(MembershipDialog(self.store, body_id, membership_id=row["id"], parent=self),
                       self.show_membership)

    def end_membership(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import EndMembershipDialog

        row = self.current_membership()
        if row is not None:
            self._open(EndMembershipDialog(self.store, row, self._body_name() or "", self), self.show_membership)

    def delete_membership(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import confirm_delete
        from kkrdesk.services import member_edit

        row = self.current_membership()
        if row is None:
            return
        try:
            # As shown when asked: a colleague's change while the question is open stops the delete.
            base = editing_base(member_edit.membership_detail(self.store, row["id"]), member_edit.MEMBERSHIP_LABELS)
            if not confirm_delete(self, row, self._body_name() or ""):
                return
            member_edit.delete_membership(self.store, row["id"], base=base)
        except UserError as exc:
            QMessageBox.warning(self, "Slet udpegning", str(exc))
            return
        self._status(f"{row['name']}s udpegning som {row['role']} er slettet.")

    def edit_person(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import PersonDialog

        person_id = self._person_to_edit()
        if person_id is not None:
            self._open(PersonDialog(self.store, person_id, self), lambda _id: self._status("Personen er rettet."))

    def new_body(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import BodyDialog

        self._open(BodyDialog(self.store, None, self), self._show_saved_body)

    def edit_body(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import BodyDialog

        body_id = self._body_id()
        if body_id is not None:
            self._open(BodyDialog(self.store, body_id, self), self._show_saved_body)

    def _show_saved_body(self, body_id: int | None) -> None:
        if body_id is not None and self.select_body(body_id):
            self.tree.scrollToItem(self.tree.currentItem())  # opens the parents of a new working group
            self.bodies.select_id(body_id)

    def new_seat(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import SeatDialog

        body_id = self._body_id()
        if body_id is not None:
            self._open(SeatDialog(self.store, body_id, parent=self), self.show_seat)

    def edit_seat(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import SeatDialog

        row, body_id = self.current_seat(), self._body_id()
        if row is not None and body_id is not None:
            self._open(SeatDialog(self.store, body_id, row["id"], self), self.show_seat)

    def delete_seat(self) -> None:
        from kkrdesk.gui.bodies.edit_dialogs import confirm_delete_seat
        from kkrdesk.services import member_edit

        row = self.current_seat()
        if row is None:
            return
        try:
            seat = member_edit.seat_detail(self.store, row["id"])
            if not confirm_delete_seat(self, seat):
                return
            lost = member_edit.delete_seat(self.store, row["id"],
                                           base=editing_base(seat, member_edit.SEAT_LABELS))
        except UserError as exc:
            QMessageBox.warning(self, "Slet plads", str(exc))
            return
        after = {0: "", 1: " 1 udpegning står nu uden plads."}.get(lost, f" {lost} udpegninger står nu uden plads.")
        self._status(f"Pladsen {seat['label']} er slettet.{after}")

    def import_seats(self) -> None:
        from kkrdesk.gui.bodies.seat_import_dialog import SeatImportDialog

        name = self._body_name()
        if name:
            dialog = SeatImportDialog(self.store, name, self)
            self._open(dialog, lambda _id: (self.show_seat(None), self._status(dialog.report.summary())))

    def show_seat(self, seat_id: int | None) -> None:
        """Show the Pladser page with the saved seat chosen; the body stays selected."""
        self.detail_tabs.setCurrentWidget(self.seats)
        if seat_id is not None and self.seats.select_id(seat_id):
            self.seats.view.setFocus()
        self.update_actions()

    def show_membership(self, membership_id: int | None) -> None:
        """Select an udpegning after a change: among the members on the date, else in the history."""
        if membership_id is None:
            return
        if self.members.select_id(membership_id):
            self.detail_tabs.setCurrentWidget(self.members)
            self.members.view.setFocus()
        elif self.history.select_id(membership_id):
            self.detail_tabs.setCurrentWidget(self.history)
            self.history.view.setFocus()
            self._status(f"Udpegningen gælder ikke pr. {format_date(self.on())}; den står under Historik.")
        self.update_actions()

    def _status(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    # -- actions --
    def _body_name(self) -> str | None:
        body_id = self._body_id()
        row = next((r for r in self.bodies.model.rows() if r["id"] == body_id), None)
        return row["name"] if row else None

    def open_import(self) -> None:
        from kkrdesk.gui.bodies.import_dialog import MemberImportDialog

        names = sorted((r["name"] for r in self.bodies.model.rows()), key=str.casefold)
        dialog = MemberImportDialog(self.store, names, self._body_name(), self)
        if dialog.exec() and dialog.report is not None:
            QMessageBox.information(self, "Medlemsliste indlæst", dialog.report.summary())

    def export_members(self) -> None:
        name = self._body_name()
        if not name:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Eksportér medlemsliste", f"Medlemmer af {name}.pdf",
                                              "PDF (*.pdf);;Excel (*.xlsx)")
        if path:
            self._export(lambda: self.export_members_to(Path(path), name))

    def export_members_to(self, path: Path, name: str) -> Path:
        if path.suffix.lower() == ".xlsx":
            from kkrdesk.exports.members_xlsx import export_members_xlsx

            return export_members_xlsx(self.store, name, path, on=self.on())
        from kkrdesk.exports.members_pdf import export_members_pdf

        return export_members_pdf(self.store, name, path.with_suffix(".pdf"), on=self.on())

    def export_overview(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Udpegningsoversigt", "Udpegningsoversigt.xlsx",
                                              "Excel (*.xlsx)")
        if path:
            from kkrdesk.exports.udpegning_xlsx import export_udpegning_xlsx

            self._export(lambda: export_udpegning_xlsx(self.store, Path(path), on=self.on()))

    def _export(self, fn) -> None:
        try:
            out = fn()
        except UserError as exc:
            QMessageBox.warning(self, "Eksport", str(exc))
            return
        self._status(f"Gemt: {out}")
