"""The window's toolbar: each tab names its common actions, the toolbar shows the current tab's.

The toolbar holds the very QActions the tab's buttons and menus trigger, so a toolbar click and a button
click run the same code and share one enabled state."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QAbstractButton, QApplication, QStyle, QToolBar, QToolButton

_SP = QStyle.StandardPixmap
# Qt's own icons (no files to ship); names say what the action does, not what the picture is.
ICONS = {
    "new": _SP.SP_FileIcon, "edit": _SP.SP_FileDialogDetailedView, "delete": _SP.SP_TrashIcon,
    "up": _SP.SP_ArrowUp, "down": _SP.SP_ArrowDown, "pdf": _SP.SP_FileDialogContentsView,
    "open": _SP.SP_DialogOpenButton, "save": _SP.SP_DialogSaveButton, "people": _SP.SP_DirHomeIcon,
    "apply": _SP.SP_DialogApplyButton, "send": _SP.SP_ArrowForward, "import": _SP.SP_DialogOpenButton,
    "help": _SP.SP_DialogHelpButton, "list": _SP.SP_FileDialogListView, "end": _SP.SP_DialogCloseButton,
}


def icon(name: str) -> QIcon:
    return QApplication.style().standardIcon(ICONS[name])


def with_icon(action: QAction, name: str, toolbar_text: str | None = None) -> QAction:
    """Give an action its toolbar icon (and, if the menu text is long, a shorter label for the toolbar)."""
    action.setIcon(icon(name))
    if toolbar_text:
        action.setIconText(toolbar_text)
    return action


def bind_button(button: QAbstractButton, action: QAction) -> QAbstractButton:
    """A button that runs `action` and follows its enabled state and visibility (one action, two faces: a
    read-only store hides the action, and so the button)."""
    button.clicked.connect(action.trigger)
    action.enabledChanged.connect(button.setEnabled)
    action.visibleChanged.connect(lambda: button.setVisible(action.isVisible()))
    button.setEnabled(action.isEnabled())
    if action.toolTip() and not button.toolTip():
        button.setToolTip(action.toolTip())
    return button


def make_toolbar(parent) -> QToolBar:
    bar = QToolBar("Værktøjslinje", parent)
    bar.setObjectName("mainToolbar")  # saveState() needs a name
    bar.setMovable(False)
    bar.setIconSize(QSize(18, 18))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    return bar


def fill(bar: QToolBar, actions: list[QAction | None]) -> None:
    """Show one tab's actions (None is a separator); an action with a menu opens it on a click."""
    bar.clear()
    for action in actions:
        if action is None:
            bar.addSeparator()
            continue
        bar.addAction(action)
        button = bar.widgetForAction(action)
        if action.menu() is not None and isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
