"""A reader (issue 15.5): the window hides every editing action and button, makes text fields read-only and
says so in the status bar; on a server the write is refused by the server itself, in Danish."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton

from kkrdesk.gui import read_only


def test_editing_words_are_recognised():
    assert read_only.is_editing("&Ny udpegning …") and read_only.is_editing("Slet punkt")
    assert not read_only.is_editing("Eksportér bilagspakke …") and not read_only.is_editing("Søg")


def test_the_window_on_a_read_only_store_hides_editing(qtbot, demo_store, monkeypatch):
    from kkrdesk.gui.main_window import MainWindow

    monkeypatch.setattr(type(demo_store), "read_only", property(lambda self: True))
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    assert window.read_only_label.text() == read_only.NOTE and not window.read_only_label.isHidden()
    assert not window.undo_action.isVisible()
    for tab in window.tab_widgets():
        shown = [b.text() for b in tab.findChildren(QAbstractButton) if not b.isHidden()]
        assert not [t for t in shown if read_only.is_editing(t)], shown
        assert not [a.text() for a in tab.findChildren(QAction) if a.isVisible() and read_only.is_editing(a.text())]
    assert window.cases.editor.title.isReadOnly()
    # the bilag pane's "Mere" keeps Gem fil som … and Kolonner (they only read: staff who print need them), only those
    more = [a.text() for a in window.cases.bilag.more_menu.actions() if a.isVisible() and not a.isSeparator()]
    assert more == ["Gem fil som …", "Kolonner"] and not window.cases.bilag.buttons["more"].isHidden()
    assert read_only.is_editing("Skift åben/lukket") and not read_only.is_editing("Gem fil som …")


def test_a_writable_store_shows_editing(qtbot, demo_store):
    from kkrdesk.gui.main_window import MainWindow

    assert demo_store.read_only is False
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    assert window.read_only_label.isHidden()
    assert any(read_only.is_editing(b.text()) and not b.isHidden()
               for b in window.cases.findChildren(QAbstractButton))


def test_a_reader_role_on_the_server_is_read_only_and_refused(pg_only, demo_store, pg_server):
    from kkrdesk.services import meetings
    from kkrdesk.store import open_store
    from kkrdesk.store.roles import init_server

    init_server(str(demo_store), readers=["kkr_laeser"], writers=["kkr_skriver"])
    reader_url = str(demo_store).replace("postgres@", "kkr_laeser@", 1)
    reader = open_store(reader_url)
    try:
        assert reader.read_only is True
        assert meetings.meeting_rows(reader)  # reading works
        with pytest.raises(Exception, match="kun læseadgang"):
            meetings.update_meeting(reader, meetings.meeting_rows(reader)[0]["id"], title="Forsøg")
    finally:
        reader.close()
    writer = open_store(str(demo_store).replace("postgres@", "kkr_skriver@", 1))
    try:
        assert writer.read_only is False
        meetings.update_meeting(writer, meetings.meeting_rows(writer)[0]["id"], title="Skrevet af skriveren")
    finally:
        writer.close()
