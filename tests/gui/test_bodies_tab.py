"""Organer og medlemmer tab: body tree, seats, members on a date, history, persons, warnings, paste import."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from kkrdesk.gui.bodies.import_dialog import MemberImportDialog
from kkrdesk.gui.bodies_tab import BodiesTab
from kkrdesk.models import Body, Membership
from kkrdesk.services import members
from kkrdesk.services.listing import find_body

VUB = "Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse"


def body_id(store, name):
    with store.session() as s:
        return find_body(s, name).id


def tree_names(item):
    return [item.child(i).text(0) for i in range(item.childCount())]


def test_tree_nests_bodies_and_shows_seats_members_and_warnings(qtbot, demo_store):
    tab = BodiesTab(demo_store)
    qtbot.addWidget(tab)
    assert tab.table.model().rowCount() >= 8
    top = {tab.tree.topLevelItem(i).text(0): tab.tree.topLevelItem(i) for i in range(tab.tree.topLevelItemCount())}
    assert "K29" in tree_names(top["KKR Hovedstaden"]) and "K29" not in top
    tab.date.setDate(QDate(2025, 11, 1))
    assert tab.select_body(body_id(demo_store, VUB))
    assert tab.heading.text() == VUB
    assert tab.members.model.rowCount() == 17
    roles = [tab.members.model.row(r)["role"] for r in range(tab.members.model.rowCount())]
    assert roles[0] == "formand" and roles[-1] == "sekretariat"
    seat_rows = [tab.seats.model.row(r) for r in range(tab.seats.model.rowCount())]
    seats = {row["role"]: row["vacant"] for row in seat_rows}
    assert seats == {"formand": 0, "medlem": 0, "indsuppleret medlem": 0}
    warnings = [tab.warnings.item(i).text() for i in range(tab.warnings.count())]
    assert any("Valgperioden udløber 31. december 2025" in w for w in warnings)
    assert "14 af 14 pladser besat" in tab.summary.text()


def test_date_picker_shows_the_composition_on_a_past_date(qtbot, store):
    with store.session() as s:
        body = Body(name="Styregruppe X", type="styregruppe")
        old = members.get_or_create_person(s, "Gammel Formand", "Ballerup")
        new = members.get_or_create_person(s, "Ny Formand", "Herlev")
        s.add_all([Membership(person=old, body=body, role="formand", start=dt.date(2020, 1, 1),
                              end=dt.date(2021, 12, 31)),
                   Membership(person=new, body=body, role="formand", start=dt.date(2022, 1, 1))])
    tab = BodiesTab(store)
    qtbot.addWidget(tab)
    tab.select_body(body_id(store, "Styregruppe X"))
    tab.date.setDate(QDate(2021, 6, 1))
    assert [tab.members.model.row(r)["name"] for r in range(tab.members.model.rowCount())] == ["Gammel Formand"]
    tab.date.setDate(QDate(2023, 6, 1))
    assert [tab.members.model.row(r)["name"] for r in range(tab.members.model.rowCount())] == ["Ny Formand"]
    assert tab.history.model.rowCount() == 2


def test_person_view_lists_every_body(qtbot, demo_store):
    tab = BodiesTab(demo_store)
    qtbot.addWidget(tab)
    tab.show()  # as in the window: hidden pages load when shown
    tab.pages.setCurrentIndex(1)
    tab.persons.filter.setText("David Meinke")
    tab.persons.view.selectRow(0)
    bodies = {tab.person_bodies.model.row(r)["body"] for r in range(tab.person_bodies.model.rowCount())}
    assert len(bodies) >= 2
    assert tab.overview.model.rowCount() > 50 and tab.all_warnings.model.rowCount() > 0


def test_paste_import_dialog_previews_then_imports(qtbot, store):
    with store.session() as s:
        s.add(Body(name="Embedsmandsudvalget for Sundhed", short_name="Sundhed", type="embedsmandsudvalg"))
    tab = BodiesTab(store)
    qtbot.addWidget(tab)
    store.subscribe(tab.refresh)
    dialog = MemberImportDialog(store, ["Embedsmandsudvalget for Sundhed"], "Embedsmandsudvalget for Sundhed")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.set_text("Udvalgets sammensætning:\n"
                    "1) Direktør Stella Hansen, Helsingør (formand)\n"
                    "2) Direktør Helene B. Rasmussen, Gentofte (næstformand)\n"
                    "KKR-sekretariat:\n"
                    "– Søren Sandahl, konsulent, KL, KKR Hovedstaden\n")
    assert dialog.preview.rowCount() == 3
    assert [dialog.preview.item(r, 4).text() for r in range(3)] == ["formand", "næstformand", "sekretariat"]
    assert dialog.ok_button.isEnabled() and "3 nye udpegninger" in dialog.status.text()
    with store.session() as s:
        assert s.query(Membership).count() == 0  # the preview wrote nothing
    dialog.do_import()
    assert dialog.result() == 1 and dialog.report.created == 3
    tab.select_body(body_id(store, "Sundhed"))
    assert tab.members.model.rowCount() == 3


def test_paste_import_dialog_blocks_bad_lines(qtbot, store):
    with store.session() as s:
        s.add(Body(name="VUB", type="embedsmandsudvalg"))
    dialog = MemberImportDialog(store, ["VUB"], "VUB")
    qtbot.addWidget(dialog)
    dialog.set_text("– Eik Møller, kommunaldirektør, Ballerup Kommune (formand)\n"
                    "Her står der pludselig en hel sætning midt i listen uden tegn\n")
    assert not dialog.ok_button.isEnabled()
    assert "Linje 2" in dialog.status.text()
    dialog.set_text("– A Hansen, direktør, Ballerup (formand)\n– B Jensen, direktør, Herlev (formand)\n")
    assert not dialog.ok_button.isEnabled() and "én formand" in dialog.status.text()
    assert dialog.preview.item(1, 1).foreground().color().name().lower() == "#c62828"


SEVEN_LINES = (
    "Medlemmer af Embedsmandsudvalget for Vækst, Uddannelse og Beskæftigelse (VUB)\n"
    "– Eik Møller, kommunaldirektør, Ballerup Kommune (formand)\n"
    "Anette J. Laustsen, kommunaldirektør, Vallensbæk Kommune\n"
    "Anya Manghezi, direktør, Høje-Taastrup Kommune\n"
    "Asger Villemoes, direktør, Dragør Kommune\n"
    "Henriette Kragh, forvaltningschef, Tårnby Kommune\n"
    "Jeppe Bøgh Andersen, direktør, Københavns Kommune\n"
)


def test_pasted_lines_without_a_bullet_are_read_or_reported(qtbot, store):
    """7 lines, one bulleted, gave "1 medlemmer læst" and no word about the rest (issue 13 item 10)."""
    store.enable_undo()  # as the window opens it
    with store.session() as s:
        s.add(Body(name="VUB", type="embedsmandsudvalg"))
    dialog = MemberImportDialog(store, ["VUB"], "VUB")
    qtbot.addWidget(dialog)
    dialog.set_text(SEVEN_LINES)
    names = [dialog.preview.item(r, 1).text() for r in range(dialog.preview.rowCount())]
    assert names == ["Eik Møller", "Anette J. Laustsen", "Anya Manghezi", "Asger Villemoes", "Henriette Kragh",
                     "Jeppe Bøgh Andersen"]
    assert "6 medlemmer læst" in dialog.status.text()
    assert "Linje 1: læst som overskrift" in dialog.status.text()  # the title line is named, not dropped
    assert dialog.ok_button.isEnabled()
    # A bare name after a finished item is no line break of it: it is reported.
    dialog.set_text("– Eik Møller, kommunaldirektør, Ballerup Kommune (formand)\nHenriette Kragh\n")
    assert not dialog.ok_button.isEnabled() and "Linje 2" in dialog.status.text()


def test_tree_and_list_selection_agree(qtbot, demo_store):
    tab = BodiesTab(demo_store)
    qtbot.addWidget(tab)
    target = body_id(demo_store, "K29")
    tab.bodies.select_id(target)
    assert tab.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == target
    assert tab.heading.text() == "K29"


def test_a_change_reloads_the_page_on_screen_and_the_hidden_pages_when_they_are_shown(qtbot, demo_store):
    """Refresh what is seen: the udpegningsoversigt (another page) is not rebuilt at every change, but shows the
    change as soon as it is shown, or as soon as its rows are asked for."""
    from kkrdesk.services import member_edit

    tab = BodiesTab(demo_store)
    qtbot.addWidget(tab)
    tab.show()
    vub = body_id(demo_store, VUB)
    assert tab.select_body(vub)
    loads = {"overview": 0, "members": 0}
    tab.overview._model.modelReset.connect(lambda: loads.__setitem__("overview", loads["overview"] + 1))
    tab.members._model.modelReset.connect(lambda: loads.__setitem__("members", loads["members"] + 1))
    before = tab.members._model.rowCount()
    new_id = member_edit.add_membership(demo_store, vub, name="Else Testesen", organisation="Furesø Kommune",
                                        start=dt.date(2020, 1, 1))
    tab.refresh(frozenset({"members"}))
    assert loads["overview"] == 0 and loads["members"] >= 1 and tab.members._model.rowCount() == before + 1
    tab.pages.setCurrentIndex(2)  # the overview page is shown: now it loads, with the new udpegning
    assert loads["overview"] == 1
    assert new_id in {r["id"] for r in tab.overview._model.rows()}
    tab.pages.setCurrentIndex(0)
    member_edit.delete_membership(demo_store, new_id)
    tab.refresh(frozenset({"members"}))
    assert loads["overview"] == 1
    assert new_id not in {r["id"] for r in tab.overview.model.rows()}  # asking for the rows loads them
    assert loads["overview"] == 2


def test_a_membership_change_reloads_the_shown_members_once_and_the_history_when_shown(qtbot, demo_store,
                                                                                        monkeypatch):
    """Issue 14 (refresh < 100 ms at ten years): the refresh showed the body twice (the list's re-selection, then
    refresh itself) and loaded every udpegning of the hidden Historik page each time."""
    from kkrdesk.services import member_edit

    tab = BodiesTab(demo_store)
    qtbot.addWidget(tab)
    tab.show()
    demo_store.subscribe(tab.refresh)
    assert tab.select_body(body_id(demo_store, VUB))
    calls = []
    real = members.membership_rows
    monkeypatch.setattr(members, "membership_rows",
                        lambda store, body, on=None: calls.append(on) or real(store, body, on))
    first = tab.members.model.row(0)
    member_edit.edit_membership(demo_store, first["id"], end=dt.date(2031, 12, 31))
    assert len([on for on in calls if on is not None]) == 1  # the members on the date, once
    assert None not in calls  # the hidden history is not loaded
    tab.detail_tabs.setCurrentWidget(tab.history)
    assert None in calls
    ends = {r["id"]: r["end"] for r in tab.history.model.rows()}
    assert ends[first["id"]] == dt.date(2031, 12, 31)
