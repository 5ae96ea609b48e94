"""The CLI contract of issue 5: import members (dry run + JSON), list memberships, export members and oparl."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from kkrdesk.cli import main
from kkrdesk.models import Membership

LIST = """Udvalgets sammensætning:
1) Direktør Stella Hansen, Helsingør (formand)
2) Direktør Helene B. Rasmussen, Gentofte (næstformand)
3) Direktør Alberte Bryld Burgaard, Ishøj
KKR-sekretariat:
– Søren Sandahl, konsulent, KL, KKR Hovedstaden
"""


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(body_store):
    return str(body_store)


def memberships(path) -> int:
    from kkrdesk.store import open_store

    store = open_store(path)
    with store.session() as s:
        n = s.scalar(select(func.count()).select_from(Membership))
    store.close()
    return n


def test_dry_run_json_contract_writes_nothing(capsys, db, tmp_path):
    src = tmp_path / "liste.txt"
    src.write_text(LIST, encoding="utf-8")
    code, out, _ = run(capsys, "import", "members", src, "--body", "VUB", "--dry-run", "--json", "--db", db)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"rows", "errors"} and data["errors"] == []
    assert all(set(r) == {"name", "title", "organisation", "role"} for r in data["rows"])
    assert data["rows"][0] == {"name": "Stella Hansen", "title": "direktør", "organisation": "Helsingør",
                               "role": "formand"}
    assert [r["role"] for r in data["rows"]] == ["formand", "næstformand", "medlem", "sekretariat"]
    assert memberships(db) == 0


def test_dry_run_json_reports_errors_with_line_numbers(capsys, db, tmp_path):
    src = tmp_path / "liste.txt"
    src.write_text(LIST.replace("3) Direktør Alberte", "3) 4711, Alberte"), encoding="utf-8")
    code, out, _ = run(capsys, "import", "members", src, "--body", "VUB", "--dry-run", "--json", "--db", db)
    assert code == 1
    errors = json.loads(out)["errors"]
    assert len(errors) == 1 and errors[0].startswith("Linje 4:")


def test_import_then_list_memberships(capsys, db, tmp_path):
    src = tmp_path / "liste.txt"
    src.write_text(LIST, encoding="utf-8")
    code, out, _ = run(capsys, "import", "members", src, "--body", "VUB", "--db", db)
    assert code == 0 and "4 nye udpegninger" in out
    code, out, _ = run(capsys, "import", "members", src, "--body", "VUB", "--db", db)
    assert code == 0 and "0 nye udpegninger" in out and "4 uændrede" in out
    code, out, _ = run(capsys, "list", "memberships", "--body", "VUB", "--json", "--db", db)
    rows = json.loads(out)
    assert [(r["name"], r["role"]) for r in rows][:2] == [("Stella Hansen", "formand"),
                                                           ("Helene B. Rasmussen", "næstformand")]


def test_unknown_body_exits_1_with_danish_message(capsys, db, tmp_path):
    src = tmp_path / "liste.txt"
    src.write_text(LIST, encoding="utf-8")
    code, _, err = run(capsys, "import", "members", src, "--body", "Ukendt udvalg", "--db", db)
    assert code == 1 and 'Organet "Ukendt udvalg" findes ikke' in err
    assert memberships(db) == 0


def test_export_members_pdf_and_xlsx(capsys, db, tmp_path):
    src = tmp_path / "liste.txt"
    src.write_text(LIST, encoding="utf-8")
    run(capsys, "import", "members", src, "--body", "VUB", "--db", db)
    pdf, xlsx = tmp_path / "vub.pdf", tmp_path / "vub.xlsx"
    assert run(capsys, "export", "members", "--body", "VUB", "--out", pdf, "--db", db)[0] == 0
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert run(capsys, "export", "members", "--body", "VUB", "--out", xlsx, "--db", db)[0] == 0
    ws = load_workbook(xlsx).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[0] == "Gruppe")
    assert [r[0] for r in values[header + 1:]] == ["Formand", "Næstformand", "Medlemmer", "KKR-sekretariat"]
    code, _, err = run(capsys, "export", "members", "--body", "VUB", "--out", tmp_path / "vub.docx", "--db", db)
    assert code == 1 and "Ukendt filtype" in err


def test_export_oparl_writes_lists(capsys, db, tmp_path):
    out = tmp_path / "oparl"
    code, stdout, _ = run(capsys, "export", "oparl", "--out", out, "--db", db)
    assert code == 0 and "organization" in stdout
    system = json.loads((out / "system.json").read_text(encoding="utf-8"))
    assert system["type"] == "https://schema.oparl.org/1.1/System"
    organizations = json.loads((out / "organization.json").read_text(encoding="utf-8"))["data"]
    assert {o["name"] for o in organizations} >= {"KKR Hovedstaden", "Movia bestyrelse"}
