"""Dagsorden (agenda) as PDF, full or public, in the house style; also the agenda part of the bilag bundle.

Everything printed comes from services.documents.meeting_document, which already hides closed items and
closed bilag in the public version.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kkrdesk.exports import pdfstyle
from kkrdesk.exports.atomic import write_bytes
from kkrdesk.reference import format_date
from kkrdesk.services.documents import AGENDA_ORDER, MINUTES_ORDER, SECTION_TITLES

CLOSED_MARK = "LUKKET PUNKT"
CLOSED_BILAG_MARK = "LUKKET BILAG"
PUBLIC_NOTE = "Offentlig udgave: lukkede punkter og lukkede bilag er udeladt."
FULL_NOTE = "Fuld udgave – indeholder lukkede punkter og bilag. Må ikke offentliggøres."
KIND_TITLES = {"agenda": "Dagsorden", "minutes": "Referat", "packet": "Bilagsbundt"}
RED = colors.HexColor("#C62828")


def _esc(text) -> str:
    return pdfstyle.escape(str(text or ""))


def doc_title(doc: dict, kind: str) -> str:
    return f"{KIND_TITLES[kind]} – {doc['body']} {format_date(doc['date'])}"


def pdf_subject(doc: dict) -> str:
    return PUBLIC_NOTE if doc["public"] else FULL_NOTE


def bilag_label(b: dict) -> str:
    return f"Bilag {b['number']} {b['title']}"


def bilag_details(b: dict) -> str:
    parts = [b.get("author"), b.get("version"), b.get("draft")]
    if b.get("sags_id"):
        parts.append(f"Sags ID {b['sags_id']}")
    if b.get("dok_id"):
        parts.append(f"Dok. ID {b['dok_id']}")
    return " · ".join(p for p in parts if p)


class _Anchor(Flowable):
    """Zero-size marker: the template records the page an item starts on."""

    def __init__(self, key):
        super().__init__()
        self.key = key
        self.width = self.height = 0

    def wrap(self, *_):
        return 0, 0

    def draw(self):
        pass


class _PageRef(Flowable):
    """A page number not known while the agenda is laid out (a bilag's first page in the bundle): it draws a
    form XObject by name, and the canvas defines that form when the agenda is saved and the count is known."""

    def __init__(self, key, width=14 * mm):
        super().__init__()
        self.key = key
        self.width, self.height = width, 9

    def wrap(self, *_):
        return self.width, self.height

    def draw(self):
        self.canv.doForm(form_name(self.key))


def form_name(key) -> str:
    return "pg" + "".join(c if c.isalnum() else "_" for c in "_".join(map(str, key)))


class _Template(SimpleDocTemplate):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.anchors: dict = {}

    def afterFlowable(self, flowable):  # noqa: N802 - reportlab API
        if isinstance(flowable, _Anchor):
            self.anchors[flowable.key] = self.page


class _PlainCanvas(rl_canvas.Canvas):
    """No footer: the bundle stamps "Side N af M" over all of its pages afterwards."""


def _meta_table(doc: dict, st) -> Table:
    time = " – ".join(t for t in (doc.get("start"), doc.get("end")) if t)
    rows = [["Organ", doc["body"]], ["Dato", format_date(doc["date"])]]
    if time:
        rows.append(["Tid", f"kl. {time}"])
    if doc.get("location"):
        rows.append(["Sted", doc["location"]])
    t = Table([[Paragraph(f"<b>{_esc(a)}</b>", st["cell"]), Paragraph(_esc(b), st["cell"])] for a, b in rows],
              colWidths=[30 * mm, 140 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _page_cell(pages, key):
    if pages is None:
        return ""
    if callable(pages):
        return _PageRef(key)
    return str(pages[key]) if pages.get(key) else ""


def _toc(doc: dict, st, pages, with_bilag: bool) -> list:
    """Indhold: one row per item, and in the bundle one per bilag, with page numbers when known."""
    rows = [["Nr.", "Punkt", "Side"]]
    styles_cmds = []
    for item in doc["items"]:
        title = item["title"]
        if item.get("closed") and not doc["public"]:
            title = f"{title} [{CLOSED_MARK}]"
        rows.append([Paragraph(f"<b>{_esc(item['number'])}</b>", st["cell"]), Paragraph(_esc(title), st["cell"]),
                     _page_cell(pages, ("item", item["number"]))])
        if with_bilag:
            for b in item["bilag"]:
                label = bilag_label(b) + (f" [{CLOSED_BILAG_MARK}]" if b.get("closed") else "")
                rows.append(["", Paragraph(_esc(label), st["small_cell"]), _page_cell(pages, ("bilag", b["number"]))])
                styles_cmds.append(("TEXTCOLOR", (2, len(rows) - 1), (2, len(rows) - 1), pdfstyle.GREY))
    t = Table(rows, colWidths=[16 * mm, 136 * mm, 18 * mm], repeatRows=1)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), pdfstyle.FONT, 9),
        ("BACKGROUND", (0, 0), (-1, 0), pdfstyle.HOUSE_BLUE), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONT", (0, 0), (-1, 0), pdfstyle.FONT_BOLD, 9), ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        *styles_cmds,
    ]))
    return [Paragraph("Indhold", st["h1"]), t]


def _people(rows: list[dict]) -> str:
    return "<br/>".join(
        _esc(", ".join(p for p in (r["name"], r.get("title"), r.get("organisation")) if p)
             + (f" ({r['role']})" if r.get("role") and r["role"] != "medlem" else "")
             + (f" – {r['note']}" if r.get("note") else ""))
        for r in rows
    ) or "Ingen registreret."


def story(doc: dict, kind: str, pages=None) -> list:
    """The flowables of an agenda ("agenda", also used as the front of the bundle "packet") or minutes."""
    st = pdfstyle.styles()
    st["small_cell"] = pdfstyle.ParagraphStyle("SmallCell", parent=st["cell"], fontSize=8, leading=10,
                                               textColor=pdfstyle.GREY)
    st["closed"] = pdfstyle.ParagraphStyle("Closed", parent=st["body"], textColor=RED, fontName=pdfstyle.FONT_BOLD)
    heading = KIND_TITLES["agenda" if kind == "packet" else kind]
    flow: list = [Paragraph(_esc(f"{heading} – {doc['title']}"), st["title"]), _meta_table(doc, st), Spacer(1, 3 * mm)]
    flow.append(Paragraph(_esc(pdf_subject(doc)), st["closed"] if not doc["public"] else st["small"]))
    keep = pdfstyle.keep_with_next  # every heading below comes with the start of what follows it
    if kind == "minutes":
        flow += [*keep([Paragraph("Deltagere", st["h1"])], Paragraph(_people(doc["present"]), st["body"])),
                 *keep([Paragraph("Afbud", st["h1"])], Paragraph(_people(doc["absent"]), st["body"]))]
    toc_heading, toc = _toc(doc, st, pages, with_bilag=kind == "packet")
    flow += keep([toc_heading], toc)
    order = MINUTES_ORDER if kind == "minutes" else AGENDA_ORDER
    for item in doc["items"]:
        head = [_Anchor(("item", item["number"])),
                Paragraph(f"{_esc(item['number'])} {_esc(item['title'])}", st["h1"])]
        if item.get("closed") and doc["public"]:
            flow.append(KeepTogether(head))
            continue
        meta = " · ".join(p for p in (item.get("type"), item.get("status")) if p)
        if item.get("closed"):
            head.append(Paragraph(f"{CLOSED_MARK} – må ikke offentliggøres", st["closed"]))
        if meta:
            head.append(Paragraph(_esc(meta), st["small"]))
        # (headings, first paragraph, more paragraphs): the item's title goes with its first section
        blocks = [([Paragraph(SECTION_TITLES[key], st["h2"])], [pdfstyle.para(item["sections"][key], st["body"])])
                  for key in order if item["sections"].get(key)]
        if item["bilag"]:
            blocks.append(([Paragraph("Bilag", st["h2"])], [Paragraph(_bilag_line(b), st["body"])
                                                            for b in item["bilag"]]))
        if not blocks:
            flow.append(KeepTogether(head))
            continue
        blocks[0][0][:0] = head
        for heads, paragraphs in blocks:
            flow += keep(heads, paragraphs[0]) + paragraphs[1:]
    return flow


def _bilag_line(b: dict) -> str:
    label = _esc(bilag_label(b))
    if b.get("closed"):
        label += f' <font color="#C62828"><b>[{CLOSED_BILAG_MARK}]</b></font>'
    details = bilag_details(b)
    if details:
        label += f' <font color="#666666" size="8">({_esc(details)})</font>'
    return label


def render(doc: dict, kind: str, *, pages=None, footer: bool = True) -> tuple[bytes, dict, int]:
    """The PDF bytes, the page each item starts on ({("item", "3.1"): 4}) and the page count.

    `pages` may be a function (agenda page count, item anchors) → {key: page number}: the table of contents
    then gets its numbers when the layout is done, in the same single pass.
    """
    buf = io.BytesIO()
    title = doc_title(doc, kind)
    template = _Template(buf, pagesize=pdfstyle.PAGE, leftMargin=pdfstyle.MARGIN, rightMargin=pdfstyle.MARGIN,
                         topMargin=pdfstyle.MARGIN, bottomMargin=pdfstyle.MARGIN, title=title, author="KKR Desk",
                         subject=pdf_subject(doc), creator="KKR Desk", lang="da-DK")
    base = pdfstyle.NumberedCanvas if footer else _PlainCanvas
    resolver = pages if callable(pages) else None

    class _Canvas(base):
        footer_left = f"{title} · udskrevet {dt.date.today().strftime('%d.%m.%Y')}"

        def save(self):
            if resolver is not None:
                count = len(self._saved_pages) if hasattr(self, "_saved_pages") else self.getPageNumber() - 1
                for key, number in resolver(count, dict(template.anchors)).items():
                    self.beginForm(form_name(key), 0, -3, 14 * mm, 9)
                    self.setFont(pdfstyle.FONT, 9)
                    self.drawRightString(14 * mm - 6, 0, str(number))
                    self.endForm()
            super().save()

    template.build(story(doc, kind, pages), canvasmaker=_Canvas)
    return buf.getvalue(), dict(template.anchors), template.page


def item_pages(_count: int, anchors: dict) -> dict:
    """Page numbers for the table of contents of an agenda or minutes: where each item starts."""
    return anchors


def build_agenda(store, meeting_id: int, out: Path | str, *, public: bool = False) -> Path:
    from kkrdesk.services.documents import meeting_document

    doc = meeting_document(store, meeting_id, public=public)
    data, _, _ = render(doc, "agenda", pages=item_pages)
    return write_bytes(out, data)
