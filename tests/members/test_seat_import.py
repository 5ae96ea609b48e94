"""Issue 16: seats from the composition text a paper prints (services/seat_import.py, `kkrdesk import seats`)."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from kkrdesk.cli import main
from kkrdesk.errors import UserError
from kkrdesk.models import Body, Seat
from kkrdesk.services.seat_import import import_seats, parse_composition, sum_warnings

H = "Region Hovedstaden"


def seats(text, region=None):
    parsed = parse_composition(text, region)
    return parsed, [(s.count, s.role, s.appointed_by, s.nominated_by, s.criteria, s.voting) for s in parsed.seats]


# --- the shared seeds, each excerpt copied verbatim into tests/members/data (README there cites the lines) --------

@pytest.mark.parametrize("name", ["kkr-hovedstaden-2022-bilag_3479-3479.txt",   # EKI, 2022 line 3479
                                  "kkr-hovedstaden-2022-bilag_3630-3630.txt",   # VUB, 2022 line 3630
                                  "kkr-hovedstaden-2025-bilag_3863-3863.txt",   # EKI, 2025 line 3863
                                  "kkr-hovedstaden-2025-bilag_4026-4026.txt"])  # VUB, 2025 line 4026
def test_ten_directors_appointed_by_the_29_municipalities(seed_text, name):
    parsed, rows = seats(seed_text(name), H)
    assert parsed.stated_total == 10
    assert rows == [(10, "medlem", "de 29 kommuner", None, "fag- eller kommunaldirektører", True)]
    assert sum_warnings(parsed) == []


@pytest.mark.parametrize("name,total", [("kkr-hovedstaden-2022-bilag_4113-4114.txt", 11),   # Sundhed, 4113
                                        ("kkr-hovedstaden-2025-bilag_4364-4366.txt", 11),   # Sundhed 2025, 4364
                                        ("kkr-hovedstaden-2022-bilag_4289-4291.txt", 8)])   # Socialområdet, 4289
def test_committees_of_fagdirektoerer(seed_text, name, total):
    parsed, rows = seats(seed_text(name), H)
    assert parsed.stated_total == total  # "i alt otte" as a word too
    assert rows == [(total, "medlem", "de 29 kommuner", None, "fagdirektører fra kommunerne i hovedstadsregionen",
                     True)]
    # The sentence after the composition is not read, and the secretary is told so.
    assert any("ikke læst" in w and "Formanden for udvalget" in w for w in parsed.warnings)


def test_fysioterapi_list_in_prose(seed_text):
    """kkr-hovedstaden-2022-bilag.txt 1211–1217: three seats in one sentence broken over five lines."""
    parsed, rows = seats(seed_text("kkr-hovedstaden-2022-bilag_1211-1217.txt"), H)
    assert parsed.stated_total is None
    assert rows == [(2, "medlem", "Region Hovedstaden", None, None, True),
                    (2, "medlem", "kommunerne i regionen", None, None, True),
                    (4, "medlem", "Danske Fysioterapeuter", None, None, True)]
    # Without a known region "Regionsrådet" stays as written.
    assert seats(seed_text("kkr-hovedstaden-2022-bilag_1211-1217.txt"))[1][0][2] == "Regionsrådet"


def test_appointer_first_over_a_line_break_and_plus(seed_text):
    """2022 lines 3791–3792 ("KKR H udpeger 1 / medlem.") and 3825 ("… til bestyrelsen + Kbh 1")."""
    assert seats(seed_text("kkr-hovedstaden-2022-bilag_3791-3792.txt"))[1] == [
        (1, "medlem", "KKR H", None, None, True)]
    assert seats(seed_text("kkr-hovedstaden-2022-bilag_3825-3825.txt"))[1] == [
        (2, "medlem", "KKR H", None, None, True), (1, "medlem", "København", None, None, True)]


def test_sundhedsraad_bands(seed_text):
    """kkr-sjaelland-2025-bilag.txt 2586–2590: seats by population become the bands the composition check knows."""
    from kkrdesk.services.composition import is_population_band

    parsed, rows = seats(seed_text("kkr-sjaelland-2025-bilag_2582-2590.txt"))
    assert [(r[0], r[4]) for r in rows] == [(1, "kommune med under 80.000 borgere"),
                                           (2, "kommune med over 80.000 borgere"),
                                           (3, "kommune med over 300.000 borgere")]
    assert all(is_population_band(s.criteria) for s in parsed.seats)
    assert [s.line for s in parsed.seats] == [5, 7, 9]
    assert any("indbyggertal" in w for w in sum_warnings(parsed))


def test_bullets_without_counts_are_one_seat_each_with_a_warning(seed_text):
    """kkr-hovedstaden-2022-bilag.txt 5041–5050: "HOVEDKONSORTIET … BESTÅR AF" and nine organisations."""
    parsed, rows = seats(seed_text("kkr-hovedstaden-2022-bilag_5041-5050.txt"))
    assert [r[2] for r in rows] == ["kommunerne", "Region Hovedstaden", "København", "Københavns Universitet",
                                    "Københavns Professionshøjskole", "Wonderful Copenhagen", "Copenhagen Capacity",
                                    "Greater Copenhagen", "Novo Nordisk"]
    assert all(r[0] == 1 for r in rows)
    assert len([w for w in parsed.warnings if "intet antal" in w]) == 9


def test_two_directors_and_the_chair_of_something_else(seed_text):
    """kkr-sjaelland-2025-bilag.txt 2863–2865: "To kommunaldirektører og formanden for Rammeaftalen …"."""
    assert seats(seed_text("kkr-sjaelland-2025-bilag_2863-2865.txt"))[1] == [
        (2, "medlem", None, None, "kommunaldirektører", True),
        (1, "medlem", None, None, "formanden for Rammeaftalen med direkte reference til K17 og KKR", True)]


def test_a_composition_without_any_count_stops_with_its_line(seed_text):
    """kkr-hovedstaden-2025-bilag.txt 3674: "Udvalget er sammensat af fagdirektører …" prints no number."""
    with pytest.raises(UserError, match="Linje 1 kan ikke læses: der står intet antal"):
        parse_composition(seed_text("kkr-hovedstaden-2025-bilag_3674-3676.txt"))


# --- the shapes the issue names ------------------------------------------------------------------------------------

BOARD = """Bestyrelsen består af 9 medlemmer:
• Regionsrådet udpeger 2
• Den kommune, der yder det største årlige tilskud, har 1 plads (Aalborg Kommune)
• 6 kommunale medlemmer (udpeget af repræsentantskabet)
"""

ERHVERVSHUS = """Bestyrelser består af 11 medlemmer, herunder 1 formand, og 1 observatør:
\uf0b7 1 formand, der udpeges af KKR, som skal være folkevalgt …
\uf0b7 3 medlemmer, der udpeges af KKR blandt kommunale politiske repræsentanter,
\uf0b7 4 medlemmer, der udpeges af KKR blandt virksomhedsrepræsentanter, … efter indstilling fra
erhvervsorganisationer,
\uf0b7 1 fra en videninstitution,
\uf0b7 1 medlem udpeget af Regionsrådet,
\uf0b7 1 observatør fra Erhvervsministeriet.
"""


def test_board_of_nine():
    parsed, rows = seats(BOARD, H)
    assert parsed.stated_total == 9
    assert rows == [(2, "medlem", "Region Hovedstaden", None, None, True),
                    (1, "medlem", "Aalborg", None, "Den kommune, der yder det største årlige tilskud", True),
                    (6, "medlem", "repræsentantskabet", None, "kommunale", True)]
    assert sum_warnings(parsed) == []


def test_erhvervshus_with_observer_and_nomination():
    parsed, rows = seats(ERHVERVSHUS)
    assert rows[0] == (1, "formand", "KKR", None, "skal være folkevalgt …", True)
    assert rows[2] == (4, "medlem", "KKR", "erhvervsorganisationer", "blandt virksomhedsrepræsentanter, …", True)
    assert rows[3] == (1, "medlem", "en videninstitution", None, None, True)
    assert rows[-1] == (1, "observatør", "Erhvervsministeriet", None, None, False)
    assert [s.line for s in parsed.seats] == [2, 3, 4, 6, 7, 8]
    assert sum_warnings(parsed) == []  # 11 with the observer


def test_a_list_that_does_not_add_up_says_which_counts_it_compared():
    parsed = parse_composition(ERHVERVSHUS.replace("11 medlemmer", "12 medlemmer"))
    assert sum_warnings(parsed) == ["Overskriften siger 12 medlemmer, men listen giver 11 med observatører og 10 "
                                    "uden."]


def test_number_words_glued_counts_hhv_and_plus():
    text = """Styregruppen består af i alt ti:
- tre medlemmer udpeget af KKR Hovedstaden
– 1medlem via Region H
1) 4 fra hhv KU, DTU, CBS og RUC
2) 1 fra KKR Hovedstaden + 1 fra KKR Sjælland + 1 fra Københavns Kommune
"""
    parsed, rows = seats(text)
    assert parsed.stated_total == 10
    assert rows[0] == (3, "medlem", "KKR Hovedstaden", None, None, True)
    assert rows[1] == (1, "medlem", "Region Hovedstaden", None, None, True)
    assert [r[2] for r in rows[2:6]] == ["KU", "DTU", "CBS", "RUC"]
    assert [r[2] for r in rows[6:]] == ["KKR Hovedstaden", "KKR Sjælland", "København"]
    assert [s.line for s in parsed.seats] == [2, 3, 4, 4, 4, 4, 5, 5, 5]
    assert sum_warnings(parsed) == ["Overskriften siger 10 medlemmer, men listen giver 11 (ingen observatører)."]


def test_an_unreadable_line_names_its_number():
    with pytest.raises(UserError, match="Linje 4 kan ikke læses"):
        parse_composition("Bestyrelsen består af 3 medlemmer:\n1 formand udpeget af KKR\nØvrige:\nfoo bar baz\n")
    with pytest.raises(UserError, match="Linje 2 kan ikke læses"):
        parse_composition("Bestyrelsen består af 3 medlemmer:\nfoo bar baz\n")


# --- the import: one transaction, idempotent, the seat rules of member_edit ------------------------------------------

def seat_count(store, body_name):
    with store.session() as s:
        body = s.scalar(select(Body).where(Body.short_name == body_name))
        return s.scalar(select(func.count()).select_from(Seat).where(Seat.body_id == body.id))


def test_import_adds_all_and_the_same_text_again_adds_nothing(body_store):
    body_store.enable_undo()
    report = import_seats(body_store, BOARD, "Movia", dry_run=True)
    assert (report.written, seat_count(body_store, "Movia")) == (False, 0)
    report = import_seats(body_store, BOARD, "Movia")
    assert report.written and report.added == 3
    assert seat_count(body_store, "Movia") == 3
    again = import_seats(body_store, BOARD, "Movia")
    assert (again.written, again.added, again.existing) == (False, 0, 3)
    assert seat_count(body_store, "Movia") == 3
    assert "intet er tilføjet" in again.summary()
    # Movia must have an odd number of members; 9 is odd, so no warning.
    assert not any("ulige" in w for w in report.warnings)


def test_regionsraadet_resolves_through_the_body_above(body_store):
    """KKR Hovedstaden names its region; Movia names none."""
    assert import_seats(body_store, BOARD, "KKR H", dry_run=True).seats[0].appointed_by == "Region Hovedstaden"
    assert import_seats(body_store, BOARD, "Movia", dry_run=True).seats[0].appointed_by == "Regionsrådet"


def test_at_most_n_stops_the_whole_import_with_the_line(body_store):
    text = BOARD.replace("6 kommunale", "8 kommunale")  # 2 + 1 + 8 = 11 > Movia's nine
    with pytest.raises(UserError, match="Linje 4: Movia bestyrelse må højst have 9 medlemmer"):
        import_seats(body_store, text, "Movia")
    assert seat_count(body_store, "Movia") == 0


def test_an_even_number_is_a_warning_for_an_odd_body(body_store):
    report = import_seats(body_store, BOARD.replace("6 kommunale", "5 kommunale"), "Movia", dry_run=True)
    assert any("ulige antal medlemmer" in w and "8 med stemmeret" in w for w in report.warnings)


def test_imported_seats_show_as_vacant_in_the_composition(body_store):
    from kkrdesk.services import composition

    import_seats(body_store, BOARD, "Movia")
    with body_store.session() as s:
        body_id = s.scalar(select(Body.id).where(Body.short_name == "Movia"))
    data = composition.composition(body_store, body_id)
    assert data["vacant"] == 9
    assert any(w["kind"] == "ledig" for w in data["warnings"])


# --- the CLI contract ------------------------------------------------------------------------------------------------

def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_contract_from_stdin(body_store, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(ERHVERVSHUS))
    code, out, _ = run(capsys, "import", "seats", "-", "--body", "KKR H", "--dry-run", "--json",
                       "--db", body_store.path)
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["body", "stated_total", "sum", "voting_sum", "seats", "warnings", "written"]
    assert (data["body"], data["stated_total"], data["sum"], data["voting_sum"], data["written"]) == (
        "KKR Hovedstaden", 11, 11, 10, False)
    assert data["seats"][0] == {"count": 1, "role": "formand", "appointed_by": "KKR", "nominated_by": None,
                                "criteria": "skal være folkevalgt …", "voting": True, "line": 2}


def test_cli_writes_once_and_refuses_a_bad_line(body_store, capsys, tmp_path):
    path = tmp_path / "sammensaetning.txt"
    path.write_text(BOARD, encoding="utf-8")
    code, out, _ = run(capsys, "import", "seats", path, "--body", "Movia", "--json", "--db", body_store.path)
    assert code == 0 and json.loads(out)["written"] is True
    code, out, _ = run(capsys, "import", "seats", path, "--body", "Movia", "--json", "--db", body_store.path)
    assert json.loads(out)["written"] is False
    path.write_text("Udvalget består af 14 medlemmer:\n1 formand udpeget af KKR\nØvrige:\nhvem ved\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "seats", path, "--body", "VUB", "--db", body_store.path)
    assert code == 1 and "Linje 4 kan ikke læses" in err and "Traceback" not in err
    assert seat_count(body_store, "VUB") == 3
