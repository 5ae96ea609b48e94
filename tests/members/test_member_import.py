"""The member-list parser and import: paper formats, PDF breakage, previews, one transaction, idempotence."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from kkrdesk.errors import UserError
from kkrdesk.models import Membership, Person
from kkrdesk.paths import resource_path
from kkrdesk.services.member_import import import_members, parse_file, parse_text

VUB = "Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse"


def paste_examples() -> list[str]:
    text = resource_path("demo", "members_paste_examples.txt").read_text(encoding="utf-8")
    return ["\n".join(line for line in block.splitlines() if not line.startswith("# seed"))
            for block in text.split("\n---\n")]


def roles(result) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in result.rows:
        out[r.role] = out.get(r.role, 0) + 1
    return out


def count(store, model) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_dash_list_with_sublists_from_the_demo_examples():
    result = parse_text(paste_examples()[0])
    assert result.errors == []
    assert roles(result) == {"formand": 1, "medlem": 9, "indsuppleret medlem": 4, "sekretariat": 3}
    first = result.rows[0]
    assert first.to_dict() == {"name": "Eik Møller", "title": "kommunaldirektør", "organisation": "Ballerup",
                               "role": "formand"}
    assert first.on_behalf_of == "Ballerup"
    by_name = {r.name: r for r in result.rows}
    assert by_name["Tine Gram"].organisation == "Furesø"  # "Furesø Kommune." ends the main list
    assert by_name["Lillian Rasch Madsen"].organisation == "Bornholm"
    assert by_name["David Meinke"].title == "direktør for regional udvikling"
    assert by_name["David Meinke"].organisation == "Region Hovedstaden"
    assert by_name["Gitte Bække"].organisation == "KL, KKR Hovedstaden"
    assert by_name["Gitte Bække"].role == "sekretariat"


def test_numbered_list_with_title_first():
    result = parse_text(paste_examples()[1])
    assert result.errors == []
    assert [r.role for r in result.rows[:3]] == ["formand", "næstformand", "medlem"]
    assert result.rows[0].to_dict() == {"name": "Stella Hansen", "title": "direktør", "organisation": "Helsingør",
                                        "role": "formand"}
    karen = next(r for r in result.rows if r.name == "Karen Nørskov Toke")
    assert (karen.title, karen.organisation) == ("sundhedschef", "København")
    assert len(result.rows) == 11


def test_flattened_table_after_a_navn_header():
    result = parse_text(paste_examples()[2])
    assert result.errors == []
    assert len(result.rows) == 9
    assert result.rows[0].to_dict() == {"name": "Henrik Abildtrup", "title": "direktør", "organisation": "Rødovre",
                                        "role": "formand"}
    assert result.rows[-1].organisation == "Den Sociale Virksomhed"


def test_raw_seed_2022_four_lists_with_pdf_line_breaks(seed_text):
    result = parse_text(seed_text("kkr-hovedstaden-2022-bilag_4413-4599.txt"))
    assert result.errors == []
    assert roles(result)["formand"] == 4
    assert roles(result)["næstformand"] == 1
    by_line = {r.line: r for r in result.rows}
    # "…, erhverv, vækst og Greater Copenhagen, KKR" + next line "Hovedstaden": one item.
    maria = next(r for r in result.rows if r.name == "Maria Cecilie Pautsch Weischer")
    assert maria.organisation == "KKR Hovedstaden"
    assert maria.title == "chefkonsulent, erhverv, vækst og Greater Copenhagen"
    assert maria.line in by_line
    winge = next(r for r in result.rows if r.name == "Morten Winge")
    assert (winge.role, winge.title, winge.organisation) == ("formand", "kommunaldirektør", "Tårnby")
    dorow = next(r for r in result.rows if r.name == "Trine Dorow")
    assert (dorow.title, dorow.organisation) == ("konstitueret kommunaldirektør", "Bornholm")
    # "KKR-Sekretariat" without a colon still starts the secretariat sub-list.
    assert next(r for r in result.rows if r.name == "Søren Sandahl").role == "sekretariat"
    # The name in brackets at the end of a list is still read.
    assert any(r.name == "Christian Hejlesen" for r in result.rows)
    assert all(r.title == r.title.lower() for r in result.rows if r.title and "Greater" not in r.title)


def test_raw_seed_2025_numbered_list(seed_text):
    result = parse_text(seed_text("kkr-hovedstaden-2025-bilag_4400-4422.txt"))
    assert result.errors == []
    assert len(result.rows) == 11
    assert result.rows[0].line == 3 and result.rows[0].role == "formand"
    assert result.rows[1].role == "næstformand"


def test_pdf_breakage_nfd_nbsp_soft_hyphen_private_bullet_and_hyphenation():
    text = (
        "Udvalgets sammens\u00e6tning:\n"
        "\uf0b7 Rene\u0301 Møller,\u00a0kommunaldirekt\u00f8r, Ta\u030arnby Kommune (formand)\n"
        "\uf0a7 Anette J. Laustsen, kommunal\u00addirektør, Vallensbæk Kommune\n"
        "– Jeppe Bøgh Andersen, direktør, Køben-\n"
        "havns Kommune\n"
        "– Edda Heinskou, direktør, Lyngby-\n"
        "Taarbæk Kommune.\n"
    )
    result = parse_text(text)
    assert result.errors == []
    assert [r.name for r in result.rows] == ["René Møller", "Anette J. Laustsen", "Jeppe Bøgh Andersen",
                                             "Edda Heinskou"]
    assert result.rows[0].name == "Ren\u00e9 M\u00f8ller"  # NFC, not e + combining accent
    assert result.rows[0].organisation == "Tårnby"
    assert result.rows[1].title == "kommunaldirektør"
    assert result.rows[2].organisation == "København"
    assert result.rows[3].organisation == "Lyngby-Taarbæk"


def test_titles_and_roles_are_lower_case():
    result = parse_text("– Søren Torpegaard Bech, Direktør, Region Hovedstaden (Formand)\n"
                        "– Trine Cornelius Høgh, Konsulent, KKR Hovedstaden (Observatør)\n")
    assert [(r.title, r.role) for r in result.rows] == [("direktør", "formand"), ("konsulent", "observatør")]


def test_party_letter_in_brackets():
    result = parse_text("– Jens Jensen (V), borgmester, Gribskov Kommune (formand)\n")
    assert (result.rows[0].name, result.rows[0].party, result.rows[0].role) == ("Jens Jensen", "V", "formand")


def test_unparseable_line_is_reported_with_its_line_number(body_store):
    text = ("Udvalgets sammensætning:\n"
            "– Eik Møller, kommunaldirektør, Ballerup Kommune (formand)\n"
            "– Anya Manghezi, direktør, Høje-Taastrup Kommune\n"
            "Her står der pludselig en hel sætning midt i listen uden tegn\n"
            "– 12345, direktør, Dragør Kommune\n")
    result = parse_text(text)
    assert [e.split(":")[0] for e in result.errors] == ["Linje 4", "Linje 5"]
    with pytest.raises(UserError) as exc:
        import_members(body_store, text, "VUB")
    assert any(d.startswith("Linje 4") for d in exc.value.details)
    assert count(body_store, Membership) == 0 and count(body_store, Person) == 0


def test_import_is_one_step_and_idempotent(body_store):
    text = paste_examples()[0]
    report = import_members(body_store, text, "VUB")
    assert (report.created, report.unchanged, report.persons_created) == (17, 0, 17)
    with body_store.session() as s:
        got = {(m.person.name, m.role) for m in s.scalars(select(Membership))}
    assert ("Eik Møller", "formand") in got and ("Stefan Herman", "indsuppleret medlem") in got
    again = import_members(body_store, text, "VUB")
    assert (again.created, again.updated, again.unchanged, again.persons_created) == (0, 0, 17, 0)
    assert count(body_store, Membership) == 17 and count(body_store, Person) == 17


def test_person_in_two_bodies_is_one_person(body_store):
    import_members(body_store, "– Eik Møller, kommunaldirektør, Ballerup Kommune\n", "VUB")
    import_members(body_store, "1) Kommunaldirektør Eik Møller, Ballerup\n", "Movia")
    assert count(body_store, Person) == 1 and count(body_store, Membership) == 2


def test_import_matches_demo_persons_through_the_resolver(demo_store):
    """The demo stores "Ballerup Kommune"; the import resolves to "Ballerup": still the same person."""
    before = count(demo_store, Person), count(demo_store, Membership)
    report = import_members(demo_store, paste_examples()[0], VUB)
    assert report.created == 0 and report.persons_created == 0
    assert (count(demo_store, Person), count(demo_store, Membership)) == before


def test_dry_run_writes_nothing(body_store):
    report = import_members(body_store, paste_examples()[1], "VUB", dry_run=True)
    assert report.errors == [] and report.created == 11
    assert count(body_store, Membership) == 0


def test_unknown_body_is_a_danish_error_and_nothing_is_written(body_store):
    with pytest.raises(UserError) as exc:
        import_members(body_store, paste_examples()[1], "Findes ikke")
    assert "Findes ikke" in str(exc.value) and "findes ikke" in str(exc.value)
    assert count(body_store, Person) == 0


def test_end_before_start_is_refused(body_store):
    with pytest.raises(UserError) as exc:
        import_members(body_store, paste_examples()[1], "VUB", start=dt.date(2024, 1, 1), end=dt.date(2023, 1, 1))
    assert "før" in str(exc.value)
    assert count(body_store, Membership) == 0


def test_second_formand_in_the_list_is_refused(body_store):
    text = "– A Hansen, direktør, Ballerup (formand)\n– B Jensen, direktør, Herlev (formand)\n"
    with pytest.raises(UserError) as exc:
        import_members(body_store, text, "VUB")
    assert "én formand" in str(exc.value) and "Linje 2" in str(exc.value)
    assert count(body_store, Membership) == 0


def test_second_formand_next_to_a_sitting_one_is_refused(body_store):
    import_members(body_store, "– A Hansen, direktør, Ballerup (formand)\n", "VUB")
    with pytest.raises(UserError) as exc:
        import_members(body_store, "– B Jensen, direktør, Herlev (formand)\n– C Berg, direktør, Gentofte\n", "VUB")
    assert "allerede en formand (A Hansen)" in str(exc.value)
    assert count(body_store, Membership) == 1 and count(body_store, Person) == 1


def test_csv_with_danish_headers_and_dates(body_store, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Navn;Titel;Kommune;Rolle;Fra;Til\n"
                    "Eik Møller;Kommunaldirektør;Ballerup Kommune;Formand;1. januar 2022;31.12.2025\n"
                    "Tine Gram;direktør;Furesø;;1.1.2022;\n", encoding="cp1252")
    result = parse_file(path)
    assert result.errors == []
    assert result.rows[0].to_dict() == {"name": "Eik Møller", "title": "kommunaldirektør",
                                        "organisation": "Ballerup", "role": "formand"}
    assert (result.rows[0].start, result.rows[0].end) == (dt.date(2022, 1, 1), dt.date(2025, 12, 31))
    assert result.rows[1].role == "medlem"


def test_csv_bad_role_and_bad_date_name_their_line(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Navn,Rolle,Fra\nA Hansen,kasserer,\nB Jensen,medlem,31. februar 2024\n", encoding="utf-8")
    errors = parse_file(path).errors
    assert errors[0].startswith("Linje 2") and "kasserer" in errors[0]
    assert errors[1].startswith("Linje 3") and "dato" in errors[1]


def test_excel_list(body_store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Medlemsliste"])
    ws.append([])
    ws.append(["Navn", "Stilling", "Organisation", "Rolle", "Fra"])
    ws.append(["Stella Hansen", "Direktør", "Helsingør Kommune", "formand", dt.datetime(2022, 3, 1)])
    ws.append(["Jan Dehn", "direktør", "Hørsholm", "Suppleant", None])
    path = tmp_path / "liste.xlsx"
    wb.save(path)
    report = import_members(body_store, path, "VUB")
    assert report.created == 2
    assert [(r.name, r.role, r.start) for r in report.rows] == [
        ("Stella Hansen", "formand", dt.date(2022, 3, 1)), ("Jan Dehn", "stedfortræder", None)]


def test_lines_without_a_bullet_are_members_or_named():
    """Issue 13 item 10: every line is read or reported; a PDF line break still joins its item."""
    result = parse_text(
        "Medlemmer af Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse (VUB), valgperioden 2022-2026\n"
        "– Eik Møller, kommunaldirektør, Ballerup Kommune (formand)\n"
        "Anette J. Laustsen, kommunaldirektør, Vallensbæk Kommune\n"
        "– Maria Cecilie Pautsch Weischer, chefkonsulent, erhverv, vækst og\n"
        "Greater Copenhagen, KKR Hovedstaden\n"
        "Direktør Stella Hansen, Helsingør (næstformand)\n")
    rows = [(r.line, r.name, r.organisation, r.role) for r in result.rows]
    assert rows == [(2, "Eik Møller", "Ballerup", "formand"), (3, "Anette J. Laustsen", "Vallensbæk", "medlem"),
                    (4, "Maria Cecilie Pautsch Weischer", "KKR Hovedstaden", "medlem"),
                    (6, "Stella Hansen", "Helsingør", "næstformand")]
    assert result.errors == []
    assert len(result.skipped) == 1 and result.skipped[0].startswith("Linje 1: læst som overskrift")


def test_batched_import_stores_every_field_and_fills_only_blanks_of_known_persons(body_store):
    from kkrdesk.models import Person as P

    with body_store.session() as s:
        s.add(P(name="Eik Møller", organisation="Ballerup"))  # known, without title
        s.add(P(name="Ida Holm", organisation="Herlev", title="chefkonsulent"))  # known, with title
    text = ("– Eik Møller, kommunaldirektør, Ballerup Kommune (formand)\n"
            "– Ida Holm, direktør, Herlev Kommune\n"
            "– Bo Ny, Dragør Kommune\n")
    report = import_members(body_store, text, "VUB", start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31))
    assert (report.created, report.persons_created) == (3, 1)
    with body_store.session() as s:
        got = {m.person.name: (m.person.title, m.person.organisation, m.role, m.start, m.end, m.body.short_name)
               for m in s.scalars(select(Membership))}
    assert got == {
        "Eik Møller": ("kommunaldirektør", "Ballerup", "formand", dt.date(2024, 1, 1), dt.date(2025, 12, 31), "VUB"),
        "Ida Holm": ("chefkonsulent", "Herlev", "medlem", dt.date(2024, 1, 1), dt.date(2025, 12, 31), "VUB"),
        "Bo Ny": (None, "Dragør", "medlem", dt.date(2024, 1, 1), dt.date(2025, 12, 31), "VUB"),
    }


def test_an_import_is_one_undo_step_and_redo_brings_it_back(body_store):
    before = count(body_store, Person), count(body_store, Membership)
    import_members(body_store, paste_examples()[0], "VUB")
    after = count(body_store, Person), count(body_store, Membership)
    assert after == (before[0] + 17, before[1] + 17)
    assert "17" in body_store.undo()
    assert (count(body_store, Person), count(body_store, Membership)) == before
    body_store.redo()
    assert (count(body_store, Person), count(body_store, Membership)) == after
