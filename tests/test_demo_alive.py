"""Issue 13 item 6: the demo shows a living secretariat on the day a newcomer opens it, not empty lists."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kkrdesk.models import Bilag, Body, Meeting, Report
from kkrdesk.services import composition, meetings

TODAY = dt.date(2026, 12, 4)  # the day the issue was tried; the 2022–2025 term has ended


def _body_id(store, name):
    with store.session() as s:
        return s.scalar(select(Body.id).where(Body.name == name))


def test_kkr_hovedstaden_has_its_members_today_holding_over(demo_store):
    data = composition.composition(demo_store, _body_id(demo_store, "KKR Hovedstaden"), TODAY)
    assert data["filled"] >= 50 and len(data["members"]) >= 50
    assert [m["role"] for m in data["members"]][:2] == ["formand", "næstformand"]
    # the held-over term is said, so the screen never reads "Ingen advarsler" next to a full body
    assert any("fortsætter, til nye er udpeget" in w["text"] for w in data["warnings"])


def test_member_list_in_the_term_is_not_empty(demo_store):
    listing = composition.member_list(demo_store, "KKR Hovedstaden", dt.date(2024, 3, 1))
    titles = [title for title, _rows in listing["groups"]]
    assert titles[:3] == ["Formand", "Næstformand", "Medlemmer"] and len(listing["members"]) >= 50


def test_held_meetings_have_decisions_and_attendance(demo_store):
    with demo_store.session() as s:
        held = [m.id for m in s.scalars(select(Meeting).where(Meeting.state == "afholdt"))]
    assert len(held) == 4
    for meeting_id in held:
        doc = meetings.meeting_document(demo_store, meeting_id, public=False)
        assert all(item["sections"].get("beslutning") for item in doc["items"]), doc["title"]
        assert doc["present"], doc["title"]
    absent = [r for m in held for r in meetings.meeting_document(demo_store, m, public=False)["absent"]]
    assert absent and all(r["note"] == "afbud" for r in absent)


def test_some_bilag_are_real_pdfs_typeset_from_the_papers(demo_store):
    with demo_store.session() as s:
        typeset = [(b.title, b.sags_id, b.dok_id, b.page_count, b.blob.data)
                   for b in s.scalars(select(Bilag).where(Bilag.blob_id.is_not(None)))]
    assert len(typeset) >= 5
    for title, _sags, _dok, pages, data in typeset:
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == pages
        assert reader.metadata.title == title
    assert any(pages >= 2 for *_x, pages, _d in typeset)
    # Sags ID and Dok. ID print where the paper has them (kkr-sjaelland-2025-bilag.txt:4010-4011)
    _t, sags, dok, _p, data = next(t for t in typeset if t[1] == "SAG-2024-00222")
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "SAG-2024-00222" in first and dok in first


@pytest.mark.parametrize("status", ["grøn", "gul", "rød"])
def test_returned_reports_show_every_traffic_light(demo_store, status):
    with demo_store.session() as s:
        assert s.scalars(select(Report).where(Report.status == status)).first() is not None
