"""The contract every calculator page keeps, so the tab can calculate, save, reopen and export any of them."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kkrdesk.errors import UserError
from kkrdesk.gui.budgets.common import show_message


class CalcPage(QWidget):
    """One calculator. Subclasses give `inputs()`, `meta()`, `set_state()` and `show_result()`."""

    kind = ""
    title = ""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.calc_id: int | None = None  # the saved calculation this page shows, if any
        self.calc_name = ""
        self.saved = None  # services.budgets.Saved when opened or saved: its note and links are kept
        self.result = None
        self.message: QLabel | None = None  # set by the subclass
        self.store = None  # the tab's store, set by the tab (imported population figures live there)

    # -- to implement --
    def inputs(self) -> dict:
        raise NotImplementedError

    def meta(self) -> dict:
        """price_level, population_source and population_date as typed."""
        return {"price_level": None, "population_source": None, "population_date": None}

    def set_state(self, inputs: dict, meta: dict) -> None:
        raise NotImplementedError

    def show_result(self, result) -> None:
        raise NotImplementedError

    def clear_result(self) -> None:
        raise NotImplementedError

    # -- shared --
    def calculate(self) -> bool:
        """Compute from the fields; a bad input shows its Danish message in the page and clears the result."""
        from kkrdesk.services import budgets

        try:
            result = budgets.run(self.kind, self.inputs())
        except UserError as exc:
            self.result = None
            self.clear_result()
            self.show_error(str(exc))
            return False
        self.result = result
        self.show_error("")
        self.show_result(result)
        return True

    def show_error(self, text: str) -> None:
        if self.message is not None:
            show_message(self.message, text)

    def show_info(self, text: str) -> None:
        if self.message is not None:
            show_message(self.message, text, error=False)

    def error_text(self) -> str:
        return self.message.text() if self.message is not None and self.message.isVisible() else ""

    def open_saved(self, saved) -> None:
        """Fill the page from a saved calculation (services.budgets.Saved) and show its result."""
        date = saved.population_date
        if date is not None:
            from kkrdesk.reference import format_date

            date = format_date(date)
        self.set_state(saved.inputs, {"price_level": saved.price_level,
                                      "population_source": saved.population_source,
                                      "population_date": date})
        self.calc_id, self.calc_name = saved.id, saved.name
        self.calculate()
