"""The search results appear above the meetings without the window being laid out again (gui/results_pane.py)."""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kkrdesk.gui.results_pane import ResultsPane


class LayoutRequests(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_results_take_the_top_third_and_the_outer_layout_is_left_alone(qtbot, qapp):
    outer = QWidget()
    qtbot.addWidget(outer)
    results, main = QLabel("resultater"), QLabel("møder")
    pane = ResultsPane(results, main, spacing=6)
    layout = QVBoxLayout(outer)
    layout.addWidget(QLabel("søgefelt"))
    layout.addWidget(pane, 1)
    outer.resize(400, 606)
    outer.show()
    qtbot.waitExposed(outer)
    qapp.processEvents()  # the first show's own layout requests
    assert not results.isVisible() and main.geometry() == pane.rect()
    hints = pane.sizeHint(), pane.minimumSizeHint()
    watcher = LayoutRequests()
    outer.installEventFilter(watcher)
    pane.show_results(True)
    qapp.processEvents()
    assert results.isVisible() and main.isVisible()
    third = (pane.height() - 6) // 3
    assert results.geometry().height() == third and results.geometry().top() == 0
    assert main.geometry().top() == third + 6 and main.geometry().bottom() == pane.rect().bottom()
    assert (pane.sizeHint(), pane.minimumSizeHint()) == hints
    assert watcher.count == 0  # in a layout, showing the results lays out the window around it
    pane.show_results(False)
    qapp.processEvents()
    assert not results.isVisible() and main.geometry() == pane.rect() and watcher.count == 0
    outer.resize(400, 900)  # a resize places the lists again
    pane.show_results(True)
    qapp.processEvents()
    assert results.geometry().height() == (pane.height() - 6) // 3
