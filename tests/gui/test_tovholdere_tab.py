from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kkrdesk.gui.main_window import ChangeHub
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
    assert row["tovholdere"] == "Furesø (hovedansvarlig), Allerød"
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


def _fill(path, answers):
    wb = load_workbook(path)
    for name, value in answers.items():
        sheet, coord = next(wb.defined_names[name].destinations)
        wb[sheet][coord.replace("$", "")] = value
    wb.save(path)
    return path


def test_returned_form_shows_with_its_traffic_light(qtbot, demo_store, tmp_path):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    hub = ChangeHub()  # as in the main window: the import notifies from a worker thread
    hub.changed.connect(tab.refresh)
    demo_store.subscribe(hub)
    _select(tab.indsatser, "Forundersøgelse af forlængelse af Farumbanen til Hillerød")
    tab.assignments.view.selectRow(0)
    path = tab.make_form(str(tmp_path / "skema.xlsx"))
    _fill(path, {"status": "rød", "fremdrift": "Stoppet", "udfyldt_af": "Furesø", "dato": "1.3.2026"})
    with qtbot.waitSignal(tab.reports_imported, timeout=10000) as imported:
        tab.import_forms([str(path)], confirm=False)
    assert imported.args == [1]
    assert tab.preview.import_button.isEnabled()
    assert tab.preview.table.item(0, 3).text() == "rød"
    assert tab.assignments.model.row(0)["report_status"] == "rød"
    column = [c.key for c in tab.assignments.model.columns].index("report_status")
    dot = tab.assignments.model.index(0, column).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(dot, QColor) and dot.name().upper() == "#C62828"


def test_assignment_shows_what_the_latest_afvigelser_are_in(qtbot, demo_store, tmp_path):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    _select(tab.indsatser, "Forundersøgelse af forlængelse af Farumbanen til Hillerød")
    aid = tab.assignments.model.row(0)["id"]
    path = _fill(forms.export_form(demo_store, aid, tmp_path / "skema.xlsx"), {
        "status": "gul", "fremdrift": "Forsinket", "afvigelser": "Tre måneder", "afvigelse_tid": "Ja",
        "afvigelse_oekonomi": "Ja", "udfyldt_af": "Furesø", "dato": "1.3.2026"})
    forms.import_reports(demo_store, [path])
    tab.refresh(frozenset({"reports"}))
    column = [c.header for c in tab.assignments.model.columns].index("Afvigelse i")
    cell = tab.assignments.model.index(0, column)
    assert cell.data() == "tid, økonomi"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Afvigelser (tid, økonomi): Tre måneder"
    other = tab.assignments.model.index(1, column)  # Allerød has not reported
    assert other.data() == "" and other.data(Qt.ItemDataRole.ToolTipRole) is None


def test_bad_form_disables_import_and_stores_nothing(qtbot, demo_store, tmp_path):
    from kkrdesk.services.listing import list_kind

    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    before = list_kind(demo_store, "reports")  # the demo's own returned reports
    good = _fill(forms.export_form(demo_store, 2, tmp_path / "god.xlsx"),
                 {"status": "grøn", "fremdrift": "Godt", "udfyldt_af": "Tårnby", "dato": "1.3.2026"})
    empty = forms.export_form(demo_store, 1, tmp_path / "tomt.xlsx")  # returned without answers
    with qtbot.waitSignal(tab.previewed, timeout=10000):
        tab.import_forms([str(good), str(empty)], confirm=False)
    assert not tab.preview.import_button.isEnabled()
    errors = [tab.preview.table.item(r, 4).text() for r in range(2)]
    assert errors[0] == "" and "er tomt" in errors[1]
    qtbot.wait(200)
    assert list_kind(demo_store, "reports") == before


def test_send_forms_into_a_folder(qtbot, demo_store, tmp_path):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    job = tab.send_forms("pdf", str(tmp_path / "ud"))
    qtbot.waitUntil(lambda: job.result is not None, timeout=20000)
    assert len(job.result) > 15 and all(p.suffix == ".pdf" for p in job.result)


def test_views_for_plan_and_overdue(qtbot, demo_store):
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    tab.view.setCurrentIndex(2)
    assert tab.choice.isVisible() or tab.choice.count() > 0
    plan = tab.choice.currentText()
    assert {tab.indsatser.model.row(r)["plan"] for r in range(tab.indsatser.model.rowCount())} == {plan}
    tab.view.setCurrentIndex(3)
    assert not tab.choice.isVisibleTo(tab)
    assert 0 < tab.indsatser.model.rowCount()


def test_traffic_lights_are_round_dots_and_the_party_view_shows_its_role(qtbot, demo_store, tmp_path):
    from PySide6.QtGui import QIcon

    from kkrdesk.gui.tovholdere_tab import ROLE_COLUMN

    aid = 2  # Tårnby leads "Udvidelse af København Lufthavn Station"; Glostrup helps
    path = _fill(forms.export_form(demo_store, aid, tmp_path / "s.xlsx"),
                 {"status": "gul", "fremdrift": "Godt", "udfyldt_af": "Tårnby", "dato": "1.3.2026"})
    forms.import_reports(demo_store, [path])
    tab = TovholdereTab(demo_store)
    qtbot.addWidget(tab)
    assert tab.table.isColumnHidden(ROLE_COLUMN)
    tab.view.setCurrentIndex(1)
    tab.choice.setCurrentText("Glostrup")
    assert not tab.table.isColumnHidden(ROLE_COLUMN)
    rows = {tab.indsatser.model.row(r)["title"]: tab.indsatser.model.row(r)
            for r in range(tab.indsatser.model.rowCount())}
    assert rows["Udvidelse af København Lufthavn Station"]["party_role"] == "medansvarlig"
    assert tab.indsatser.count.text() == f"{len(rows)} rækker"  # counted after every proxy saw the reload
    status = [c.key for c in tab.indsatser.model.columns].index("status")
    shown = next(tab.table.model().index(r, status) for r in range(len(rows))
                 if tab.table.model().index(r, 0).data() == "Udvidelse af København Lufthavn Station")
    assert isinstance(shown.data(Qt.ItemDataRole.DecorationRole), QIcon) and shown.data() == "gul"
