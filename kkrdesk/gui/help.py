"""Hjælp: the keyboard shortcuts, read from the window's own actions, and the short manual (offline)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kkrdesk.paths import resource_path

MANUAL = ("help", "haandbog.html")


def _keys(sequences) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(dict.fromkeys(s.toString(native) for s in sequences if not s.isEmpty()))


def _label(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(" …").strip()


def _menu_rows(menu, group: str) -> list[tuple[str, str, str]]:
    rows = []
    for action in menu.actions():
        if action.menu() is not None:
            rows += _menu_rows(action.menu(), group)
        elif action.shortcuts():
            rows.append((group, _keys(action.shortcuts()), _label(action.text())))
    return rows


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every shortcut: the menus' actions, then each tab's actions and key bindings.

    A key bound with kkrdesk.gui.keys.shortcut() carries its description as whatsThis."""
    rows: list[tuple[str, str, str]] = []
    for menu_action in window.menuBar().actions():
        rows += _menu_rows(menu_action.menu(), _label(menu_action.text()))
    for title, tab in zip(window.tab_titles(), window.tab_widgets(), strict=True):
        seen: set[tuple[str, str]] = set()
        for action in tab.findChildren(QAction):
            if action.shortcuts() and action.text():
                seen.add((_keys(action.shortcuts()), _label(action.text())))
        for key in tab.findChildren(QShortcut):
            if key.whatsThis():
                seen.add((_keys([key.key()]), key.whatsThis()))
        rows += [(title, keys, what) for keys, what in sorted(seen, key=lambda r: (r[1], r[0]))]
    return rows


def shortcuts_html(rows: list[tuple[str, str, str]]) -> str:
    parts = ["<h2>Tastaturgenveje</h2>",
             "<p>Ins, F2 og Del virker i den tabel, der har fokus; Esc tømmer et søge- eller filterfelt. Listen er "
             "læst af programmets egne handlinger.</p>"]
    group = None
    for where, keys, what in rows:
        if where != group:
            if group is not None:
                parts.append("</table>")
            parts.append(f"<h3>{escape(where)}</h3><table cellspacing='0' cellpadding='3'>")
            group = where
        parts.append(f"<tr><td width='170'><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>")
    if group is not None:
        parts.append("</table>")
    return "".join(parts)


class HelpDialog(QDialog):
    """A text browser in a dialog: the manual from resources/help, or the generated shortcut list."""

    def __init__(self, title: str, parent: QWidget | None = None, *, html: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 600)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)  # offline: links inside the manual only
        if html is None:
            path = resource_path(*MANUAL)
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
