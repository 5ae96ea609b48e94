"""The tovholderskema as a fillable PDF (AcroForm): one field per answer, named as in the Excel form."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from kkrdesk.exports.atomic import write_bytes
from kkrdesk.exports.pdfstyle import FONT, FONT_BOLD, GREY, HOUSE_BLUE, MARGIN
from kkrdesk.services.forms import DEVIATION_FIELDS, FIELD_LABELS, FormData

# (field, height in mm, multiline)
ANSWERS = [("fremdrift", 38, True), ("afvigelser", 30, True), ("naeste_milepaele", 26, True),
           ("udfyldt_af", 8, False), ("dato", 8, False)]
LAST_REPORT_CHARS = 220  # the answer fields must stay on the one page
# The three Ja/Nej kinds share one row under the Afvigelser text: (label x, choice x) in mm from the left margin;
# the first choice lines up with the other answer fields.
DEVIATION_ROW = {"afvigelse_tid": (0, 40), "afvigelse_oekonomi": (62, 94), "afvigelse_indhold": (116, 148)}
YES_NO_WIDTH = 18 * mm
FORM_ID_TOP = MARGIN + 12 * mm  # the form id line at the foot of the page and a little air above it
MIN_TEXT_HEIGHT = 14  # mm: two lines of answer still show


def _wrap(c: canvas.Canvas, text: str, x: float, y: float, width: float, size: float = 10) -> float:
    from reportlab.lib.utils import simpleSplit

    for line in simpleSplit(text, FONT, size, width) or [""]:  # an empty value still takes its line
        c.drawString(x, y, line)
        y -= size * 1.3
    return y


def _short(text: str, limit: int = LAST_REPORT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def write_form(data: FormData, out: Path) -> Path:
    width, height = A4
    buf = io.BytesIO()  # made in memory, written whole (exports.atomic)
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(f"Tovholderskema – {data.indsats}")
    c.setAuthor("KKR Desk")
    x, right = MARGIN, width - MARGIN
    y = height - MARGIN
    c.setFillColor(HOUSE_BLUE)
    c.setFont(FONT_BOLD, 18)
    c.drawString(x, y, "Tovholderskema")
    c.setFillColor(colors.black)
    y -= 9 * mm
    c.setFont(FONT, 9)
    c.setFillColor(GREY)
    y = _wrap(c, "Udfyld felterne og send filen tilbage til KKR-sekretariatet. Tovholderen rapporterer årligt "
                 "eller ved afvigelser.", x, y, right - x, 9)
    c.setFillColor(colors.black)
    y -= 3 * mm
    info = [("Indsats", data.indsats), ("Kategori", data.category or ""), ("Tovholder", data.party),
            ("Rolle", data.role), ("Fase", data.phase or ""), ("Periode", data.period)]
    last = data.last_report
    info.append(("Seneste rapport", "Ingen endnu" if not last else
                 f"{last['status']} {last['dato'].strftime('%d.%m.%Y') if last.get('dato') else ''}"))
    if last:
        # What was reported last time, so the tovholder writes what has changed since.
        info += [(label, _short(last.get(key))) for label, key in
                 (("Fremdrift sidst", "fremdrift"), ("Milepæle sidst", "naeste_milepaele")) if last.get(key)]
        if last.get("afvigelser_i"):
            info.append(("Afvigelse i sidst", ", ".join(last["afvigelser_i"])))
    for label, value in info:
        c.setFont(FONT_BOLD, 10)
        c.drawString(x, y, label)
        c.setFont(FONT, 10)
        y = _wrap(c, value, x + 40 * mm, y, right - x - 40 * mm) - 1.5 * mm
    y -= 4 * mm
    form = c.acroForm
    field_width = right - x - 40 * mm
    # A long last report leaves less room: the text fields shrink so nothing runs into the form id at the foot.
    rows = 5 * 12 * mm  # status, the deviation kinds, kkr_handling, udfyldt_af and dato, each with its gap
    texts = sum(h + 4 for _name, h, multiline in ANSWERS if multiline) * mm
    scale = min(1.0, (y - FORM_ID_TOP - rows) / texts)

    def label(name: str, top: float) -> None:
        c.setFont(FONT_BOLD, 10)
        c.drawString(x, top - 5 * mm, FIELD_LABELS[name])

    label("status", y)
    form.choice(name="status", tooltip="Grøn, gul eller rød", value="(vælg)",
                options=[("(vælg)", ""), "grøn", "gul", "rød"],
                x=x + 40 * mm, y=y - 8 * mm, width=40 * mm, height=8 * mm, fontName=FONT, fontSize=10,
                borderColor=GREY, fillColor=colors.HexColor("#FFF9DB"))
    y -= 12 * mm
    for name, h, multiline in ANSWERS[:3]:
        h = max(MIN_TEXT_HEIGHT, h * scale)
        label(name, y)
        form.textfield(name=name, tooltip=FIELD_LABELS[name], value="", x=x + 40 * mm, y=y - h * mm,
                       width=field_width, height=h * mm, fontName=FONT, fontSize=10, borderColor=GREY,
                       fillColor=colors.HexColor("#FFF9DB"), fieldFlags="multiline" if multiline else "")
        y -= (h + 4) * mm
        if name == "afvigelser":
            for kind in DEVIATION_FIELDS:
                label_x, choice_x = DEVIATION_ROW[kind]
                c.setFont(FONT_BOLD, 9)
                c.drawString(x + label_x * mm, y - 5 * mm, FIELD_LABELS[kind])
                form.choice(name=kind, tooltip=f"{FIELD_LABELS[kind]}: Ja eller Nej", value="Nej",
                            options=["Nej", "Ja"], x=x + choice_x * mm, y=y - 8 * mm, width=YES_NO_WIDTH,
                            height=8 * mm, fontName=FONT, fontSize=10, borderColor=GREY,
                            fillColor=colors.HexColor("#FFF9DB"))
            y -= 12 * mm
    label("kkr_handling", y)
    form.choice(name="kkr_handling", tooltip="Ja eller Nej", value="Nej", options=["Nej", "Ja"],
                x=x + 40 * mm, y=y - 8 * mm, width=30 * mm, height=8 * mm, fontName=FONT, fontSize=10,
                borderColor=GREY, fillColor=colors.HexColor("#FFF9DB"))
    y -= 12 * mm
    for name, h, _multiline in ANSWERS[3:]:
        label(name, y)
        form.textfield(name=name, tooltip=FIELD_LABELS[name], value="", x=x + 40 * mm, y=y - h * mm,
                       width=field_width if name == "udfyldt_af" else 40 * mm, height=h * mm, fontName=FONT,
                       fontSize=10, borderColor=GREY, fillColor=colors.HexColor("#FFF9DB"))
        y -= (h + 4) * mm
    c.setFont(FONT, 8)
    c.setFillColor(GREY)
    c.drawString(x, MARGIN + 6 * mm, f"{FIELD_LABELS['form_id']} (må ikke ændres):")
    form.textfield(name="form_id", value=data.form_id, x=x + 45 * mm, y=MARGIN + 4 * mm, width=90 * mm,
                   height=6 * mm, fontName=FONT, fontSize=8, borderWidth=0, fieldFlags="readOnly")
    c.showPage()
    c.save()
    return write_bytes(out, buf.getvalue())
