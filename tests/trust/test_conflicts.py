"""Optimistic concurrency (issues 12.6 and 15.2): when two people change the same item or meeting, the second
save is refused with what the other changed, nothing is written, and what was typed stays in the editor."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from kkrdesk.services import meetings
from kkrdesk.store import ConflictError


def _first_item(store) -> int:
    return meetings.item_rows(store, meetings.meeting_rows(store)[0]["id"])[0]["id"]


def test_second_save_of_an_item_is_refused_with_what_the_other_changed(demo_store, colleague):
    item = _first_item(demo_store)
    opened = meetings.item_detail(demo_store, item)
    base = meetings.editing_base(opened, meetings.ITEM_LABELS)
    meetings.update_item(colleague, item, title="Kollegaens titel", indstilling="Kollegaens indstilling")
    with pytest.raises(ConflictError) as err:
        meetings.update_item(demo_store, item, base=base, title="Min titel")
    text = str(err.value)
    assert "ændret af en anden" in text
    assert f"Titel: »{opened['title']}« → »Kollegaens titel«" in text
    assert "Indstilling:" in text and "Kollegaens indstilling" in text
    assert meetings.item_detail(demo_store, item)["title"] == "Kollegaens titel"  # nothing written
    # Saving again, knowingly, overwrites.
    meetings.update_item(demo_store, item, base=err.value.current, title="Min titel")
    assert meetings.item_detail(colleague, item)["title"] == "Min titel"


def test_a_save_with_an_up_to_date_base_is_not_refused(demo_store):
    item = _first_item(demo_store)
    base = meetings.editing_base(meetings.item_detail(demo_store, item), meetings.ITEM_LABELS)
    meetings.update_item(demo_store, item, base=base, title="Første")
    base = meetings.editing_base(meetings.item_detail(demo_store, item), meetings.ITEM_LABELS)
    meetings.update_item(demo_store, item, base=base, title="Anden")
    assert meetings.item_detail(demo_store, item)["title"] == "Anden"


def test_meeting_dialog_save_over_a_colleagues_change_is_refused(demo_store, colleague):
    meeting_id = meetings.meeting_rows(demo_store)[0]["id"]
    base = meetings.editing_base(meetings.meeting_detail(demo_store, meeting_id), meetings.MEETING_LABELS)
    meetings.update_meeting(colleague, meeting_id, location="Kollegaens lokale")
    with pytest.raises(ConflictError, match="Mødet er ændret af en anden") as err:
        meetings.update_meeting(demo_store, meeting_id, base=base, title="Mit møde")
    assert "Sted: »" in str(err.value) and "Kollegaens lokale" in str(err.value)
    assert meetings.meeting_detail(demo_store, meeting_id)["title"] != "Mit møde"


def test_the_item_editor_keeps_what_was_typed_and_shows_the_conflict(qtbot, demo_store, colleague, monkeypatch):
    from kkrdesk.gui.main_window import MainWindow

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    tab = window.cases
    item = _first_item(demo_store)
    tab.editor.load(item)
    tab.editor.title.setText("Det jeg skrev")
    meetings.update_item(colleague, item, title="Kollegaens titel")
    window.poll_external_changes()  # the colleague's change arrives while the editor holds unsaved text
    assert tab.editor.title.text() == "Det jeg skrev"
    assert tab.editor.save() is False
    assert shown and "ændret af en anden" in shown[-1] and "Kollegaens titel" in shown[-1]
    assert tab.editor.title.text() == "Det jeg skrev"  # kept
    assert meetings.item_detail(demo_store, item)["title"] == "Kollegaens titel"
    assert tab.editor.save() is True  # the second save overwrites knowingly
    assert meetings.item_detail(colleague, item)["title"] == "Det jeg skrev"
