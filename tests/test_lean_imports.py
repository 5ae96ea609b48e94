"""Commands import only what they need (issue 14 item 5): `kkrdesk list` on a current SQLite store reads with
sqlite3 alone and `kkrdesk calc` never loads SQLAlchemy; the lean read gives the same rows as the store's own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kkrdesk.services.listing import KINDS, list_at, list_kind

DATE_FIELDS = {"meetings": ("date",), "bodies": ("term_start", "term_end"), "memberships": ("start", "end"),
               "reports": ("dato",)}


def _modules_after(*argv: str) -> set[str]:
    code = ("import sys; from kkrdesk.cli import main; code = main(sys.argv[1:]); "
            "print('\\n'.join(sys.modules), file=sys.stderr); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


@pytest.mark.sqlite_only
def test_list_on_a_current_sqlite_store_imports_neither_sqlalchemy_nor_the_models(demo_store):
    loaded = _modules_after("list", "meetings", "--json", "--db", str(demo_store.path))
    assert "sqlite3" in loaded
    assert not {m for m in loaded if m.startswith("sqlalchemy")} and "kkrdesk.models" not in loaded


def test_calc_imports_no_sqlalchemy(tmp_path):
    weights = tmp_path / "vaegte.csv"
    weights.write_text("Albertslund,1000\nAllerød,2500\n", encoding="utf-8")
    loaded = _modules_after("calc", "split", "--total", "1000000", "--weights", str(weights), "--json")
    assert not {m for m in loaded if m.startswith("sqlalchemy")} and "kkrdesk.models" not in loaded


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_lean_read_and_the_store_list_the_same(demo_store, kind):
    lean = list_at(demo_store.path, kind)
    assert lean == list_kind(demo_store, kind) and lean


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_listings_are_plain_json_on_either_engine(demo_store, kind):
    rows = list_kind(demo_store, kind)
    assert json.loads(json.dumps(rows)) == rows  # no date, Decimal or driver objects
    for row in rows:
        for field in ("public", "kkr_handling"):
            if field in row:
                assert isinstance(row[field], bool)
        for field in DATE_FIELDS.get(kind, ()):
            assert row[field] is None or (len(row[field]) == 10 and row[field][4] == "-")  # ISO, as before


@pytest.mark.sqlite_only
def test_list_upgrades_an_older_store_as_opening_does(tmp_path):
    from kkrdesk.store import head_revision, open_store
    from kkrdesk.store.migrations import migrate_file, revision_graph

    path = tmp_path / "old.sqlite"
    open_store(path).close()
    older = revision_graph()[head_revision()]
    migrate_file(path, older, "downgrade")
    assert list_at(path, "meetings") == []
    store = open_store(path, upgrade=False)  # refuses unless the listing upgraded it
    assert store.revision() == head_revision()
    store.close()


@pytest.mark.sqlite_only
def test_export_cases_on_a_current_sqlite_store_imports_no_sqlalchemy(demo_store, tmp_path):
    out = tmp_path / "sager.xlsx"
    loaded = _modules_after("export", "cases", "--out", str(out), "--db", str(demo_store.path))
    assert out.stat().st_size > 0 and "openpyxl" in loaded
    assert not {m for m in loaded if m.startswith("sqlalchemy")} and "kkrdesk.models" not in loaded
    assert "numpy" not in loaded  # openpyxl imports it only to accept numpy numbers (0.1 s)


def test_openpyxl_without_numpy_leaves_numpy_importable():
    code = ("import sys; from kkrdesk.exports import import_openpyxl_without_numpy as f; f(); "
            "import openpyxl.compat.numbers as n; print(n.NUMPY, 'numpy' in sys.modules); import numpy; "
            "import pandas; print(pandas.DataFrame({'a': [1]}).shape)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["False False", "(1, 1)"]


@pytest.mark.sqlite_only
def test_case_rows_the_same_through_sqlite3_and_the_store(demo_store):
    import datetime as dt

    from kkrdesk.services.case_list import case_rows
    from kkrdesk.store import read_rows

    first = demo_store.rows("SELECT min(id) FROM meeting")[0][0]
    for kwargs in ({}, {"meeting_id": first}, {"start": dt.date(2024, 1, 1), "end": dt.date(2025, 12, 31)}):
        with read_rows(demo_store.path) as query:
            lean = case_rows(query, **kwargs)
        assert lean == case_rows(demo_store, **kwargs) and lean
        assert all(isinstance(r["date"], dt.date) and isinstance(r["public"], bool) for r in lean)


@pytest.mark.sqlite_only
def test_import_members_writes_with_sqlite3_alone(demo_store, tmp_path):
    members = tmp_path / "medlemmer.txt"
    members.write_text("Udvalgets sammensætning:\n– Anne Hansen, Borgmester, Ballerup Kommune\n", encoding="utf-8")
    loaded = _modules_after("import", "members", str(members), "--body", "VUB", "--db", str(demo_store.path))
    assert not {m for m in loaded if m.startswith("sqlalchemy")} and "kkrdesk.models" not in loaded
    assert demo_store.rows("SELECT count(*) FROM person WHERE name = 'Anne Hansen'") == [(1,)]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("what", ["packet", "agenda", "minutes"])
def test_pdf_exports_on_a_current_sqlite_store_import_neither_sqlalchemy_nor_the_models(demo_store, tmp_path, what):
    """The bilag bundle is timed against a bare pypdf merge (bench/packet.py); SQLAlchemy's import and the ORM
    models were a third of its time. The command reads with sqlite3 alone (read_rows)."""
    meeting_id = demo_store.rows("SELECT min(id) FROM meeting")[0][0]
    out = tmp_path / f"{what}.pdf"
    loaded = _modules_after("export", what, str(meeting_id), "--out", str(out), "--db", str(demo_store.path))
    assert out.stat().st_size > 0 and "reportlab.platypus" in loaded and "sqlite3" in loaded
    assert not {m for m in loaded if m.startswith("sqlalchemy")} and "kkrdesk.models" not in loaded


@pytest.mark.sqlite_only
def test_the_windows_bundle_through_a_store_imports_neither_sqlalchemy_nor_the_models(demo_store, tmp_path):
    """The window builds the bundle through its Store: only store.rows, never a session, and the Store reads a
    SQLite file with sqlite3 until a session is opened, so the bundle needs no SQLAlchemy there either."""
    meeting_id = demo_store.rows("SELECT min(id) FROM meeting")[0][0]
    out = tmp_path / "bundt.pdf"
    code = ("import sys; from kkrdesk.store import open_store; from kkrdesk.exports.packet_pdf import build_packet; "
            "store = open_store(sys.argv[1]); build_packet(store, int(sys.argv[2]), sys.argv[3]); "
            "print('\\n'.join(sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(demo_store.path), str(meeting_id), str(out)],
                          capture_output=True, text=True, check=True)
    loaded = set(done.stderr.split())
    assert out.stat().st_size > 0 and "pypdf" in loaded
    assert not {m for m in loaded if m.startswith("sqlalchemy")} and "kkrdesk.models" not in loaded
