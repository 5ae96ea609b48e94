"""The CLI contract of the foundation issue: other tools depend on these exact commands and shapes."""

import json
import subprocess
import sys

import pytest

from kkrdesk import __version__
from kkrdesk.cli import main

MINIMUM = {"bodies": 8, "persons": 40, "memberships": 60, "items": 20, "assignments": 15, "meetings": 3,
           "calculations": 4}


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_matches_pyproject(capsys):
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"kkrdesk {pyproject['project']['version']}"
    assert __version__ == pyproject["project"]["version"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite"
    assert main(["demo", "--db", str(path)]) == 0
    return path


@pytest.mark.parametrize("kind", sorted(MINIMUM))
def test_list_json_after_demo_has_the_counts(capsys, demo_db, kind):
    code, out, _ = run(capsys, "list", kind, "--json", "--db", str(demo_db))
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list) and len(rows) >= MINIMUM[kind]
    for row in rows:
        assert isinstance(row["id"], int)
        assert row.get("name") or row.get("title")


def test_list_municipalities_is_98_in_code_order(capsys, demo_db):
    code, out, _ = run(capsys, "list", "municipalities", "--json", "--db", str(demo_db))
    rows = json.loads(out)
    assert code == 0 and len(rows) == 98
    assert [r["name"] for r in rows[:3]] == ["København", "Frederiksberg", "Ballerup"]


def test_list_memberships_filtered_by_body(capsys, demo_db):
    _, out, _ = run(capsys, "list", "memberships", "--json", "--db", str(demo_db))
    everyone = json.loads(out)
    body = everyone[-1]["body"]
    _, out, _ = run(capsys, "list", "memberships", "--body", body, "--json", "--db", str(demo_db))
    rows = json.loads(out)
    assert rows and {r["body"] for r in rows} == {body}
    assert len(rows) == sum(1 for r in everyone if r["body"] == body) < len(everyone)


def test_assignments_have_contract_fields(capsys, demo_db):
    _, out, _ = run(capsys, "list", "assignments", "--json", "--db", str(demo_db))
    for row in json.loads(out):
        assert {"id", "indsats", "party", "role", "status"} <= set(row)


def test_unknown_body_is_a_danish_user_error(capsys, demo_db):
    code, out, err = run(capsys, "list", "memberships", "--body", "Findes Ikke", "--json", "--db", str(demo_db))
    assert code == 1 and out == ""
    assert 'Organet "Findes Ikke" findes ikke' in err
    assert "Traceback" not in err


def test_demo_refuses_a_store_with_data(capsys, demo_db):
    code, _, err = run(capsys, "demo", "--db", str(demo_db))
    assert code == 1 and "ikke tom" in err


def test_check_and_backup(capsys, demo_db, tmp_path):
    code, out, _ = run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and "Integritet: i orden" in out and "Fremmednøgler: i orden" in out
    out_file = tmp_path / "kopi.sqlite"
    code, out, _ = run(capsys, "backup", "--db", str(demo_db), "--out", str(out_file))
    assert code == 0 and out_file.exists()
    code, out, _ = run(capsys, "list", "bodies", "--json", "--db", str(out_file))
    assert code == 0 and len(json.loads(out)) >= MINIMUM["bodies"]


def test_check_reports_broken_foreign_keys(capsys, tmp_path):
    import sqlite3

    path = tmp_path / "broken.sqlite"
    assert main(["check", "--db", str(path)]) == 0
    con = sqlite3.connect(path)
    con.execute("INSERT INTO membership (person_id, body_id, role) VALUES (77, 88, 'medlem')")
    con.commit()
    con.close()
    capsys.readouterr()
    code, out, _ = run(capsys, "check", "--db", str(path))
    assert code == 1 and "Fremmednøgler: 2 fejl" in out


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["list", "ukendt-slags"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["backup", "--db", "x.sqlite"])  # --out missing
    assert exc.value.code == 2


def test_newer_store_gives_exit_1_without_traceback(tmp_path):
    import sqlite3

    path = tmp_path / "ny.sqlite"
    assert main(["check", "--db", str(path)]) == 0
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    result = subprocess.run([sys.executable, "-m", "kkrdesk", "list", "bodies", "--json", "--db", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "nyere version af KKR Desk" in result.stderr and "Traceback" not in result.stderr


def test_env_var_selects_store(capsys, demo_db, monkeypatch):
    monkeypatch.setenv("KKRDESK_DB", str(demo_db))
    code, out, _ = run(capsys, "list", "meetings", "--json")
    assert code == 0 and len(json.loads(out)) >= 3


def test_list_kinds_of_parser_and_service_agree():
    from kkrdesk.cli.core import LIST_KINDS
    from kkrdesk.services.listing import KINDS

    assert set(LIST_KINDS) == set(KINDS)


def test_demo_links_the_k29_steps_to_the_kkr_items(tmp_path):
    from kkrdesk.services import meetings
    from kkrdesk.services.demo import open_demo_store

    store = open_demo_store(tmp_path / "demo.sqlite")
    items = {(i["meeting_id"], i["number"]): i for i in __import__("kkrdesk.services.listing", fromlist=["x"])
             .list_kind(store, "items")}
    k29 = next(i for i in items.values() if i["title"].startswith("Opfølgning på Strategi for mobilitet")
               and i["number"] == "2.1")
    steps = meetings.route(store, k29["id"])
    assert len(steps) == 2
    assert [s["number"] for s in steps] == ["2.1", "3.2"]


def test_usage_errors_and_help_speak_danish(capsys):
    with pytest.raises(SystemExit):
        main(["list"])
    err = capsys.readouterr().err
    assert "brug: kkrdesk list" in err and "disse argumenter mangler: KIND" in err
    with pytest.raises(SystemExit) as exc:
        main(["export", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "tilvalg:" in out and "vis denne hjælp og afslut" in out


def test_top_level_help_has_no_english_left(capsys):
    """`kkrdesk --help` said "show program's version number and exit" (issue 13 item 8)."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "vis programmets versionsnummer og afslut" in out
    for english in ("show", "usage", "optional", "positional", "arguments", "exit"):
        assert english not in out


def test_output_piped_into_a_reader_that_stops_early(demo_db, monkeypatch, capsys):
    """`kkrdesk list … | head`: the closed pipe ends the command quietly, with no traceback."""
    import kkrdesk.cli.core

    def closed_pipe(_value):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(kkrdesk.cli.core, "print_json", closed_pipe)
    assert main(["list", "bodies", "--json", "--db", str(demo_db)]) == 0
    assert "Traceback" not in capsys.readouterr().err
