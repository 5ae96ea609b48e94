"""Issue 15 part 4: a meeting taken out to an offline laptop (`export meeting --take-out`) and merged back
(`import meeting --merge`): changes made on one side are taken, conflicting ones refuse the whole merge with a
list, nothing is ever overwritten silently, and merging the same file twice changes nothing."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkrdesk.cli import main
from kkrdesk.errors import UserError
from kkrdesk.services import bilag, exchange, meetings
from kkrdesk.services.takeout import merge_meeting
from kkrdesk.store import open_store

MEETING = 1  # KKR Hovedstaden 15.06.2022 in the demo (seed 2022 lines 3400-3700)


@pytest.fixture
def laptop(tmp_path):
    s = open_store(tmp_path / "laptop.sqlite")
    s.enable_undo()  # as the window opens it
    yield s
    s.close()


def items(store, meeting_id):
    return {row["number"]: row for row in meetings.item_rows(store, meeting_id)}


def take_out(shared, laptop, tmp_path) -> int:
    """Shared → USB file → laptop; returns the laptop's meeting id."""
    exchange.export_meeting(shared, MEETING, tmp_path / "usb" / "m.json", take_out=True)
    return exchange.import_meeting(laptop, tmp_path / "usb" / "m.json")


def bring_back(laptop, laptop_meeting, tmp_path):
    return exchange.export_meeting(laptop, laptop_meeting, tmp_path / "back" / "m.json")


def test_take_out_file_carries_ids_and_base_and_still_imports_as_a_new_meeting(demo_store, laptop, tmp_path):
    exchange.export_meeting(demo_store, MEETING, tmp_path / "m.json", take_out=True)
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    shared_items = items(demo_store, MEETING)
    assert [i["id"] for i in data["items"]] == [shared_items[i["number"]]["id"] for i in data["items"]]
    assert data["take_out"]["meeting"] == MEETING and set(data["take_out"]["base"]) == {"meeting", "items", "bilag"}
    # The existing contract holds: a plain import makes a new meeting.
    new_id = exchange.import_meeting(demo_store, tmp_path / "m.json")
    assert new_id != MEETING and len(items(demo_store, new_id)) == len(shared_items)


def test_changes_on_both_sides_merge_and_a_second_merge_changes_nothing(demo_store, laptop, tmp_path):
    local = take_out(demo_store, laptop, tmp_path)
    on_laptop, on_server = items(laptop, local), items(demo_store, MEETING)
    original = meetings.item_detail(demo_store, on_server["3.5"]["id"])["sections"]["indstilling"]
    # Offline: a new Indstilling on 3.5, a new bilag file on 3.4, item 5.1 deleted, a new item 3.9.
    meetings.update_item(laptop, on_laptop["3.5"]["id"], indstilling="Det indstilles, at KKR godkender planen.")
    pdf = tmp_path / "notat.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    bilag.add_bilag(laptop, on_laptop["3.4"]["id"], pdf, title="Notat fra mødet")
    meetings.delete_item(laptop, on_laptop["5.1"]["id"])
    meetings.add_item(laptop, local, "Status på letbanen", section=3, resume="Kort status.")
    # Meanwhile on the server: the location and the title of 3.1.
    meetings.update_meeting(demo_store, MEETING, location="Gentofte Rådhus")
    meetings.update_item(demo_store, on_server["3.1"]["id"], title="Fælles prioriterede infrastrukturprojekter")
    back = bring_back(laptop, local, tmp_path)

    preview = merge_meeting(demo_store, back, dry_run=True)
    assert preview.conflicts == [] and not preview.merged
    assert items(demo_store, MEETING)["3.5"]["id"] == on_server["3.5"]["id"]
    detail = meetings.item_detail(demo_store, on_server["3.5"]["id"])
    assert detail["sections"]["indstilling"] == original  # the dry run wrote nothing

    report = merge_meeting(demo_store, back)
    assert report.merged and report.conflicts == []
    actions = {(c["number"], c["field"], c["action"]) for c in report.changes}
    assert ("3.5", "indstilling", "ændret") in actions and ("5.1", None, "slettet") in actions, actions
    after = items(demo_store, MEETING)
    assert "5.1" not in after
    detail = meetings.item_detail(demo_store, on_server["3.5"]["id"])
    assert detail["sections"]["indstilling"].startswith("Det indstilles")
    # The server's own change stays.
    title = meetings.item_detail(demo_store, on_server["3.1"]["id"])["title"]
    assert title == "Fælles prioriterede infrastrukturprojekter"
    assert meetings.meeting_detail(demo_store, MEETING)["location"] == "Gentofte Rådhus"
    new = [r for r in after.values() if r["title"] == "Status på letbanen"]
    assert len(new) == 1 and new[0]["number"].startswith("3.")
    # Deleting 5.1 renumbered the laptop's agenda (3.4 became 3.2): rows are matched by id, not number.
    added = meetings.bilag_rows(demo_store, on_server["3.4"]["id"])[-1]
    assert added["title"] == "Notat fra mødet" and bilag.bilag_file(demo_store, added["id"]) is not None
    assert {r["number"] for r in after.values()} == {r["number"] for r in items(laptop, local).values()}

    again = merge_meeting(demo_store, back)
    assert again.changes == [] and again.conflicts == []
    assert len(items(demo_store, MEETING)) == len(after)


def test_the_same_field_changed_on_both_sides_refuses_everything_with_the_list(demo_store, laptop, tmp_path):
    local = take_out(demo_store, laptop, tmp_path)
    on_laptop, on_server = items(laptop, local), items(demo_store, MEETING)
    meetings.update_item(laptop, on_laptop["3.5"]["id"], indstilling="Laptop: godkend.")
    meetings.update_item(laptop, on_laptop["3.6"]["id"], title="Rammeaftale 2023-2024 (ny titel)")
    meetings.update_item(demo_store, on_server["3.5"]["id"], indstilling="Kontoret: tag til efterretning.")
    before = items(demo_store, MEETING)
    report = merge_meeting(demo_store, bring_back(laptop, local, tmp_path))
    assert not report.merged
    assert [(c["number"], c["field"]) for c in report.conflicts] == [("3.5", "indstilling")]
    conflict = report.conflicts[0]
    assert conflict["file"] == "Laptop: godkend." and conflict["server"] == "Kontoret: tag til efterretning."
    assert "ændret både i filen" in conflict["text"] and "Indstilling" in conflict["text"]
    # All or nothing: the 3.6 title from the laptop is not taken either.
    assert items(demo_store, MEETING) == before
    detail = meetings.item_detail(demo_store, on_server["3.5"]["id"])
    assert detail["sections"]["indstilling"] == "Kontoret: tag til efterretning."


def test_deleted_on_one_side_changed_on_the_other_is_a_conflict(demo_store, laptop, tmp_path):
    local = take_out(demo_store, laptop, tmp_path)
    on_laptop, on_server = items(laptop, local), items(demo_store, MEETING)
    meetings.delete_item(laptop, on_laptop["4.1"]["id"])
    meetings.update_item(demo_store, on_server["4.1"]["id"], resume="Nyt resumé fra kontoret.")
    meetings.update_item(laptop, on_laptop["5.1"]["id"], resume="Ændret offline.")
    meetings.delete_item(demo_store, on_server["5.1"]["id"])
    report = merge_meeting(demo_store, bring_back(laptop, local, tmp_path))
    texts = sorted(c["text"] for c in report.conflicts)
    assert len(texts) == 2 and not report.merged
    assert any("slettet i filen, men ændret i den fælles database" in t for t in texts)
    assert any("ændret i filen, men slettet i den fælles database" in t for t in texts)
    assert "4.1" in items(demo_store, MEETING)


def test_items_added_on_both_sides_both_land_and_a_second_merge_adds_nothing(demo_store, laptop, tmp_path):
    local = take_out(demo_store, laptop, tmp_path)
    meetings.add_item(laptop, local, "Punkt fra den bærbare", section=3)
    meetings.add_item(demo_store, MEETING, "Punkt fra kontoret", section=3)
    wanted = {r["title"]: r["number"] for r in items(laptop, local).values()}["Punkt fra den bærbare"]
    back = bring_back(laptop, local, tmp_path)
    report = merge_meeting(demo_store, back)
    assert report.merged and report.conflicts == []
    after = {r["title"]: r["number"] for r in items(demo_store, MEETING).values()}
    assert after["Punkt fra kontoret"] == wanted  # the store's item keeps its number
    assert after["Punkt fra den bærbare"] not in (wanted, None) and after["Punkt fra den bærbare"].startswith("3.")
    assert any(f"{wanted} er taget" in c["text"] for c in report.changes)
    assert merge_meeting(demo_store, back).changes == []


def test_two_existing_items_ending_on_one_number_is_a_conflict(demo_store, laptop, tmp_path):
    local = take_out(demo_store, laptop, tmp_path)
    on_laptop, on_server = items(laptop, local), items(demo_store, MEETING)
    meetings.update_item(laptop, on_laptop["3.6"]["id"], number="3.7")
    meetings.update_item(demo_store, on_server["3.8"]["id"], number="3.7")
    report = merge_meeting(demo_store, bring_back(laptop, local, tmp_path))
    assert [c["field"] for c in report.conflicts] == ["number"] and "3.7" in report.conflicts[0]["text"]
    assert not report.merged


def test_a_file_from_another_store_or_without_take_out_is_refused(demo_store, laptop, tmp_path):
    local = take_out(demo_store, laptop, tmp_path)
    back = bring_back(laptop, local, tmp_path)
    with pytest.raises(UserError, match="anden database"):
        merge_meeting(laptop, back)  # the laptop is not where it came from
    exchange.export_meeting(demo_store, MEETING, tmp_path / "plain.json")
    with pytest.raises(UserError, match="ikke et udtaget møde"):
        merge_meeting(demo_store, tmp_path / "plain.json")


def test_a_forged_take_out_block_names_the_field(demo_store, tmp_path):
    exchange.export_meeting(demo_store, MEETING, tmp_path / "m.json", take_out=True)
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    data["take_out"]["meeting"] = "1"
    data["items"][1]["id"] = data["items"][0]["id"]
    (tmp_path / "m.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError) as info:
        merge_meeting(demo_store, tmp_path / "m.json")
    assert any('"take_out.meeting"' in d for d in info.value.details)
    assert any('"items[1].id"' in d and "to gange" in d for d in info.value.details)


def test_a_merge_is_one_undo_step(demo_store, laptop, tmp_path):
    local = take_out(demo_store, laptop, tmp_path)
    on_laptop = items(laptop, local)
    meetings.update_item(laptop, on_laptop["3.5"]["id"], indstilling="Ny indstilling.")
    meetings.delete_item(laptop, on_laptop["5.1"]["id"])
    before = items(demo_store, MEETING)
    assert merge_meeting(demo_store, bring_back(laptop, local, tmp_path)).merged
    assert items(demo_store, MEETING) != before
    demo_store.undo()
    assert items(demo_store, MEETING) == before


def test_cli_merge_json_and_exit_codes(capsys, demo_store, laptop, tmp_path):
    shared = str(demo_store)
    assert main(["export", "meeting", str(MEETING), "--take-out", "--out", str(tmp_path / "u.json"),
                 "--db", shared]) == 0
    local = exchange.import_meeting(laptop, tmp_path / "u.json")
    meetings.update_item(laptop, items(laptop, local)["3.5"]["id"], indstilling="A")
    meetings.update_item(demo_store, items(demo_store, MEETING)["3.5"]["id"], indstilling="B")
    back = bring_back(laptop, local, tmp_path)
    capsys.readouterr()
    code = main(["import", "meeting", str(back), "--merge", "--dry-run", "--json", "--db", shared])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and set(out) == {"meeting", "dry_run", "merged", "changes", "conflicts"}
    assert out["dry_run"] is True and out["merged"] is False and out["conflicts"][0]["field"] == "indstilling"
    assert set(out["conflicts"][0]) == {"target", "id", "number", "field", "base", "file", "server", "text"}
    code = main(["import", "meeting", str(back), "--merge", "--db", shared])
    text = capsys.readouterr().out
    assert code == 1 and "Fletningen er afvist: 1 konflikt" in text and "Intet er ændret" in text


JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 10**20) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                    max_leaves=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_hand_edited_take_out_gives_a_report_or_a_danish_refusal_never_a_crash(demo_store, laptop, tmp_path, data):
    """The base travels in a file anyone can edit: any value anywhere in it is read or refused in Danish."""
    folder = tmp_path / f"f{data.draw(st.integers(0, 10**9))}"
    exchange.export_meeting(demo_store, MEETING, folder / "m.json", take_out=True)
    raw = json.loads((folder / "m.json").read_text(encoding="utf-8"))
    base = raw["take_out"]["base"]
    group = data.draw(st.sampled_from(["meeting", "items", "bilag", "whole"]))
    if group == "whole":
        raw["take_out"]["base"] = data.draw(JSON)
    elif group == "meeting":
        base["meeting"][data.draw(st.sampled_from(sorted(base["meeting"])))] = data.draw(JSON)
    else:
        key = data.draw(st.sampled_from(sorted(base[group]) + ["x", "-1"]))
        if key in base[group] and data.draw(st.booleans()):
            base[group][key][data.draw(st.sampled_from(sorted(base[group][key])))] = data.draw(JSON)
        else:
            base[group][key] = data.draw(JSON)
    (folder / "m.json").write_text(json.dumps(raw), encoding="utf-8")
    try:
        report = merge_meeting(demo_store, folder / "m.json", dry_run=True)
    except UserError as exc:
        assert "Feltet" in " ".join(exc.details) or exc.message
    else:
        assert isinstance(report.changes, list) and isinstance(report.conflicts, list)


def test_items_added_and_deleted_on_both_sides_renumber_the_agenda_without_conflicts(demo_store, laptop, tmp_path):
    """The everyday case: offline the secretary deletes 3.1 and adds an item; meanwhile a colleague adds one in the
    store. Both sides renumbered section 3 (the program numbers a section 1, 2, 3 …), but nobody moved anything:
    the merge numbers the merged agenda afresh instead of calling every number a conflict."""
    local = take_out(demo_store, laptop, tmp_path)
    on_laptop, on_server = items(laptop, local), items(demo_store, MEETING)
    meetings.delete_item(laptop, on_laptop["3.1"]["id"])
    meetings.add_item(laptop, local, "Punkt fra den bærbare", section=3)
    meetings.add_item(demo_store, MEETING, "Punkt fra kontoret", section=3)
    report = merge_meeting(demo_store, bring_back(laptop, local, tmp_path))
    assert report.conflicts == [] and report.merged, report.conflicts
    assert any("nummereres forfra" in c["text"] for c in report.changes)
    after = [(r["number"], r["title"]) for r in meetings.item_rows(demo_store, MEETING)]
    section3 = [t for n, t in after if n.startswith("3.")]
    assert [n for n, _ in after if n.startswith("3.")] == [f"3.{k}" for k in range(1, len(section3) + 1)]
    assert on_server["3.1"]["title"] not in section3  # the laptop's deletion
    assert {"Punkt fra den bærbare", "Punkt fra kontoret"} <= set(section3)
    # The items both knew keep their order.
    kept = [on_server[n]["title"] for n in sorted(on_server, key=lambda n: tuple(map(int, n.split("."))))
            if n.startswith("3.") and n != "3.1"]
    assert [t for t in section3 if t in kept] == kept


def test_a_move_on_one_side_and_renumbering_on_the_other_is_a_conflict_not_a_lost_move(demo_store, laptop, tmp_path):
    local = take_out(demo_store, laptop, tmp_path)
    on_laptop = items(laptop, local)
    meetings.move_item(laptop, on_laptop["3.8"]["id"], 0)  # offline: the last item of section 3 goes first
    meetings.add_item(demo_store, MEETING, "Punkt fra kontoret", section=3)
    report = merge_meeting(demo_store, bring_back(laptop, local, tmp_path))
    assert not report.merged and report.conflicts
    assert all(c["field"] == "number" for c in report.conflicts)
    assert "ikke i samme rækkefølge" in report.conflicts[0]["text"]
