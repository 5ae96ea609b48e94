"""Issue 13 item 9: a section heading ("Resumé", "Indstilling" …) never stands alone at the foot of a page, in the
agenda, the minutes or the agenda part of the bilag bundle; the bundle's footer carries the print date."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from kkrdesk.exports.agenda_pdf import render
from kkrdesk.exports.packet_pdf import build_packet
from kkrdesk.services import meetings
from kkrdesk.services.meetings import SECTION_TITLES

HEADINGS = {*SECTION_TITLES.values(), "Bilag", "Deltagere", "Afbud", "Indhold"}


def _body_lines(page) -> list[str]:
    """The page's text without its footer (drawn last: "… udskrevet dd.mm.åååå" and "Side N af M")."""
    lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
    return [line for line in lines if "udskrevet" not in line and not line.startswith("Side ")]


@pytest.fixture
def padded(store):
    """A meeting whose first item has a Resumé of n lines, so that, as n grows, every later heading passes the
    foot of page 1 on its way to page 2."""
    mid = meetings.create_meeting(store, "K29", "2025-09-03", standing=False)
    item = meetings.add_item(store, mid, "Rammeaftale 2026", resume="x", sagsfremstilling="Sagen i korte træk.",
                             indstilling="Det indstilles, at KKR godkender rammeaftalen.",
                             beslutning="Godkendt.")
    meetings.add_item(store, mid, "Næste punkt", resume="Kort resumé af næste punkt.")

    def doc(n: int, kind: str) -> dict:
        meetings.update_item(store, item, resume="\n".join(f"Linje {i} af resuméet." for i in range(n)))
        return meetings.meeting_document(store, mid, public=False)
    return doc


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_no_page_ends_with_a_heading(padded, kind):
    checked = 0
    for n in range(20, 62):  # a page holds ~50 lines: some n put each heading at the foot without the fix
        data, _, pages = render(padded(n, kind), kind)
        reader = PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages[:-1], start=1):
            lines = _body_lines(page)
            assert lines[-1] not in HEADINGS, f"{kind}, {n} lines: page {number} ends with “{lines[-1]}”"
            assert not lines[-1].startswith(("3.1 ", "3.2 ")), f"{kind}, {n} lines: an item title ends page {number}"
            checked += 1
    assert checked >= 20  # the layouts really ran over a page


def test_the_bundle_footer_carries_the_print_date(padded, store, tmp_path):
    from reportlab.pdfgen import canvas

    from kkrdesk.services import bilag

    padded(10, "agenda")
    mid = meetings.meeting_rows(store)[0]["id"]
    scan = tmp_path / "Notat om rammeaftalen.pdf"
    c = canvas.Canvas(str(scan))
    for n in range(2):
        c.drawString(100, 700, f"Notat side {n + 1}")
        c.showPage()
    c.save()
    bilag.add_files(store, meetings.item_rows(store, mid)[0]["id"], [scan])
    result = build_packet(store, mid, tmp_path / "bundt.pdf")
    pages = PdfReader(result["path"]).pages
    today = dt.date.today().strftime("%d.%m.%Y")
    assert result["bilag"] == 1 and "Notat side 2" in pages[-1].extract_text()
    for page in pages:  # the agenda's pages and the bilag's alike
        assert f"Bilagsbundt – K29 3. september 2025 · udskrevet {today}" in page.extract_text()


def test_a_heading_stays_with_the_table_under_it(tmp_path):
    """The same rule in the other house-style PDFs (member lists, budgets): a heading over a table."""
    from kkrdesk.exports import pdfstyle

    st = pdfstyle.styles()
    for n in range(40, 62, 2):
        flow = [pdfstyle.para("\n".join(f"Linje {i}" for i in range(n)), st["body"])]
        flow += pdfstyle.keep_with_next([pdfstyle.para("Pladser", st["h1"])],
                                        pdfstyle.table([["Rolle", "Antal"], *[["Medlem", "1"]] * 30]))
        out = pdfstyle.build(tmp_path / f"t{n}.pdf", flow, title="Prøve")
        for page in PdfReader(out).pages[:-1]:
            assert _body_lines(page)[-1] != "Pladser", n
