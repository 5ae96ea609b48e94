"""Issue 16 in the window: "Indsæt sammensætning …" on the Pladser page previews, warns, adds, and undoes."""

from __future__ import annotations

from kkrdesk.gui.bodies.seat_import_dialog import SeatImportDialog
from kkrdesk.gui.bodies_tab import BodiesTab
from kkrdesk.models import Body, Seat
from kkrdesk.services.listing import find_body

TEXT = """Bestyrelser består af 11 medlemmer, herunder 1 formand, og 1 observatør:
\uf0b7 1 formand, der udpeges af KKR, som skal være folkevalgt
\uf0b7 3 medlemmer, der udpeges af KKR blandt kommunale politiske repræsentanter,
\uf0b7 4 medlemmer, der udpeges af KKR blandt virksomhedsrepræsentanter, efter indstilling fra
erhvervsorganisationer,
\uf0b7 1 observatør fra Erhvervsministeriet.
"""


def make_store(store):
    store.enable_undo()  # as the window opens it
    with store.session() as s:
        s.add(Body(name="Erhvervshus Hovedstaden – bestyrelse", short_name="Erhvervshus", type="bestyrelse"))
    return store


def seats(store):
    with store.session() as s:
        return s.query(Seat).count()


def test_dialog_previews_warns_and_adds_once(qtbot, store):
    make_store(store)
    dialog = SeatImportDialog(store, "Erhvervshus Hovedstaden – bestyrelse")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.set_text(TEXT)
    assert dialog.preview.rowCount() == 4
    assert [dialog.preview.item(r, 2).text() for r in range(4)] == ["formand", "medlem", "medlem", "observatør"]
    assert dialog.preview.item(2, 4).text() == "erhvervsorganisationer"
    assert dialog.preview.item(3, 6).text() == "nej"
    assert "Listen giver 9 pladser, 8 med stemmeret" in dialog.sum_label.text()
    assert "9 med observatører og 8 uden" in dialog.status.text()  # 11 stated: the secretary sees it
    assert seats(store) == 0  # the preview wrote nothing
    dialog.do_import()
    assert dialog.result() == 1 and dialog.report.added == 4 and seats(store) == 4
    again = SeatImportDialog(store, "Erhvervshus Hovedstaden – bestyrelse")
    qtbot.addWidget(again)
    again.set_text(TEXT)
    assert not again.ok_button.isEnabled() and "4 har organet allerede" in again.sum_label.text()


def test_dialog_blocks_an_unreadable_line(qtbot, store):
    make_store(store)
    dialog = SeatImportDialog(store, "Erhvervshus")
    qtbot.addWidget(dialog)
    dialog.set_text("Bestyrelsen består af 3 medlemmer:\nhvem ved\n")
    assert not dialog.ok_button.isEnabled()
    assert "Linje 2 kan ikke læses" in dialog.status.text() and dialog.preview.rowCount() == 0


def test_pladser_page_action_adds_seats_that_show_vacant_and_undo_removes_them(qtbot, store):
    make_store(store)
    tab = BodiesTab(store)
    qtbot.addWidget(tab)
    store.subscribe(tab.refresh)
    with store.session() as s:
        tab.select_body(find_body(s, "Erhvervshus").id)
    tab.detail_tabs.setCurrentWidget(tab.seats)
    assert tab.edit_buttons["import_seats"].isEnabled()
    tab.edit_actions["import_seats"].trigger()
    dialog = tab.dialog
    assert isinstance(dialog, SeatImportDialog)
    dialog.set_text(TEXT)
    dialog.ok_button.click()
    assert tab.seats.model.rowCount() == 4
    assert tab.seats.model.rows()[0]["vacant"] == 1  # the composition check sees them as any other seats
    assert any("ledige" in tab.warnings.item(i).text() for i in range(tab.warnings.count()))
    store.undo()
    assert seats(store) == 0
