"""Referat (minutes) as PDF: attendance and absence first, Beslutning right after Indstilling; full or public."""

from __future__ import annotations

from pathlib import Path

from kkrdesk.exports.agenda_pdf import item_pages, render
from kkrdesk.exports.atomic import write_bytes


def build_minutes(store, meeting_id: int, out: Path | str, *, public: bool = False) -> Path:
    from kkrdesk.services.documents import meeting_document

    doc = meeting_document(store, meeting_id, public=public)
    data, _, _ = render(doc, "minutes", pages=item_pages)
    return write_bytes(out, data)
