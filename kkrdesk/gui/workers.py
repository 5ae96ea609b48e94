"""Long work off the GUI thread, with a progress dialog and a cancel button.

Services take `progress(done, total, text)` and a cancel `threading.Event`; this adapts them to Qt. An export
job knows the file it writes (`out`): its file appears whole or not at all (exports.atomic), and the status bar
says whether Annullér came in time ("ingen fil er skrevet") or too late ("filen er allerede skrevet").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from kkrdesk.errors import Cancelled, UserError
from kkrdesk.exports.atomic import CANCELLED, JOB_CANCEL

__all__ = ["CANCELLED", "TOO_LATE", "Cancelled", "Job", "run_job"]

TOO_LATE = "For sent at annullere – filen er allerede skrevet: {path}"


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

        token = JOB_CANCEL.set(self._cancel)  # writers deep inside the export see Annullér too
        try:
            self.finished.emit(self._fn(progress, self._cancel))
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which decides
            self.failed.emit(exc)
        finally:
            JOB_CANCEL.reset(token)


class Job(QObject):
    """One background job. `done(result)` on success; errors are shown; cancelled jobs end with a status line.

    The progress dialog is not application-modal: the main window must still hear its close button and Ctrl+Q
    during a long export (Qt drops those for a window blocked by a modal dialog). The main window makes itself
    busy instead while a job runs (MainWindow.job_started).
    """

    done = Signal(object)
    ended = Signal()

    def __init__(self, parent: QWidget, title: str, fn: Callable, *, modal: bool = False,
                 out: Path | str | None = None):
        super().__init__(parent)
        self.title = title
        self.out = Path(out) if out is not None else None
        self.cancel_event = threading.Event()
        self.result = None
        self.error: BaseException | None = None
        self.message = ""  # the last status line this job gave (cancelled, too late)
        self._over = False
        self._parent = parent
        # On the window, not the tab: the tab is disabled while the window is busy, and so would be its children.
        self.dialog = QProgressDialog(title, "Annullér", 0, 0, parent.window())
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
        hook = getattr(self._parent.window(), "job_started", None)
        if hook is not None:
            hook(self)
        self.thread.start()
        return self

    def wait(self, ms: int = 60000) -> bool:
        return self.thread.wait(ms)

    def running(self) -> bool:
        return not self._over

    def cancel(self) -> None:
        """What Annullér does; the job ends when the worker next looks (or at the rename, for an export)."""
        self.cancel_event.set()

    def stop(self) -> None:
        """Cancel and wait until the worker thread has finished, then handle its outcome here and now (the
        window is closing: no event loop will come round to deliver it)."""
        self.cancel()
        self.thread.quit()  # the thread's own loop ends as soon as the worker's run returns
        self.thread.wait()
        QCoreApplication.sendPostedEvents(self)  # the queued finished/failed signal of the worker

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(done)
        if text:
            self.dialog.setLabelText(text)

    def _finish(self) -> None:
        self._over = True
        self.dialog.canceled.disconnect(self.cancel_event.set)  # closing a QProgressDialog emits canceled
        self.dialog.close()
        self.thread.quit()
        self.thread.wait()
        self.ended.emit()

    def _status(self, text: str) -> None:
        self.message = text
        window = self._parent.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 15000)

    def _on_finished(self, result) -> None:
        self.result = result
        self._finish()
        if self.out is not None and self.cancel_event.is_set():
            # Annullér came after the file was renamed into place: say so rather than pretend it was stopped.
            self._status(TOO_LATE.format(path=self.out))
            return
        self.done.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        if isinstance(exc, Cancelled):
            self._status(CANCELLED if self.out is not None else str(exc))
            return
        if isinstance(exc, UserError):
            QMessageBox.warning(self._parent, "KKR Desk", str(exc))
        else:
            QMessageBox.critical(self._parent, "KKR Desk", f"Der opstod en uventet fejl:\n{exc!r}")


def run_job(parent: QWidget, title: str, fn: Callable, on_done: Callable | None = None, *,
            out: Path | str | None = None) -> Job:
    """Run fn(progress, cancel) on a worker thread; call on_done(result) on the GUI thread. `out` names the file
    an export writes (for the cancelled / too-late status line)."""
    job = Job(parent, title, fn, out=out)
    if on_done is not None:
        job.done.connect(on_done)
    return job.start()
