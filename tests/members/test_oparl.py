"""The OParl 1.1 export validates against the OParl 1.1.1 schemas (copied into tests/data with their licence)
and never carries a closed item or a closed bilag."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from kkrdesk.exports.oparl import build_oparl, export_oparl
from kkrdesk.models import AgendaItem, Bilag, Blob, Body, Meeting

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "oparl-1.1.1-schema"
TYPES = {"body": "Body", "organization": "Organization", "person": "Person", "membership": "Membership",
         "meeting": "Meeting", "agendaitem": "AgendaItem", "file": "File"}
# Objects OParl embeds inside others: validate them against their own schema too.
EMBEDDED = {"Person": {"membership": "Membership"}, "Meeting": {"agendaItem": "AgendaItem"},
            "AgendaItem": {"auxiliaryFile": "File"}, "Body": {"legislativeTerm": "LegislativeTerm"}}


def validator(name: str) -> Draft7Validator:
    return Draft7Validator(json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8")))


def check(obj: dict, name: str) -> int:
    errors = [f"{name} {obj.get('id')}: {e.message}" for e in validator(name).iter_errors(obj)]
    assert errors == []
    assert obj["type"] == f"https://schema.oparl.org/1.1/{name}"
    checked = 1
    for key, inner in EMBEDDED.get(name, {}).items():
        for child in obj.get(key, []):
            checked += check(child, inner)
    return checked


@pytest.fixture
def store_with_closed_things(demo_store):
    with demo_store.session() as s:
        body = s.query(Body).filter_by(short_name="K29").one()
        meeting = Meeting(body=body, title="K29 møde", date=dt.date(2025, 3, 3), start="09:00", end="11:00",
                          location="KL-huset")
        data = b"%PDF-1.4 offentligt"
        blob = Blob(sha256=hashlib.sha256(data).hexdigest(), filename="bilag.pdf", mime="application/pdf",
                    size=len(data), data=data)
        secret = b"%PDF-1.4 fortroligt"
        secret_blob = Blob(sha256=hashlib.sha256(secret).hexdigest(), filename="hemmelig.pdf",
                           mime="application/pdf", size=len(secret), data=secret)
        open_item = AgendaItem(number="1.1", position=0, title="Åbent punkt om trafik", public=True,
                               beslutning="Godkendt.")
        open_item.bilag += [Bilag(position=0, title="Offentligt notat", blob=blob),
                            Bilag(position=1, title="FORTROLIGT BILAG X", public=False, blob=secret_blob)]
        closed_item = AgendaItem(number="1.2", position=1, title="LUKKET PUNKT PERSONSAG", public=False)
        closed_item.bilag.append(Bilag(position=0, title="LUKKET BILAG Y", blob=blob))
        meeting.items += [open_item, closed_item]
        s.add(meeting)
    return demo_store


def test_export_validates_against_the_oparl_schemas(store_with_closed_things, tmp_path):
    tmp_path = tmp_path / "oparl"
    counts = export_oparl(store_with_closed_things, tmp_path)
    # the demo's typeset bilag are public files too, besides the open bilag made above
    assert counts["file"] == len(_public_file_ids(store_with_closed_things)) and counts["membership"] >= 60
    checked = check(json.loads((tmp_path / "system.json").read_text(encoding="utf-8")), "System")
    for kind, name in TYPES.items():
        page = json.loads((tmp_path / f"{kind}.json").read_text(encoding="utf-8"))
        assert page["pagination"]["totalElements"] == len(page["data"])
        for obj in page["data"]:
            checked += check(obj, name)
    assert checked > 300


def test_closed_items_and_bilag_never_exported(store_with_closed_things, tmp_path):
    out = tmp_path / "oparl"  # not tmp_path itself: the store file lives there
    export_oparl(store_with_closed_things, out)
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    assert "Åbent punkt om trafik" in everything and "Offentligt notat" in everything
    for secret in ("LUKKET PUNKT PERSONSAG", "LUKKET BILAG Y", "FORTROLIGT BILAG X", "fortroligt", "hemmelig"):
        assert secret not in everything
    exported = {int(p.name.split("-", 1)[0]) for p in (out / "files").iterdir()}
    assert _public_bilag_id(store_with_closed_things) in exported
    assert exported == _public_file_ids(store_with_closed_things)


def _public_file_ids(store) -> set[int]:
    """Bilag with a file that may be published: open bilag on open items."""
    with store.session() as s:
        return {b.id for b in s.query(Bilag).all() if b.blob_id and b.public and b.item.public}


def _public_bilag_id(store) -> int:
    with store.session() as s:
        return s.query(Bilag).filter_by(title="Offentligt notat").one().id


def test_ids_are_stable_urls_and_references_resolve(demo_store):
    first = build_oparl(demo_store, "https://kkr.example/oparl")
    second = build_oparl(demo_store, "https://kkr.example/oparl")
    assert first["organization"] == second["organization"] and first["person"] == second["person"]
    ids = {o["id"] for kind in TYPES for o in first[kind]}
    assert all(i.startswith("https://kkr.example/oparl/") for i in ids)
    for m in first["membership"]:
        assert m["person"] in ids and m["organization"] in ids
        assert m.get("onBehalfOf", m["organization"]) in ids
    kkr = next(o for o in first["organization"] if o["name"] == "K29")
    assert kkr["subOrganizationOf"] in ids


def test_no_contact_details_leave_the_program(demo_store):
    from kkrdesk.models import Person

    with demo_store.session() as s:
        p = s.query(Person).first()
        p.email, p.phone = "privat@example.dk", "12345678"
    data = build_oparl(demo_store)
    assert "privat@example.dk" not in json.dumps(data, default=str)


def test_an_export_that_fails_midway_leaves_the_folder_as_it_was(store_with_closed_things, tmp_path, monkeypatch):
    """A full disk or a kill while the files are written: nothing half-made reaches the folder (the old export
    wrote file after file into it)."""
    import errno
    import os

    from kkrdesk.errors import UserError

    out = tmp_path / "oparl"
    export_oparl(store_with_closed_things, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with store_with_closed_things.session() as s:
        s.query(Meeting).first().title = "Ændret efter første eksport"
    real_write = type(out).write_bytes

    def full(self, data):
        if self.parent.name == "files" and len(list(self.parent.iterdir())) >= 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(self, data)

    monkeypatch.setattr(type(out), "write_bytes", full)
    with pytest.raises(UserError, match="disken er fuld.*Mappen er som før"):
        export_oparl(store_with_closed_things, out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # the meeting's new title is in no file, and no temporary folder is left
    monkeypatch.undo()
    export_oparl(store_with_closed_things, out)
    assert "Ændret efter første eksport" in (out / "meeting.json").read_text(encoding="utf-8")
