"""Issue 15 part 4 in the window: a file taken out from this store is offered for merging back, with a preview
listing changes and conflicts; "Flet" is possible only without conflicts."""

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from kkrdesk.gui.cases.merge_dialog import MergePreviewDialog
from kkrdesk.gui.cases_tab import CasesTab
from kkrdesk.services import exchange, meetings, takeout
from kkrdesk.store import open_store

MEETING = 1


@pytest.fixture
def laptop(tmp_path):
    s = open_store(tmp_path / "laptop.sqlite")
    s.enable_undo()
    yield s
    s.close()


def returned_file(demo_store, laptop, tmp_path, *, server_indstilling=None):
    exchange.export_meeting(demo_store, MEETING, tmp_path / "usb" / "m.json", take_out=True)
    local = exchange.import_meeting(laptop, tmp_path / "usb" / "m.json")
    on_laptop = {r["number"]: r for r in meetings.item_rows(laptop, local)}
    meetings.update_item(laptop, on_laptop["3.5"]["id"], indstilling="Fra den bærbare.")
    if server_indstilling:
        on_server = {r["number"]: r for r in meetings.item_rows(demo_store, MEETING)}
        meetings.update_item(demo_store, on_server["3.5"]["id"], indstilling=server_indstilling)
    return exchange.export_meeting(laptop, local, tmp_path / "back" / "m.json")


def test_the_tab_merges_a_returned_meeting_into_the_one_it_came_from(qtbot, demo_store, laptop, tmp_path):
    tab = CasesTab(demo_store)
    qtbot.addWidget(tab)
    back = returned_file(demo_store, laptop, tmp_path)
    count = len(meetings.meeting_rows(demo_store))
    assert takeout.taken_from(demo_store, back) and not takeout.taken_from(laptop, back)
    (tmp_path / "ikke.json").write_text("{ikke json", encoding="utf-8")
    assert not takeout.taken_from(demo_store, tmp_path / "ikke.json")  # the import then says why, once
    assert tab.import_file(back, confirm=False) == MEETING
    assert len(meetings.meeting_rows(demo_store)) == count  # merged, not a new meeting
    assert tab.meetings.current_row()["id"] == MEETING
    item = {r["number"]: r for r in meetings.item_rows(demo_store, MEETING)}["3.5"]
    assert meetings.item_detail(demo_store, item["id"])["sections"]["indstilling"] == "Fra den bærbare."


def test_the_preview_lists_conflicts_and_forbids_the_merge(qtbot, demo_store, laptop, tmp_path):
    back = returned_file(demo_store, laptop, tmp_path, server_indstilling="Fra kontoret.")
    report = takeout.merge_meeting(demo_store, back, dry_run=True).as_json()
    dialog = MergePreviewDialog(report)
    qtbot.addWidget(dialog)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.table.item(0, 0).text() == "Konflikt" and "Indstilling" in dialog.table.item(0, 1).text()
    assert "1 konflikt" in dialog.summary.text()
    tab = CasesTab(demo_store)
    qtbot.addWidget(tab)
    assert tab.import_file(back, confirm=False) is None  # refused: nothing merged, no new meeting
    item = {r["number"]: r for r in meetings.item_rows(demo_store, MEETING)}["3.5"]
    assert meetings.item_detail(demo_store, item["id"])["sections"]["indstilling"] == "Fra kontoret."


def test_a_clean_preview_allows_the_merge(qtbot, demo_store, laptop, tmp_path):
    back = returned_file(demo_store, laptop, tmp_path)
    dialog = MergePreviewDialog(takeout.merge_meeting(demo_store, back, dry_run=True).as_json())
    qtbot.addWidget(dialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Flet"
    assert dialog.table.item(0, 0).text() == "Ændret"


def test_mere_has_take_out_and_it_writes_a_file_that_merges_back(qtbot, demo_store, laptop, tmp_path):
    tab = CasesTab(demo_store)
    qtbot.addWidget(tab)
    assert "Tag ud til bærbar …" in [a.text() for a in tab.more_menu.actions()]
    tab.meetings.select_id(MEETING)
    out = tab.export_meeting_dialog(take_out=True, path=str(tmp_path / "usb" / "m.json"))
    assert out is not None and takeout.taken_from(demo_store, out)
    local = exchange.import_meeting(laptop, out)
    back = exchange.export_meeting(laptop, local, tmp_path / "back" / "m.json")
    assert tab.import_file(back, confirm=False) == MEETING
