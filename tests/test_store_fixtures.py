"""Stores as older releases wrote them (tests/data/stores/, never regenerated) still open, upgrade and search."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kkrdesk.models import Assignment, Body, Indsats, Membership, Person, Report
from kkrdesk.services.search import search
from kkrdesk.store import head_revision, known_revisions, open_store

STORES = Path(__file__).parent / "data" / "stores"
# revision → (bodies, persons, memberships, indsatser, assignments, reports), a word the search must find, and
# the first report's deviation kinds (tid, økonomi, indhold): false in stores older than 0003.
EXPECTED = {
    "0001": ((1, 1, 1, 1, 1, 1), "Klimaalliancen", (False, False, False)),
    "0002": ((31, 64, 75, 57, 83, 1), "praksisplan", (False, False, False)),
    "0003": ((31, 64, 75, 57, 83, 2), "praksisplan", (True, False, True)),
    "0004": ((31, 64, 75, 57, 83, 2), "praksisplan", (True, False, True)),
    "0005": ((31, 64, 75, 57, 83, 2), "praksisplan", (True, False, True)),
}


def test_every_schema_version_has_a_fixture_store():
    assert {p.stem.removeprefix("kkrdesk-") for p in STORES.glob("kkrdesk-*.sqlite")} == known_revisions()
    assert set(EXPECTED) <= known_revisions()


@pytest.mark.parametrize("revision", sorted(EXPECTED))
def test_fixture_store_upgrades_to_head_with_its_data(tmp_path, revision):
    path = tmp_path / "gammel.sqlite"
    shutil.copyfile(STORES / f"kkrdesk-{revision}.sqlite", path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
    con.close()
    store = open_store(path)
    try:
        assert store.revision() == head_revision()
        if revision != head_revision():
            (backup,) = tmp_path.glob("gammel.før-*.sqlite")
            con = sqlite3.connect(backup)
            assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
            con.close()
        counts, word, kinds = EXPECTED[revision]
        with store.session() as s:
            assert tuple(s.scalar(select(func.count()).select_from(model)) for model in
                         (Body, Person, Membership, Indsats, Assignment, Report)) == counts
            report = s.scalars(select(Report).order_by(Report.id)).first()
            assert report.afvigelser == "Tre måneder forsinket" and report.kkr_handling is True
            assert (report.afvigelse_tid, report.afvigelse_oekonomi, report.afvigelse_indhold) == kinds
        assert store.check().ok
        hits = search(store, word)
        assert hits and all(h["kind"] in ("item", "bilag") for h in hits)
        assert word.casefold() in " ".join(h["title"] for h in hits).casefold()
    finally:
        store.close()
