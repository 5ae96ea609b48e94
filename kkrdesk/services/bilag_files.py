"""A stored bilag file as pages: its bytes read with plain SQL (blob_file), and PDF as it is, images converted
here, other files through LibreOffice (as_pdf).

Apart from services.bilag, whose ORM part the bundle does not need: `kkrdesk export packet` reads every bilag
through here without importing SQLAlchemy or the models. services.bilag imports these names.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kkrdesk.store import Query, Store

PDF_MIME = "application/pdf"
IMAGE_MIMES = {"image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff", "image/webp"}
SOFFICE_TIMEOUT_S = 120


def guess_mime(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def blob_file(store: Store | Query, blob_id: int) -> tuple[str, str, bytes]:
    """(file name, mime, bytes) of one stored file; the bundle reads its bilag one at a time through this
    (`store` is a Store or a kkrdesk.store.read_rows query)."""
    query = getattr(store, "rows", store)
    [(filename, mime, data)] = query("SELECT filename, mime, data FROM blob WHERE id = :id", id=blob_id)
    return filename, mime or guess_mime(filename), data


def soffice_available() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


_converted: OrderedDict[str, bytes | None] = OrderedDict()  # content hash → PDF; a conversion takes seconds
_converted_lock = threading.Lock()
CONVERTED_KEPT = 32


def _printed_as(mime: str | None, data: bytes) -> str:
    """How a file becomes pages: "pdf" as it is, "image" converted here, "other" through LibreOffice."""
    if mime == PDF_MIME or data[:5] == b"%PDF-":
        return "pdf"
    return "image" if mime in IMAGE_MIMES else "other"


def needs_conversion(filename: str, mime: str | None, data: bytes) -> bool:
    """True when the file is neither PDF nor image: showing it means running LibreOffice (seconds)."""
    return _printed_as(mime, data) == "other"


def convert_with_soffice(data: bytes, filename: str) -> bytes | None:
    """LibreOffice headless conversion to PDF; None when it is missing or fails. The same content is
    converted once per session (the preview and the bundle both ask)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    key = hashlib.sha256(data).hexdigest() + Path(filename).suffix.lower()
    with _converted_lock:
        if key in _converted:
            _converted.move_to_end(key)
            return _converted[key]
    pdf = _run_soffice(exe, data, filename)
    with _converted_lock:
        _converted[key] = pdf
        while len(_converted) > CONVERTED_KEPT:
            _converted.popitem(last=False)
    return pdf


def _run_soffice(exe: str, data: bytes, filename: str) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="kkrdesk-") as tmp:
        src = Path(tmp) / Path(filename).name
        src.write_bytes(data)
        # A profile of its own: with the user's LibreOffice open, a conversion sharing its profile does nothing.
        profile = (Path(tmp) / "profil").as_uri()
        try:
            subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                            "--outdir", tmp, str(src)],
                           check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            return None
        out = src.with_suffix(".pdf")
        return out.read_bytes() if out.exists() else None


A4_INCHES = (210 / 25.4, 297 / 25.4)


def _fit_a4_dpi(width_px: int, height_px: int) -> float:
    """The resolution at which an image just fits A4 (portrait or landscape, as the image is): a 300-dpi
    scan prints on an A4 page, not on A2 as a fixed 150 dpi made it."""
    short, long_ = sorted(A4_INCHES)
    page_w, page_h = (short, long_) if height_px >= width_px else (long_, short)
    return max(width_px / page_w, height_px / page_h, 1.0)


def image_to_pdf(data: bytes) -> bytes | None:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            buf = io.BytesIO()
            # Small images keep 150 dpi (a logo stays logo-sized); large ones shrink to fit the page.
            dpi = max(150.0, _fit_a4_dpi(*img.size))
            img.convert("RGB").save(buf, format="PDF", resolution=dpi)
            return buf.getvalue()
    except Exception:  # noqa: BLE001 - an unreadable image becomes a placeholder page
        return None


def as_pdf(filename: str, mime: str | None, data: bytes) -> bytes | None:
    """The file as PDF bytes for the bundle and the preview, or None when it can only be a placeholder."""
    kind = _printed_as(mime, data)
    if kind == "pdf":
        return data
    if kind == "image":
        return image_to_pdf(data)
    return convert_with_soffice(data, filename)
