"""The Sager tab without the CLI: meetings, agenda tree with drag and renumber, item editor, bilag with preview,
file drops, search across meetings, PDF exports on a worker thread, print preview and import."""

import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtPdf import QPdfDocument

from kkrdesk.gui.cases_tab import CasesTab
from kkrdesk.services import meetings


def make_pdf(path, pages=1, text="Bilag"):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for n in range(pages):
        c.drawString(72, 700, f"{text} {n + 1}")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def tab(qtbot, store):
    widget = CasesTab(store)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    mid = widget.new_meeting({"body": "KKR Hovedstaden", "date": "2025-09-17", "location": "Rådhuset"})
    assert mid and widget.meetings.current_row()["id"] == mid
    return widget


def numbers(tab):
    return [(r["number"], r["title"]) for r in tab.items.rows()]


def test_new_meeting_shows_standing_items_grouped_by_section(tab):
    assert numbers(tab) == [("1.1", "Godkendelse af dagsorden"), ("2.1", "Meddelelser"), ("9.1", "Eventuelt")]
    assert tab.items.tree.topLevelItemCount() == 3
    assert tab.items.tree.topLevelItem(0).text(1) == "Afsnit 1"
    assert "17.09.2025" in tab.header.text()


def test_editor_saves_sections_and_marks_closed_items(tab):
    item_id = tab.add_item("Sundhedsreformen")
    assert tab.editor.item_id == item_id
    tab.editor.title.setText("Sundhedsreformen i Østdanmark")
    tab.editor.sections["indstilling"].setPlainText("At KKR tager orienteringen til efterretning.")
    tab.editor.public.setChecked(False)
    assert tab.editor.closed_marker.isVisibleTo(tab.editor)
    assert tab.editor.save()
    detail = meetings.item_detail(tab.store, item_id)
    assert detail["title"] == "Sundhedsreformen i Østdanmark" and detail["public"] is False
    assert detail["sections"]["indstilling"].startswith("At KKR")
    node = next(n for n in tab.items._item_nodes() if n.data(0, Qt.ItemDataRole.UserRole + 10) == item_id)
    assert node.text(3) == "Lukket" and node.foreground(3).color().name() == "#c62828"
    tab.editor.advance()
    assert meetings.item_detail(tab.store, item_id)["status"] == "klar"


def test_drag_to_another_section_renumbers(tab):
    a = tab.add_item("A")
    b = tab.add_item("B")
    assert numbers(tab)[2:4] == [("3.1", "A"), ("3.2", "B")]
    tree = tab.items.tree
    # Simulate the result of a drag: B taken from section 3 and dropped first in section 2 (Meddelelser).
    section3 = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                    if tree.topLevelItem(i).text(0) == "3")
    node_b = section3.takeChild(1)
    tree.topLevelItem(1).insertChild(0, node_b)
    tree.moved.emit()
    assert numbers(tab)[:4] == [("1.1", "Godkendelse af dagsorden"), ("2.1", "B"), ("2.2", "Meddelelser"),
                                ("3.1", "A")]
    assert tab.items.current_id() in (None, a, b)


def test_files_dropped_on_an_item_become_bilag_with_preview(tab, tmp_path, qtbot):
    item_id = tab.add_item("Sag med bilag")
    pdf = make_pdf(tmp_path / "aktivitetsplan.pdf", 3)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    tree = tab.items.tree
    node = next(n for n in tab.items._item_nodes() if n.data(0, Qt.ItemDataRole.UserRole + 10) == item_id)
    pos = QPointF(tree.visualItemRect(node).center())
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(event)
    rows = meetings.bilag_rows(tab.store, item_id)
    assert [(r["title"], r["pages"]) for r in rows] == [("aktivitetsplan", 3)]
    assert tab.detail_tabs.currentWidget() is tab.bilag
    tab.bilag.table.select_id(rows[0]["id"])
    qtbot.waitUntil(lambda: tab.bilag.document.status() == QPdfDocument.Status.Ready)
    assert tab.bilag.document.pageCount() == 3
    assert tab.bilag.preview.currentWidget() is tab.bilag.pdf_view


def test_search_across_meetings_opens_the_hit(qtbot, tab, store):
    other = meetings.create_meeting(store, "K29", "2025-09-03")
    item_id = meetings.add_item(store, other, "Klimaalliancen", resume="Økonomien i Klimaalliancen")
    tab.search_edit.setText("klimaall")
    hits = tab._hits
    assert [h["item_id"] for h in hits] == [item_id]
    assert tab.search_results.isVisibleTo(tab)
    tab.open_hit(hits[0])
    assert tab.meetings.current_row()["id"] == other and tab.items.current_id() == item_id
    tab.search_edit.setText("")
    assert not tab.search_results.isVisibleTo(tab)
    tab.search_edit.setText("klimaall")
    tab.search_edit.setFocus()
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Escape)  # Esc empties the search and the results go
    assert tab.search_edit.text() == "" and not tab.search_results.isVisibleTo(tab)


def test_enter_or_down_in_the_search_opens_the_best_hit_from_the_list(qtbot, tab, store):
    from PySide6.QtWidgets import QApplication

    other = meetings.create_meeting(store, "K29", "2025-09-03")
    item_id = meetings.add_item(store, other, "Klimaalliancen", resume="Økonomien i Klimaalliancen")
    tab.search_edit.setFocus()
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)  # nothing found yet: nothing happens
    assert QApplication.focusWidget() is tab.search_edit
    tab.search_edit.setText("klimaall")
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert tab.meetings.current_row()["id"] == other and tab.items.current_id() == item_id
    assert QApplication.focusWidget() is tab.search_results.view
    tab.search_edit.setFocus()
    tab.search_results.view.setCurrentIndex(tab.search_results.proxy.index(-1, -1))
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is tab.search_results.view
    assert tab.search_results.current_row()["item_id"] == item_id


def test_a_search_hit_shows_the_words_found_when_pointed_at(tab, store):
    """The list makes no snippets while the user types (half the query's time); the title's tooltip makes the
    one for the hit pointed at, on either engine."""
    other = meetings.create_meeting(store, "K29", "2025-09-03")
    meetings.add_item(store, other, "Mobilitet", resume="Økonomien i Klimaalliancen skal tilpasses i 2026")
    tab.search_edit.setText("klimaall")
    assert tab._hits and all(h["snippet"] is None for h in tab._hits)
    model = tab.search_results.model
    title_col = next(n for n, c in enumerate(model.columns) if c.key == "shown_title")
    tip = model.data(model.index(0, title_col), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Mobilitet\n\n") and "[Klimaalliancen]" in tip
    date_col = next(n for n, c in enumerate(model.columns) if c.key == "date")
    assert model.data(model.index(0, date_col), Qt.ItemDataRole.ToolTipRole) is None


def test_a_busy_store_under_the_pointer_gives_the_title_not_an_error(tab, store, monkeypatch):
    from kkrdesk.errors import UserError
    from kkrdesk.services import search

    meetings.add_item(store, tab.meetings.current_row()["id"], "Mobilitet", resume="Klimaalliancen")
    tab.search_edit.setText("klimaall")

    def busy(*_args):
        raise UserError("Databasen er optaget af et andet program.")

    monkeypatch.setattr(search, "snippet", busy)
    model = tab.search_results.model
    title_col = next(n for n, c in enumerate(model.columns) if c.key == "shown_title")
    assert model.data(model.index(0, title_col), Qt.ItemDataRole.ToolTipRole) == "Mobilitet"
    monkeypatch.undo()  # the next hover asks again, and gets the snippet
    assert "[Klimaalliancen]" in model.data(model.index(0, title_col), Qt.ItemDataRole.ToolTipRole)


def test_painting_the_results_ahead_leaves_them_hidden_and_empty(tab, store):
    from kkrdesk.services import search

    meetings.add_item(store, tab.meetings.current_row()["id"], "Klimaalliancen", resume="Økonomien")
    hits = search.search(store, "k", limit=5, snippets=False)
    assert hits
    tab.prime_search(hits)
    assert not tab.search_results.isVisibleTo(tab) and tab._hits == []
    assert tab.search_results.model.rowCount() == 0 and tab.search_results.count.text() == "0 rækker"
    tab.search_edit.setText("klima")
    shown = [h["id"] for h in tab._hits]
    tab.prime_search(hits)  # while the user searches it does nothing
    assert [h["id"] for h in tab._hits] == shown and tab.search_results.isVisibleTo(tab)


@pytest.mark.parametrize("kind", ["agenda", "packet", "minutes"])
def test_export_runs_on_a_worker_thread(tab, tmp_path, qtbot, kind):
    item_id = tab.add_item("Lukket personsag")
    meetings.update_item(tab.store, item_id, public=False, resume="Fortroligt indhold")
    out = tmp_path / f"{kind}.pdf"
    job = tab.export(kind, True, out)
    qtbot.waitUntil(lambda: job.result is not None or job.error is not None, timeout=20000)
    assert job.error is None and out.exists()
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Lukket punkt" in text and "Fortroligt" not in text and "personsag" not in text


def test_print_preview_paints_every_page(tab, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from kkrdesk.gui.cases.printing import paint_pdf

    dialog = tab.print_preview("agenda", show=False)
    assert dialog is not None and dialog.document.pageCount() >= 1
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "print.pdf"))
    assert paint_pdf(dialog.document, printer) == dialog.document.pageCount()
    assert len(PdfReader(tmp_path / "print.pdf").pages) == dialog.document.pageCount()


def test_print_previews_stay_in_one_private_folder_that_is_removed(tab):
    from pathlib import Path

    tab.print_preview("agenda", show=False)
    tab.print_preview("minutes", show=False)
    folder = Path(tab._print_dir.name)
    assert sorted(p.name for p in folder.iterdir()) == ["agenda.pdf", "minutes.pdf"]
    tab._print_dir.cleanup()
    assert not folder.exists()


def test_print_preview_of_the_bundle_builds_it_off_the_gui_thread(tab, qtbot):
    job = tab.print_preview("packet", show=False)
    qtbot.waitUntil(lambda: tab.last_preview is not None or job.error is not None, timeout=20000)
    assert job.error is None and tab.last_preview.document.pageCount() >= 1


def test_import_file_selects_the_new_meeting(tab, tmp_path):
    data = {"format": "kkrdesk-meeting/1", "body": "EKI", "title": "Møde i EKI", "date": "2025-08-20",
            "items": [{"number": "2.1", "title": "Strategi", "type": "Beslutningssag", "public": True}]}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    meeting_id = tab.import_file(path, confirm=False)
    assert tab.meetings.current_row()["id"] == meeting_id
    assert numbers(tab) == [("2.1", "Strategi")]


def test_demo_store_tab_has_rows(qtbot, demo_store):
    widget = CasesTab(demo_store)
    qtbot.addWidget(widget)
    assert widget.table.model().rowCount() >= 3
    assert widget.items.model.rowCount() > 0


def test_no_meeting_chosen_leaves_no_stale_status_or_type(tab):
    assert tab.editor.type.currentText() and tab.state.currentText()
    tab.meetings.view.clearSelection()
    tab.meetings.view.setCurrentIndex(tab.meetings.proxy.index(-1, 0))
    assert tab.header.text() == "Vælg eller opret et møde"
    assert tab.state.currentText() == ""
    assert tab.editor.type.currentText() == "" and tab.editor.status.currentText() == ""


def test_keyboard_on_the_agenda_and_in_the_editor(tab, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    before = len(tab.items.rows())
    tab.items.tree.setFocus()
    qtbot.keyClick(tab.items.tree, Qt.Key.Key_Insert)
    assert len(tab.items.rows()) == before + 1
    new_id = tab.items.current_id()
    tab.editor.title.setText("Regional udviklingsstrategi")
    qtbot.keyClick(tab.editor.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert meetings.item_detail(tab.store, new_id)["title"] == "Regional udviklingsstrategi"
    tab.items.select_id(new_id)
    position = [r["id"] for r in tab.items.rows()].index(new_id)
    tab.items.tree.setFocus()
    qtbot.keyClick(tab.items.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [r["id"] for r in tab.items.rows()].index(new_id) == position - 1
    tab.detail_tabs.setCurrentWidget(tab.bilag)
    qtbot.keyClick(tab.items.tree, Qt.Key.Key_F2)
    assert tab.detail_tabs.currentWidget() is tab.editor and tab.editor.title.hasFocus()
    tab.items.tree.setFocus()
    qtbot.keyClick(tab.items.tree, Qt.Key.Key_Delete)
    assert new_id not in [r["id"] for r in tab.items.rows()]
    assert "(Ins)" in tab.item_buttons["add"].toolTip() or "Insert" in tab.item_buttons["add"].toolTip()


def test_a_word_bilag_is_previewed_off_the_gui_thread(tab, tmp_path, qtbot, monkeypatch):
    """Converting a docx takes LibreOffice seconds: the preview says so and shows the pages when they come."""
    import threading

    from kkrdesk.services import bilag as bilag_service
    from kkrdesk.services import bilag_files

    release = threading.Event()

    def slow_convert(exe, data, filename):
        release.wait(10)  # stands in for soffice; the GUI thread must not be the one waiting here
        return make_pdf(tmp_path / "konverteret.pdf", 2).read_bytes()

    monkeypatch.setattr(bilag_service, "soffice_available", lambda: True)
    monkeypatch.setattr(bilag_files.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(bilag_files, "_run_soffice", slow_convert)
    item_id = tab.add_item("Sag med Word-bilag")
    docx = tmp_path / "notat.docx"
    docx.write_bytes(b"PK\x03\x04 et Word-dokument")
    bilag_service.add_files(tab.store, item_id, [docx])
    tab.refresh(frozenset({"bilag"}))
    tab.items.select_id(item_id)
    tab.bilag.table.select_id(meetings.bilag_rows(tab.store, item_id)[0]["id"])
    assert "LibreOffice gør notat.docx klar" in tab.bilag.no_preview.text()
    assert tab.bilag.preview.currentWidget() is tab.bilag.no_preview
    release.set()
    qtbot.waitUntil(lambda: tab.bilag.preview.currentWidget() is tab.bilag.pdf_view)
    assert tab.bilag.document.pageCount() == 2


def test_the_same_file_is_converted_once(monkeypatch):
    from kkrdesk.services import bilag_files

    calls = []
    monkeypatch.setattr(bilag_files.shutil, "which", lambda name: "/usr/bin/soffice")
    monkeypatch.setattr(bilag_files, "_run_soffice", lambda exe, data, name: calls.append(name) or b"%PDF-1.4")
    data = b"PK\x03\x04 unikt indhold til cachetest"
    assert bilag_files.convert_with_soffice(data, "a.docx") == b"%PDF-1.4"
    assert bilag_files.convert_with_soffice(data, "kopi.docx") == b"%PDF-1.4"
    assert calls == ["a.docx"]


def test_a_change_reloads_only_the_tables_that_show_it(tab, store):
    """An item's new title reloads the agenda (and the bilag, whose numbers follow the item) but not the list of
    meetings; a new item changes the meeting's item count, so that list reloads too."""
    loads = {"meetings": 0}
    tab.meetings._model.modelReset.connect(lambda: loads.__setitem__("meetings", loads["meetings"] + 1))
    mid = tab.meetings.current_row()["id"]
    item_id = meetings.add_item(store, mid, "Første titel")
    tab.refresh(frozenset({"items", "meetings"}))
    assert loads["meetings"] == 1 and tab.meetings.current_row()["items"] == len(tab.items.rows())
    meetings.update_item(store, item_id, title="Ny titel")
    tab.refresh(frozenset({"items"}))
    assert loads["meetings"] == 1
    assert "Ny titel" in [r["title"] for r in tab.items.rows()]


def test_bilag_pane_groups_its_commands_and_keeps_them_on_the_keyboard(tab, tmp_path, qtbot, monkeypatch):
    """Issue 13 item 11: two everyday buttons and "Mere" instead of eight equal ones; every command is also on
    the list's context menu, and Ins, F2, Del and Alt+Op/Ned work on the list."""
    from PySide6.QtWidgets import QAbstractButton, QMessageBox

    from kkrdesk.gui.cases.bilag_panel import BilagPanel

    panel: BilagPanel = tab.bilag
    item_id = tab.add_item("Sag med bilag")
    assert panel.item_id == item_id
    panel.add_files([make_pdf(tmp_path / "a.pdf"), make_pdf(tmp_path / "b.pdf")])
    tab.detail_tabs.setCurrentWidget(panel)
    visible = [b.text() for b in panel.findChildren(QAbstractButton) if b.isVisibleTo(panel) and b.text()]
    assert visible == ["Tilføj bilag …", "Ret bilag …", "Mere"]
    menu = [a.text() for a in panel.more_menu.actions() if not a.isSeparator()]
    assert menu == ["Ny version …", "Skift åben/lukket", "Flyt op", "Flyt ned", "Gem fil som …", "Slet bilag",
                    "Kolonner"]
    view = panel.table.view
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    in_context = {a.text() for a in view.actions() if not a.isSeparator()}
    assert in_context == {a.text() for a in panel.actions.values()}  # every command, by mouse or Menu key
    ids = [r["id"] for r in meetings.bilag_rows(tab.store, item_id)]
    panel.table.select_id(ids[1])
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [r["id"] for r in meetings.bilag_rows(tab.store, item_id)] == [ids[1], ids[0]]
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes)
    panel.table.select_id(ids[0])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked and asked[0].startswith("Slet bilag ")
    assert [r["id"] for r in meetings.bilag_rows(tab.store, item_id)] == [ids[1]]
    assert panel.shortcuts["edit"].key().toString() == "F2" and "(F2)" in panel.actions["edit"].toolTip()
    assert panel.shortcuts["add"].context() == Qt.ShortcutContext.WidgetShortcut
