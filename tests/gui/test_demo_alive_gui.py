"""Issue 13 item 6 in the window: on the day the issue was tried the demo's KKR has members and says why."""

from PySide6.QtCore import QDate

from kkrdesk.gui.bodies_tab import BodiesTab
from kkrdesk.models import Body


def test_kkr_on_the_day_shows_members_and_the_held_over_term(qtbot, demo_store):
    tab = BodiesTab(demo_store)
    qtbot.addWidget(tab)
    tab.date.setDate(QDate(2026, 12, 4))
    with demo_store.session() as s:
        body_id = s.query(Body).filter_by(name="KKR Hovedstaden").one().id
    assert tab.select_body(body_id)
    assert "55 af 57 pladser besat" in tab.summary.text()
    warnings = [tab.warnings.item(i).text() for i in range(tab.warnings.count())]
    assert any("fortsætter, til nye er udpeget" in w for w in warnings)
    assert "Ingen advarsler på datoen." not in warnings
