"""Saved calculations: save, reopen, copy, delete, compare two scenarios, and the demo calculations."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from kkrdesk.errors import UserError
from kkrdesk.models import Calculation
from kkrdesk.services import budgets

D = Decimal
AGREED = [{"name": "København", "original": "300000"}, {"name": "Frederiksberg", "original": "60000"},
          {"name": "Herlev", "original": "30000"}]


def test_save_reopen_copy_delete(store):
    events = []
    store.subscribe(events.append)
    calc_id = budgets.save(store, "Scenarie 3", "pro-rata", {"new_total": D("3660000"), "amounts": AGREED},
                           price_level="2025-pl", population_source="FOLK1A", population_date="1. januar 2025")
    assert events and "calculations" in events[-1]
    saved = budgets.load(store, calc_id)
    assert saved.name == "Scenarie 3" and saved.kind_name == "Forholdsmæssig"
    assert saved.population_date.isoformat() == "2025-01-01"
    assert saved.result.amounts()["København"] == D(2815385)
    with store.session() as s:
        row = s.get(Calculation, calc_id)
        stored = json.loads(row.result_json)
        assert json.loads(row.inputs_json)["new_total"] == "3660000"  # Decimals as strings
    assert stored["total"] == "3660000" and isinstance(stored["rows"][0]["exact"], str)
    copy_id = budgets.copy(store, calc_id)
    assert budgets.load(store, copy_id).name == "Scenarie 3 (kopi)"
    assert budgets.find(store, "Scenarie 3") == calc_id
    budgets.delete(store, copy_id)
    with pytest.raises(UserError, match="findes ikke"):
        budgets.load(store, copy_id)


def test_bad_input_saves_nothing(store):
    with pytest.raises(UserError):
        budgets.save(store, "Tom", "split", {"total": "1000", "weights": []})
    assert budgets.saved_rows(store) == []


def test_period_population_date_is_kept_as_text(store):
    calc_id = budgets.save(store, "K", "equal", {"total": 10, "participants": ["Læsø", "Morsø"]},
                           population_date="2. kvartal 2021")
    saved = budgets.load(store, calc_id)
    assert saved.population_date is None and "2. kvartal 2021" in saved.note


def test_compare_klimaalliancen_scenarios(store):
    # kkr-hovedstaden-2025-bilag.txt 2361–2390: the 2.605.000 and 3.660.000 scenarios side by side
    a = budgets.save(store, "Scenarie 2", "pro-rata", {"new_total": "2605000", "amounts": AGREED})
    b = budgets.save(store, "Scenarie 3", "pro-rata", {"new_total": "3660000", "amounts": AGREED})
    comparison = budgets.compare(store, a, b)
    assert [r.name for r in comparison.rows] == ["København", "Frederiksberg", "Herlev"]
    assert comparison.total_b - comparison.total_a == D(3660000 - 2605000)
    data = comparison.to_json()
    assert data["rows"][0]["difference"] == data["rows"][0]["b"] - data["rows"][0]["a"]


def test_compare_joins_rows_by_name():
    from kkrdesk.calc import split

    left = split(100, [("Læsø", 1), ("Morsø", 1)])
    right = split(100, [("Morsø", 1), ("Aalborg", 3)])
    comparison = budgets.compare_results(left, right)
    assert [(r.name, r.a, r.b) for r in comparison.rows] == [("Læsø", D(50), None), ("Morsø", D(50), D(25)),
                                                            ("Aalborg", None, D(75))]
    assert comparison.rows[0].difference is None


def test_demo_calculations(store):
    with store.session() as s:
        count = budgets.demo_calculations(s)
    assert count >= 3
    rows = budgets.saved_rows(store)
    assert len(rows) == count
    names = " ".join(r["name"] for r in rows)
    assert "Klimaalliancen" in names
    for row in rows:
        budgets.load(store, row["id"])  # every saved demo calculation reopens
