"""The house style of every PDF: A4, KL-blue headings, "Side N af M" in the footer, Danish metadata.

reportlab is imported here, so import this module only when a PDF is actually made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Table, TableStyle

from kkrdesk.exports.atomic import atomic_output

HOUSE_BLUE = colors.HexColor("#1F3864")
LIGHT_BLUE = colors.HexColor("#DCE6F2")
GREY = colors.HexColor("#666666")
PAGE = A4
MARGIN = 20 * mm
FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"


def styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("Body", parent=base["BodyText"], fontName=FONT, fontSize=10, leading=13.5)
    return {
        "title": ParagraphStyle("Title", parent=body, fontName=FONT_BOLD, fontSize=18, leading=22,
                                textColor=HOUSE_BLUE, spaceAfter=6 * mm, alignment=TA_LEFT),
        "h1": ParagraphStyle("H1", parent=body, fontName=FONT_BOLD, fontSize=13, leading=16,
                             textColor=HOUSE_BLUE, spaceBefore=5 * mm, spaceAfter=2 * mm),
        "h2": ParagraphStyle("H2", parent=body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                             spaceBefore=3 * mm, spaceAfter=1 * mm),
        "body": body,
        "small": ParagraphStyle("Small", parent=body, fontSize=8, leading=10, textColor=GREY),
        "cell": ParagraphStyle("Cell", parent=body, fontSize=9, leading=11),
        "cell_bold": ParagraphStyle("CellBold", parent=body, fontName=FONT_BOLD, fontSize=9, leading=11),
    }


def escape(text: str) -> str:
    """&, < and > as entities, as paragraphs read their text as markup. (xml.sax.saxutils.escape does the same,
    but importing it loads urllib, http and email: 15 ms of every PDF the command line makes.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A paragraph from plain text: escaped, newlines kept."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _height(flowable, width: float) -> float:
    if isinstance(flowable, KeepTogether):
        return sum(_height(f, width) for f in flowable._content)
    return flowable.wrap(width, PAGE[1])[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def keep_with_next(heads: list, follower, lines: int = 3) -> list:
    """Headings (an item title, "Resumé", "Indstilling" …) never stand alone at the foot of a page: a page break
    comes first unless the headings and the first `lines` lines of what follows fit below them. The follower may
    still run on over the page after those lines."""
    width = PAGE[0] - 2 * MARGIN
    leading = getattr(getattr(follower, "style", None), "leading", 14)
    start = min(_height(follower, width), lines * leading + follower.getSpaceBefore())
    return [CondPageBreak(sum(_height(h, width) for h in heads) + start), *heads, follower]


def table(rows: Sequence[Sequence], col_widths: Sequence[float] | None = None, *, header: bool = True,
          numeric_cols: Sequence[int] = (), total_row: bool = False) -> Table:
    """A table in the house style: blue header row, thin rules, numbers right-aligned."""
    t = Table(list(rows), colWidths=col_widths, repeatRows=1 if header else 0)
    cmds = [
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), HOUSE_BLUE), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                 ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9)]
    for col in numeric_cols:
        cmds.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    if total_row:
        cmds += [("FONT", (0, -1), (-1, -1), FONT_BOLD, 9), ("LINEABOVE", (0, -1), (-1, -1), 0.8, HOUSE_BLUE)]
    t.setStyle(TableStyle(cmds))
    return t


class NumberedCanvas(rl_canvas.Canvas):
    """Defers page output so the footer can say "Side N af M" with the real M."""

    footer_left = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self):  # noqa: N802 - reportlab API
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self.draw_footer(self._pageNumber, total)
            super().showPage()
        super().save()

    def draw_footer(self, page: int, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(GREY)
        width = self._pagesize[0]  # portrait or landscape
        self.drawRightString(width - MARGIN, 10 * mm, f"Side {page} af {total}")
        if self.footer_left:
            self.drawString(MARGIN, 10 * mm, self.footer_left)
        self.restoreState()


def build(path: Path | str, flowables: list, *, title: str, subject: str = "", author: str = "KKR Desk",
          footer: str = "", landscape_pages: bool = False) -> Path:
    """Write flowables to a PDF in the house style; returns the path."""
    from reportlab.lib.pagesizes import landscape

    path = Path(path)
    pagesize = landscape(PAGE) if landscape_pages else PAGE
    with atomic_output(path) as tmp:
        _build_to(tmp, flowables, pagesize, title=title, subject=subject, author=author, footer=footer)
    return path


def _build_to(path: Path, flowables: list, pagesize, *, title: str, subject: str, author: str, footer: str) -> None:
    doc = SimpleDocTemplate(
        str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=title, author=author, subject=subject, creator="KKR Desk",
    )

    class _Canvas(NumberedCanvas):
        footer_left = footer or f"{title} · udskrevet {dt.date.today().strftime('%d.%m.%Y')}"

    doc.build(flowables, canvasmaker=_Canvas)
