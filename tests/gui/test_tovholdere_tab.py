from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kkrdesk.gui.tovholdere_tab import TovholdereTab
from kkrdesk.services import forms
from kkrdesk.services.tovholdere import TOO_MANY_LEADS


def _select(table, title):
    for r in range(table.model.rowCount()):
        if table.model.row(r)["title"] == title:
            table.select_id(table.model.row(r)["id"])
            return table.model.row(r)
    raise AssertionError(title)


def test_shows_tovholdere_as_the_paper_and_the_assignments(qtbot, demo_store):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    row = _select(tab.indsatser, "Forundersøgelse af forlængelse af Farumbanen til Hillerød")
    assert row["tovholdere"] == "Furesø (lead), Allerød"
    parties = [tab.assignments.model.row(r)["party"] for r in range(tab.assignments.model.rowCount())]
    assert parties == ["Furesø", "Allerød"]


def test_view_by_party_answers_what_does_x_lead(qtbot, demo_store):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    total = tab.indsatser.model.rowCount()
    tab.view.setCurrentIndex(1)
    tab.choice.setCurrentText("Hillerød")
    rows = [tab.indsatser.model.row(r) for r in range(tab.indsatser.model.rowCount())]
    assert 0 < len(rows) < total and all("Hillerød" in r["tovholdere"] for r in rows)


def test_lead_warning_is_shown(qtbot, store):
    from kkrdesk.models import Assignment, Indsats

    with store.session() as s:
        i = Indsats(title="BRT-linje 200 S")
        i.assignments = [Assignment(party=p, role="hovedansvarlig", status="foreslået")
                         for p in ("Gladsaxe", "Hvidovre", "Region Hovedstaden")]
        s.add(i)
    tab = TovholdereTab(store)
    qtbot.addWidget(tab)
    tab.indsatser.view.selectRow(0)
    assert TOO_MANY_LEADS in tab.warning.text()


def test_returned_form_shows_with_its_traffic_light(qtbot, demo_store, tmp_path):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    demo_store.subscribe(tab.refresh)  # as the main window's change hub does
    _select(tab.indsatser, "Forundersøgelse af forlængelse af Farumbanen til Hillerød")
    furesoe = tab.assignments.model.row(0)
    path = forms.export_form(demo_store, furesoe["id"], tmp_path / "skema.xlsx")
    wb = load_workbook(path)
    answers = {"status": "rød", "fremdrift": "Stoppet", "udfyldt_af": "Furesø", "dato": "1.3.2026"}
    for name, value in answers.items():
        sheet, coord = next(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    wb.save(path)
    assert tab.import_forms([str(path)], confirm=False)
    assert tab.preview.import_button.isEnabled()
    assert tab.assignments.model.row(0)["report_status"] == "rød"
    column = [c.key for c in tab.assignments.model.columns].index("report_status")
    dot = tab.assignments.model.index(0, column).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(dot, QColor) and dot.name().upper() == "#C62828"


def test_bad_form_disables_import_and_stores_nothing(qtbot, demo_store, tmp_path):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    path = forms.export_form(demo_store, 1, tmp_path / "tomt.xlsx")  # returned without answers
    assert not tab.import_forms([str(path)], confirm=False)
    assert not tab.preview.import_button.isEnabled()
    from kkrdesk.services.listing import list_kind

    assert list_kind(demo_store, "reports") == []
