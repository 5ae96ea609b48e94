"""Issue 16, generated texts: format a composition as a paper prints it, parse it back, get the same seats."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kkrdesk.services.seat_import import ParsedSeat, format_composition, parse_composition, sum_warnings

PARTIES = [None, "KKR", "KKR Hovedstaden", "Regionsrådet", "København", "Region Sjælland", "Danske Fysioterapeuter",
           "de 29 kommuner", "repræsentantskabet"]
NOMINATORS = [None, "erhvervsorganisationerne", "KL", "Ballerup"]
CRITERIA = [None, "skal være folkevalgt", "blandt kommunale politiske repræsentanter", "med praksis i regionen",
            "skal være kommunaldirektør …", "gerne med erfaring inden for klima og infrastruktur"]
BULLETS = ["•", "-", "–", "\uf0b7", "", "▪"]


@st.composite
def seat(draw):
    role = draw(st.sampled_from(["formand", "næstformand", "medlem", "medlem", "observatør"]))
    count = 1 if role in {"formand", "næstformand"} else draw(st.integers(1, 30))
    return ParsedSeat(count=count, role=role, appointed_by=draw(st.sampled_from(PARTIES)),
                      nominated_by=draw(st.sampled_from(NOMINATORS)), criteria=draw(st.sampled_from(CRITERIA)),
                      voting=role != "observatør")


def keys(seats):
    return [s.key() for s in seats]


def broken(text: str, cuts: list[int]) -> str:
    """PDF extraction: a seat's line broken after some word (never before its count), blank lines between."""
    out = []
    for i, line in enumerate(text.splitlines()):
        words = line.split(" ")
        cut = cuts[i % len(cuts)]
        if i and 2 < cut < len(words):
            out += [" ".join(words[:cut]) + " ", "", " ".join(words[cut:])]
        else:
            out.append(line)
    return "\n".join(out) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(seat(), min_size=1, max_size=7), st.booleans(), st.booleans(), st.sampled_from(BULLETS),
       st.lists(st.integers(0, 12), min_size=1, max_size=5))
def test_formatted_compositions_parse_back(seats, with_total, words, bullet, cuts):
    total = sum(s.count for s in seats) if with_total else None
    text = broken(format_composition(seats, total, bullet=bullet, words=words), cuts)
    parsed = parse_composition(text)
    assert keys(parsed.seats) == keys(seats), text
    assert parsed.stated_total == total
    assert sum_warnings(parsed) == []
    assert [s.line for s in parsed.seats] == sorted(s.line for s in parsed.seats)


@settings(max_examples=100, deadline=None)
@given(st.lists(seat(), min_size=1, max_size=5), st.integers(1, 5))
def test_a_total_that_does_not_add_up_is_always_reported(seats, off):
    total = sum(s.count for s in seats) + off
    parsed = parse_composition(format_composition(seats, total))
    warnings = sum_warnings(parsed)
    assert len(warnings) == 1 and f"siger {total} medlemmer" in warnings[0]
