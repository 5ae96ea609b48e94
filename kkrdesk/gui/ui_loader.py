"""Qt Designer forms from ui/, loaded at run time; widgets are found by objectName with findChild."""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from kkrdesk.paths import ui_path


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    file = QFile(str(ui_path(name)))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError(f"Kan ikke åbne {name}: {file.errorString()}")
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"Kan ikke læse {name}")
    return widget
