"""A demo bilag as a real-looking PDF, made from seed text when the demo is loaded (no placeholder pages)."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

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
    if author:
        flow.append(pdfstyle.para(author.upper(), st["small"]))
    if draft:
        flow.append(Paragraph(f'<font color="{colors.firebrick.hexval()}"><b>{draft}</b></font>', st["body"]))
    flow.append(Spacer(0, 4 * mm))
    flow.append(pdfstyle.para(title, st["title"]))
    meta = [(label, value) for label, value in (("Sags ID", sags_id), ("Dok. ID", dok_id), ("Version", version))
            if value]
    if meta:
        flow.append(pdfstyle.table([[f"{k}:", v] for k, v in meta], [25 * mm, 60 * mm], header=False))
        flow.append(Spacer(0, 4 * mm))
    for text in paragraphs:
        flow.append(pdfstyle.para(text, st["h2"] if _is_heading(text) else st["body"]))
        flow.append(Spacer(0, 1.5 * mm))
    out = io.BytesIO()
    pdfstyle.build(out, flow, title=title, author=author or "KKR Desk", footer=f"{author or ''} · {title}"[:80])
    return out.getvalue()
