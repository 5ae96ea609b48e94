"""Keyboard shortcuts bound to one widget."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut


def shortcut(widget, key, slot, context=Qt.ShortcutContext.WidgetShortcut, description: str = "") -> QShortcut:
    """A shortcut that fires only where `context` says (by default: while `widget` has the focus).

    Set after construction: PySide6's QShortcut(key, parent, callable, context) ignores the context and makes a
    window-wide shortcut, so two tables with the same key would clash. The description is what Hjælp →
    Tastaturgenveje lists for the key."""
    result = QShortcut(QKeySequence(key), widget)
    result.setWhatsThis(description)
    result.setContext(context)
    result.activated.connect(slot)
    return result


class _ClearOnEscape(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and watched.text():
            watched.clear()
            return True
        return False  # an empty field lets Esc through: a dialog still closes on it


def clear_on_escape(line_edit) -> QObject:
    """Esc in a search or filter field with text empties it, as users expect of a search field."""
    handler = _ClearOnEscape(line_edit)
    line_edit.installEventFilter(handler)
    return handler
