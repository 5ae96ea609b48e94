"""A pane that shows a results list above its main list while there are results, laid out by hand.

Why not a layout: Qt activates every layout from a widget shown or hidden up to the window, and a window of four
tabs takes ≈ 6 ms to lay out again. The search results appear on the first keystroke, so in a layout that
keystroke paid for the whole window. Here showing or hiding the results moves two children inside this pane; its
own size and size hints do not change, so nothing above it is laid out again.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget


class ResultsPane(QWidget):
    """`results` (shown with `show_results`) over `main`, their heights 1 : 2 like stretch factors; `main` alone
    fills the pane otherwise."""

    def __init__(self, results: QWidget, main: QWidget, parent=None, spacing: int = 6):
        super().__init__(parent)
        self.results, self.main, self.spacing = results, main, spacing
        results.setParent(self)
        main.setParent(self)
        results.hide()
        main.show()

    def show_results(self, shown: bool) -> None:
        if shown != self.results.isVisibleTo(self):
            self.results.setVisible(shown)
            self._place()

    def results_height(self) -> int:
        """How tall the results are when shown: a third of the pane, never under their own minimum."""
        return max(self.results.minimumSizeHint().height(), (self.height() - self.spacing) // 3)

    def _place(self) -> None:
        width, height = self.width(), self.height()
        if self.results.isVisibleTo(self):
            top = self.results_height()
            self.results.setGeometry(0, 0, width, top)
            self.main.setGeometry(0, top + self.spacing, width, max(0, height - top - self.spacing))
        else:
            self.main.setGeometry(0, 0, width, height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place()

    # The same hints whether or not results are shown: the layout around this pane never has to change.
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.main.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        main, results = self.main.minimumSizeHint(), self.results.minimumSizeHint()
        return QSize(max(main.width(), results.width()), main.height() + self.spacing + results.height())
