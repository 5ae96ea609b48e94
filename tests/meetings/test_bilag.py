import pytest
from sqlalchemy import func, select

from kkrdesk.errors import UserError
from kkrdesk.models import Blob
from kkrdesk.services import bilag, meetings


@pytest.fixture
def item(store):
    mid = meetings.create_meeting(store, "KKR Hovedstaden", "2025-09-17")
    return meetings.add_item(store, mid, "Sag med bilag")


def test_file_is_copied_by_hash_and_deduplicated(store, item, pdf_factory):
    path = pdf_factory("plan.pdf", 3)
    first = bilag.add_bilag(store, item, path, author="KL", draft="UDKAST")
    original = path.read_bytes()
    path.write_bytes(b"changed later")  # the meeting keeps the file as it was
    name, mime, data = bilag.bilag_file(store, first)
    assert (name, mime, data) == ("plan.pdf", "application/pdf", original)
    rows = meetings.bilag_rows(store, item)
    assert rows[0]["pages"] == 3 and rows[0]["title"] == "plan" and rows[0]["number"].endswith(".1")
    second = pdf_factory("kopi.pdf", 3)
    second.write_bytes(original)
    bilag.add_bilag(store, item, second, title="Samme fil igen")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Blob)) == 1


def test_new_version_keeps_the_old_one(store, item, pdf_factory):
    b = bilag.add_bilag(store, item, pdf_factory("v1.pdf", 1, "version 1"))
    bilag.replace_file(store, b, pdf_factory("v2.pdf", 4, "version 2"))
    assert bilag.bilag_file(store, b)[0] == "v2.pdf"
    assert [v["filename"] for v in bilag.versions(store, b)] == ["v1.pdf"]
    assert meetings.bilag_rows(store, item)[0]["pages"] == 4


def test_images_and_other_files(store, item, tmp_path):
    from PIL import Image

    png = tmp_path / "kort.png"
    Image.new("RGB", (40, 30), "blue").save(png)
    docx = tmp_path / "notat.docx"
    docx.write_bytes(b"PK\x03\x04 not a real docx")
    b_png = bilag.add_bilag(store, item, png)
    b_doc = bilag.add_bilag(store, item, docx)
    rows = {r["id"]: r for r in meetings.bilag_rows(store, item)}
    assert rows[b_png]["pages"] == 1 and rows[b_doc]["pages"] is None
    name, mime, data = bilag.bilag_file(store, b_png)
    assert bilag.as_pdf(name, mime, data).startswith(b"%PDF")
    name, mime, data = bilag.bilag_file(store, b_doc)
    if not bilag.soffice_available():
        assert bilag.as_pdf(name, mime, data) is None


def test_missing_file_and_dropped_files_are_all_or_nothing(store, item, pdf_factory, tmp_path):
    with pytest.raises(UserError, match="findes ikke"):
        bilag.add_bilag(store, item, tmp_path / "væk.pdf")
    good = pdf_factory("god.pdf")
    with pytest.raises(UserError):
        bilag.add_files(store, item, [good, tmp_path / "væk.pdf"])
    assert meetings.bilag_rows(store, item) == []
    ids = bilag.add_files(store, item, [good, pdf_factory("to.pdf", 2)])
    bilag.move_bilag(store, ids[1], 0)
    assert [r["id"] for r in meetings.bilag_rows(store, item)] == [ids[1], ids[0]]
    bilag.delete_bilag(store, ids[1])
    assert [r["number"][-2:] for r in meetings.bilag_rows(store, item)] == [".1"]


def _docx(path, text: str):
    """A minimal real Word file (no python-docx needed)."""
    import zipfile

    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
          '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
          'document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
    return path


@pytest.mark.skipif(not bilag.soffice_available(), reason="LibreOffice (soffice) er ikke installeret")
def test_word_and_excel_bilag_are_printed_through_libreoffice(store, item, tmp_path):
    from openpyxl import Workbook
    from pypdf import PdfReader

    from kkrdesk.exports.packet_pdf import build_packet

    docx = _docx(tmp_path / "kommissorium.docx", "Kommissorium for opgaveudvalg om coronaerfaringer")
    book = Workbook()
    book.active.append(["Kommune", "Bidrag"])
    book.active.append(["Rebild", 125000])
    xlsx = tmp_path / "bidrag.xlsx"
    book.save(xlsx)
    bilag.add_files(store, item, [docx, xlsx])
    meeting_id = meetings.item_detail(store, item)["meeting_id"]
    result = build_packet(store, meeting_id, tmp_path / "bundt.pdf")
    assert result["placeholders"] == []
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "bundt.pdf").pages)
    assert "Kommissorium for opgaveudvalg om coronaerfaringer" in text
    assert "Rebild" in text and "kan ikke vises som PDF" not in text


def test_streamed_bundle_is_a_sound_file_with_every_bilag_in_order(store, item, pdf_factory, tmp_path):
    """The bundle is written bilag by bilag (streams go to the file as soon as a bilag is merged, the pages and
    the cross-reference table last): a strict reader finds every page in order, a scanned (image) page keeps
    its picture, a rotated page its stamp, and the same file attached twice prints twice."""
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    from kkrdesk.exports.packet_pdf import build_packet

    scan = tmp_path / "scan.png"
    Image.new("L", (400, 560), 200).save(scan)
    rotated = pdf_factory("liggende.pdf", 1, "Liggende side")
    writer = PdfWriter(clone_from=rotated)
    writer.pages[0].rotate(90)
    writer.write(rotated)
    first = pdf_factory("foerste.pdf", 2, "Foerste bilag")
    bilag.add_files(store, item, [first, scan, rotated, first])
    meeting_id = meetings.item_detail(store, item)["meeting_id"]
    result = build_packet(store, meeting_id, tmp_path / "bundt.pdf")
    reader = PdfReader(tmp_path / "bundt.pdf", strict=True)
    total = len(reader.pages)
    assert result["pages"] == total and result["placeholders"] == []
    texts = [page.extract_text() for page in reader.pages]
    assert all(f"Side {n} af {total}" in t for n, t in enumerate(texts, start=1))
    bilag_texts = texts[total - 6:]  # 2 + 1 + 1 + 2 pages of bilag after the agenda
    assert ["Foerste bilag" in t for t in bilag_texts] == [True, True, False, False, True, True]
    assert "Liggende side" in bilag_texts[3] and "Bilag 3.1.3" in bilag_texts[3]
    image_page = reader.pages[total - 4]
    xobjects = image_page["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    titles = [o.title for o in next(o for o in reader.outline if isinstance(o, list))]
    assert titles == ["Bilag 3.1.1 foerste", "Bilag 3.1.2 scan", "Bilag 3.1.3 liggende", "Bilag 3.1.4 foerste"]
