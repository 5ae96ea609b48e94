"""One udpegning, person or organ at a time (services/member_edit.py): the happy paths, and every refusal is a
Danish UserError that leaves the store exactly as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from kkrdesk.errors import UserError
from kkrdesk.models import Body, Membership, Person
from kkrdesk.services import member_edit, members
from kkrdesk.services.listing import find_body

D = dt.date
VUB = "Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse"


def body_id(store, name):
    with store.session() as s:
        return find_body(s, name).id


def counts(store) -> dict[str, int]:
    with store.session() as s:
        return {model.__tablename__: s.scalar(select(func.count()).select_from(model))
                for model in (Body, Person, Membership)}


def snapshot(store) -> dict[str, list]:
    """Every row of the three tables: a refused edit must leave them byte for byte."""
    with store.engine.connect() as conn:
        return {t: list(conn.execute(text(f"SELECT * FROM {t} ORDER BY id")))
                for t in ("body", "person", "membership", "seat")}


@pytest.fixture
def refused(body_store):
    """Run a call that must be refused; assert the message and that nothing at all was written."""

    def check(call, *fragments):
        before_counts, before = counts(body_store), snapshot(body_store)
        with pytest.raises(UserError) as info:
            call()
        assert counts(body_store) == before_counts
        assert snapshot(body_store) == before
        for fragment in fragments:
            assert fragment in str(info.value), str(info.value)
        return str(info.value)

    return check


@pytest.fixture
def chair(body_store):
    """VUB with a formand (Eik Møller, Ballerup) since 1.1.2022 and a member (Stella Hansen, Helsingør)."""
    vub = body_id(body_store, "VUB")
    chair_id = member_edit.add_membership(body_store, vub, name="Eik Møller", title="Kommunaldirektør",
                                          organisation="Ballerup Kommune", role="formand", start=D(2022, 1, 1),
                                          on_behalf_of="Ballerup")
    member_id = member_edit.add_membership(body_store, vub, name="Stella Hansen", title="direktør",
                                           organisation="Helsingør", role="medlem", start=D(2022, 1, 1),
                                           end=D(2025, 12, 31))
    return {"body": vub, "chair": chair_id, "member": member_id}


# --- add ------------------------------------------------------------------------------------------------------


def test_add_new_person_resolves_names_and_notifies(body_store):
    seen = []
    body_store.subscribe(seen.append)
    vub = body_id(body_store, "VUB")
    new_id = member_edit.add_membership(
        body_store, vub, name="  Eik  Møller ", title="Kommunaldirektør", organisation="Ballerup Kommune",
        role="Forperson", start=D(2022, 1, 1), end=D(2025, 12, 31), on_behalf_of="ballerup kommune",
        appointed_by="KKR Hovedstaden")
    detail = member_edit.membership_detail(body_store, new_id)
    assert detail["name"] == "Eik Møller" and detail["organisation"] == "Ballerup"
    assert detail["title"] == "kommunaldirektør"  # titles in lower case, as the import writes them
    assert detail["role"] == "formand" and detail["on_behalf_of"] == "Ballerup"
    assert (detail["start"], detail["end"], detail["appointed_by"]) == (D(2022, 1, 1), D(2025, 12, 31),
                                                                        "KKR Hovedstaden")
    assert seen and {"members", "persons"} <= seen[-1]
    rows = members.membership_rows(body_store, vub, D(2023, 1, 1))
    assert [r["name"] for r in rows] == ["Eik Møller"]


def test_add_matches_an_existing_person_like_the_import(body_store, chair):
    kkr = body_id(body_store, "KKR Hovedstaden")
    before = counts(body_store)
    # "Ballerup" and "Ballerup Kommune" are the same organisation through the resolver: no twin person.
    member_edit.add_membership(body_store, kkr, name="Eik Møller", organisation="Ballerup", role="medlem")
    after = counts(body_store)
    assert after["person"] == before["person"] and after["membership"] == before["membership"] + 1
    person_id = member_edit.membership_detail(body_store, chair["chair"])["person_id"]
    assert {r["body"] for r in members.person_memberships(body_store, person_id)} == {
        "KKR Hovedstaden", "Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse"}


def test_add_existing_person_by_id_with_a_seat(body_store, chair):
    movia = body_id(body_store, "Movia")
    person_id = member_edit.membership_detail(body_store, chair["member"])["person_id"]
    vub_seats = member_edit.seat_choices(body_store, chair["body"])
    assert [s["role"] for s in vub_seats] == ["formand", "medlem", "indsuppleret medlem"]
    assert vub_seats[1]["label"] == "9 × medlem, udpeget af KKR Hovedstaden"
    new_id = member_edit.add_membership(body_store, movia, person_id=person_id, role="observatør")
    assert member_edit.membership_detail(body_store, new_id)["body"] == "Movia bestyrelse"
    member_edit.edit_membership(body_store, chair["member"], seat_id=vub_seats[1]["id"])
    assert member_edit.membership_detail(body_store, chair["member"])["seat_id"] == vub_seats[1]["id"]


def test_a_new_formand_after_the_old_one_ended_is_fine(body_store, chair):
    members.end_membership(body_store, chair["chair"], D(2023, 6, 30))
    new_id = member_edit.add_membership(body_store, chair["body"], name="Helene B. Rasmussen",
                                        organisation="Gentofte", role="formand", start=D(2023, 7, 1))
    assert member_edit.membership_detail(body_store, new_id)["role"] == "formand"
    # and the same person may come back once the first udpegning has ended
    again = member_edit.add_membership(body_store, chair["body"], name="Eik Møller", organisation="Ballerup",
                                       role="medlem", start=D(2023, 7, 1))
    assert member_edit.membership_detail(body_store, again)["start"] == D(2023, 7, 1)


def test_add_refuses_end_before_start(body_store, refused):
    vub = body_id(body_store, "VUB")
    refused(lambda: member_edit.add_membership(body_store, vub, name="Ny Person", organisation="Herlev",
                                               start=D(2024, 5, 1), end=D(2024, 4, 30)),
            "Slutdatoen 30.04.2024 ligger før startdatoen 01.05.2024.")


def test_add_refuses_a_second_formand_over_overlapping_dates(body_store, chair, refused):
    message = refused(lambda: member_edit.add_membership(body_store, chair["body"], name="Ny Formand",
                                                         organisation="Herlev", role="formand",
                                                         start=D(2024, 1, 1)),
                      "har allerede en formand (Eik Møller); afslut den udpegning først.",
                      "Eik Møller er formand fra 01.01.2022.")
    assert message.startswith(VUB)


def test_add_refuses_the_same_person_twice_over_overlapping_dates(body_store, chair, refused):
    refused(lambda: member_edit.add_membership(body_store, chair["body"], name="Stella Hansen",
                                               organisation="Helsingør Kommune", role="indsuppleret medlem",
                                               start=D(2025, 6, 1), end=D(2026, 6, 1)),
            "Stella Hansen sidder allerede i", "som medlem (01.01.2022–31.12.2025)")


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"name": "Ny Person", "role": "kasserer"}, 'Ukendt rolle "kasserer". Vælg en af: formand, næstformand'),
    ({"name": "   "}, "Skriv personens navn."),
    ({"name": "Ny Person", "on_behalf_of": "Ballrup"}, '"Ballrup" er ikke en kommune eller region'),
    ({"person_id": 999}, "Personen findes ikke længere."),
    ({"name": "Ny Person", "seat_id": 999}, "Pladsen hører ikke til"),
])
def test_add_refuses_bad_input(body_store, refused, kwargs, fragment):
    vub = body_id(body_store, "VUB")
    refused(lambda: member_edit.add_membership(body_store, vub, **kwargs), fragment)


def test_add_refuses_a_seat_of_another_body(body_store, refused):
    vub, movia = body_id(body_store, "VUB"), body_id(body_store, "Movia")
    seat = member_edit.seat_choices(body_store, vub)[0]["id"]
    refused(lambda: member_edit.add_membership(body_store, movia, name="Ny Person", seat_id=seat),
            "Pladsen hører ikke til Movia bestyrelse.")


# --- edit, end, delete ----------------------------------------------------------------------------------------


def test_edit_membership_changes_role_dates_and_behalf(body_store, chair):
    member_edit.edit_membership(body_store, chair["member"], role="næstformand", start=D(2022, 2, 1), end=None,
                                on_behalf_of="Helsingør Kommune")
    detail = member_edit.membership_detail(body_store, chair["member"])
    assert (detail["role"], detail["start"], detail["end"], detail["on_behalf_of"]) == (
        "næstformand", D(2022, 2, 1), None, "Helsingør")
    member_edit.edit_membership(body_store, chair["member"], on_behalf_of="")
    assert member_edit.membership_detail(body_store, chair["member"])["on_behalf_of"] is None
    assert member_edit.membership_detail(body_store, chair["member"])["role"] == "næstformand"  # unchanged


def test_edit_keeps_a_formand_who_stays_formand(body_store, chair):
    member_edit.edit_membership(body_store, chair["chair"], role="formand", end=D(2025, 12, 31))
    assert member_edit.membership_detail(body_store, chair["chair"])["end"] == D(2025, 12, 31)


def test_edit_refusals_write_nothing(body_store, chair, refused):
    refused(lambda: member_edit.edit_membership(body_store, chair["member"], role="formand"),
            "har allerede en formand (Eik Møller)")
    refused(lambda: member_edit.edit_membership(body_store, chair["member"], end=D(2021, 12, 31)),
            "Slutdatoen 31.12.2021 ligger før startdatoen 01.01.2022.")
    refused(lambda: member_edit.edit_membership(body_store, chair["member"], role="formand",
                                                on_behalf_of="Helsingør"), "afslut den udpegning først")
    refused(lambda: member_edit.edit_membership(body_store, 999, role="medlem"), "findes ikke længere")


def test_edit_refuses_moving_dates_onto_the_same_persons_other_udpegning(body_store, chair, refused):
    members.end_membership(body_store, chair["member"], D(2023, 12, 31))
    later = member_edit.add_membership(body_store, chair["body"], name="Stella Hansen", organisation="Helsingør",
                                       role="indsuppleret medlem", start=D(2024, 1, 1))
    refused(lambda: member_edit.edit_membership(body_store, later, start=D(2023, 6, 1)),
            "Stella Hansen sidder allerede i", "samme person kan ikke være udpeget to gange")


def test_end_and_delete(body_store, chair, refused):
    members.end_membership(body_store, chair["chair"], D(2024, 3, 31))
    assert member_edit.membership_detail(body_store, chair["chair"])["end"] == D(2024, 3, 31)
    refused(lambda: members.end_membership(body_store, chair["chair"], D(2021, 1, 1)), "ligger før startdatoen")
    before = counts(body_store)
    member_edit.delete_membership(body_store, chair["member"])
    after = counts(body_store)
    assert after["membership"] == before["membership"] - 1 and after["person"] == before["person"]
    refused(lambda: member_edit.delete_membership(body_store, chair["member"]), "Udpegningen findes ikke længere.")


# --- persons --------------------------------------------------------------------------------------------------


def test_edit_person(body_store, chair):
    person_id = member_edit.membership_detail(body_store, chair["member"])["person_id"]
    member_edit.edit_person(body_store, person_id, name="Stella B. Hansen", title="Kommunaldirektør",
                            organisation="Helsingør Kommune", party="a", email="stha@helsingor.dk",
                            phone="+45 49 28 28 28")
    p = member_edit.person_detail(body_store, person_id)
    assert (p["name"], p["title"], p["organisation"], p["party"], p["email"], p["phone"]) == (
        "Stella B. Hansen", "kommunaldirektør", "Helsingør", "A", "stha@helsingor.dk", "+45 49 28 28 28")
    assert p["bodies"] == [VUB]
    member_edit.edit_person(body_store, person_id, party="", email=None, phone="")
    p = member_edit.person_detail(body_store, person_id)
    assert (p["party"], p["email"], p["phone"], p["name"]) == (None, None, None, "Stella B. Hansen")


def test_edit_person_keeps_organisation_text_it_did_not_change(store):
    with store.session() as s:
        person = members.get_or_create_person(s, "Eik Møller", "Ballerup Kommune")
        s.flush()
        person_id = person.id
    member_edit.edit_person(store, person_id, name="Eik Møller", organisation="Ballerup Kommune", title="direktør")
    assert member_edit.person_detail(store, person_id)["organisation"] == "Ballerup Kommune"


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"name": ""}, "Skriv personens navn."),
    ({"party": "A1"}, 'Partibogstavet "A1" skal være ét til tre bogstaver'),
    ({"email": "stella.helsingor.dk"}, "ser ikke rigtig ud"),
    ({"phone": "ring til Stella"}, 'Telefonnummeret "ring til Stella" ser ikke rigtigt ud'),
    ({"name": "Eik Møller", "organisation": "Ballerup"}, "Der findes allerede en person ved navn Eik Møller"),
    ({"title": "x" * 121}, "Titlen er for langt (121 tegn; højst 120)."),
])
def test_edit_person_refusals_write_nothing(body_store, chair, refused, kwargs, fragment):
    person_id = member_edit.membership_detail(body_store, chair["member"])["person_id"]
    refused(lambda: member_edit.edit_person(body_store, person_id, **kwargs), fragment)


# --- bodies ---------------------------------------------------------------------------------------------------


def test_add_and_edit_body(body_store):
    seen = []
    body_store.subscribe(seen.append)
    vub = body_id(body_store, "VUB")
    new_id = member_edit.add_body(body_store, name="Arbejdsgruppe om praktikpladser", short_name="AG Praktik",
                                  type="arbejdsgruppe", parent_id=vub, term_start=D(2024, 1, 1),
                                  term_end=D(2025, 12, 31), max_members=7, odd_members=True,
                                  description="Nedsat af VUB\n\npå mødet 3. april 2024.")
    assert seen and "bodies" in seen[-1]
    detail = member_edit.body_detail(body_store, new_id)
    assert (detail["parent_id"], detail["type"], detail["max_members"], detail["odd_members"]) == (
        vub, "arbejdsgruppe", 7, True)
    assert detail["description"] == "Nedsat af VUB\n\npå mødet 3. april 2024."
    tree = members.body_tree(body_store)
    kkr = next(n for n in tree if n["name"] == "KKR Hovedstaden")
    assert kkr["children"][0]["children"][0]["name"] == "Arbejdsgruppe om praktikpladser"
    member_edit.edit_body(body_store, new_id, name="Arbejdsgruppe om praktik", parent_id=None, max_members=None,
                          type="Netværk")
    detail = member_edit.body_detail(body_store, new_id)
    assert (detail["name"], detail["parent_id"], detail["max_members"], detail["type"]) == (
        "Arbejdsgruppe om praktik", None, None, "netværk")
    assert detail["short_name"] == "AG Praktik"  # left out: unchanged


def test_parent_choices_leave_out_the_body_and_everything_under_it(body_store):
    kkr, vub = body_id(body_store, "KKR Hovedstaden"), body_id(body_store, "VUB")
    assert [c["name"] for c in member_edit.parent_choices(body_store, kkr)] == ["Movia bestyrelse"]
    assert [c["name"] for c in member_edit.parent_choices(body_store, vub)] == ["KKR Hovedstaden",
                                                                                "Movia bestyrelse"]
    assert len(member_edit.parent_choices(body_store)) == 3


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"name": "  "}, "Organet skal have et navn."),
    ({"name": "kkr hovedstaden"}, 'Der findes allerede et organ, der hedder "kkr hovedstaden".'),
    ({"name": "vub"}, 'Der findes allerede et organ, der hedder "vub".'),
    ({"name": "Nyt udvalg", "short_name": "Movia"}, 'Kortnavnet "Movia" bruges allerede af Movia bestyrelse.'),
    ({"name": "Nyt udvalg", "type": "forening"}, 'Ukendt organtype "forening". Vælg en af: KKR, K29/K17'),
    ({"name": "Nyt udvalg", "term_start": D(2026, 1, 1), "term_end": D(2025, 12, 31)},
     "Valgperioden slutter 31.12.2025, før den begynder 01.01.2026."),
    ({"name": "Nyt udvalg", "max_members": 0}, "Højst antal medlemmer skal være et helt tal på mindst 1"),
    ({"name": "Nyt udvalg", "parent_id": 999}, "Det overordnede organ findes ikke længere."),
])
def test_add_body_refusals_write_nothing(body_store, refused, kwargs, fragment):
    refused(lambda: member_edit.add_body(body_store, **kwargs), fragment)


def test_edit_body_refuses_a_cycle_and_a_duplicate(body_store, refused):
    kkr, vub = body_id(body_store, "KKR Hovedstaden"), body_id(body_store, "VUB")
    group = member_edit.add_body(body_store, name="Arbejdsgruppe", type="arbejdsgruppe", parent_id=vub)
    refused(lambda: member_edit.edit_body(body_store, kkr, parent_id=group),
            "KKR Hovedstaden kan ikke ligge under Arbejdsgruppe, for Arbejdsgruppe ligger selv under "
            "KKR Hovedstaden.")
    refused(lambda: member_edit.edit_body(body_store, kkr, parent_id=kkr), "Et organ kan ikke ligge under sig selv.")
    refused(lambda: member_edit.edit_body(body_store, group, name="Movia bestyrelse"), "Der findes allerede et organ")
    member_edit.edit_body(body_store, vub, name=VUB)  # its own name is no duplicate
    assert member_edit.body_detail(body_store, vub)["short_name"] == "VUB"
