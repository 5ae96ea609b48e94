"""Rounding policies: half-up as the papers print, largest remainder that sums exactly (DOMAIN.md §4)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kkrdesk.calc import split
from kkrdesk.calc.rounding import HALF_UP, LARGEST_REMAINDER, apportion, largest_remainder, round_half_up

D = Decimal


def test_half_up_on_the_printed_half_krone():
    # DOMAIN.md §4 "Rounding": 2.608.562,5 → 2.608.563; Python's round() rounds half to even.
    assert round_half_up(D("2608562.5")) == D("2608563")
    assert round(2608562.5) == 2608562  # the wrong answer this module exists to avoid


def test_half_up_is_away_from_zero_like_excel_round():
    assert round_half_up(D("-0.5")) == D("-1")
    assert round_half_up(D("0.49999")) == D("0")
    assert round_half_up(D("-4.05"), 1) == D("-4.1")


def test_half_up_rows_may_miss_the_total():
    assert apportion([D("2608562.5"), D("2608562.5")], HALF_UP) == [D("2608563"), D("2608563")]


def test_largest_remainder_sums_and_breaks_ties_by_position():
    exact = [D(2000000) / 11] * 11
    rows = largest_remainder(exact)
    assert sum(rows) == 2000000
    assert rows[:2] == [D(181819), D(181819)] and set(rows[2:]) == {D(181818)}
    assert largest_remainder(exact) == rows  # deterministic


def test_largest_remainder_gives_the_krone_to_the_largest_fraction():
    assert largest_remainder([D("10.2"), D("10.7"), D("9.1")]) == [D(10), D(11), D(9)]


def test_largest_remainder_with_a_lower_target_takes_from_smallest_fraction():
    assert largest_remainder([D("10.2"), D("10.7")], target=D(19)) == [D(9), D(10)]


def test_empty_input():
    assert largest_remainder([]) == []


amounts = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)


@given(st.lists(amounts, min_size=1, max_size=40))
def test_property_largest_remainder_sums_to_the_rounded_total(exact):
    rows = largest_remainder(exact)
    assert sum(rows) == round_half_up(sum(exact))
    assert all(abs(r - e) < 1 for r, e in zip(rows, exact, strict=True))


@given(total=st.integers(min_value=0, max_value=10**10),
       weights=st.lists(st.decimals(min_value=D("0.001"), max_value=10**7, places=3),
                        min_size=1, max_size=30))
def test_property_split_largest_remainder_is_exact_and_within_a_krone(total, weights):
    rows = [(f"Deltager {i}", w) for i, w in enumerate(weights)]
    result = split(total, rows, LARGEST_REMAINDER)
    assert result.sum_of_rows == total
    assert result.remainder == 0
    weight_sum = sum(weights)
    for row, w in zip(result.rows, weights, strict=True):
        assert abs(row.amount - D(total) * w / weight_sum) < 1


@given(total=st.integers(min_value=0, max_value=10**10),
       weights=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=30))
def test_property_half_up_rows_within_half_a_krone_and_remainder_reported(total, weights):
    result = split(total, [(f"D{i}", w) for i, w in enumerate(weights)], HALF_UP)
    assert all(abs(r.amount - r.exact) <= D("0.5") for r in result.rows)
    assert result.remainder == result.total - sum(r.amount for r in result.rows)
