"""The agenda as a tree: sections ("Afsnit 3") with their items; drag an item to reorder or to move it to
another section (the service renumbers), drop files on an item to attach them as bilag."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from kkrdesk.gui.models import Column, RowTableModel
from kkrdesk.services.agenda_rows import section_of

ID_ROLE = Qt.ItemDataRole.UserRole + 10
HEADERS = ["Nr.", "Titel", "Type", "Åben/lukket", "Status", "Bilag"]
CLOSED_COLOUR = "#C62828"
COLUMNS = [Column("Nr.", "number"), Column("Titel", "title"), Column("Type", "type"),
           Column("Åben/lukket", "public", "open"), Column("Status", "status"), Column("Bilag", "bilag", "number")]


class _Tree(QTreeWidget):
    """Moves items inside the tree; files dropped from outside go to `files_dropped(item_id, paths)`."""

    moved = Signal()
    files_dropped = Signal(int, list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setAcceptDrops(True)
        self.setDragEnabled(True)
        self.setDropIndicatorShown(True)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def dragEnterEvent(self, event):  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event):  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            target = self.itemAt(event.position().toPoint())
            if target is not None and target.data(0, ID_ROLE):
                event.acceptProposedAction()
            else:
                event.ignore()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event):  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            target = self.itemAt(event.position().toPoint())
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            if target is not None and target.data(0, ID_ROLE) and paths:
                event.acceptProposedAction()
                self.files_dropped.emit(int(target.data(0, ID_ROLE)), paths)
            return
        super().dropEvent(event)
        self.moved.emit()


class AgendaTree(QWidget):
    """`model` holds the flat rows (as the old table did); `tree` shows them grouped by section."""

    selected = Signal(object)
    reordered = Signal(object, object)  # ordered item ids, {item id: section}
    files_dropped = Signal(int, list)

    def __init__(self, loader: Callable[[], list[dict]], parent=None):
        super().__init__(parent)
        self.model = RowTableModel(COLUMNS, loader, self)
        self.tree = _Tree(self)
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((70, 360, 120, 90, 150, 50)):
            self.tree.setColumnWidth(col, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the title takes the room there is
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.moved.connect(self._on_moved)
        self.tree.files_dropped.connect(self.files_dropped)

    # Below this width Type, Åben/lukket and Status give way to the title (the editor shows them for the item;
    # closed items are red); on a wide screen every column shows.
    NARROW = 720

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        narrow = self.width() < self.NARROW
        for col in (2, 3, 4):
            self.tree.setColumnHidden(col, narrow)

    # -- data --
    def reload(self) -> None:
        current = self.current_id()
        self.model.reload()
        self.tree.blockSignals(True)
        self.tree.clear()
        sections: dict[int, QTreeWidgetItem] = {}
        bold = QFont()
        bold.setBold(True)
        for row in self.model.rows():
            section = section_of(row["number"])
            parent = sections.get(section)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [f"{section}", f"Afsnit {section}"])
                parent.setFont(0, bold)
                parent.setFont(1, bold)
                parent.setData(0, ID_ROLE, 0)
                parent.setData(1, ID_ROLE, section)
                # A section takes drops (items join it) but is not dragged itself.
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
                sections[section] = parent
            node = QTreeWidgetItem(parent, [row["number"], row["title"], row.get("type") or "",
                                            "Åben" if row["public"] else "Lukket", row["status"] or "",
                                            str(row["bilag"])])
            node.setData(0, ID_ROLE, row["id"])
            # The title elides in a narrow pane; the tooltip says it whole, with what the hidden columns say.
            node.setToolTip(1, f"{row['number']} {row['title']}\n{row.get('type') or ''} · "
                               f"{'åbent' if row['public'] else 'lukket'} punkt · {row['status'] or ''}")
            node.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
            node.setTextAlignment(5, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not row["public"]:
                for col in (0, 3):
                    node.setForeground(col, QBrush(QColor(CLOSED_COLOUR)))
                node.setToolTip(3, "Lukket punkt: kommer aldrig med i en offentlig udgave")
            if row.get("standing"):
                node.setForeground(1, QBrush(QColor("#555555")))
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if current is None or not self.select_id(current):
            self.selected.emit(self.current_row())

    def rows(self) -> list[dict]:
        return self.model.rows()

    def current_id(self) -> int | None:
        node = self.tree.currentItem()
        value = node.data(0, ID_ROLE) if node is not None else None
        return int(value) if value else None

    def current_row(self) -> dict | None:
        item_id = self.current_id()
        return next((r for r in self.model.rows() if r["id"] == item_id), None)

    def select_id(self, item_id: int) -> bool:
        for node in self._item_nodes():
            if node.data(0, ID_ROLE) == item_id:
                self.tree.setCurrentItem(node)
                return True
        return False

    def _item_nodes(self) -> list[QTreeWidgetItem]:
        nodes = []
        for s in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(s)
            nodes += [section.child(c) for c in range(section.childCount())]
        return nodes

    # -- drag and drop --
    def structure(self) -> tuple[list[int], dict[int, int]]:
        """The order and sections the tree shows now, also when a drop left an item at the top level or
        inside another item: it then belongs to the section above it."""
        order: list[int] = []
        sections: dict[int, int] = {}
        current_section = 0

        def visit(node: QTreeWidgetItem) -> None:
            nonlocal current_section
            item_id = node.data(0, ID_ROLE)
            if item_id:
                order.append(int(item_id))
                sections[int(item_id)] = current_section
            else:
                current_section = int(node.data(1, ID_ROLE) or 0)
            for c in range(node.childCount()):
                visit(node.child(c))

        for s in range(self.tree.topLevelItemCount()):
            visit(self.tree.topLevelItem(s))
        return order, sections

    def _on_moved(self) -> None:
        order, sections = self.structure()
        self.reordered.emit(order, sections)

    def _on_current(self, current, _previous) -> None:
        self.selected.emit(self.current_row())
