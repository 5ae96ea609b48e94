"""Two processes on one store (issue 12.5, 12.7): the same import run twice at the same moment is stored once
and the loser gets the refusal a second import gets; a store held by another writer gets a Danish message."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kkrdesk.errors import UserError
from kkrdesk.models import Body
from kkrdesk.services import forms
from kkrdesk.store import open_store

MEMBER_LIST = Path(__file__).parents[1] / "members" / "data" / "kkr-hovedstaden-2025-bilag_4400-4422.txt"
ANSWERS = {"status": "gul", "fremdrift": "Forundersøgelsen er i gang", "afvigelser": "Tre måneder forsinket",
           "naeste_milepaele": "Beslutningsgrundlag ultimo 2026", "kkr_handling": "Ja",
           "udfyldt_af": "Anne Hansen, Furesø Kommune", "dato": "15.03.2026"}


def _demo_with_committee(template: Path, db: Path) -> Path:
    """A copy of the demo store with an empty committee to import a member list into."""
    shutil.copyfile(template, db)
    store = open_store(db)
    with store.session() as s:
        s.add(Body(name="Sundhedsudvalget", type="embedsmandsudvalg"))
    store.close()
    return db


def _at_once(tools, *args_list) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen(tools.cmd(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for args in args_list]
    results = []
    for p, args in zip(procs, args_list, strict=True):
        out, err = p.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(args, p.returncode, out, err))
    return results


def test_the_same_member_list_imported_by_two_processes_at_once_is_stored_once(tmp_path, _demo_template, tools):
    for trial in range(3):
        db = _demo_with_committee(_demo_template, tmp_path / f"butik{trial}.sqlite")
        before = tools.counts(db)["membership"]
        args = ("import", "members", str(MEMBER_LIST), "--body", "Sundhedsudvalget", "--db", str(db))
        results = _at_once(tools, args, args)
        for r in results:
            tools.no_traceback(r)
            assert r.returncode == 0, r.stderr
        added = tools.counts(db)["membership"] - before
        assert added == 11, f"forsøg {trial}: {added} udpegninger gemt"  # the list's eleven, once


def _filled_form(store, tmp_path) -> Path:
    src = forms.export_form(store, 1, tmp_path / "skema.xlsx")
    wb = load_workbook(src)
    for name, value in ANSWERS.items():
        sheet, coord = next(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    dst = tmp_path / "udfyldt.xlsx"
    wb.save(dst)
    return dst


def test_the_same_returned_form_imported_by_two_processes_at_once_is_stored_once(tmp_path, demo_store, tools):
    form = _filled_form(demo_store, tmp_path)
    db = str(demo_store)  # a file, or a server's URL in the PostgreSQL pass
    before = tools.counts(db)["report"]
    results = _at_once(tools, ("import", "tovholder-reports", str(form), "--db", db),
                       ("import", "tovholder-reports", str(form), "--db", db))
    for r in results:
        tools.no_traceback(r)
    assert sorted(r.returncode for r in results) == [0, 1]
    loser = next(r for r in results if r.returncode == 1)
    assert "allerede indlæst" in loser.stderr  # the refusal a second import one after the other gets
    assert tools.counts(db)["report"] == before + 1


@pytest.mark.sqlite_only("another connection's BEGIN IMMEDIATE; a server's writers wait only for the same rows "
                         "(tests/pg: a row held longer than the lock timeout)")
def test_a_store_held_by_another_writer_gets_a_danish_message(demo_store):
    holder = sqlite3.connect(demo_store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writes and does not let go
    try:
        started = time.monotonic()
        with pytest.raises(UserError) as err:
            with demo_store.session() as s:
                s.add(Body(name="Nyt organ", type="andet"))
        assert "optaget" in str(err.value) and "Intet er ændret" in str(err.value)
        assert time.monotonic() - started >= 4  # it waited for the busy timeout first (not a speed assertion)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with demo_store.session() as s:  # and works again once the other writer is done
        s.add(Body(name="Nyt organ", type="andet"))


FIRST = ("Anne", "Bent", "Carla", "Dorte", "Erik", "Frida", "Gustav", "Hanne", "Ida", "Jens", "Karen", "Lars",
         "Mette", "Niels", "Olga", "Poul", "Rikke", "Søren", "Tove", "Ulla", "Vagn", "Yrsa", "Åse", "Ørjan")
LAST = ("Andersen", "Bruun", "Christensen", "Dahl", "Eriksen", "Frost", "Gade", "Holm", "Iversen", "Juhl", "Krog",
        "Lund", "Mogensen", "Nørgaard", "Olsen", "Poulsen", "Qvist", "Riis", "Skov", "Thomsen", "Ulriksen",
        "Vestergaard", "Winther", "Østergaard", "Aagaard")


def _long_member_list(path: Path, n: int) -> Path:
    names = [f"{f} {m} {last}" for f in FIRST for m in FIRST for last in LAST if f != m][:n]
    lines = ["Udvalgets sammensætning:"] + [f"{i}) Direktør {name}, Gentofte" for i, name in enumerate(names, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_kill_during_an_import_stores_all_of_it_or_none(tmp_path, _demo_template, tools):
    import random

    member_list = _long_member_list(tmp_path / "lang-liste.txt", 900)
    rng = random.Random(3)
    outcomes = []
    for trial in range(6):
        db = _demo_with_committee(_demo_template, tmp_path / f"import{trial}.sqlite")
        before = tools.counts(db)["membership"]
        proc = subprocess.Popen(tools.cmd("import", "members", str(member_list), "--body", "Sundhedsudvalget",
                                          "--db", str(db)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 4.0))
        proc.kill()
        proc.wait()
        store = open_store(db)
        try:
            assert store.check().ok
        finally:
            store.close()
        added = tools.counts(db)["membership"] - before
        assert added in (0, 900), added
        outcomes.append(added)
    print("udpegninger efter drabene:", outcomes)


def test_opening_a_store_another_program_holds_exclusively_says_it_is_busy(old_store):
    """An old store (rollback journal, not yet WAL) that another program is writing: not "not a database"."""
    holder = sqlite3.connect(old_store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError) as err:
            open_store(old_store)
        assert "optaget" in str(err.value) and "ikke en SQLite-database" not in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    open_store(old_store).close()  # and opens (and upgrades) once the other program is done


def test_the_same_laptop_meeting_merged_by_two_processes_at_once_lands_once(tmp_path, demo_store, tools):
    from kkrdesk.services import exchange, meetings

    exchange.export_meeting(demo_store, 1, tmp_path / "usb" / "m.json", take_out=True)
    laptop = open_store(tmp_path / "laptop.sqlite")
    local = exchange.import_meeting(laptop, tmp_path / "usb" / "m.json")
    meetings.add_item(laptop, local, "Status på letbanen", section=3)
    back = exchange.export_meeting(laptop, local, tmp_path / "back" / "m.json")
    laptop.close()
    db = str(demo_store)
    before = tools.counts(db)["agenda_item"]
    args = ("import", "meeting", str(back), "--merge", "--db", db)
    results = _at_once(tools, args, args)
    for r in results:
        tools.no_traceback(r)
        assert r.returncode == 0, r.stderr
    assert tools.counts(db)["agenda_item"] == before + 1  # once, not twice
    assert sum("Ingen ændringer" in r.stdout for r in results) == 1  # the second saw the first's merge
