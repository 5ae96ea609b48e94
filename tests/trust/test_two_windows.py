"""Two windows on one store (issue 12.6): each undoes only its own steps, refuses when the other has changed the
same rows since, and notices the other's changes (PRAGMA data_version) to refresh its views."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from kkrdesk.errors import UserError
from kkrdesk.services import meetings
from kkrdesk.store import open_store


@pytest.fixture
def two(demo_store):
    """Window 1 is demo_store (undo on); window 2 opens the same file the same way."""
    other = open_store(str(demo_store))
    other.enable_undo()
    yield demo_store, other
    other.close()


def _first_item(store) -> int:
    meeting_id = meetings.meeting_rows(store)[0]["id"]
    return meetings.item_rows(store, meeting_id)[0]["id"]


def _title(store, item_id) -> str:
    """Read by a third program, on a connection of its own."""
    other = open_store(str(store))
    try:
        return meetings.item_detail(other, item_id)["title"]
    finally:
        other.close()


def _changes(store) -> frozenset[str]:
    """What the store learns of others' commits. A server's notifications travel by network, so they may need a
    moment: poll (as the window does every second) until one arrives, for at most 5 s."""
    deadline = time.monotonic() + 5
    while not (kinds := store.poll_changes()) and store.dialect != "sqlite" and time.monotonic() < deadline:
        time.sleep(0.05)
    return kinds


def test_undo_refuses_when_another_window_changed_the_same_row_since(two):
    w1, w2 = two
    item = _first_item(w1)
    meetings.update_item(w2, item, title="Vindue 2 skrev først")
    meetings.update_item(w1, item, title="Vindue 1 skrev bagefter")
    with pytest.raises(UserError, match="kan ikke fortrydes"):
        w2.undo()  # would silently revert window 1's later change
    assert _title(w1, item) == "Vindue 1 skrev bagefter"
    assert w1.undo() == "ændring af dagsordenspunkt"  # window 1's own step still undoes
    assert _title(w1, item) == "Vindue 2 skrev først"


def test_undo_of_own_step_works_while_another_window_changes_other_rows(two):
    w1, w2 = two
    item = _first_item(w1)
    original = _title(w1, item)
    meetings.update_item(w1, item, title="Vindue 1")
    meeting_id = meetings.meeting_rows(w2)[-1]["id"]
    meetings.update_meeting(w2, meeting_id, location="Et andet lokale")
    w1.undo()
    assert _title(w1, item) == original
    assert meetings.meeting_detail(w1, meeting_id)["location"] == "Et andet lokale"  # window 2's change stays


def test_each_store_notices_the_others_commits_but_not_its_own(two):
    w1, w2 = two
    assert w1.poll_changes() == frozenset() and w2.poll_changes() == frozenset()
    item = _first_item(w1)
    meetings.update_item(w1, item, title="Fra vindue 1")
    assert _changes(w2) == frozenset({"all"})
    assert w1.poll_changes() == frozenset()  # its own change (arrived with w2's): the window already refreshed
    assert w2.poll_changes() == frozenset()  # told once
    w1.undo()
    assert _changes(w2) == frozenset({"all"}) and w1.poll_changes() == frozenset()
    other = open_store(str(w1))  # another program (no window, no undo) writes
    with other.session() as s:
        s.execute(text("UPDATE agenda_item SET title = 'Udefra' WHERE id = :id"), {"id": item})
    other.close()
    assert _changes(w1) == frozenset({"all"}) and _changes(w2) == frozenset({"all"})


def test_a_window_shows_what_another_window_changed(qtbot, two):
    from kkrdesk.gui.main_window import MainWindow

    w1_store, w2_store = two
    window1 = MainWindow(w1_store)
    qtbot.addWidget(window1)
    window2 = MainWindow(w2_store)
    qtbot.addWidget(window2)
    meeting_id = meetings.meeting_rows(w2_store)[0]["id"]
    meetings.update_meeting(w2_store, meeting_id, title="Ændret i vindue 2")
    table = window1.cases.meetings

    def shown() -> bool:
        model = table.view.model()
        return any(model.index(r, c).data() == "Ændret i vindue 2"
                   for r in range(model.rowCount()) for c in range(model.columnCount()))

    assert not shown()
    qtbot.waitUntil(shown, timeout=5000)  # the window's own once-a-second check, no manual refresh
    assert "ændret fra et andet vindue" in window1.statusBar().currentMessage()
