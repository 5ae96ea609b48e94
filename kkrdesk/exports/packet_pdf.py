"""The bilag bundle (bilagsbundt): the agenda, then every bilag in order, full or public.

Each bilag page carries a cover line ("Bilag 3.5.1 Konsekvenser af sundhedsreformen …"), every page of the
whole bundle "Side N af M", and the outline has a bookmark per item and per bilag. A bilag that cannot be read
becomes a placeholder page, so the bundle is always made.

The stamps are written straight into each merged page as a small extra content stream with one shared
Helvetica font object (pypdf objects, no second PDF to merge per page): that keeps the bundle close to the
time of a bare merge even at 1,500 pages.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas

from kkrdesk.exports import pdfstyle
from kkrdesk.exports.agenda_pdf import bilag_details, bilag_label, doc_title, pdf_subject, render
from kkrdesk.exports.atomic import atomic_output, check_cancel

NOT_READABLE = "Bilaget kunne ikke læses"
NOT_ATTACHED = "Bilaget er ikke vedlagt i demodata"
NOT_PRINTABLE = "Filen kan ikke vises som PDF; den ligger i databasen og kan åbnes derfra"
FONT_KEY = "/KKRDeskF1"
HEADER_SIZE = 8
FOOTER_SIZE = 8

Progress = Callable[[int, int, str], None]


def _remember_name_spellings() -> None:
    """pypdf spells out every name it writes (/Type, /Page, /Resources …) character by character, each time:
    45,000 names in a 1,500-page bundle, a tenth of its time. The spelling depends on the name alone, so it is
    remembered; the bytes written are the same. (A bare pypdf merge pays the full price.)"""
    spell = getattr(NameObject, "renumber", None)
    if callable(spell) and not hasattr(spell, "cache_info"):
        NameObject.renumber = lru_cache(maxsize=4096)(spell)


_remember_name_spellings()


def placeholder_page(label: str, message: str, detail: str = "") -> bytes:
    """One A4 page naming the bilag and why its content is missing."""
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=pdfstyle.PAGE)
    width, height = pdfstyle.PAGE
    c.setFillColor(pdfstyle.HOUSE_BLUE)
    c.setFont(pdfstyle.FONT_BOLD, 14)
    y = top = height - 60 * mm
    # Long titles wrap on words so nothing runs off the page.
    words, line = label.split(), ""
    for word in words:
        if stringWidth(f"{line} {word}".strip(), pdfstyle.FONT_BOLD, 14) > width - 2 * pdfstyle.MARGIN:
            c.drawString(pdfstyle.MARGIN, y, line)
            y -= 18
            line = word
        else:
            line = f"{line} {word}".strip()
    c.drawString(pdfstyle.MARGIN, y, line)
    c.setFillColor(pdfstyle.GREY)
    c.setFont(pdfstyle.FONT, 12)
    c.drawString(pdfstyle.MARGIN, y - 28, message)
    if detail:
        c.setFont(pdfstyle.FONT, 9)
        c.drawString(pdfstyle.MARGIN, y - 46, detail[:120])
    c.setStrokeColor(pdfstyle.LIGHT_BLUE)
    c.rect(pdfstyle.MARGIN - 8, y - 58, width - 2 * pdfstyle.MARGIN + 16, top - y + 82, stroke=1, fill=0)
    c.showPage()
    c.save()
    return buf.getvalue()


def _pdf_text(text: str) -> bytes:
    """A PDF string literal in WinAnsi (the standard Helvetica encoding): æ, ø, å and – survive."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _text_op(x: float, y: float, size: float, text: str, *, colour: str = "0.4 g") -> bytes:
    return f"BT {FONT_KEY} {size} Tf {colour} {x:.2f} {y:.2f} Td ".encode() + _pdf_text(text) + b" Tj ET\n"


@lru_cache(maxsize=1024)
def _fit(text: str, size: float, max_width: float) -> tuple[str, float]:
    """The text cut to fit (with " …"), and its width. Cached: every page of a bilag has the same header, every
    page of the bundle the same footer."""
    width = stringWidth(text, pdfstyle.FONT, size)
    if width <= max_width:
        return text, width
    while text and stringWidth(text + " …", pdfstyle.FONT, size) > max_width:
        text = text[:-1]
    text = text.rstrip() + " …"
    return text, stringWidth(text, pdfstyle.FONT, size)


def _stamp_stream(page, header: str | None, footer_left: str, footer_right: str) -> bytes:
    box = page.cropbox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    margin = min(pdfstyle.MARGIN, width * 0.08)
    ops = [b"q\n"]
    right_w = stringWidth(footer_right, pdfstyle.FONT, FOOTER_SIZE)
    fy = bottom + min(10 * mm, height * 0.03)
    # White boxes behind the stamps keep them readable over a bilag's own content.
    ops.append(f"1 g {left + width - margin - right_w - 2:.2f} {fy - 2:.2f} {right_w + 4:.2f} "
               f"{FOOTER_SIZE + 3:.2f} re f\n".encode())
    ops.append(_text_op(left + width - margin - right_w, fy, FOOTER_SIZE, footer_right))
    if footer_left:
        text, _ = _fit(footer_left, FOOTER_SIZE, width - 2 * margin - right_w - 20)
        ops.append(_text_op(left + margin, fy, FOOTER_SIZE, text))
    if header:
        text, hw = _fit(header, HEADER_SIZE, width - 2 * margin)
        hy = bottom + height - min(9 * mm, height * 0.03)
        ops.append(f"1 g {left + margin - 2:.2f} {hy - 2.5:.2f} {hw + 4:.2f} {HEADER_SIZE + 3:.2f} re f\n".encode())
        ops.append(_text_op(left + margin, hy, HEADER_SIZE, text, colour="0.12 0.22 0.39 rg"))
    ops.append(b"Q\n")
    return b"".join(ops)


def _prepare_stamp(writer: PdfWriter, page, shared: tuple) -> DecodedStreamObject:
    """Make room for the stamp as an extra content stream (the page's own content is wrapped in q … Q first);
    returns that stream, filled by _fill_stamp once the page numbers are known. Everything that touches the
    page's own content streams happens here, before they are written out (see _StreamedPdf)."""
    if page.get("/Rotate", 0) % 360:
        page.transfer_rotation_to_content()
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    fonts = DictionaryObject(fonts)  # a copy: font dicts are often shared between pages
    font_ref, pre_ref = shared
    fonts[NameObject(FONT_KEY)] = font_ref
    resources = DictionaryObject(resources)
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources
    contents = page.get("/Contents")
    parts: list = []
    if contents is not None:
        resolved = contents.get_object()
        if isinstance(resolved, ArrayObject):
            parts = list(resolved)
        elif isinstance(resolved, StreamObject):
            parts = [contents if hasattr(contents, "idnum") else writer._add_object(resolved)]
    post = DecodedStreamObject()
    page[NameObject("/Contents")] = ArrayObject([pre_ref, *parts, writer._add_object(post)])
    return post


def _fill_stamp(post: DecodedStreamObject, page, header: str | None, footer_left: str, footer_right: str) -> None:
    post.set_data(b"\nQ\n" + _stamp_stream(page, header, footer_left, footer_right))


class _StreamedPdf:
    """Writes a PdfWriter's file as it grows: after each bilag its streams (images, page contents: nearly all of
    the bytes) go to the file and are dropped from memory; the small objects (pages, outline, stamps) follow at
    the end with the cross-reference table. The writer never holds the whole bundle, so memory stays near one
    bilag's size however many scanned pages there are."""

    def __init__(self, writer: PdfWriter, fh, keep: set[int]):
        self.writer, self.fh, self.keep = writer, fh, keep  # keep: id()s of streams still to be filled
        self.positions: dict[int, int] = {}
        self.seen = 0
        fh.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, idnum: int, obj) -> None:
        self.positions[idnum] = self.fh.tell()
        self.fh.write(f"{idnum} 0 obj\n".encode())
        obj.write_to_stream(self.fh)
        self.fh.write(b"\nendobj\n")

    def flush(self) -> None:
        """Write out and drop the streams added since the last flush."""
        objects = self.writer._objects
        for index in range(self.seen, len(objects)):
            obj = objects[index]
            if isinstance(obj, StreamObject) and id(obj) not in self.keep:
                self._write(index + 1, obj)
                objects[index] = None
        self.seen = len(objects)

    def finish(self) -> None:
        writer = self.writer
        if hasattr(writer, "_resolve_links"):
            writer._resolve_links()
        for index, obj in enumerate(writer._objects):
            if obj is not None:
                self._write(index + 1, obj)
        # The cross-reference table: flushed objects are in use, only never-used numbers are free.
        count = len(writer._objects)
        free = [n for n in range(1, count + 1) if n not in self.positions]
        next_free = dict(zip([0, *free], [*free, 0], strict=True))
        xref = self.fh.tell()
        lines = [f"xref\n0 {count + 1}\n", f"{next_free[0]:010d} 65535 f \n"]
        for n in range(1, count + 1):
            lines.append(f"{self.positions[n]:010d} 00000 n \n" if n in self.positions
                         else f"{next_free[n]:010d} 00001 f \n")
        self.fh.write("".join(lines).encode())
        trailer = DictionaryObject({NameObject("/Size"): NumberObject(count + 1),
                                    NameObject("/Root"): writer.root_object.indirect_reference})
        if writer._info is not None:
            trailer[NameObject("/Info")] = writer._info.indirect_reference
        self.fh.write(b"trailer\n")
        trailer.write_to_stream(self.fh)
        self.fh.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
        # The header names the highest PDF version of the merged files (pypdf tracks it as pages are added).
        header = writer.pdf_header.encode() if isinstance(writer.pdf_header, str) else writer.pdf_header
        if len(header) == 8:
            self.fh.seek(0)
            self.fh.write(header)


def _bilag_pdf(b: dict, file: tuple[str, str, bytes] | None) -> tuple[PdfReader, str | None]:
    """A reader for the bilag's pages, or for a placeholder page and the reason."""
    from kkrdesk.services.bilag_files import as_pdf

    label = bilag_label(b)
    if file is None:
        return PdfReader(io.BytesIO(placeholder_page(label, NOT_ATTACHED, bilag_details(b)))), NOT_ATTACHED
    filename, mime, data = file
    pdf = as_pdf(filename, mime, data)
    if pdf is None:
        return PdfReader(io.BytesIO(placeholder_page(label, NOT_PRINTABLE, f"Fil: {filename}"))), NOT_PRINTABLE
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            reader.decrypt("")
        if len(reader.pages) == 0:
            raise ValueError("no pages")
        for page in reader.pages:  # resolve every page now: a broken one fails here, not half-way through
            contents = page.get("/Contents")
            if contents is not None:
                contents.get_object()
        return reader, None
    except Exception:  # noqa: BLE001 - any unreadable PDF becomes a placeholder page
        return PdfReader(io.BytesIO(placeholder_page(label, NOT_READABLE, f"Fil: {filename}"))), NOT_READABLE


def _merge_bilag(writer: PdfWriter, shared: tuple, b: dict, store) -> tuple[list, str | None]:
    """Add one bilag's pages to the writer, each with room for its stamp: [(page, stamp stream)], reason.
    A function of its own so that nothing of the bilag's reader outlives it."""
    from kkrdesk.services.bilag_files import blob_file

    file = blob_file(store, b["blob_id"]) if b["blob_id"] is not None else None
    reader, reason = _bilag_pdf(b, file)
    pages = []
    for page in reader.pages:
        added = writer.add_page(page)
        pages.append((added, _prepare_stamp(writer, added, shared)))
    _forget_reader(writer, reader)
    return pages, reason


def _forget_reader(writer: PdfWriter, reader: PdfReader) -> None:
    """Let a merged reader (and the file's bytes) go: pypdf keeps every reader alive until the file is written,
    for the links between pages ("PreventGC" in its object table, the merged pages, the unresolved links).
    A bilag's links point inside the bilag, so they are resolved now, and the rest is forgotten."""
    if hasattr(writer, "_resolve_links"):
        writer._resolve_links()
    for name in ("_unresolved_links", "_merged_in_pages"):
        getattr(writer, name, []).clear()
    getattr(writer, "_id_translated", {}).pop(id(reader), None)


def build_packet(store, meeting_id: int, out: Path | str, *, public: bool = False,
                 progress: Progress | None = None, cancel: threading.Event | None = None) -> dict:
    """Write the bundle to `out`; returns {"pages", "bilag", "placeholders": [(number, reason)], "path"}.

    progress(done, total, text) is called per bilag; when `cancel` is set the build stops and no file is left.
    """
    # pypdf makes hundreds of thousands of small objects that all live until the file is written; the cyclic
    # garbage collector would walk them again and again (a fifth of the build time) without freeing anything.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_packet(store, meeting_id, out, public=public, progress=progress, cancel=cancel)
    finally:
        if enabled:
            gc.enable()


def _build_packet(store, meeting_id: int, out: Path | str, *, public: bool, progress: Progress | None,
                  cancel: threading.Event | None) -> dict:
    from kkrdesk.services.documents import meeting_document

    doc = meeting_document(store, meeting_id, public=public)
    all_bilag = [b for item in doc["items"] for b in item["bilag"]]
    total = len(all_bilag) + 2

    def step(done: int, text: str) -> None:
        check_cancel(cancel)
        if progress is not None:
            progress(done, total, text)

    title = doc_title(doc, "packet")
    # The footer says when it was printed, as the agenda's does (agenda_pdf.render).
    footer = f"{title} · udskrevet {dt.date.today().strftime('%d.%m.%Y')}"
    writer = PdfWriter()
    font_ref = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    pre = DecodedStreamObject()
    pre.set_data(b"q\n")
    shared = (font_ref, writer._add_object(pre))  # one "q" stream serves every page

    out = Path(out)
    with atomic_output(out, cancel) as tmp:
        with open(tmp, "wb") as fh:
            stamps: set[int] = set()
            streamed = _StreamedPdf(writer, fh, stamps)
            # The bilag go in one at a time, straight from the store, and their streams go out to the file at
            # once: only one file's bytes and reader are alive. The agenda, whose table of contents needs every
            # bilag's page count, is put in front of them afterwards; the stamps (which need the total page
            # count) are filled in last.
            placeholders: list[tuple[str, str]] = []
            bilag_pages: list[tuple[dict, list]] = []
            for n, b in enumerate(all_bilag):
                step(n, f"Samler {bilag_label(b)[:80]}")
                pages, reason = _merge_bilag(writer, shared, b, store)
                if reason:
                    placeholders.append((b["number"], reason))
                stamps.update(id(post) for _, post in pages)
                bilag_pages.append((b, pages))
                gc.collect(0)  # the reader's objects point at each other; the cyclic GC is off (see build_packet)
                streamed.flush()

            step(len(all_bilag), "Sætter dagsorden og indhold")
            # The table of contents holds page numbers that depend on the agenda's own length: they are filled
            # in when the agenda's layout is done (one pass), see agenda_pdf.render.
            def page_numbers(agenda_pages: int, anchors: dict) -> dict:
                numbers = dict(anchors)
                start = agenda_pages + 1
                for b, pages in bilag_pages:
                    numbers[("bilag", b["number"])] = start
                    start += len(pages)
                for item in doc["items"]:
                    numbers.setdefault(("item", item["number"]), 1)
                return numbers

            agenda, anchors, count = render(doc, "packet", pages=page_numbers, footer=False)
            total_pages = count + sum(len(pages) for _, pages in bilag_pages)

            step(len(all_bilag) + 1, "Samler bundtet")
            for index, page in enumerate(PdfReader(io.BytesIO(agenda)).pages):
                added = writer.insert_page(page, index)
                _fill_stamp(_prepare_stamp(writer, added, shared), added, None, footer,
                            f"Side {index + 1} af {total_pages}")
            page_no = count
            bilag_start: dict[str, int] = {}
            for b, pages in bilag_pages:
                bilag_start[b["number"]] = page_no
                header = bilag_label(b) + (" [LUKKET BILAG]" if b.get("closed") else "")
                for added, post in pages:
                    page_no += 1
                    _fill_stamp(post, added, header, footer, f"Side {page_no} af {total_pages}")
            # Outline: the agenda, then one bookmark per item with its bilag under it.
            writer.add_outline_item(title="Dagsorden", page_number=0)
            for item in doc["items"]:
                item_page = max(0, anchors.get(("item", item["number"]), 1) - 1)
                parent = writer.add_outline_item(title=f"{item['number']} {item['title']}", page_number=item_page)
                for b in item["bilag"]:
                    writer.add_outline_item(title=bilag_label(b), page_number=bilag_start[b["number"]],
                                            parent=parent)
            writer.add_metadata({"/Title": title, "/Author": "KKR Desk", "/Subject": pdf_subject(doc),
                                 "/Creator": "KKR Desk", "/Producer": "KKR Desk", "/Keywords": ""})
            writer.page_mode = "/UseOutlines"
            step(total - 1, "Skriver filen")
            streamed.finish()
            # Reported before the rename: a cancel from here on still removes the file (atomic_output).
            if progress is not None:
                progress(total, total, "Færdig")
    return {"pages": total_pages, "bilag": len(bilag_pages), "placeholders": placeholders, "path": str(out)}
