"""A demo bilag as a real-looking PDF, made from seed text when the demo is loaded (no placeholder pages)."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from kkrdesk.exports import pdfstyle

# A paragraph this short without a full stop is a heading in the source paper.
HEADING_MAX = 70


def _is_heading(text: str) -> bool:
    return len(text) <= HEADING_MAX and not text.rstrip().endswith((".", ",", ";"))


def render(*, title: str, author: str | None, paragraphs: list[str], draft: str | None = None,
           sags_id: str | None = None, dok_id: str | None = None, version: str | None = None) -> bytes:
    """The bilag as PDF bytes: author organisation, draft marker, title, Sags ID/Dok. ID, then the text."""
    st = pdfstyle.styles()
    flow: list = []
    if draft:
        flow.append(Paragraph(f'<font color="{colors.firebrick.hexval()}"><b>{draft}</b></font>', st["body"]))
    flow.append(Spacer(0, 4 * mm))
    flow.append(pdfstyle.para(title, st["title"]))
    meta = [(label, value) for label, value in (("Sags ID", sags_id), ("Dok. ID", dok_id), ("Version", version))
            if value]
    if meta:
        grid = pdfstyle.table([[f"{k}:", v] for k, v in meta], [25 * mm, 60 * mm], header=False)
        grid.hAlign = "LEFT"
        flow.append(grid)
        flow.append(Spacer(0, 4 * mm))
    for text in paragraphs:
        if text.strip() == title.strip():  # the paper repeats its title as the first line
            continue
        flow.append(pdfstyle.para(text, st["h2"] if _is_heading(text) else st["body"]))
        flow.append(Spacer(0, 1.5 * mm))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=pdfstyle.PAGE, leftMargin=pdfstyle.MARGIN, rightMargin=pdfstyle.MARGIN,
                            topMargin=pdfstyle.MARGIN, bottomMargin=pdfstyle.MARGIN, title=title,
                            author=author or "", creator="KKR Desk (demodata)")

    def header(canvas, document) -> None:
        # The paper's own marks sit at the top: the bilag bundle stamps its footer at the bottom of every page.
        canvas.saveState()
        canvas.setFont(pdfstyle.FONT, 7.5)
        canvas.setFillColor(pdfstyle.GREY)
        width, height = pdfstyle.PAGE
        canvas.drawString(pdfstyle.MARGIN, height - 15 * mm, (author or "")[:90])
        canvas.drawRightString(width - pdfstyle.MARGIN, height - 15 * mm, f"Side {document.page}")
        canvas.restoreState()

    doc.build(flow, onFirstPage=header, onLaterPages=header)
    return out.getvalue()
