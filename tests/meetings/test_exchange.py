import json

import pytest
from sqlalchemy import func, select

from kkrdesk.errors import UserError
from kkrdesk.models import Bilag, Blob, Meeting
from kkrdesk.services import exchange, meetings


def count(store, model):
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_import_creates_body_copies_files_and_round_trips(store, meeting_file, tmp_path):
    preview = exchange.preview(meeting_file)
    assert preview["items"] == 3 and preview["closed_items"] == 1 and preview["files"] == 4
    mid = exchange.import_meeting(store, meeting_file)
    assert "KKR Testregion" in meetings.body_names(store)
    rows = meetings.item_rows(store, mid)
    assert [r["number"] for r in rows] == ["3.5", "4.1", "5.1"]
    assert [b["pages"] for b in meetings.bilag_rows(store, rows[0]["id"])] == [2, 1, None]
    out = exchange.export_meeting(store, mid, tmp_path / "ud" / "eksport.json")
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["format"] == "kkrdesk-meeting/1"
    first_file = exported["items"][0]["bilag"][0]["file"]
    assert not first_file.startswith("/") and (out.parent / first_file).read_bytes()[:5] == b"%PDF-"
    again = exchange.import_meeting(store, out)
    a = meetings.meeting_document(store, mid, public=False)
    b = meetings.meeting_document(store, again, public=False)
    strip = ("id", "blob_id")

    def clean(doc):
        return [{**{k: v for k, v in i.items() if k not in strip},
                 "bilag": [{k: v for k, v in x.items() if k not in strip} for x in i["bilag"]]} for i in doc["items"]]

    assert clean(a) == clean(b)
    assert count(store, Blob) == 4  # the second import found the same files by hash


@pytest.mark.parametrize("change, field", [
    (lambda d: d.pop("body"), '"body" mangler'),
    (lambda d: d.update(date="17.09.2025"), '"date" skal være en dato'),
    (lambda d: d.update(format="noget/2"), '"format" skal være'),
    (lambda d: d.update(start="9"), '"start" skal være et klokkeslæt'),
    (lambda d: d["items"][1].update(number="3.5"), '"items[1].number" 3.5 findes allerede'),
    (lambda d: d["items"][0].pop("public"), '"items[0].public" mangler'),
    (lambda d: d["items"][0].update(public="ja"), '"items[0].public" skal være true eller false'),
    (lambda d: d["items"][2].update(title=""), '"items[2].title" må ikke være tomt'),
    (lambda d: d["items"][0]["sections"].update(konklusion="x"), '"items[0].sections.konklusion" er ukendt'),
    (lambda d: d["items"][0]["bilag"][0].update(file="filer/mangler.pdf"), '"items[0].bilag[0].file" kan ikke'),
    (lambda d: d["items"][0]["bilag"][1].pop("title"), '"items[0].bilag[1].title" mangler'),
    (lambda d: d.update(items=[]), '"items" er tom'),
])
def test_bad_files_name_the_field_and_write_nothing(store, meeting_file, change, field):
    data = json.loads(meeting_file.read_text(encoding="utf-8"))
    change(data)
    meeting_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError) as exc:
        exchange.import_meeting(store, meeting_file)
    assert field in str(exc.value)
    assert "intet er indlæst" in str(exc.value)
    assert count(store, Meeting) == 0 and count(store, Bilag) == 0 and count(store, Blob) == 0


def test_not_json_and_missing_file(store, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{ikke json", encoding="utf-8")
    with pytest.raises(UserError, match="ikke gyldig JSON"):
        exchange.import_meeting(store, bad)
    with pytest.raises(UserError, match="findes ikke"):
        exchange.import_meeting(store, tmp_path / "nej.json")
