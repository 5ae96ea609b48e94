"""Long work off the GUI thread, with a progress dialog and a cancel button.

Services take `progress(done, total, text)` and a cancel `threading.Event`; this adapts them to Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from kkrdesk.errors import UserError


class Cancelled(Exception):
    """Raised by a progress callback when the user pressed Annullér."""


class _Worker(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable, cancel: threading.Event):
        super().__init__()
        self._fn = fn
        self._cancel = cancel

    def run(self) -> None:
        def progress(done: int, total: int, text: str = "") -> None:
            if self._cancel.is_set():
                raise Cancelled()
            self.progressed.emit(done, total, text)

        try:
            self.finished.emit(self._fn(progress, self._cancel))
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which decides
            self.failed.emit(exc)


class Job(QObject):
    """One background job. `done(result)` on success; errors are shown; cancelled jobs end quietly."""

    done = Signal(object)
    ended = Signal()

    def __init__(self, parent: QWidget, title: str, fn: Callable, *, modal: bool = True):
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.result = None
        self.error: BaseException | None = None
        self._parent = parent
        self.dialog = QProgressDialog(title, "Annullér", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setModal(modal)
        self.dialog.canceled.connect(self.cancel_event.set)
        self.thread = QThread(self)
        self.worker = _Worker(fn, self.cancel_event)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)

    def start(self) -> Job:
        self.thread.start()
        return self

    def wait(self, ms: int = 60000) -> bool:
        return self.thread.wait(ms)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(done)
        if text:
            self.dialog.setLabelText(text)

    def _finish(self) -> None:
        self.dialog.close()
        self.thread.quit()
        self.thread.wait()
        self.ended.emit()

    def _on_finished(self, result) -> None:
        self.result = result
        self._finish()
        self.done.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, UserError):
            QMessageBox.warning(self._parent, "KKR Desk", str(exc))
        else:
            QMessageBox.critical(self._parent, "KKR Desk", f"Der opstod en uventet fejl:\n{exc!r}")


def run_job(parent: QWidget, title: str, fn: Callable, on_done: Callable | None = None) -> Job:
    """Run fn(progress, cancel) on a worker thread; call on_done(result) on the GUI thread."""
    job = Job(parent, title, fn)
    if on_done is not None:
        job.done.connect(on_done)
    return job.start()
