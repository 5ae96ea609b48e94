"""Danish collation, numbers and dates: every example from DOMAIN.md §5 and the reference brief."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkrdesk.reference import (
    MONTHS,
    danish_sorted,
    format_amount,
    format_date,
    format_number,
    format_percent,
    normalise_text,
    parse_date,
    parse_number,
    sort_key,
)

# --- sorting ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Hvidovre", "Høje-Taastrup"),
        ("Rudersdal", "Rødovre"),
        ("Zealand", "Ærø"),
        ("Ærø", "Ørsted"),
        ("Ørsted", "Åbenrå"),
        ("Aabenraa", "Albertslund"),  # "aa" is two a's, not å
        ("albertslund", "Ballerup"),  # case-insensitive
        ("Ballerup", "ballerup"),  # ties broken by the text itself, so the order is total
        ("Ærø", "ørsted"),
        ("Märsk", "Mørk"),  # ä files as æ, before ø
        ("Müller", "Mz"),  # ü files as y
        ("Mylius", "Mz"),
        ("Café", "Caff"),  # é files as e
        ("Høje Taastrup", "Højer"),
        ("Region 2", "Region A"),
    ],
)
def test_sort_key_order(before, after):
    assert sort_key(before) < sort_key(after)


def test_danish_sorted():
    names = [
        "Åbenrå",
        "Rødovre",
        "Ærø",
        "Høje-Taastrup",
        "Aabenraa",
        "Rudersdal",
        "Hvidovre",
        "Ørsted",
        "Zealand",
    ]
    assert danish_sorted(names) == [
        "Aabenraa",
        "Hvidovre",
        "Høje-Taastrup",
        "Rudersdal",
        "Rødovre",
        "Zealand",
        "Ærø",
        "Ørsted",
        "Åbenrå",
    ]


def test_danish_sorted_with_key():
    rows = [{"name": "Ørsted"}, {"name": "Zealand"}, {"name": "Aalborg"}]
    assert [r["name"] for r in danish_sorted(rows, key=lambda r: r["name"])] == [
        "Aalborg",
        "Zealand",
        "Ørsted",
    ]


def test_danish_sorted_upper_and_lower_interleave():
    assert danish_sorted(["æble", "Zebra", "Æg", "abe"]) == ["abe", "Zebra", "æble", "Æg"]


# --- numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.115", Decimal("1115")),
        ("2,125", Decimal("2.125")),
        ("1.822.000", Decimal("1822000")),
        ("39.287", Decimal("39287")),
        ("3,125", Decimal("3.125")),
        ("-4,0", Decimal("-4.0")),
        ("12.700", Decimal("12700")),
        ("1.9", Decimal("1.9")),
        ("1.23", Decimal("1.23")),
        ("1.2345", Decimal("1.2345")),
        ("1.000,50", Decimal("1000.50")),
        ("kr. 1.000", Decimal("1000")),
        ("1.000 kr.", Decimal("1000")),
        ("1.000 kr", Decimal("1000")),
        ("1.000kr.", Decimal("1000")),
        ("Kr. 1.000", Decimal("1000")),
        ("2 605 000", Decimal("2605000")),
        ("2\u00a0605\u00a0000", Decimal("2605000")),
        ("2\u202f605\u202f000,5", Decimal("2605000.5")),
        ("−4,0", Decimal("-4.0")),
        ("+12", Decimal("12")),
        ("0", Decimal("0")),
        ("  42 ", Decimal("42")),
        ("1234567", Decimal("1234567")),
        ("0,5", Decimal("0.5")),
    ],
)
def test_parse_number(text, value):
    result = parse_number(text)
    assert isinstance(result, Decimal)
    assert result == value


def test_parse_number_keeps_decimal_places():
    assert str(parse_number("-4,0")) == "-4.0"
    assert str(parse_number("1.000,50")) == "1000.50"


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1,2,3",
        "",
        "   ",
        "1.23.4",
        "12.34.567",
        "1234.567",  # a thousands dot after four digits is neither grouping nor a decimal point
        "1.000.00",
        "1,000.50",  # English order
        ",5",
        "5,",
        "5.",
        "-",
        "--4",
        "4-",
        "1 000.5",
        "12 34",
        "1.000 t.kr.",
        "mio. kr. 3",
        "5 %",
        "ca. 100",
        "1e5",
        "NaN",
        "Infinity",
        "٣",  # Arabic-Indic digit
        "1.000 kr. kr.",
    ],
)
def test_parse_number_rejects(text):
    with pytest.raises(ValueError, match="Ikke et tal"):
        parse_number(text)


def test_parse_number_message_names_the_text():
    with pytest.raises(ValueError) as err:
        parse_number("abc")
    assert str(err.value) == 'Ikke et tal: "abc"'


def test_parse_number_rejects_non_strings():
    with pytest.raises(ValueError):
        parse_number(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (2608563, 0, "2.608.563"),
        (Decimal("2.125"), 3, "2,125"),
        (Decimal("-4"), 1, "-4,0"),
        (Decimal("-4.0"), 1, "-4,0"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (-1234567, 0, "-1.234.567"),
        (Decimal("1000.50"), 2, "1.000,50"),
        (Decimal("2.5"), 0, "3"),  # half up, not banker's rounding
        (Decimal("3.5"), 0, "4"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("2.125"), 2, "2,13"),
        (Decimal("-0.04"), 1, "0,0"),  # no "-0,0"
        (2.675, 2, "2,68"),  # a float is taken by its shortest decimal form
        (12.5, 1, "12,5"),
        ("1.115", 0, "1.115"),
    ],
)
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text


def test_format_number_errors():
    with pytest.raises(ValueError):
        format_number(1, -1)
    with pytest.raises(ValueError):
        format_number(Decimal("NaN"))
    with pytest.raises(TypeError):
        format_number(True)
    with pytest.raises(TypeError):
        format_number(None)


def test_format_amount_and_percent():
    assert format_amount(1807526) == "1.807.526 kr."
    assert format_amount(Decimal("419484.4")) == "419.484 kr."
    assert format_percent(12.5) == "12,5 %"
    assert format_percent(Decimal("-4")) == "-4,0 %"
    assert format_percent(Decimal("23"), 0) == "23 %"


def test_format_amount_round_trip():
    assert parse_number(format_amount(1807526)) == 1807526


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_format_parse_round_trip(value):
    assert parse_number(format_number(value, 2)) == value


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_parse_round_trip_integers(value):
    assert parse_number(format_number(value)) == value


# --- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3. april 2022", datetime.date(2022, 4, 3)),
        ("d. 24. juni 2022", datetime.date(2022, 6, 24)),
        ("den 24. juni 2022", datetime.date(2022, 6, 24)),
        ("D. 24. Juni 2022", datetime.date(2022, 6, 24)),
        ("15.09.2020", datetime.date(2020, 9, 15)),
        ("1.1.2019", datetime.date(2019, 1, 1)),
        ("31.10.18", datetime.date(2018, 10, 31)),
        ("2022-06-24", datetime.date(2022, 6, 24)),
        ("24/6 2022", datetime.date(2022, 6, 24)),
        ("31/12/2020", datetime.date(2020, 12, 31)),
        ("24-06-2022", datetime.date(2022, 6, 24)),
        ("1. jan. 2024", datetime.date(2024, 1, 1)),
        ("1. feb 2024", datetime.date(2024, 2, 1)),
        ("12. sept. 2023", datetime.date(2023, 9, 12)),
        ("12. sep 2023", datetime.date(2023, 9, 12)),
        ("1. marts 2025", datetime.date(2025, 3, 1)),
        ("1. mar. 2025", datetime.date(2025, 3, 1)),
        ("1. maj 2025", datetime.date(2025, 5, 1)),
        ("1. okt. 2025", datetime.date(2025, 10, 1)),
        ("1. december 2025", datetime.date(2025, 12, 1)),
        ("3.\u00a0april\u00a02022", datetime.date(2022, 4, 3)),
        ("  3. april 2022 ", datetime.date(2022, 4, 3)),
    ],
)
def test_parse_date(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "april 2022",
        "3. ju 2022",  # juni or juli?
        "3. foo 2022",
        "31. februar 2022",
        "31.02.2022",
        "2022-13-01",
        "primo 2023",
        "Q2 2019",
        "2022-2026",
        "15.09.2020 kl. 10",
        "15.9",
        "1.1.201",
    ],
)
def test_parse_date_rejects(text):
    with pytest.raises(ValueError, match="Ikke en dato"):
        parse_date(text)


def test_format_date():
    d = datetime.date(2022, 4, 3)
    assert format_date(d) == "3. april 2022"
    assert format_date(d, "long") == "3. april 2022"
    assert format_date(d, "short") == "03.04.2022"
    assert format_date(d, "iso") == "2022-04-03"
    with pytest.raises(ValueError, match="Ukendt datoformat"):
        format_date(d, "medium")


@given(st.dates(min_value=datetime.date(1000, 1, 1)))
def test_date_round_trips(d):
    for style in ("long", "short", "iso"):
        assert parse_date(format_date(d, style)) == d


def test_months():
    assert len(MONTHS) == 12
    assert MONTHS[2] == "marts"
    assert MONTHS[4] == "maj"


# --- text -------------------------------------------------------------------------------------------------


def test_normalise_text():
    assert normalise_text("  Ta\u030arnby\u00a0 Kommune\n\t ") == "Tårnby Kommune"
    assert normalise_text("\uf0b7 Punkt") == "Punkt"  # private-use bullet from Word/PDF
    assert normalise_text("Køben\u00adhavn") == "København"
    assert normalise_text("a\u200bb\ufeff") == "ab"
    assert normalise_text("") == ""
