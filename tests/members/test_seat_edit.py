"""Pladser (services/member_edit.py add_seat, edit_seat, delete_seat, seat_detail): the happy paths, and every
refusal is a Danish UserError that leaves every row exactly as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from kkrdesk.errors import UserError
from kkrdesk.models import Membership, Seat
from kkrdesk.services import composition, member_edit
from kkrdesk.services.listing import find_body

D = dt.date


def body_id(store, name):
    with store.session() as s:
        return find_body(s, name).id


def snapshot(store) -> dict[str, list]:
    with store.engine.connect() as conn:
        return {t: list(conn.execute(text(f"SELECT * FROM {t} ORDER BY id")))
                for t in ("body", "person", "membership", "seat")}


def seat_id(store, body, role):
    with store.session() as s:
        return s.scalar(select(Seat.id).where(Seat.body_id == body, Seat.role == role))


@pytest.fixture
def refused(body_store):
    def check(call, *fragments):
        before = snapshot(body_store)
        seen = []
        body_store.subscribe(seen.append)
        with pytest.raises(UserError) as info:
            call()
        body_store.unsubscribe(seen.append)
        assert snapshot(body_store) == before and not seen
        for fragment in fragments:
            assert fragment in str(info.value), str(info.value)
        return str(info.value)

    return check


def test_add_seat_resolves_places_keeps_other_appointers_and_shows_vacancies(body_store):
    seen = []
    body_store.subscribe(seen.append)
    board = body_id(body_store, "Movia")
    new_id = member_edit.add_seat(body_store, board, count=2, role="Medlemmer", appointed_by="KKR Hovedstaden",
                                  nominated_by="hovedstaden", criteria="  skal være  folkevalgt ",
                                  voting=True, note="Valgperioden følger den kommunale")
    detail = member_edit.seat_detail(body_store, new_id)
    assert (detail["count"], detail["role"], detail["voting"], detail["memberships"]) == (2, "medlem", True, 0)
    assert detail["appointed_by"] == "KKR Hovedstaden"  # not a municipality: kept as written
    assert detail["nominated_by"] == "Region Hovedstaden"  # a region: its official name
    assert detail["criteria"] == "skal være folkevalgt" and detail["body"] == "Movia bestyrelse"
    assert seen == [member_edit.SEAT_KINDS]
    data = composition.composition(body_store, board, D(2025, 1, 1))
    assert [(x["role"], x["count"], x["filled"], x["vacant"]) for x in data["seats"]] == [("medlem", 2, 0, 2)]
    assert any("2 af 2 pladser som medlem er ledige (udpeget af KKR Hovedstaden)" in w["text"]
               for w in data["warnings"])


def test_an_observer_seat_does_not_count_towards_the_limit(body_store):
    board = body_id(body_store, "Movia")
    member_edit.add_seat(body_store, board, count=9, role="medlem", appointed_by="Regionsrådet")
    observer = member_edit.add_seat(body_store, board, count=1, role="observatør", appointed_by="ministeriet",
                                    voting=False)
    assert member_edit.seat_detail(body_store, observer)["voting"] is False


def test_edit_seat_changes_only_what_is_given(body_store):
    vub = body_id(body_store, "VUB")
    member = seat_id(body_store, vub, "medlem")
    member_edit.edit_seat(body_store, member, count=8, nominated_by="Ballerup Kommune")
    detail = member_edit.seat_detail(body_store, member)
    assert (detail["count"], detail["appointed_by"], detail["nominated_by"]) == (8, "KKR Hovedstaden", "Ballerup")
    member_edit.edit_seat(body_store, member, appointed_by="", criteria="fag- eller kommunaldirektør")
    detail = member_edit.seat_detail(body_store, member)
    assert detail["appointed_by"] is None and detail["criteria"] == "fag- eller kommunaldirektør"
    assert detail["count"] == 8


def test_edit_keeps_stored_text_it_did_not_change(body_store):
    """Old data with a non-official spelling is not rewritten by an edit of another field."""
    vub = body_id(body_store, "VUB")
    member = seat_id(body_store, vub, "medlem")
    with body_store.session() as s:
        s.get(Seat, member).appointed_by = "Hovedstaden"
    member_edit.edit_seat(body_store, member, appointed_by="Hovedstaden", count=3)
    assert member_edit.seat_detail(body_store, member)["appointed_by"] == "Hovedstaden"


def test_delete_seat_keeps_the_udpegninger_without_their_seat(body_store):
    vub = body_id(body_store, "VUB")
    chair_seat = seat_id(body_store, vub, "formand")
    m_id = member_edit.add_membership(body_store, vub, name="Eik Møller", organisation="Ballerup", role="formand",
                                      start=D(2022, 1, 1), seat_id=chair_seat)
    assert member_edit.seat_detail(body_store, chair_seat)["memberships"] == 1
    seen = []
    body_store.subscribe(seen.append)
    assert member_edit.delete_seat(body_store, chair_seat) == 1
    assert seen == [member_edit.SEAT_KINDS]
    with body_store.session() as s:
        assert s.get(Seat, chair_seat) is None
        assert s.get(Membership, m_id).seat_id is None
    # Placed by role now: the formand takes a member seat.
    data = composition.composition(body_store, vub, D(2023, 1, 1))
    assert [(x["role"], x["filled"]) for x in data["seats"]][:1] == [("medlem", 1)]
    with pytest.raises(UserError, match="Pladsen findes ikke længere."):
        member_edit.delete_seat(body_store, chair_seat)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"count": 0}, "Antal pladser skal være mellem 1 og 999 (ikke 0)"),
    ({"count": -2}, "mellem 1 og 999"),
    ({"count": 1000}, "mellem 1 og 999"),
    ({"count": 2.5}, 'Antal pladser skal være et helt tal, ikke "2.5"'),
    ({"count": "to"}, "et helt tal"),
    ({"count": True}, "et helt tal"),
    ({"role": "borgmester"}, 'Ukendt rolle "borgmester". Vælg en af:'),
    ({"role": ""}, "Ukendt rolle."),
    ({"role": "sekretariat"}, "sekretariatet sidder ikke på pladser"),
    ({"appointed_by": "x" * 201}, "Udpeget af er for langt (201 tegn; højst 200)"),
    ({"nominated_by": "x" * 201}, "Indstillet af er for langt"),
    ({"criteria": "x" * 2001}, "Kriterierne er for langt"),
    ({"note": "x" * 2001}, "Noten er for langt"),
    ({"voting": "ja"}, "Stemmeret skal være ja eller nej"),
])
def test_add_and_edit_refusals_write_nothing(body_store, refused, kwargs, fragment):
    vub = body_id(body_store, "VUB")
    refused(lambda: member_edit.add_seat(body_store, vub, **kwargs), fragment)
    refused(lambda: member_edit.edit_seat(body_store, seat_id(body_store, vub, "medlem"), **kwargs), fragment)


def test_seats_may_not_exceed_the_bodys_member_limit(body_store, refused):
    board = body_id(body_store, "Movia")  # højst 9 medlemmer
    member_edit.add_seat(body_store, board, count=1, role="formand", appointed_by="KKR Hovedstaden")
    seat = member_edit.add_seat(body_store, board, count=8, role="medlem")
    refused(lambda: member_edit.add_seat(body_store, board, count=1, role="næstformand"),
            "Movia bestyrelse må højst have 9 medlemmer, og pladserne ville give 10 medlemmer med stemmeret.")
    refused(lambda: member_edit.edit_seat(body_store, seat, count=9), "ville give 10 medlemmer")
    # A voting observer would count; one without a vote does not.
    refused(lambda: member_edit.add_seat(body_store, board, role="medlem", voting=True), "ville give 10")
    member_edit.add_seat(body_store, board, role="medlem", voting=False)
    member_edit.edit_seat(body_store, seat, count=7)  # fewer is always fine


def test_a_body_already_over_its_limit_can_still_be_corrected(body_store, refused):
    board = body_id(body_store, "Movia")
    with body_store.session() as s:  # old data from before the check
        s.add(Seat(body_id=board, count=11, role="medlem"))
    seat = seat_id(body_store, board, "medlem")
    member_edit.edit_seat(body_store, seat, note="Rettes ved næste valg")
    member_edit.edit_seat(body_store, seat, count=10)
    refused(lambda: member_edit.edit_seat(body_store, seat, count=12), "ville give 12")


def test_unknown_body_and_seat(body_store, refused):
    refused(lambda: member_edit.add_seat(body_store, 9999, count=1), "Organet findes ikke længere.")
    refused(lambda: member_edit.edit_seat(body_store, 9999, count=1), "Pladsen findes ikke længere.")
    with pytest.raises(UserError, match="Pladsen findes ikke længere."):
        member_edit.seat_detail(body_store, 9999)


def test_population_band_seats_are_listed_for_editing_and_not_counted(body_store):
    with body_store.session() as s:
        body = find_body(s, "Movia")
        body.type, body.max_members = "sundhedsråd", 3
        body_id_ = body.id
    member_edit.add_seat(body_store, body_id_, count=3, criteria="kommune med over 300.000 borgere")
    member_edit.add_seat(body_store, body_id_, count=2, criteria="kommune med over 80.000 borgere")
    data = composition.composition(body_store, body_id_, D(2025, 1, 1))
    assert data["seats"] == []
    assert [(x["count"], x["vacant"]) for x in data["population_seats"]] == [(3, None), (2, None)]
