"""A window on a store this user may only read (a reader role on the shared server, a read-only file): the
editing actions and buttons are hidden (hidden, not disabled, so a selection change cannot bring them back),
text fields are read-only, and the status bar says why. The server refuses a write regardless."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

NOTE = "Skrivebeskyttet: du har kun læseadgang til databasen"
# The first word of every action that changes the store; exports, previews and searches start otherwise.
EDITING_WORDS = ("ny", "nyt", "ret", "slet", "indsæt", "flyt", "gem", "importér", "indlæs", "udpeg", "afslut",
                 "fortryd", "gentag", "tilføj", "send", "lav", "næste", "kopiér", "punkttyper", "erstat", "opret",
                 "skift")


# Commands that start with an editing verb but only read: a copy of a bilag's file saved elsewhere (staff who
# only print need it most).
READING_COMMANDS = ("gem fil som",)


def is_editing(text: str) -> bool:
    plain = text.replace("&", "").strip().casefold()
    if plain.startswith(READING_COMMANDS):
        return False
    words = plain.split()
    return bool(words) and words[0].rstrip(" …:") in EDITING_WORDS


def apply(root: QWidget) -> None:
    """Hide what edits under `root` (a tab as it is built)."""
    for action in root.findChildren(QAction):
        if is_editing(action.text()):
            action.setVisible(False)
            action.setEnabled(False)
    for button in root.findChildren(QAbstractButton):
        if is_editing(button.text()):
            button.setVisible(False)
    for edit in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
        if edit.objectName() != "qt_spinbox_lineedit" and "filter" not in edit.objectName().casefold() \
                and edit.placeholderText()[:4].casefold() not in ("filt", "søg"):
            edit.setReadOnly(True)
