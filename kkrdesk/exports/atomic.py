"""Every export file appears whole or not at all: it is written under a hidden name beside the destination and
renamed into place at the very end. A cancel that arrives before the rename removes the half-made file."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from kkrdesk.errors import Cancelled

CANCELLED = "Eksporten er annulleret – ingen fil er skrevet."

# The cancel event of the background job running in this thread (set by gui.workers): writers deep inside an
# export (pdfstyle.build, an openpyxl save) honour Annullér without every signature carrying the event.
JOB_CANCEL: ContextVar[threading.Event | None] = ContextVar("kkrdesk_job_cancel", default=None)


def temp_name(out: Path) -> Path:
    """The hidden name the file is written under; it keeps the suffix (some writers look at it)."""
    return out.with_name(f".{out.name}.skrives{out.suffix}")


@contextmanager
def atomic_output(out: Path | str, cancel: threading.Event | None = None) -> Iterator[Path]:
    """Yield the temporary path to write; on success rename it to `out`, unless the export was cancelled."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(out)
    event = cancel if cancel is not None else JOB_CANCEL.get()
    try:
        yield tmp
        if event is not None and event.is_set():
            raise Cancelled(CANCELLED)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def check_cancel(cancel: threading.Event | None = None) -> None:
    """Raise Cancelled between steps of a long export when Annullér was pressed."""
    event = cancel if cancel is not None else JOB_CANCEL.get()
    if event is not None and event.is_set():
        raise Cancelled(CANCELLED)


def write_bytes(out: Path | str, data: bytes, cancel: threading.Event | None = None) -> Path:
    """Write a finished document (made in memory) to `out` whole or not at all."""
    with atomic_output(out, cancel) as tmp:
        tmp.write_bytes(data)
    return Path(out)
