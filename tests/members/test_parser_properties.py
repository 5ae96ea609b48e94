"""Property tests: any member list the parser accepts round-trips through the member-list text export."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkrdesk.paths import resource_path
from kkrdesk.services.member_import import format_member_list, parse_text

LETTERS = "abcdefghijklmnopqrstuvwxyzæøåé"
TITLES = ["direktør", "Direktør", "kommunaldirektør", "sundhedschef", "chefkonsulent", "konsulent", "rektor",
          "borgmester", "Rådmand", "konstitueret kommunaldirektør", "teknisk direktør", "forvaltningschef",
          "direktør for regional udvikling", "chefkonsulent, uddannelse", "centerchef/sundhedschef"]
ORGS = ["Ballerup Kommune", "Københavns Kommune", "Høje Tåstrup", "Bornholms Regionskommune", "Region H",
        "Region Hovedstaden", "Gate 21", "SOSU H", "KL, KKR Hovedstaden", "Erhvervshus Hovedstaden",
        "Lyngby-Taarbæk Kommune", "Den Sociale Virksomhed", "Københavns Professionshøjskole", "Helsingør"]
ROLE_MARKS = ["", "", "", " (formand)", " (næstformand)", " (observatør)", " (suppleant)", " (Formand)"]
HEADINGS = ["Udvalgets sammensætning:", "Indsupplerede medlemmer:", "KKR-sekretariat:", "KKR-Sekretariat",
            "Observatører:", "Suppleanter:"]

word = st.text(alphabet=LETTERS, min_size=2, max_size=9).map(str.capitalize)
initial = st.sampled_from("ABCDEFGHJKLMNOPRSTV").map(lambda c: c + ".")
name = st.lists(st.one_of(word, word, word, initial), min_size=1, max_size=4).map(" ".join)
party = st.sampled_from(["", "", " (A)", " (V)", " (Ø)"])


@st.composite
def dash_item(draw):
    fields = [draw(name) + draw(party)]
    if draw(st.booleans()):
        fields.append(draw(st.sampled_from(TITLES)))
    if draw(st.booleans()):
        fields.append(draw(st.sampled_from(ORGS)))
    end = draw(st.sampled_from(["", "", "."]))
    return draw(st.sampled_from(["– ", "- ", "• ", "\uf0b7 ", "1) ", "12. "])) + ", ".join(fields) + \
        draw(st.sampled_from(ROLE_MARKS)) + end


@st.composite
def numbered_item(draw):
    title = draw(st.sampled_from(["Direktør", "Sundhedschef", "Konstitueret kommunaldirektør", "Borgmester"]))
    org = draw(st.sampled_from(ORGS[:6]))
    return f"{draw(st.integers(1, 30))}) {title} {draw(name)}, {org}{draw(st.sampled_from(ROLE_MARKS))}"


def breakage(text: str, how: int) -> str:
    if how == 1:
        return unicodedata.normalize("NFD", text)
    if how == 2:
        return text.replace(", ", ",\u00a0")
    if how == 3:
        return text.replace("direktør", "direk\u00adtør")
    return text


@st.composite
def member_list(draw):
    lines = []
    if draw(st.booleans()):
        lines.append("Medlemmer af Embedsmandsudvalget for Sundhed for valgperioden 2022-2026")
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(HEADINGS)))
        items = draw(st.lists(st.one_of(dash_item(), numbered_item()), min_size=1, max_size=6))
        lines += items
        if draw(st.booleans()):
            lines.append("")
    return breakage("\n".join(lines), draw(st.integers(0, 4)))


def keys(rows):
    return sorted(tuple(x or "" for x in r.key()) for r in rows)


def assert_round_trip(text: str) -> None:
    first = parse_text(text)
    if first.errors:
        return
    exported = format_member_list(first.rows)
    second = parse_text(exported)
    assert second.errors == [], exported
    assert keys(second.rows) == keys(first.rows), exported
    assert format_member_list(second.rows) == exported  # the export is a fixed point


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(member_list())
def test_generated_paper_lists_round_trip(text):
    assert_round_trip(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LETTERS + "ABCDEØÅ ,.()–-:\n\u00a0\uf0b71)" + "0123", max_size=200))
def test_any_accepted_text_round_trips(text):
    assert_round_trip(text)


def test_demo_paste_examples_round_trip():
    text = resource_path("demo", "members_paste_examples.txt").read_text(encoding="utf-8")
    for block in text.split("\n---\n"):
        block = "\n".join(line for line in block.splitlines() if not line.startswith("# seed"))
        assert parse_text(block).rows
        assert_round_trip(block)


def test_seed_excerpts_round_trip(seed_text):
    for name in ("kkr-hovedstaden-2022-bilag_4413-4599.txt", "kkr-hovedstaden-2025-bilag_4400-4422.txt"):
        assert_round_trip(seed_text(name))
