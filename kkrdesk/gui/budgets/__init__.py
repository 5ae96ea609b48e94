"""The calculator pages of the Budgetberegnere tab, one per kind of calculation."""

from kkrdesk.gui.budgets.base import CalcPage
from kkrdesk.gui.budgets.compare import CompareDialog
from kkrdesk.gui.budgets.figures_page import KeyFiguresPage
from kkrdesk.gui.budgets.key_page import KeyPage
from kkrdesk.gui.budgets.project_page import ProjectPage


def make_pages(parent=None) -> dict[str, CalcPage]:
    """kind → page, in the order the sub-tabs show them."""
    pages: dict[str, CalcPage] = {kind: KeyPage(kind, parent) for kind in ("split", "per-capita", "pro-rata",
                                                                              "equal")}
    pages["project-budget"] = ProjectPage(parent)
    pages["key-figures"] = KeyFiguresPage(parent)
    return pages


__all__ = ["CalcPage", "CompareDialog", "KeyFiguresPage", "KeyPage", "ProjectPage", "make_pages"]
