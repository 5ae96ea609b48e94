"""Shared helpers for the member tests: a small store with bodies and seats made in code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def seed_text():
    """Read a verbatim seed excerpt from tests/members/data."""
    return lambda name: (DATA / name).read_text(encoding="utf-8")


@pytest.fixture
def body_store(store):
    """A store with VUB (seats 1 formand + 9 medlem + 4 indsuppleret) and a transport board (≤9, odd)."""
    from kkrdesk.models import Body, Seat

    with store.session() as s:
        kkr = Body(name="KKR Hovedstaden", short_name="KKR H", type="KKR", term_start=dt.date(2022, 1, 1),
                   term_end=dt.date(2025, 12, 31))
        vub = Body(name="Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse", short_name="VUB",
                   type="embedsmandsudvalg", parent=kkr, max_members=14, term_start=dt.date(2022, 1, 1),
                   term_end=dt.date(2025, 12, 31))
        vub.seats += [Seat(count=1, role="formand", appointed_by="KKR Hovedstaden"),
                      Seat(count=9, role="medlem", appointed_by="KKR Hovedstaden"),
                      Seat(count=4, role="indsuppleret medlem", appointed_by="VUB")]
        board = Body(name="Movia bestyrelse", short_name="Movia", type="bestyrelse", max_members=9,
                     odd_members=True)
        s.add_all([kkr, vub, board])
    return store
