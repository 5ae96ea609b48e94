"""Composition on a date: seats filled and vacant, rules, population seats, terms running out, history."""

from __future__ import annotations

import datetime as dt

from kkrdesk.models import Body, Membership, Person, Seat
from kkrdesk.services import composition, members
from kkrdesk.services.listing import find_body


def add(store, body_name, name, role="medlem", start=None, end=None, behalf=None, org=None):
    with store.session() as s:
        body = find_body(s, body_name)
        person = members.get_or_create_person(s, name, org or behalf)
        s.add(Membership(person=person, body=body, role=role, start=start, end=end, on_behalf_of=behalf))
        s.flush()
        return body.id


def test_composition_on_a_past_date_is_right(body_store):
    body_id = add(body_store, "VUB", "Eik Møller", "formand", dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    add(body_store, "VUB", "Stella Hansen", "formand", dt.date(2024, 1, 1))
    add(body_store, "VUB", "Tine Gram", "medlem", dt.date(2022, 1, 1), dt.date(2022, 6, 30))
    add(body_store, "VUB", "Jan Dehn", "medlem", dt.date(2022, 7, 1))

    def names(on):
        return [(m["name"], m["role"]) for m in composition.composition(body_store, body_id, on)["members"]]

    assert names(dt.date(2022, 3, 1)) == [("Eik Møller", "formand"), ("Tine Gram", "medlem")]
    assert names(dt.date(2023, 12, 31)) == [("Eik Møller", "formand"), ("Jan Dehn", "medlem")]
    assert names(dt.date(2024, 1, 1)) == [("Stella Hansen", "formand"), ("Jan Dehn", "medlem")]
    assert names(dt.date(2021, 12, 31)) == []
    # membership_rows (the GUI list) agrees, and with on=None shows the whole history.
    assert len(members.membership_rows(body_store, body_id, dt.date(2022, 3, 1))) == 2
    assert len(members.membership_rows(body_store, body_id, None)) == 4


def test_seats_filled_and_vacant(body_store):
    body_id = add(body_store, "VUB", "Eik Møller", "formand")
    add(body_store, "VUB", "Anya Manghezi", "medlem")
    add(body_store, "VUB", "Gitte Bække", "sekretariat")
    data = composition.composition(body_store, body_id, dt.date(2024, 1, 1))
    seats = {s["role"]: (s["filled"], s["vacant"]) for s in data["seats"]}
    assert seats == {"formand": (1, 0), "medlem": (1, 8), "indsuppleret medlem": (0, 4)}
    assert (data["filled"], data["vacant"]) == (2, 12)
    kinds = [w["kind"] for w in data["warnings"]]
    assert kinds.count("ledig") == 2


def test_at_most_n_and_odd_number(body_store):
    for i in range(10):
        add(body_store, "Movia", f"Medlem {chr(65 + i)}")
    with body_store.session() as s:
        body = find_body(s, "Movia")
        texts = [w.text for w in composition.body_warnings(body, dt.date.today())]
    assert "10 medlemmer; højst 9 er tilladt." in texts
    assert "10 medlemmer; antallet skal være ulige." in texts


def test_no_rule_warning_when_board_is_fine(body_store):
    for i in range(7):
        add(body_store, "Movia", f"Medlem {chr(65 + i)}")
    with body_store.session() as s:
        assert [w for w in composition.body_warnings(find_body(s, "Movia"), dt.date.today())
                if w.kind == "regel"] == []


def test_sundhedsraad_bands():
    assert [composition.sundhedsraad_seats(n) for n in (24_732, 80_000, 80_001, 300_000, 300_001, 660_000)] == [
        1, 1, 2, 2, 3, 3]


def test_population_reference_date_matters():
    # Slagelse: 79.923 pr. 1.1.2024 (1 plads), 80.481 pr. 1.1.2025 (2 pladser); kkr-sjaelland-2025-bilag.txt.
    assert composition.population_on("Slagelse Kommune", dt.date(2024, 6, 1))[:2] == (79_923, dt.date(2024, 1, 1))
    assert composition.population_on("Slagelse", dt.date(2025, 6, 1))[:2] == (80_481, dt.date(2025, 1, 1))
    assert composition.population_on("Slagelse", dt.date(2023, 6, 1)) is None


def test_sundhedsraad_rule_check_uses_population_on_the_date(store):
    with store.session() as s:
        body = Body(name="Sundhedsråd Region Sjælland", type="sundhedsråd")
        body.seats += [Seat(count=1, role="medlem", criteria="kommune med under 80.000 borgere"),
                       Seat(count=2, role="medlem", criteria="kommune med over 80.000 borgere"),
                       Seat(count=3, role="medlem", criteria="kommune med over 300.000 borgere")]
        s.add(body)
        s.add(Membership(person=Person(name="A Hansen"), body=body, on_behalf_of="Slagelse"))
    with store.session() as s:
        body = find_body(s, "Sundhedsråd Region Sjælland")
        w2024 = [w.text for w in composition.body_warnings(body, dt.date(2024, 6, 1)) if w.kind == "indbyggertal"]
        w2025 = [w.text for w in composition.body_warnings(body, dt.date(2025, 6, 1)) if w.kind == "indbyggertal"]
    assert not any(t.startswith("Slagelse") for t in w2024)
    assert "Slagelse har 1 medlemmer, skal have 2 (80.481 indbyggere pr. 1. januar 2025)." in w2025
    # Every other Sjælland municipality without a member is flagged too (Roskilde needs 2).
    assert any(t.startswith("Roskilde har 0 medlemmer, skal have 2") for t in w2025)


def test_terms_ending_within_90_days(body_store):
    on = dt.date(2025, 11, 1)
    add(body_store, "VUB", "Eik Møller", "formand", dt.date(2022, 1, 1), dt.date(2025, 12, 15))
    add(body_store, "VUB", "Tine Gram", "medlem", dt.date(2022, 1, 1), dt.date(2026, 6, 1))
    with body_store.session() as s:
        texts = [w.text for w in composition.body_warnings(find_body(s, "VUB"), on) if w.kind == "udløber"]
    assert "Eik Møller (formand) er udpeget til 15. december 2025." in texts
    assert "Valgperioden udløber 31. december 2025." in texts
    assert not any("Tine Gram" in t for t in texts)


def test_udpegningsoversigt_lists_appointments_and_vacancies(body_store):
    add(body_store, "VUB", "Eik Møller", "formand", end=dt.date(2025, 12, 31))
    add(body_store, "VUB", "Gitte Bække", "sekretariat")
    rows = composition.udpegningsoversigt(body_store, dt.date(2025, 11, 1))
    vub = [r for r in rows if r["body"].startswith("Embedsmandsudvalget")]
    assert vub[0]["name"] == "Eik Møller" and vub[0]["ending_soon"] is True
    assert sum(1 for r in vub if r["name"] == composition.VACANT) == 13
    assert not any(r["name"] == "Gitte Bække" for r in rows)


def test_body_tree_and_person_view(demo_store):
    tree = members.body_tree(demo_store)
    kkr = next(n for n in tree if n["name"] == "KKR Hovedstaden")
    assert "K29" in [c["name"] for c in kkr["children"]]
    eki = next(c for c in kkr["children"] if c["name"] == "Embedsmandsudvalget for Klima og Infrastruktur")
    assert any(c["name"].startswith("Klimaalliancen") for c in eki["children"])
    persons = {p["name"]: p for p in members.person_rows(demo_store)}
    david = members.person_memberships(demo_store, persons["David Meinke"]["id"])
    assert len({r["body"] for r in david}) >= 2
