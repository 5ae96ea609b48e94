"""Every calculation the seeds print, reproduced to the krone (each test cites its seed line), plus the
examples DOMAIN.md §4 and issue 7 give, and the Danish error messages for bad input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kkrdesk.calc import (
    HALF_UP,
    LARGEST_REMAINDER,
    capacity,
    capacity_table,
    compute,
    day_rate_from_annual,
    equal,
    frame_table,
    per_capita,
    pro_rata,
    project_budget,
    round_half_up,
    split,
)
from kkrdesk.errors import UserError

D = Decimal
SEEDS = Path("/work/shared/seeds")
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "calculations.json"

# kkr-hovedstaden-2025-bilag.txt 2361–2390: "Scenarier for fordeling af kommunal betaling til klimaalliancen"
# columns: allerede aftalt / scenarie 1 / scenarie 2 / scenarie 3, as printed.
KLIMA = """København 300.000 300.000 504.193 708.387
Frederiksberg 60.000 60.000 100.838 141.677
Gentofte 60.000 60.000 100.838 141.677
Gladsaxe 60.000 60.000 100.838 141.677
Helsingør 60.000 60.000 100.838 141.677
Lyngby-Taarbæk 50.000 50.000 84.032 118.065
Rudersdal 50.000 50.000 84.032 118.065
Høje-Taastrup 50.000 50.000 84.032 118.065
Hillerød 50.000 50.000 84.032 118.065
Hvidovre 50.000 50.000 84.032 118.065
Ballerup 50.000 50.000 84.032 118.065
Frederikssund 50.000 50.000 84.032 118.065
Egedal 50.000 50.000 84.032 118.065
Tårnby 50.000 50.000 84.032 118.065
Rødovre 50.000 50.000 84.032 118.065
Furesø 50.000 50.000 84.032 118.065
Fredensborg 50.000 50.000 84.032 118.065
Gribskov 50.000 50.000 84.032 118.065
Bornholm 40.000 40.000 67.226 94.452
Brøndby 40.000 40.000 67.226 94.452
Halsnæs 40.000 40.000 67.226 94.452
Herlev 30.000 30.000 50.419 70.839
Albertslund 30.000 30.000 50.419 70.839
Allerød 30.000 30.000 50.419 70.839
Hørsholm 30.000 30.000 50.419 70.839
Glostrup 30.000 30.000 50.419 70.839
Ishøj 30.000 30.000 50.419 70.839
Vallensbæk 30.000 30.000 50.419 70.839
Dragør 30.000 30.000 50.419 70.839"""


def _klima() -> list[tuple[str, D, D, D, D]]:
    rows = []
    for line in KLIMA.splitlines():
        name, *numbers = line.split()
        rows.append((name, *(D(n.replace(".", "")) for n in numbers)))
    return rows


def test_klima_table_is_the_seed_text():
    text = (SEEDS / "kkr-hovedstaden-2025-bilag.txt").read_text(encoding="utf-8").splitlines()
    assert [line.strip() for line in text[2360:2389]] == KLIMA.splitlines()
    assert text[2389].strip() == "Total 1.550.000 1.550.000 2.605.000 3.660.000"


def test_klima_scenario_3_pro_rata_3660000():
    # kkr-hovedstaden-2025-bilag.txt 2361–2390: every printed row of scenarie 3 (3.660.000) to the krone.
    rows = _klima()
    result = pro_rata("3660000", [(r[0], r[1]) for r in rows])
    assert [a.amount for a in result.rows] == [r[4] for r in rows]
    assert result.total == D(3660000)  # printed "Total … 3.660.000"
    assert result.sum_of_rows == D(3660008)  # the printed rows add up to 8 kr. more
    assert result.remainder == D(-8)
    assert result.rows[0].amount == D(708387) and result.rows[0].original == D(300000)


def test_klima_scenario_2_pro_rata_2605000():
    # kkr-hovedstaden-2025-bilag.txt 2361–2390, scenarie 2 (2.605.000). 24 of 29 rows match the exact pro-rata
    # share rounded half up; København (504.193,55) and the four 60.000-kr. rows (100.838,71) are printed one
    # krone lower. All 29 printed figures are exactly ROUNDDOWN((scenarie 1 + printed scenarie 3) / 2): the
    # paper took the midpoint of the other two scenarios (2.605.000 = (1.550.000 + 3.660.000) / 2).
    rows = _klima()
    result = pro_rata("2605000", [(r[0], r[1]) for r in rows])
    printed = {r[0]: r[3] for r in rows}
    differing = {row.name: (printed[row.name], row.amount) for row in result.rows
                 if row.amount != printed[row.name]}
    assert differing == {"København": (D(504193), D(504194)), **{
        n: (D(100838), D(100839)) for n in ("Frederiksberg", "Gentofte", "Gladsaxe", "Helsingør")}}
    assert all((r[2] + r[4]) // 2 == r[3] for r in rows)
    assert result.total == D(2605000)
    assert result.sum_of_rows == D(2604996) and result.remainder == D(4)
    assert sum(printed.values()) == D(2604991)  # the paper's rows add up to 9 kr. less than its total


def test_klima_scenario_1_is_the_agreed_split():
    # kkr-hovedstaden-2025-bilag.txt 2390: scenarie 1 equals "allerede aftalt" (1.550.000).
    rows = _klima()
    result = pro_rata("1.550.000".replace(".", ""), [(r[0], r[1]) for r in rows])
    assert [a.amount for a in result.rows] == [r[2] for r in rows]
    assert result.remainder == 0


def test_klima_largest_remainder_sums_exactly():
    rows = _klima()
    for total in (2605000, 3660000):
        result = pro_rata(total, [(r[0], r[1]) for r in rows], LARGEST_REMAINDER)
        assert result.sum_of_rows == total and result.remainder == 0


def test_half_krone_rounds_up_in_a_split():
    # DOMAIN.md §4 "Rounding": 2.608.562,5 → 2.608.563 (not 2.608.562 as Python's round() gives).
    result = split("5217125", [("Albertslund", 1), ("Allerød", 1)])
    assert [r.exact for r in result.rows] == [D("2608562.5")] * 2
    assert [r.amount for r in result.rows] == [D(2608563)] * 2
    assert result.remainder == D(-1)
    lr = split("5217125", [("Albertslund", 1), ("Allerød", 1)], LARGEST_REMAINDER)
    assert [r.amount for r in lr.rows] == [D(2608563), D(2608562)]


def test_per_capita_uplift_on_the_rounded_base_line():
    # Issue 7 / DOMAIN.md §4 (pris- og lønfremskrivning 1,9 %): 1.773.823 × 1,019 → 1.807.526.
    result = per_capita("19.5", [("Roskilde", 90965)], uplift_pct="1.9")
    row = result.rows[0]
    assert row.base_amount == D(1773818)  # 19,5 × 90.965 = 1.773.817,5 → 1.773.818
    assert row.amount == round_half_up(D(1773818) * D("1.019"))
    direct = per_capita(1, [("Roskilde", 1773823)], uplift_pct="1.9").rows[0]
    assert direct.base_amount == D(1773823)
    assert direct.amount == D(1807526)


def test_per_capita_without_uplift():
    result = per_capita("12,5".replace(",", "."), [("Roskilde", 90931), ("Næstved", 84747)])
    assert [r.base_amount for r in result.rows] == [D(1136638), D(1059338)]  # 1.136.637,5 → 1.136.638
    assert [r.amount for r in result.rows] == [D(1136638), D(1059338)]
    assert result.total == D("2195975.0")
    assert result.to_json()["rows"][0] == {"name": "Roskilde", "population": 90931, "base_amount": 1136638,
                                           "amount": 1136638, "exact": 1136637.5}


NORDJYLLAND = ["Morsø", "Thisted", "Brønderslev", "Frederikshavn", "Vesthimmerland", "Læsø", "Rebild",
               "Mariagerfjord", "Jammerbugt", "Aalborg", "Hjørring"]


def test_equal_split_of_2_mio_among_11():
    # DOMAIN.md §4: 2 mio. kr. "ligeligt" among 11 municipalities (Nordjylland has 11).
    result = equal("2000000", NORDJYLLAND)
    assert {r.amount for r in result.rows} == {D(181818)}
    assert result.sum_of_rows == D(1999998) and result.remainder == D(2)
    lr = equal(2000000, NORDJYLLAND, LARGEST_REMAINDER)
    assert lr.sum_of_rows == D(2000000)
    assert [r.amount for r in lr.rows].count(D(181819)) == 2


def test_split_contract_json():
    result = split(1000, [("Roskilde", "3.125"), ("Køge", 1)])
    data = result.to_json()
    assert set(data) >= {"rows", "total", "sum_of_rows", "remainder"}
    row = data["rows"][0]
    assert row["name"] == "Roskilde" and row["weight"] == 3.125 and row["amount"] == 758
    assert isinstance(data["total"], int) and isinstance(row["amount"], int)
    assert abs(row["share"] - 3.125 / 4.125) < 1e-12
    assert data["remainder"] == data["total"] - data["sum_of_rows"]


def test_frame_deviation_fysioterapi_2019():
    # kkr-hovedstaden-2022-bilag.txt 1762–1772: ramme, udgifter, afvigelse per region, both columns.
    printed = {
        "Hovedstaden": ("146142776", "140332281", "-4.0", "310063901", "277485249", "-10.5"),
        "Midtjylland": ("99708905", "103353417", "3.7", "211547452", "260064693", "22.9"),
        "Nordjylland": ("48086264", "42135485", "-12.4", "102022248", "118657985", "16.3"),
        "Sjælland": ("71488243", "60853357", "-14.9", "151673070", "142118564", "-6.3"),
        "Syddanmark": ("99688768", "86236271", "-13.5", "211504730", "210666956", "-0.4"),
    }
    for offset, total_pct, frame_total, spend_total in ((0, "-6.9", 465114956, 432910810),
                                                          (3, "2.2", 986811402, 1008993448)):
        table = frame_table([{"name": n, "frame": v[offset], "spending": v[offset + 1]}
                             for n, v in printed.items()])
        assert table.rows[0].name == "Region Hovedstaden"  # names go through the resolver
        for row, values in zip(table.rows, printed.values(), strict=True):
            assert round_half_up(row.figure, 1) == D(values[offset + 2]), row.name
        # printed "I alt" (line 1772): the printed rows add up to within a krone of it (432.910.811 against
        # 432.910.810, 986.811.401 against 986.811.402 …), since the source rows carry øre it does not print
        assert abs(table.total.values[0] - D(frame_total)) <= 1
        assert abs(table.total.values[1] - D(spend_total)) <= 1
        assert round_half_up(table.total.figure, 1) == D(total_pct)


def test_capacity_part_time_counts_half():
    # kkr-hovedstaden-2022-bilag.txt 1457 and 1619: 150 fuldtids- + 514 deltidskapaciteter = 407 fuldtid.
    assert capacity(150, 514) == D(407)
    assert 150 + 514 == 664  # "dvs. i alt 664 kapaciteter"


SPECIALE = """Roskilde 90.931 21,93 4.146
Næstved 84.747 15,59 5.436
Slagelse 79.923 14,99 5.332
Holbæk 74.129 15,78 4.698
Køge 62.848 13,07 4.809
Guldborgsund 59.759 10,72 5.575
Greve 52.157 12,88 4.050
Kalundborg 48.309 10,24 4.718
Vordingborg 45.751 5,44 8.410
Lolland 39.632 7,13 5.559
Faxe 37.753 5,48 6.889
Ringsted 36.356 8,39 4.333
Odsherred 32.605 8,79 3.709
Sorø 30.478 6,44 4.733
Lejre 29.347 6,41 4.578
Solrød 24.579 6,65 3.696
Stevns 23.649 3,48 6.796"""


def test_inhabitants_per_capacity_speciale_51():
    # kkr-sjaelland-2025-bilag.txt 4975–4993 (pr. 1. januar 2024). 15 of 17 rows match population / printed
    # capacity rounded half up; Greve and Lolland differ by one because the paper divides by the capacity
    # before it is printed with two decimals: their printed figure is reachable with a capacity that rounds
    # to the printed one (52.157 / 4.050 ≈ 12,878 → 12,88; 39.632 / 5.559 ≈ 7,1293 → 7,13).
    rows = [line.split() for line in SPECIALE.splitlines()]
    data = [{"name": n, "population": p.replace(".", ""), "capacity": c.replace(",", ".")}
            for n, p, c, _ in rows]
    table = capacity_table(data)
    mismatches = {}
    for row, (name, pop, cap, printed) in zip(table.rows, rows, strict=True):
        printed = D(printed.replace(".", ""))
        if round_half_up(row.figure) != printed:
            mismatches[name] = printed
            # a capacity within the printed rounding interval gives the printed figure
            reachable = round_half_up(D(pop.replace(".", "")) / (printed + D("0.4")), 2)
            assert reachable == D(cap.replace(",", "."))
    assert set(mismatches) == {"Greve", "Lolland"}
    assert table.total.values[0] == D(852953)  # "I alt: 852.953"
    assert table.total.values[1] == D("173.41")  # "I alt: 173,41"


def test_day_rate_from_annual_rate():
    # kkr-sjaelland-2025-bilag.txt 3978–3981: 1.652.253 kr. årligt svarer til en takst pr. døgn på 4.527 kr.
    assert round_half_up(day_rate_from_annual("1652253")) == D(4527)


PROJECT = {
    "title": "Klimaalliancen 2025-2027",
    "years": ["2025", "2026", {"label": "2027", "half": True}],
    "staff_year_price": "1240000",
    "expenses": [
        {"name": "Gate 21: projektgruppe", "staff_years": "1.25"},
        {"name": "Region Hovedstaden: medarbejdere", "staff_years": "1.5", "in_kind": True},
        {"name": "Aktivitetsmidler", "per_year": "250000"},
    ],
    "financing": [
        {"name": "Kommunerne i KKR Hovedstaden", "per_year": "1550000"},
        {"name": "Region Hovedstaden, kontant", "per_year": "250000"},
        {"name": "Region Hovedstaden, årsværk", "staff_years": "1.5", "in_kind": True},
    ],
}


def test_project_budget_half_year_and_in_kind_staff_years():
    # kkr-hovedstaden-2025-bilag.txt 1911–1925 (Region H 1,5 årsværk + 250.000 kr. årligt; kommunerne
    # 1,25 årsværk = 1.550.000 kr.) and 2237–2261 (budget 100 % = 3.660.000): the 2024 budget with a half
    # year at the end.
    budget = project_budget(PROJECT)
    assert budget.per_year("expenses") == (D(3660000), D(3660000), D(1830000))
    assert budget.per_year("financing") == (D(3660000), D(3660000), D(1830000))
    assert budget.section_total("financing", in_kind=True) == D(1860000) * D("2.5")
    assert budget.difference == 0
    data = budget.to_json()
    assert data["difference"] == {"per_year": [0, 0, 0], "total": 0}
    assert data["expenses"]["total"] == 9150000


def test_project_budget_shows_a_shortfall():
    spec = dict(PROJECT, financing=PROJECT["financing"][:2])
    budget = project_budget(spec)
    assert budget.difference == -D(1860000) * D("2.5")
    assert budget.difference_per_year[2] == D(-930000)


def test_project_budget_year_fraction_rounds_half_up():
    budget = project_budget({"years": [{"label": "2027", "fraction": "0.5"}],
                             "expenses": [{"name": "Post", "per_year": "5217125"}]})
    assert budget.posts[0].amounts == (D(2608563),)
    assert budget.remainder == D("-0.5")


# --- bad input ---


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: split(1000, [("Roskilde", 0), ("Køge", 0)]), "Summen af vægtene er 0"),
        (lambda: split(1000, [("Roskilde", -1), ("Køge", 1)]), "må ikke være negative"),
        (lambda: split(1000, []), "tom"),
        (lambda: split(1000, [("Høje-Taastrup", 1), ("Høje Tåstrup", 2)]), "to gange"),
        (lambda: split("2 mio", [("Roskilde", 1)]), "ikke et tal"),
        (lambda: split(1000, [("Roskilde", "abc")]), "Vægten for Roskilde er ikke et tal"),
        (lambda: equal(1000, []), "tom"),
        (lambda: equal(1000, ["KK", "København"]), "København står to gange"),
        (lambda: pro_rata(1000, [("A", 0)]), "Summen af de aftalte beløb"),
        (lambda: per_capita(10, [("Roskilde", 1)], rounding="bankers"), "Ukendt afrunding"),
        (lambda: compute("magic", {}), "Ukendt beregningstype"),
        (lambda: project_budget({"years": [], "expenses": []}), "ingen år"),
        (lambda: project_budget({"years": ["2026"], "expenses": [{"name": "X", "staff_years": 1}]}),
         "pris pr. årsværk"),
    ],
)
def test_bad_input_raises_danish_user_error(call, message):
    with pytest.raises(UserError, match=message):
        call()


def test_compute_accepts_saved_input_shapes():
    a = compute("split", {"total": "1000", "weights": [{"name": "Roskilde", "weight": "1"}, ["Køge", 3]]})
    b = compute("split", {"total": 1000, "weights": {"Roskilde": 1, "Køge": "3"}, "rounding": HALF_UP})
    assert a.amounts() == b.amounts() == {"Roskilde": D(250), "Køge": D(750)}


# --- demo oracles (resources/demo/calculations.json, transcribed from the seeds) ---


def _demo() -> list[dict]:
    if not DEMO.exists():
        pytest.skip("resources/demo/calculations.json er ikke skrevet endnu")
    return json.loads(DEMO.read_text(encoding="utf-8"))


def test_demo_pro_rata_oracles():
    records = [r for r in _demo() if r["kind"] == "pro-rata"]
    assert records
    for record in records:
        result = compute("pro-rata", record["inputs"])
        expected = {n: D(v) for n, v in record["expected"]["rows"].items()}
        got = result.amounts()
        differing = {n for n in expected if got[n] != expected[n]}
        if record["inputs"]["new_total"] == "2605000":  # see test_klima_scenario_2_pro_rata_2605000
            assert differing == {"København", "Frederiksberg", "Gentofte", "Gladsaxe", "Helsingør"}
            assert all(got[n] - expected[n] == 1 for n in differing)
        else:
            assert differing == set(), record["seed"]


def test_demo_project_budget_oracle():
    for record in (r for r in _demo() if r["kind"] == "project-budget"):
        budget = compute("project-budget", record["inputs"])
        per_year = dict(zip([y.label for y in budget.years], budget.per_year("expenses"), strict=True))
        assert {k: D(v) for k, v in record["expected"]["totals_per_year"].items()} == per_year
        assert budget.total == D(record["expected"]["total"])
        assert (budget.difference == 0) == record["expected"]["financing_equals_expenses"]
