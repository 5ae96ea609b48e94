"""Editing a meeting's own fields and a body's list of agenda item types: each refusal writes nothing."""

import datetime as dt

import pytest

from kkrdesk.errors import UserError
from kkrdesk.models import Body
from kkrdesk.services import meetings


@pytest.fixture
def meeting(store):
    kkr = meetings.create_meeting(store, "KKR Hovedstaden", "2025-09-17", start="09:00", end="11:00",
                                  location="Gentofte Rådhus")
    k29 = meetings.create_meeting(store, "K29", "2025-09-03")
    item = meetings.add_item(store, k29, "Klimaalliancen", type="Beslutningssag")
    meetings.send_to_meeting(store, item, kkr)
    return kkr


def snapshot(store, meeting_id):
    detail = meetings.meeting_detail(store, meeting_id)
    items = [(r["number"], r["title"], r["type"], r["case_id"]) for r in meetings.item_rows(store, meeting_id)]
    return detail, items


def test_update_meeting_changes_the_meeting_and_keeps_items_and_route(store, meeting):
    notified = []
    store.subscribe(notified.append)
    _, items_before = snapshot(store, meeting)
    meetings.update_meeting(store, meeting, title="Ekstraordinært møde i KKR Hovedstaden", date="01.10.2025",
                            start="13:00", end="15:30", location="  Hillerød Rådhus ")
    detail, items = snapshot(store, meeting)
    assert (detail["title"], detail["date"], detail["start"], detail["end"], detail["location"]) == (
        "Ekstraordinært møde i KKR Hovedstaden", dt.date(2025, 10, 1), "13:00", "15:30", "Hillerød Rådhus")
    assert items == items_before and any(case_id for *_, case_id in items)
    assert notified == [frozenset({"meetings"})]
    route = meetings.route(store, next(r["id"] for r in meetings.item_rows(store, meeting) if r["case_id"]))
    assert [step["body"] for step in route] == ["K29", "KKR Hovedstaden"]
    meetings.update_meeting(store, meeting, title="Møde", date=dt.date(2025, 10, 2), start=None, end=None,
                            location="")
    detail = meetings.meeting_detail(store, meeting)
    assert (detail["start"], detail["end"], detail["location"]) == (None, None, None)


@pytest.mark.parametrize(("fields", "message"), [
    ({"start": "12:00", "end": "10:00"}, "før starttidspunktet"),
    ({"end": "08:30"}, "før starttidspunktet"),  # against the stored start 09:00
    ({"date": ""}, "dato"),
    ({"date": None}, "dato"),
    ({"date": "31.02.2025"}, "kan ikke læses"),
    ({"title": "  "}, "titel"),
    ({"start": "9.00"}, "tt:mm"),
])
def test_update_meeting_refusals_write_nothing(store, meeting, fields, message):
    before = snapshot(store, meeting)
    values = {"title": "Nyt navn", "date": "2025-12-01", "location": "Andetsteds"} | fields
    with pytest.raises(UserError, match=message):
        meetings.update_meeting(store, meeting, **values)
    assert snapshot(store, meeting) == before


def test_create_meeting_refuses_an_end_before_the_start(store):
    with pytest.raises(UserError, match="før starttidspunktet"):
        meetings.create_meeting(store, "KKR Sjælland", "2025-04-25", start="10:00", end="09:00")
    assert meetings.meeting_rows(store) == []


def body_id(store, name):
    with store.session() as s:
        return s.query(Body).filter_by(name=name).one().id


def test_set_item_types_keeps_order_trims_and_empty_means_default(store, meeting):
    kkr = body_id(store, "KKR Hovedstaden")
    assert meetings.item_type_settings(store, kkr)["default"] is True
    orphans = meetings.set_item_types(store, kkr, ["  Temadrøftelse ", "Orienteringssag", "Beslutningssag"])
    settings = meetings.item_type_settings(store, kkr)
    assert settings["types"] == ["Temadrøftelse", "Orienteringssag", "Beslutningssag"]
    assert settings["default"] is False
    assert meetings.item_types(store, meeting) == ["Temadrøftelse", "Orienteringssag", "Beslutningssag"]
    # The standing items use Godkendelse, which left the list: the items keep it and are counted.
    assert orphans == 1 and settings["usage"]["Godkendelse"] == 1
    godkendelse = next(r for r in meetings.item_rows(store, meeting) if r["title"] == "Godkendelse af dagsorden")
    assert godkendelse["type"] == "Godkendelse"
    # Another body's list is untouched.
    k29_meeting = next(r["id"] for r in meetings.meeting_rows(store) if r["body"] == "K29")
    assert meetings.item_types(store, k29_meeting) == list(meetings.DEFAULT_ITEM_TYPES)
    assert meetings.set_item_types(store, kkr, []) == 0
    assert meetings.item_type_settings(store, kkr)["default"] is True
    assert meetings.item_types(store, meeting) == list(meetings.DEFAULT_ITEM_TYPES)


@pytest.mark.parametrize(("types", "message"), [
    (["Beslutningssag", "  "], "nr. 2 er tom"),
    (["Beslutningssag", "Oplæg", "beslutningssag"], '"Beslutningssag" og "beslutningssag"'),
    (["Oplæg", " Oplæg "], '"Oplæg" står to gange'),
    (["To\nlinjer"], "én linje"),
    (["x" * 81], "for lang"),
])
def test_set_item_types_refusals_write_nothing(store, meeting, types, message):
    kkr = body_id(store, "KKR Hovedstaden")
    meetings.set_item_types(store, kkr, ["Orienteringssag", "Beslutningssag"])
    with pytest.raises(UserError, match=message):
        meetings.set_item_types(store, kkr, types)
    assert meetings.item_type_settings(store, kkr)["types"] == ["Orienteringssag", "Beslutningssag"]


def test_unknown_body_or_meeting_is_a_user_error(store):
    with pytest.raises(UserError, match="Organet"):
        meetings.set_item_types(store, 999, ["Oplæg"])
    with pytest.raises(UserError, match="Mødet"):
        meetings.update_meeting(store, 999, title="X")
