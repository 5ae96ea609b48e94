"""Bilag files: copied into the store as a Blob addressed by sha256, so a later change of the original file does
not change the meeting; a new version replaces the file and the old one is kept as a BilagVersion.

PDF and images are first-class; other files (docx, xlsx …) are kept as they are and converted to PDF with
LibreOffice when `soffice` is on PATH, otherwise printed as a placeholder page naming the file.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from sqlalchemy import select

from kkrdesk.errors import UserError
from kkrdesk.models import AgendaItem, Bilag, BilagVersion, Blob
from kkrdesk.services.agenda_rows import BILAG_FIELDS, BILAG_LABELS, BILAG_TEXT_FIELDS  # noqa: F401 - re-exported
from kkrdesk.services.bilag_files import (  # noqa: F401 - re-exported: the file half of a bilag
    IMAGE_MIMES,
    PDF_MIME,
    as_pdf,
    blob_file,
    convert_with_soffice,
    guess_mime,
    image_to_pdf,
    needs_conversion,
    soffice_available,
)
from kkrdesk.services.rows import DELETE_AGAIN, existing, unchanged_since
from kkrdesk.store import Store


def read_file(path: Path | str) -> tuple[bytes, str, str]:
    """The bytes, file name and mime type of a file the user chose; a Danish error when it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"Bilagsfilen {path} findes ikke.")
    if not path.is_file():
        raise UserError(f"{path} er ikke en fil.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Bilagsfilen {path} kan ikke læses: {exc.strerror or exc}.") from None
    return data, path.name, guess_mime(path.name)


def count_pages(data: bytes, mime: str | None) -> int | None:
    """Pages of a PDF (None when it cannot be read), 1 for an image, None for other files."""
    if mime == PDF_MIME or data[:5] == b"%PDF-":
        try:
            from pypdf import PdfReader

            return len(PdfReader(io.BytesIO(data)).pages)
        except Exception:  # noqa: BLE001 - any broken PDF just has no page count
            return None
    if mime in IMAGE_MIMES:
        return 1
    return None


def store_blob(session, data: bytes, filename: str, mime: str | None = None) -> Blob:
    """The Blob with this content, made once: the same file attached twice is stored once."""
    digest = hashlib.sha256(data).hexdigest()
    blob = session.scalars(select(Blob).where(Blob.sha256 == digest)).first()
    if blob is None:
        blob = Blob(sha256=digest, filename=filename, mime=mime or guess_mime(filename), size=len(data), data=data)
        session.add(blob)
        session.flush()
    return blob


def _item(session, item_id: int) -> AgendaItem:
    return existing(session, AgendaItem, item_id, f"Dagsordenspunktet med id {item_id} findes ikke.")


def _bilag(session, bilag_id: int) -> Bilag:
    return existing(session, Bilag, bilag_id, f"Bilaget med id {bilag_id} findes ikke.")


# "Bilag 3.1 – Notat", "bilag_3.1.2-notat", "Bilag 4 Notat": the number is the agenda's to give, not the file's.
_BILAG_PREFIX = re.compile(r"^\s*bilag[\s_]*\d+(?:[.,]\d+)*\.?[\s_]*[-–—:._]*[\s_]*", re.IGNORECASE)


def title_from_filename(filename: str) -> str:
    """A bilag title from its file name, without a leading "Bilag N.N" (it printed "Bilag 3.1.1 Bilag 3.1 – …")."""
    stem = Path(filename).stem
    stripped = _BILAG_PREFIX.sub("", stem).strip()
    return stripped or stem


def new_bilag(session, item: AgendaItem, file: tuple[bytes, str, str] | None, *, title: str | None = None,
              public: bool = True, **fields) -> Bilag:
    """Attach a bilag (with a file read by read_file, or none) at the end of the item's list."""
    title = (title or "").strip() or (title_from_filename(file[1]) if file else "")
    if not title:
        raise UserError("Bilaget skal have en titel.")
    bilag = Bilag(title=title, public=public, position=len(item.bilag),
                  **{k: v for k, v in fields.items() if k in BILAG_FIELDS and v not in (None, "")})
    if file is not None:
        data, filename, mime = file
        bilag.blob = store_blob(session, data, filename, mime)
        bilag.page_count = count_pages(data, mime)
    item.bilag.append(bilag)
    return bilag


def add_bilag(store: Store, item_id: int, path: Path | str | None = None, *, title: str | None = None,
              public: bool = True, **fields) -> int:
    file = read_file(path) if path is not None else None
    with store.session() as s:
        bilag = new_bilag(s, _item(s, item_id), file, title=title, public=public, **fields)
        s.flush()
        bilag_id = bilag.id
    store.notify({"bilag", "items"})
    return bilag_id


def add_files(store: Store, item_id: int, paths: list[Path | str], *, public: bool = True) -> list[int]:
    """Files dropped on an item: every file is read first, then all are attached or none."""
    files = [read_file(p) for p in paths]
    with store.session() as s:
        item = _item(s, item_id)
        made = [new_bilag(s, item, f, public=public) for f in files]
        s.flush()
        ids = [b.id for b in made]
    store.notify({"bilag", "items"})
    return ids


def replace_file(store: Store, bilag_id: int, path: Path | str) -> None:
    """A new version of the bilag's file; the old file is kept in the version list."""
    data, filename, mime = read_file(path)
    with store.session() as s:
        bilag = _bilag(s, bilag_id)
        blob = store_blob(s, data, filename, mime)
        if bilag.blob_id == blob.id:
            return
        if bilag.blob_id is not None:
            bilag.versions.append(BilagVersion(blob_id=bilag.blob_id))
        bilag.blob = blob
        bilag.page_count = count_pages(data, mime)
    store.notify({"bilag"})


def versions(store: Store, bilag_id: int) -> list[dict]:
    with store.session() as s:
        bilag = _bilag(s, bilag_id)
        return [{"id": v.id, "filename": v.blob.filename, "sha256": v.blob.sha256, "size": v.blob.size,
                 "replaced": v.replaced} for v in bilag.versions]


def update_bilag(store: Store, bilag_id: int, *, base: dict | None = None, **fields) -> None:
    """base: the bilag as the dialog showed it; a save over someone else's later change is refused."""
    unknown = set(fields) - set(BILAG_FIELDS)
    if unknown:
        raise ValueError(f"unknown bilag fields {unknown}")
    with store.session() as s:
        bilag = _bilag(s, bilag_id)
        unchanged_since(bilag, base, BILAG_LABELS, "Bilaget")
        if "title" in fields and not (fields["title"] or "").strip():
            raise UserError("Bilaget skal have en titel.")
        for key, value in fields.items():
            setattr(bilag, key, bool(value) if key == "public" else (value or None))
    store.notify({"bilag"})


def delete_bilag(store: Store, bilag_id: int, *, base: dict | None = None) -> None:
    """base: the bilag as the list showed it; a delete after someone else's later change is refused."""
    with store.session() as s:
        bilag = _bilag(s, bilag_id)
        unchanged_since(bilag, base, BILAG_LABELS, f"Bilaget »{bilag.title}«", then=DELETE_AGAIN)
        item = bilag.item
        item.bilag.remove(bilag)  # delete-orphan removes the row
        for position, b in enumerate(item.bilag):
            b.position = position
    store.notify({"bilag", "items"})


def move_bilag(store: Store, bilag_id: int, new_index: int) -> None:
    with store.session() as s:
        bilag = _bilag(s, bilag_id)
        order = [b for b in bilag.item.bilag if b.id != bilag.id]
        order.insert(max(0, min(new_index, len(order))), bilag)
        for position, b in enumerate(order):
            b.position = position
    store.notify({"bilag"})


def bilag_file(store: Store, bilag_id: int) -> tuple[str, str, bytes] | None:
    """(file name, mime, bytes) of the bilag's current file, or None when it has none."""
    with store.session() as s:
        bilag = _bilag(s, bilag_id)
        if bilag.blob is None:
            return None
        return bilag.blob.filename, bilag.blob.mime or guess_mime(bilag.blob.filename), bilag.blob.data
