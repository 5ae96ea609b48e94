"""kkrdesk migrate-store (issue 15.3): every row, blob and setting copied to an empty store on the other engine
and back, counts and checksums equal, the search index and the form secret working in the copy; a store that is
not empty is refused untouched."""

from __future__ import annotations

import json
import shutil

from openpyxl import load_workbook

from kkrdesk.cli import main
from kkrdesk.services import bilag, forms, meetings
from kkrdesk.services.search import search
from kkrdesk.store import open_store
from kkrdesk.store.transfer import fingerprint

ANSWERS = {"status": "gul", "fremdrift": "Forundersøgelsen er i gang", "afvigelser": "", "naeste_milepaele": "",
           "kkr_handling": "Nej", "udfyldt_af": "Anne Hansen, Furesø Kommune", "dato": "15.03.2026"}


def _fill(src, dst):
    wb = load_workbook(src)
    for name, value in ANSWERS.items():
        sheet, coord = next(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    wb.save(dst)
    return dst


def _prints(location) -> dict:
    store = open_store(location)
    try:
        with store.engine.connect() as conn:
            return fingerprint(conn)
    finally:
        store.close()


def test_a_store_moves_with_every_row_blob_and_secret(tmp_path, capsys, demo_store):
    item = meetings.item_rows(demo_store, meetings.meeting_rows(demo_store)[0]["id"])[0]["id"]
    pdf = tmp_path / "notat.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% Klimaalliancen notat\n")
    bilag.add_bilag(demo_store, item, pdf, title="Notat om klimaalliancen")
    form = forms.export_form(demo_store, 1, tmp_path / "skema.xlsx")
    forms.import_reports(demo_store, [_fill(form, tmp_path / "svar1.xlsx")])
    second = forms.export_form(demo_store, 2, tmp_path / "skema2.xlsx")  # issued before the move …
    target = tmp_path / "kopi.sqlite"
    assert main(["migrate-store", "--from", str(demo_store), "--to", str(target), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["tables"]["blob"]["rows"] >= 1 and report["tables"]["setting"]["rows"] >= 1
    with demo_store.engine.connect() as conn:
        assert fingerprint(conn) == _prints(target)
    copy = open_store(target)
    try:
        assert any(h["title"] == "Notat om klimaalliancen" for h in search(copy, "klimaalliancen notat"))
        parsed = forms.import_reports(copy, [_fill(second, tmp_path / "svar2.xlsx")])  # … returned after it
        assert not parsed[0].errors
        meetings.create_meeting(copy, "KKR Hovedstaden", "2027-01-20")  # new ids do not collide
    finally:
        copy.close()


def test_a_store_that_is_not_empty_is_refused_untouched(tmp_path, capsys, demo_store, _demo_template):
    target = tmp_path / "fyldt.sqlite"
    shutil.copyfile(_demo_template, target)
    before = _prints(target)
    assert main(["migrate-store", "--from", str(demo_store), "--to", str(target)]) == 1
    assert "ikke tom" in capsys.readouterr().err
    assert _prints(target) == before


def test_round_trip_through_a_server_and_back(tmp_path, capsys, _demo_template, pg_server):
    laptop = tmp_path / "laptop.sqlite"
    shutil.copyfile(_demo_template, laptop)
    server = pg_server.url_for(pg_server.create())
    back = tmp_path / "tilbage.sqlite"
    assert main(["migrate-store", "--from", str(laptop), "--to", server]) == 0
    assert main(["migrate-store", "--from", server, "--to", str(back)]) == 0
    out = capsys.readouterr().out
    assert "alle tabeller ens" in out
    assert _prints(laptop) == _prints(server) == _prints(back)
    shared = open_store(server)
    try:
        assert search(shared, "praksisplan")  # the server's own search index was filled
        meetings.create_meeting(shared, "KKR Hovedstaden", "2027-01-20")  # sequences moved past the copied ids
    finally:
        shared.close()


def test_a_copy_that_differs_is_rolled_back_and_leaves_no_new_file(tmp_path, capsys, monkeypatch):
    from kkrdesk.store import transfer

    source = tmp_path / "kilde.sqlite"
    open_store(source).close()
    calls = []

    def differing(conn):  # the copy reads back one row more than the original had
        calls.append(conn)
        return {"body": {"rows": len(calls), "sha256": "x"}}

    monkeypatch.setattr(transfer, "fingerprint", differing)
    assert main(["migrate-store", "--from", str(source), "--to", str(tmp_path / "kopi.sqlite")]) == 1
    assert "svarer ikke til originalen" in capsys.readouterr().err
    assert not (tmp_path / "kopi.sqlite").exists()
