"""The municipality list, the name resolver and the population figures quoted in the seed papers."""

import csv
import datetime
from collections import Counter

import pytest

from kkrdesk.paths import resource_path
from kkrdesk.reference import (
    Municipality,
    Region,
    is_known,
    lookup,
    municipalities,
    municipalities_in_region,
    population,
    regions,
    resolve,
)


def test_exactly_98_municipalities_with_the_official_split_by_region():
    munis = municipalities()
    assert len(munis) == 98
    assert len({m.code for m in munis}) == 98
    assert len({m.name for m in munis}) == 98
    assert Counter(m.region for m in munis) == {
        "Region Hovedstaden": 29,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
    }


def test_kommunekode_order():
    munis = municipalities()
    assert [(m.code, m.name) for m in munis[:3]] == [
        (101, "København"),
        (147, "Frederiksberg"),
        (151, "Ballerup"),
    ]
    assert [m.code for m in munis] == sorted(m.code for m in munis)
    assert munis[-1] == Municipality(860, "Hjørring", "Region Nordjylland")


def test_christianso_is_not_a_municipality():
    assert not is_known("Christiansø")
    assert 411 not in {m.code for m in municipalities()}


def test_list_is_a_copy():
    municipalities().clear()
    assert len(municipalities()) == 98


def test_regions():
    assert regions() == [
        Region(1081, "Region Nordjylland", "Nordjylland"),
        Region(1082, "Region Midtjylland", "Midtjylland"),
        Region(1083, "Region Syddanmark", "Syddanmark"),
        Region(1084, "Region Hovedstaden", "Hovedstaden"),
        Region(1085, "Region Sjælland", "Sjælland"),
    ]


@pytest.mark.parametrize(
    "name", ["Hovedstaden", "Region H", "Region Hovedstaden", "region hovedstaden", "RH"]
)
def test_municipalities_in_region(name):
    munis = municipalities_in_region(name)
    assert len(munis) == 29
    assert munis[0].name == "København"
    assert munis[-1].name == "Bornholm"


@pytest.mark.parametrize("name", ["Region Østdanmark", "København", "", "Atlantis"])
def test_municipalities_in_region_unknown(name):
    with pytest.raises(KeyError, match="Ukendt region"):
        municipalities_in_region(name)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        # DOMAIN.md §5
        ("Høje Taastrup", "Høje-Taastrup"),
        ("Høje Tåstrup", "Høje-Taastrup"),
        ("Høje-Tåstrup", "Høje-Taastrup"),
        ("Høje-Taastrup Kommune", "Høje-Taastrup"),
        ("Københavns Kommune", "København"),
        ("Københavns kommune", "København"),
        ("KK", "København"),
        ("Kbh", "København"),
        ("Kbh.", "København"),
        ("Bornholms Regionskommune", "Bornholm"),
        ("Guldborgssund", "Guldborgsund"),
        ("Vesthimmerlands", "Vesthimmerland"),
        ("Vesthimmerlands Kommune", "Vesthimmerland"),
        ("Rebilds", "Rebild"),
        ("Furesøs", "Furesø"),
        ("Aalborg Kommune", "Aalborg"),
        ("Region H", "Region Hovedstaden"),
        ("RH", "Region Hovedstaden"),
        ("Lyngby-Taarbæk", "Lyngby-Taarbæk"),
        ("Lyngby Taarbæk", "Lyngby-Taarbæk"),
        ("Lyngby", "Lyngby-Taarbæk"),
        ("Køben-havn", "København"),
        ("Køben- havns Kommune", "København"),
        ("Køben\u00adhavn", "København"),  # soft hyphen
        # names that legitimately end in s or look like genitives
        ("Nordfyns", "Nordfyns"),
        ("Nordfyns Kommune", "Nordfyns"),
        ("Nordfyn", "Nordfyns"),
        ("Assens", "Assens"),
        ("Frederiksberg", "Frederiksberg"),
        ("Frederiksbergs Kommune", "Frederiksberg"),
        ("Faxe", "Faxe"),
        ("Fanø", "Fanø"),
        ("Fanøs", "Fanø"),
        # aa/å and hyphen/space variants
        ("Åbenrå", "Aabenraa"),
        ("Aabenraa", "Aabenraa"),
        ("Århus", "Aarhus"),
        ("Aarhus Kommune", "Aarhus"),
        ("Ålborg", "Aalborg"),
        ("Fåborg-Midtfyn", "Faaborg-Midtfyn"),
        ("Ikast Brande", "Ikast-Brande"),
        ("Ringkøbing Skjern", "Ringkøbing-Skjern"),
        ("Mariager Fjord", "Mariagerfjord"),
        ("Taarnby", "Tårnby"),
        ("Lemvig", "Lemvig"),
        # case, Unicode and whitespace
        ("KØBENHAVN", "København"),
        ("  københavn ", "København"),
        ("Ta\u030arnby", "Tårnby"),  # decomposed å from a PDF (ø has no decomposition)
        ("A\u030abenra\u030a", "Aabenraa"),
        ("Høje\u00a0Taastrup", "Høje-Taastrup"),
        ("\ue000Gentofte", "Gentofte"),  # private-use bullet
        # regions
        ("Region Hovedstaden", "Region Hovedstaden"),
        ("Region Hovedstadens", "Region Hovedstaden"),
        ("Hovedstaden", "Region Hovedstaden"),
        ("Region Sjælland", "Region Sjælland"),
        ("Region Sjællands", "Region Sjælland"),
        ("Region Syddanmark", "Region Syddanmark"),
        ("Region Syd", "Region Syddanmark"),
        ("Region Midt", "Region Midtjylland"),
        ("Region Midtjylland", "Region Midtjylland"),
        ("Region Nordjylland", "Region Nordjylland"),
        ("Region Nord", "Region Nordjylland"),
    ],
)
def test_resolve(written, canonical):
    assert resolve(written) == canonical
    assert is_known(written)


def test_every_alias_and_official_name_resolves():
    with resource_path("aliases.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert rows
    for row in rows:
        assert resolve(row["alias"]) == row["canonical"], row
    for m in municipalities():
        assert resolve(m.name) == m.name
        assert resolve(m.name + " Kommune") == m.name
        assert resolve(m.name.upper()) == m.name
    for r in regions():
        assert resolve(r.name) == r.name
        assert resolve(r.short) == r.name


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("Region Østdanmark", "Region Østdanmark"),
        ("Christiansø", "Christiansø"),
        ("  Atlantis \u00a0 Kommune ", "Atlantis Kommune"),
        ("A\u030arhusby", "Århusby"),  # NFC applied
        ("Kommune", "Kommune"),
        ("", ""),
        ("s", "s"),
    ],
)
def test_unknown_names_are_kept_as_written(written, kept):
    assert resolve(written) == kept
    assert not is_known(written)
    assert lookup(written) is None


def test_lookup():
    assert lookup("Københavns Kommune") == Municipality(101, "København", "Region Hovedstaden")
    assert lookup("Region H") == Region(1084, "Region Hovedstaden", "Hovedstaden")
    assert lookup("Guldborgssund") == Municipality(376, "Guldborgsund", "Region Sjælland")


def test_population_newest_figure_from_the_seeds():
    fig = population("Roskilde")
    assert fig is not None
    assert fig.name == "Roskilde"
    assert fig.population == 91623
    assert fig.date == datetime.date(2025, 1, 1)
    assert "Danmarks Statistik" in fig.source
    assert population(265) == fig
    assert population("265") == fig
    assert population("Roskilde Kommune") == fig
    assert population("Region Sjælland").population == 854902
    assert population(1085).population == 854902
    assert population("Bornholms Regionskommune").population == 39610


def test_population_missing_is_none():
    assert population("Aarhus") is None
    assert population("Atlantis") is None
    assert population(999) is None


def test_populations_csv_is_consistent_with_the_seed_totals():
    with resource_path("populations.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    names = {m.code: m.name for m in municipalities()} | {r.code: r.name for r in regions()}
    for row in rows:
        assert names[int(row["code"])] == row["name"]
        assert row["seed"].endswith(".txt:" + row["seed"].rsplit(":", 1)[1])
        datetime.date.fromisoformat(row["date"])
    for date in ("2024-01-01", "2025-01-01"):
        munis = [int(r["population"]) for r in rows if r["date"] == date and int(r["code"]) < 1000]
        (total,) = [int(r["population"]) for r in rows if r["date"] == date and r["code"] == "1085"]
        assert len(munis) == 17
        assert sum(munis) == total


def test_population_on_a_date_takes_the_newest_figure_not_after_it():
    import datetime as dt

    from kkrdesk.reference import population

    newest = population("Slagelse")
    older = population("Slagelse", on=dt.date(2024, 6, 1))
    assert newest is not None and older is not None
    assert older.date <= dt.date(2024, 6, 1) < newest.date
    assert population("Slagelse", on=dt.date(2000, 1, 1)) is None
