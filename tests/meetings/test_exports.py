import datetime as dt
import re
import threading

import pytest
from pypdf import PdfReader

from kkrdesk.errors import UserError
from kkrdesk.exports.agenda_pdf import build_agenda
from kkrdesk.exports.minutes_pdf import build_minutes
from kkrdesk.exports.packet_pdf import NOT_ATTACHED, NOT_READABLE, build_packet
from kkrdesk.services import meetings


def page_texts(path):
    return [p.extract_text() for p in PdfReader(path).pages]


def test_bundle_numbers_every_page_and_bookmarks_every_item_and_bilag(imported, tmp_path):
    store, mid = imported
    seen = []
    out = tmp_path / "bundt.pdf"
    result = build_packet(store, mid, out, progress=lambda d, t, text: seen.append((d, t)))
    texts = page_texts(out)
    total = len(texts)
    assert result["pages"] == total
    printed = f"udskrevet {dt.date.today():%d.%m.%Y}"  # the agenda's footer had it, the bundle's not (issue 13)
    for n, text in enumerate(texts, start=1):
        assert f"Side {n} af {total}" in text and printed in text
    # the agenda, then bilag 3.5.1 (2 pages), 3.5.2 (1), the broken 3.5.3 as a placeholder, 4.1.1 (1)
    assert texts[-5].count("Bilag 3.5.1 Aktivitetsplan 2025") == 1 and "Aabent bilag side 1" in texts[-5]
    assert "Aabent bilag side 2" in texts[-4]
    assert NOT_READABLE in texts[-2] and "Bilag 3.5.3 Ødelagt bilag" in texts[-2]
    assert result["placeholders"] == [("3.5.3", NOT_READABLE)]
    reader = PdfReader(out)
    outline = reader.outline
    assert [o.title for o in outline if not isinstance(o, list)][:2] == [
        "Dagsorden", "3.5 Konsekvenser af sundhedsreformen for Klimaalliancen"]
    children = outline[2]
    assert [c.title for c in children] == ["Bilag 3.5.1 Aktivitetsplan 2025",
                                           "Bilag 3.5.2 Forhandlingsnotat HEMMELIGXQ", "Bilag 3.5.3 Ødelagt bilag"]
    assert reader.get_destination_page_number(children[0]) == total - 5
    # the TOC on page 1 gives the page each bilag starts on
    assert re.search(rf"Bilag 3\.5\.1 Aktivitetsplan 2025\s*{total - 4}\b", texts[0])
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 4


def test_demo_bilag_without_file_print_a_placeholder(demo_store, tmp_path):
    mid = meetings.meeting_rows(demo_store)[0]["id"]
    out = tmp_path / "demo.pdf"
    result = build_packet(demo_store, mid, out)
    assert result["placeholders"] and all(reason == NOT_ATTACHED for _, reason in result["placeholders"])
    assert NOT_ATTACHED in page_texts(out)[-1]


def test_cancel_leaves_no_file(imported, tmp_path):
    store, mid = imported
    cancel = threading.Event()
    out = tmp_path / "bundt.pdf"

    def progress(done, total, text):
        if done >= 1:
            cancel.set()

    with pytest.raises(UserError, match="annulleret"):
        build_packet(store, mid, out, progress=progress, cancel=cancel)
    assert not out.exists() and list(tmp_path.glob("bundt*")) == []


def test_agenda_and_minutes(imported, tmp_path):
    store, mid = imported
    people_item = meetings.item_rows(store, mid)[0]["id"]
    assert people_item
    agenda = build_agenda(store, mid, tmp_path / "dagsorden.pdf")
    text = "\n".join(page_texts(agenda))
    assert "Dagsorden – Møde i KKR Testregion" in text and "Resumé" in text and "Godkendt." not in text
    assert "Side 1 af" in text and "LUKKET PUNKT" in text
    minutes = build_minutes(store, mid, tmp_path / "referat.pdf")
    text = "\n".join(page_texts(minutes))
    assert "Deltagere" in text and "Afbud" in text
    block = text[text.index("Kort resumé af sagen."):]
    assert block.index("Indstilling") < block.index("Beslutning") < block.index("Økonomi")
    assert PdfReader(minutes).metadata["/Title"] == "Referat – KKR Testregion 17. september 2025"


def test_unknown_meeting_is_a_user_error(store, tmp_path):
    with pytest.raises(UserError, match="findes ikke"):
        build_agenda(store, 999, tmp_path / "x.pdf")


def test_case_list_workbook_has_real_cells(imported, tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    from kkrdesk.exports.cases_xlsx import build_cases

    store, mid = imported
    out = build_cases(store, tmp_path / "sager.xlsx", meeting_id=mid)
    ws = load_workbook(out).active
    header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == "Dato")
    assert ws.freeze_panes == f"A{header_row + 1}" and ws.auto_filter.ref.startswith(f"A{header_row}")
    first = [c.value for c in ws[header_row + 1]]
    assert first[0] == dt.datetime(2025, 9, 17) and ws.cell(header_row + 1, 1).number_format == "dd.mm.yyyy"
    assert first[3] == "3.5" and first[6] == "Åben" and first[10] == 3 and isinstance(first[10], int)
    assert ws.cell(header_row + 1, 11).number_format == "General"  # a whole number shows as it is
    assert ws.max_row == header_row + 3


def test_streamed_sheet_formats_each_value_as_before(tmp_path):
    """The reused styled cells of stream_sheet: formats stay in their columns, text stays text."""
    import datetime as dt
    from decimal import Decimal

    from openpyxl import Workbook, load_workbook

    from kkrdesk.exports import xlsxstyle

    wb = Workbook(write_only=True)
    rows = [[dt.date(2025, 9, 17), "KKR H", 3, Decimal("2.50"), dt.date(2024, 1, 2)],
            [None, "=SUM(A1)", None, Decimal("4"), "Bad\x07 tekst"]]
    xlsxstyle.stream_sheet(wb, "S", "Titel", [], ["Dato", "Organ", "Antal", "Beløb", "Andet"], rows,
                           formats={0: xlsxstyle.FMT_DATE, 2: "0"}, widths={0: 12})
    wb.save(tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx").active
    first, second = ws[4], ws[5]
    assert [c.value for c in first] == [dt.datetime(2025, 9, 17), "KKR H", 3, 2.5, dt.datetime(2024, 1, 2)]
    assert [c.number_format for c in first] == ["dd.mm.yyyy", "General", "0", "General", "dd.mm.yyyy"]
    assert [c.value for c in second] == [None, "=SUM(A1)", None, 4, "Bad tekst"]
    assert second[1].data_type == "s" and isinstance(second[3].value, int)


def test_the_bundle_writes_names_as_pypdf_spells_them():
    """packet_pdf remembers how pypdf spells each name (a tenth of the bundle's time): the bytes must not change,
    for plain names, names with spaces or delimiters and non-ASCII ones alike, asked once or again."""
    from pypdf.generic import NameObject

    from kkrdesk.exports import packet_pdf

    packet_pdf._remember_name_spellings()  # a second call must not wrap the cache again
    spell = NameObject.renumber
    assert hasattr(spell, "cache_info") and not hasattr(spell.__wrapped__, "cache_info")
    for name in ("/Type", "/A B", "/Æble", "/F1(x)", "/Type", "/A B", "/a#b"):
        assert NameObject(name).renumber() == spell.__wrapped__(NameObject(name))
    assert NameObject("/A B").renumber() == b"/A#20B" and NameObject("/Æble").renumber() == b"/#C3#86ble"
