"""The store makes its engine when first needed (issue 14, start-up): the window's first paint reads with sqlite3
and imports neither SQLAlchemy nor the models; what it reads is what the engine reads; undo turned on before the
engine exists still records every change; the warm-up after the first paint makes the engine off the GUI thread."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from kkrdesk.services import agenda_rows, meetings
from kkrdesk.store import open_store


def _agenda_reads(store) -> dict:
    first = agenda_rows.meeting_rows(store)[0]["id"]
    items = agenda_rows.item_rows(store, first)
    with_bilag = next(i for i in items if i["bilag"])
    return {"meetings": agenda_rows.meeting_rows(store), "items": items,
            "detail": [agenda_rows.item_detail(store, i["id"]) for i in items],
            "route": [agenda_rows.route(store, i["id"]) for i in items],
            "types": agenda_rows.item_types(store, first),
            "bilag": agenda_rows.bilag_rows(store, with_bilag["id"])}


@pytest.mark.sqlite_only
def test_a_current_store_opens_without_an_engine_and_reads_the_same_before_and_after(demo_store):
    lazy = open_store(demo_store.path)
    try:
        assert lazy._engine is None
        before = _agenda_reads(lazy)
        assert lazy._engine is None  # the reads above went through sqlite3
        lazy.warm_up()
        assert lazy._engine is not None
        after = _agenda_reads(lazy)
    finally:
        lazy.close()
    assert before == after
    assert before["items"] and before["bilag"] and all(isinstance(i["public"], bool) for i in before["items"])


def test_the_plain_reads_match_what_the_models_say(demo_store):
    meeting_id = agenda_rows.meeting_rows(demo_store)[0]["id"]
    from kkrdesk.models import AgendaItem

    with demo_store.session() as s:
        expected = {i.id: (i.number, i.title, i.public, len(i.bilag), [b.title for b in i.bilag])
                    for i in s.query(AgendaItem).filter_by(meeting_id=meeting_id)}
    got = {i["id"]: (i["number"], i["title"], i["public"], i["bilag"],
                     [b["title"] for b in agenda_rows.bilag_rows(demo_store, i["id"])])
           for i in agenda_rows.item_rows(demo_store, meeting_id)}
    assert got == expected and got


@pytest.mark.sqlite_only
def test_undo_turned_on_before_the_engine_exists_still_undoes(demo_store):
    lazy = open_store(demo_store.path)
    try:
        lazy.enable_undo()
        assert lazy._engine is None
        item = agenda_rows.item_rows(lazy, agenda_rows.meeting_rows(lazy)[0]["id"])[0]
        meetings.update_item(lazy, item["id"], title="Ny titel fra testen")
        assert agenda_rows.item_detail(lazy, item["id"])["title"] == "Ny titel fra testen"
        lazy.undo()
        assert agenda_rows.item_detail(lazy, item["id"])["title"] == item["title"]
    finally:
        lazy.close()


@pytest.mark.sqlite_only
def test_missing_rows_say_so_in_danish(demo_store):
    from kkrdesk.errors import UserError

    with pytest.raises(UserError, match="findes ikke"):
        agenda_rows.item_detail(demo_store, 99999)
    with pytest.raises(UserError, match="findes ikke"):
        agenda_rows.item_types(demo_store, 99999)
    assert agenda_rows.bilag_rows(demo_store, 99999) == []


@pytest.mark.sqlite_only
def test_the_window_shows_data_before_sqlalchemy_is_imported_and_edits_after_the_warm_up(demo_store, tmp_path):
    code = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["KKRDESK_SETTINGS"] = {str(tmp_path / "settings.ini")!r}
        from kkrdesk.gui.app import make_app
        app = make_app()
        print("guipool", os.environ.get("QT_NO_GUI_THREADPOOL"))  # fills stay on the GUI thread (gui/app.py)
        from kkrdesk.gui.main_window import MainWindow
        from kkrdesk.store import open_store
        window = MainWindow(); window.show(); app.processEvents()
        window.set_store(open_store({str(demo_store.path)!r})); app.processEvents()
        tab = window.cases  # only Sager: the other tabs are built when first shown
        print("meetings", tab.meetings.model.rowCount(), "title", tab.editor.title.text() != "")
        print("sqlalchemy", any(m.startswith("sqlalchemy") for m in sys.modules), "models" ,
              "kkrdesk.models" in sys.modules)
        got = []
        window.warmed.connect(lambda hits: got.append(len(hits)))
        window.warm_up_in_background().join(); app.processEvents()
        print("warmed", got)  # a search ahead, handed to the GUI thread to paint the results list once
        print("engine", window.store._engine is not None)
        tab.editor.title.setText("Rettet efter opvarmning"); tab.editor.save()
        print("saved", tab.editor.title.text())
        window.store.undo(); tab.editor.load(tab.editor.item_id)
        print("undone", tab.editor.title.text() != "Rettet efter opvarmning")
        window.close()
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout.split()
    assert out[out.index("meetings") + 1] != "0" and out[out.index("title") + 1] == "True"
    assert out[out.index("sqlalchemy") + 1] == "False" and out[out.index("models") + 1] == "False"
    assert out[out.index("engine") + 1] == "True" and out[out.index("guipool") + 1] == "1"
    assert "warmed [5]" in done.stdout
    assert "Rettet" in done.stdout and out[out.index("undone") + 1] == "True"


@pytest.mark.sqlite_only
def test_edits_while_the_warm_up_runs_are_all_kept_and_undoable(demo_store):
    import threading

    lazy = open_store(demo_store.path)
    try:
        lazy.enable_undo()
        item = agenda_rows.item_rows(lazy, agenda_rows.meeting_rows(lazy)[0]["id"])[0]
        warm = threading.Thread(target=lazy.warm_up)
        warm.start()
        for n in range(10):  # the first ones race the engine's making on the other thread
            meetings.update_item(lazy, item["id"], title=f"Titel {n}")
        warm.join()
        assert agenda_rows.item_detail(lazy, item["id"])["title"] == "Titel 9"
        for _ in range(10):
            lazy.undo()
        assert agenda_rows.item_detail(lazy, item["id"])["title"] == item["title"]
    finally:
        lazy.close()
