import datetime as dt

import pytest

from kkrdesk.errors import UserError
from kkrdesk.services import case_list, meetings


def numbers(store, meeting_id):
    return [(r["number"], r["title"]) for r in meetings.item_rows(store, meeting_id)]


def test_new_meeting_has_standing_items_and_new_items_go_before_eventuelt(store):
    mid = meetings.create_meeting(store, "KKR Hovedstaden", "17.09.2025", start="09:00", location="Rådhuset")
    assert numbers(store, mid) == [("1.1", "Godkendelse af dagsorden"), ("2.1", "Meddelelser"), ("9.1", "Eventuelt")]
    meetings.add_item(store, mid, "Sundhedsreformen", section=3)
    meetings.add_item(store, mid, "Klimaalliancen")
    meetings.add_item(store, mid, "Udpegning til SSU", section=4)
    assert numbers(store, mid) == [("1.1", "Godkendelse af dagsorden"), ("2.1", "Meddelelser"),
                                   ("3.1", "Sundhedsreformen"), ("3.2", "Klimaalliancen"),
                                   ("4.1", "Udpegning til SSU"), ("9.1", "Eventuelt")]
    with pytest.raises(UserError, match="tt:mm"):
        meetings.create_meeting(store, "KKR Hovedstaden", "2025-09-17", start="9.00")


def test_move_item_renumbers_within_its_new_section(store):
    mid = meetings.create_meeting(store, "KKR Hovedstaden", dt.date(2025, 9, 17))
    a = meetings.add_item(store, mid, "A", section=3)
    meetings.add_item(store, mid, "B", section=3)
    c = meetings.add_item(store, mid, "C", section=4)
    meetings.move_item(store, c, 2)  # to the top of section 3
    assert numbers(store, mid)[2:5] == [("3.1", "C"), ("3.2", "A"), ("3.3", "B")]
    meetings.move_item(store, a, 4)  # after B
    assert numbers(store, mid)[2:5] == [("3.1", "C"), ("3.2", "B"), ("3.3", "A")]
    ids = [r["id"] for r in meetings.item_rows(store, mid)]
    meetings.reorder_items(store, mid, list(reversed(ids)))
    assert [r["id"] for r in meetings.item_rows(store, mid)] == list(reversed(ids))
    with pytest.raises(UserError):
        meetings.reorder_items(store, mid, ids[:-1])


def test_status_workflow_and_duplicate_number(store):
    mid = meetings.create_meeting(store, "K29", "2025-09-03")
    item = meetings.add_item(store, mid, "Sag")
    with pytest.raises(UserError, match="kun gå videre"):
        meetings.update_item(store, item, status="behandlet")
    assert [meetings.advance_status(store, item) for _ in range(3)] == ["klar", "godkendt til dagsorden",
                                                                       "behandlet"]
    with pytest.raises(UserError):
        meetings.advance_status(store, item)
    meetings.update_item(store, item, status="kladde")  # back is always allowed
    with pytest.raises(UserError, match="findes allerede"):
        meetings.update_item(store, item, number="1.1")
    with pytest.raises(UserError, match="titel"):
        meetings.update_item(store, item, title="  ")


def test_clone_copies_structure_but_not_decisions_or_bilag(store):
    mid = meetings.create_meeting(store, "KKR Sjælland", "2025-04-25")
    item = meetings.add_item(store, mid, "Rammeaftale", indstilling="At KKR godkender.", public=False)
    meetings.record_decision(store, item, "Godkendt.")
    from kkrdesk.services.bilag import add_bilag

    add_bilag(store, item, None, title="Rammeaftale 2025-2026")
    new = meetings.clone_meeting(store, mid, "2025-06-20")
    rows = meetings.item_rows(store, new)
    assert [r["number"] for r in rows] == [r["number"] for r in meetings.item_rows(store, mid)]
    clone = meetings.item_detail(store, next(r["id"] for r in rows if r["title"] == "Rammeaftale"))
    assert clone["sections"]["indstilling"] == "At KKR godkender." and clone["sections"]["beslutning"] == ""
    assert clone["public"] is False and clone["status"] == "kladde"
    assert all(r["bilag"] == 0 for r in rows)


def test_route_embedsmandsudvalg_k29_kkr_keeps_one_case_with_a_decision_per_step(store):
    eki = meetings.create_meeting(store, "EKI", "2025-08-20", standing=False)
    k29 = meetings.create_meeting(store, "K29", "2025-09-03")
    kkr = meetings.create_meeting(store, "KKR Hovedstaden", "2025-09-17")
    first = meetings.add_item(store, eki, "Strategi for mobilitet", section=2, sagsfremstilling="Baggrundstekst")
    from kkrdesk.services.bilag import add_bilag

    add_bilag(store, first, None, title="Strategi (udkast)")
    meetings.record_decision(store, first, "Anbefales til K29.")
    second = meetings.send_to_meeting(store, first, k29)
    meetings.record_decision(store, second, "Anbefales til KKR.")
    third = meetings.send_to_meeting(store, second, kkr, section=3)
    steps = meetings.route(store, third)
    assert [s["body"] for s in steps] == ["EKI", "K29", "KKR Hovedstaden"]
    assert len({s["case_id"] for s in steps}) == 1 and steps[0]["case_id"] is not None
    assert [s["beslutning"] for s in steps] == ["Anbefales til K29.", "Anbefales til KKR.", None]
    assert meetings.item_detail(store, third)["sections"]["sagsfremstilling"] == "Baggrundstekst"
    assert meetings.bilag_rows(store, third)[0]["title"] == "Strategi (udkast)"
    with pytest.raises(UserError, match="allerede"):
        meetings.send_to_meeting(store, first, kkr)
    rows = case_list.case_rows(store, meeting_id=kkr)
    assert "EKI 20.08.2025 → K29 03.09.2025 → KKR Hovedstaden 17.09.2025" in {r["route"] for r in rows}
    everything = case_list.case_rows(store)
    case_id = steps[0]["case_id"]
    assert {r["route"] for r in everything if r["case_id"] == case_id} == {
        "EKI 20.08.2025 → K29 03.09.2025 → KKR Hovedstaden 17.09.2025"}
    alone = next(r for r in everything if r["case_id"] is None)
    assert alone["route"] == f"{alone['body']} {alone['date']:%d.%m.%Y}"


def test_demo_meetings_load_and_list(demo_store):
    rows = meetings.meeting_rows(demo_store)
    assert len(rows) >= 3
    doc = meetings.meeting_document(demo_store, rows[0]["id"], public=False)
    assert doc["items"] and all(i["number"] for i in doc["items"])
