"""Creating, editing and deleting indsatser and tovholdere: each refusal writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from kkrdesk.errors import UserError
from kkrdesk.models import Assignment, Body, Indsats, Report
from kkrdesk.services import tovholder_edit as edit
from kkrdesk.services import tovholdere


def _counts(store) -> tuple[int, int]:
    with store.session() as s:
        return (s.scalar(select(func.count()).select_from(Indsats)),
                s.scalar(select(func.count()).select_from(Assignment)))


def _snapshot(store) -> list:
    """Every stored value of every indsats and assignment, to show a refusal changed nothing."""
    with store.session() as s:
        rows = [tuple(getattr(i, k) for k in edit.INDSATS_FIELDS) for i in s.scalars(select(Indsats))]
        rows += [(a.party, a.party_kind, a.role, a.status, a.phase, a.start, a.end, a.cadence, a.position)
                 for a in s.scalars(select(Assignment))]
        return rows


@pytest.fixture
def indsats(store):
    return edit.create_indsats(store, title="BRT-linje på 200S (Avedøre Holme til Gladsaxe Trafikplads)",
                               category="Kollektiv Transport", plan="Infrastrukturplan 2035", year="2026",
                               amount_mio="525")


def test_create_reads_the_danish_way_and_tidies(store):
    changes = []
    store.subscribe(changes.append)
    new_id = edit.create_indsats(store, title="  Ramme til  højklasset kollektiv transport ", amount_mio="(2.482)",
                                 price_level="2024 PL", year="2026", note="Indeholder\n Letbane på Frederikssundsvej ")
    detail = edit.indsats_detail(store, new_id)
    assert detail["title"] == "Ramme til højklasset kollektiv transport"
    assert detail["amount_mio"] == Decimal("2482") and detail["is_frame"] is True  # "(…)" is the papers' frame
    assert detail["price_level"] == "2024-pl" and detail["year"] == 2026
    assert detail["note"] == "Indeholder\nLetbane på Frederikssundsvej"
    assert changes == [frozenset({"indsatser"})]


@pytest.mark.parametrize(("text", "amount"), [("1,9", Decimal("1.9")), ("12.500", Decimal("12500")),
                                              ("438 mio. kr.", Decimal("438")), ("", None), (Decimal("0.5"),
                                                                                           Decimal("0.5"))])
def test_amounts(store, text, amount):
    new_id = edit.create_indsats(store, title="Pulje til Støj", amount_mio=text)
    assert edit.indsats_detail(store, new_id)["amount_mio"] == amount


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"title": "  "}, "title", "Titlen skal udfyldes"),
    ({"title": "Pulje", "amount_mio": "tre mio."}, "amount_mio", "ikke et tal"),
    ({"title": "Pulje", "amount_mio": "1,2,3"}, "amount_mio", "ikke et tal"),
    ({"title": "Pulje", "amount_mio": "-5"}, "amount_mio", "negativt"),
    ({"title": "Pulje", "year": "20x6"}, "year", "årstal"),
    ({"title": "x" * 401}, "title", "for lang"),
])
def test_create_refusals_write_nothing(store, indsats, values, field, words):
    before = _snapshot(store)
    with pytest.raises(UserError, match=words) as refused:
        edit.create_indsats(store, **values)
    assert refused.value.field == field
    assert _snapshot(store) == before


def test_update_changes_only_what_is_given_and_refuses_as_a_whole(store, indsats):
    edit.update_indsats(store, indsats, amount_mio="1,9", phase="Foranalyse")
    detail = edit.indsats_detail(store, indsats)
    assert (detail["amount_mio"], detail["phase"], detail["year"]) == (Decimal("1.9"), "Foranalyse", 2026)
    before = _snapshot(store)
    with pytest.raises(UserError, match="negativt"):
        edit.update_indsats(store, indsats, title="Nyt navn", amount_mio="-1")
    assert _snapshot(store) == before
    with pytest.raises(UserError, match="findes ikke"):
        edit.update_indsats(store, 9999, title="x")


def test_add_assignment_resolves_and_stores_canonical_names(demo_store):
    indsats = edit.create_indsats(demo_store, title="Ring 5 Syd")
    a = edit.add_assignment(demo_store, indsats, party="høje tåstrup", role="hovedansvarlig",
                            start="1.1.2026", end="31. december 2027", cadence="1.3.2026")
    b = edit.add_assignment(demo_store, indsats, party="Region H", role="medansvarlig", status="udpeget")
    c = edit.add_assignment(demo_store, indsats, party="eki", role="interesseret")
    d = edit.add_assignment(demo_store, indsats, party="Stella Hansen", party_kind="person", role="interesseret")
    first = edit.assignment_detail(demo_store, a)
    assert (first["party"], first["party_kind"]) == ("Høje-Taastrup", "kommune")
    assert (first["start"], first["end"], first["cadence"]) == (dt.date(2026, 1, 1), dt.date(2027, 12, 31),
                                                                "2026-03-01")
    assert edit.assignment_detail(demo_store, b)["party"] == "Region Hovedstaden"
    with demo_store.session() as s:
        body = s.get(Assignment, c)
        assert (body.party, body.party_kind, s.get(Body, body.body_id).short_name) == ("EKI", "organ", "EKI")
        person = s.get(Assignment, d)
        assert person.party_kind == "person" and person.person_id is not None
        assert [x.position for x in s.get(Indsats, indsats).assignments] == [0, 1, 2, 3]
    rows = tovholdere.indsats_rows(demo_store)
    expected = "Høje-Taastrup (hovedansvarlig), Region Hovedstaden"
    assert next(r for r in rows if r["id"] == indsats)["tovholdere"] == expected


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"party": ""}, "party", "Skriv hvem"),
    ({"party": "Hillerd"}, "party", "Mente du Hillerød"),
    ({"party": "Gladsaxe", "start": "1.3.2026", "end": "1.2.2026"}, "end", "før fra-datoen"),
    ({"party": "Gladsaxe", "start": "32.1.2026"}, "start", "ikke en dato"),
    ({"party": "Gladsaxe", "cadence": "hver uge"}, "cadence", "årligt"),
    ({"party": "Gladsaxe", "role": "formand"}, "role", "Ukendt rolle"),
    ({"party": "Gladsaxe", "status": "godkendt"}, "status", "Ukendt status"),
    ({"party": "Region H", "party_kind": "kommune"}, "party", "er en region"),
    ({"party": "gladsaxe kommune", "role": "hovedansvarlig"}, "party", "allerede hovedansvarlig"),
])
def test_assignment_refusals_write_nothing(store, indsats, values, field, words):
    edit.add_assignment(store, indsats, party="Gladsaxe", role="hovedansvarlig")
    before, counts = _snapshot(store), _counts(store)
    with pytest.raises(UserError, match=words) as refused:
        edit.add_assignment(store, indsats, **values)
    assert refused.value.field == field
    assert _snapshot(store) == before and _counts(store) == counts


def test_same_party_may_hold_another_role_or_phase(store, indsats):
    edit.add_assignment(store, indsats, party="Gladsaxe", role="hovedansvarlig")
    edit.add_assignment(store, indsats, party="Gladsaxe", role="hovedansvarlig", phase="Foranalyse")
    edit.add_assignment(store, indsats, party="Gladsaxe", role="interesseret")
    with pytest.raises(UserError, match="i fasen Foranalyse"):
        edit.add_assignment(store, indsats, party="Gladsaxe", role="hovedansvarlig", phase="foranalyse")
    assert _counts(store)[1] == 3


def test_update_assignment_keeps_party_and_refuses_a_duplicate(store, indsats):
    a = edit.add_assignment(store, indsats, party="Gladsaxe", role="hovedansvarlig")
    b = edit.add_assignment(store, indsats, party="Hvidovre", role="medansvarlig")
    edit.update_assignment(store, b, role="hovedansvarlig", end="30.6.2027")
    assert edit.assignment_detail(store, b)["role"] == "hovedansvarlig"
    before = _snapshot(store)
    with pytest.raises(UserError, match="allerede hovedansvarlig"):
        edit.update_assignment(store, a, party="Hvidovre")
    with pytest.raises(UserError, match="før fra-datoen"):
        edit.update_assignment(store, b, start="1.7.2027")
    assert _snapshot(store) == before


def test_workflow_foreslaaet_udpeget_afsluttet(store, indsats):
    a = edit.add_assignment(store, indsats, party="Gladsaxe")
    assert edit.assignment_detail(store, a)["status"] == "foreslået"
    edit.appoint(store, a)
    assert edit.assignment_detail(store, a)["status"] == "udpeget"
    with pytest.raises(UserError, match="allerede udpeget"):
        edit.appoint(store, a)
    edit.finish(store, a)
    assert edit.assignment_detail(store, a)["status"] == "afsluttet"
    with pytest.raises(UserError, match="kan ikke blive udpeget"):
        edit.appoint(store, a)
    tovholdere.set_assignment_status(store, a, "udpeget")  # without allowed_from: as before, any status
    assert edit.assignment_detail(store, a)["status"] == "udpeget"


def _report(store, assignment_id):
    with store.session() as s:
        s.add(Report(assignment_id=assignment_id, status="grøn", fremdrift="Efter planen"))


def test_delete_only_without_reports(store, indsats):
    a = edit.add_assignment(store, indsats, party="Gladsaxe")
    b = edit.add_assignment(store, indsats, party="Hvidovre")
    _report(store, a)
    before = _snapshot(store)
    with pytest.raises(UserError, match="1 rapport fra Gladsaxe"):
        edit.delete_assignment(store, a)
    with pytest.raises(UserError, match="kan ikke slettes: dens tovholdere har sendt 1 rapport"):
        edit.delete_indsats(store, indsats)
    assert _snapshot(store) == before
    edit.delete_assignment(store, b)
    assert _counts(store) == (1, 1)


def test_delete_indsats_takes_its_tovholdere(store, indsats):
    edit.add_assignment(store, indsats, party="Gladsaxe")
    other = edit.create_indsats(store, title="Pulje til Cyklisme", amount_mio="3.000")
    edit.delete_indsats(store, indsats)
    assert _counts(store) == (1, 0)
    assert [r["id"] for r in tovholdere.indsats_rows(store)] == [other]


def test_party_choices_are_danish_sorted_and_hint(demo_store):
    names = [c["name"] for c in edit.party_choices(demo_store)]
    assert {"Høje-Taastrup", "Region Hovedstaden", "EKI"} <= set(names)
    assert names.index("Hvidovre") < names.index("Høje-Taastrup") < names.index("Ærø")  # æ ø å after z
    assert edit.describe_party(demo_store, "Høje Tåstrup") == (True, "Gemmes som Høje-Taastrup (kommune)")
    assert edit.describe_party(demo_store, "Hillerd") == (False, "Ikke genkendt. Mente du Hillerød?")
