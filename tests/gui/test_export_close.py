"""Issue 13 item 5: closing the window during an export asks; a cancel either removes the file or says it came
too late. The "slow" export is the real bilag bundle held at one step until Annullér is pressed (a gate on the
job's own cancel event), so nothing here depends on timing."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from kkrdesk.exports import packet_pdf
from kkrdesk.exports.atomic import CANCELLED, JOB_CANCEL, atomic_output, temp_name
from kkrdesk.gui import cases_tab
from kkrdesk.gui.main_window import MainWindow
from kkrdesk.gui.workers import TOO_LATE
from kkrdesk.services import meetings

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")


def _meeting_with_bilag(store, at_least: int = 2) -> int:
    for m in meetings.meeting_rows(store):
        if sum(i["bilag"] for i in meetings.item_rows(store, m["id"])) >= at_least:
            return m["id"]
    raise AssertionError("the demo has no meeting with bilag")


@pytest.fixture
def window(qtbot, demo_store):
    w = MainWindow(demo_store)
    w.show()  # not qtbot.addWidget: pytest-qt closes its widgets before fixtures tear down, and a close with a
    # job still running would wait for an answer
    w.cases.meetings.select_id(_meeting_with_bilag(demo_store))
    yield w
    for job in w.running_jobs():  # a failed test must not leave the close question waiting for a click
        job.stop()
    w.close()
    w.deleteLater()


@pytest.fixture
def gate(monkeypatch):
    """Hold the bundle at its second bilag until the job is cancelled; `reached` says the worker is there."""
    reached = threading.Event()
    real = packet_pdf._merge_bilag
    calls = []

    def held(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            reached.set()
            JOB_CANCEL.get().wait()  # "slow": this step lasts until Annullér
        return real(*args, **kwargs)

    monkeypatch.setattr(packet_pdf, "_merge_bilag", held)
    return reached


def press_annuller(job) -> None:
    next(b for b in job.dialog.findChildren(QPushButton) if b.text() == "Annullér").click()


def _answer(window, label: str, seen: list) -> None:
    """Click `label` in the close question once it is up (it runs its own event loop)."""
    def click():
        box = window.close_question
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == label).click()
    QTimer.singleShot(0, click)


def test_close_during_export_asks_and_fortsaet_keeps_it_running(window, gate, tmp_path, qtbot):
    out = tmp_path / "ud" / "bundt.pdf"
    job = window.cases.export("packet", False, out)
    qtbot.waitUntil(gate.is_set)
    # busy like a modal dialog, but the way out stays open
    assert not window.tabs.isEnabled() and window.quit_action.isEnabled()
    assert window.quit_action in job.dialog.actions()  # Ctrl+Q also while the progress dialog has the focus
    assert all(not a.isEnabled() for a in window.file_menu.actions() if a is not window.quit_action
               and not a.isSeparator())
    seen: list = []
    _answer(window, "Fortsæt", seen)
    window.quit_action.trigger()  # Ctrl+Q / Filer → Afslut
    assert seen and seen[0].startswith("En eksport er i gang: Bilagsbundt") and "afbryde den og lukke" in seen[0]
    assert window.isVisible() and job.running() and not job.cancel_event.is_set()
    _answer(window, "Fortsæt", seen)
    assert not window.close()  # the same question for the window's close button
    assert len(seen) == 2 and job.running()
    # "Fortsæt" is the default: a stray Enter never throws the work away
    assert window.close_question.defaultButton().text() == "Fortsæt"


def test_afbryd_og_luk_removes_the_partial_file_and_closes(window, gate, tmp_path, qtbot):
    out = tmp_path / "ud" / "bundt.pdf"
    job = window.cases.export("packet", False, out)
    qtbot.waitUntil(gate.is_set)
    assert temp_name(out).exists() and not out.exists()  # the half-made bundle sits under its hidden name
    seen: list = []
    _answer(window, "Afbryd og luk", seen)
    assert window.close()
    assert seen and not window.isVisible()
    assert not job.running() and not job.thread.isRunning()
    assert not out.exists() and list(out.parent.iterdir()) == []
    assert job.message == CANCELLED and job.result is None


def test_annuller_early_writes_no_file(window, gate, tmp_path, qtbot):
    out = tmp_path / "ud" / "bundt.pdf"
    job = window.cases.export("packet", False, out)
    qtbot.waitUntil(gate.is_set)
    press_annuller(job)
    qtbot.waitUntil(lambda: not job.running())
    assert not out.exists() and list(out.parent.iterdir()) == []
    assert window.statusBar().currentMessage() == CANCELLED == "Eksporten er annulleret – ingen fil er skrevet."
    assert window.tabs.isEnabled()  # no longer busy


def test_annuller_while_the_file_is_written_removes_it(window, tmp_path, qtbot, monkeypatch):
    """Annullér during "Skriver filen" (the bytes are all out, the rename has not happened): no file."""
    reached = threading.Event()
    real = packet_pdf._StreamedPdf.finish

    def finish(self):
        real(self)
        reached.set()
        JOB_CANCEL.get().wait()

    monkeypatch.setattr(packet_pdf._StreamedPdf, "finish", finish)
    out = tmp_path / "ud" / "bundt.pdf"
    job = window.cases.export("packet", False, out)
    qtbot.waitUntil(reached.is_set)
    assert temp_name(out).stat().st_size > 0 and not out.exists()
    press_annuller(job)
    qtbot.waitUntil(lambda: not job.running())
    assert not out.exists() and list(out.parent.iterdir()) == []
    assert job.message == CANCELLED


def test_annuller_after_the_rename_says_it_was_too_late(window, tmp_path, qtbot, monkeypatch):
    renamed, clicked = threading.Event(), threading.Event()
    real = cases_tab.build_pdf

    def build_then_hold(*args, **kwargs):
        result = real(*args, **kwargs)  # the file is in place now
        renamed.set()
        clicked.wait()
        return result

    monkeypatch.setattr(cases_tab, "build_pdf", build_then_hold)
    out = tmp_path / "ud" / "dagsorden.pdf"
    done = []
    job = window.cases.export("agenda", False, out, on_done=done.append)
    qtbot.waitUntil(renamed.is_set)
    press_annuller(job)
    clicked.set()
    qtbot.waitUntil(lambda: not job.running())
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    assert window.statusBar().currentMessage() == TOO_LATE.format(path=out)
    assert window.statusBar().currentMessage().startswith("For sent at annullere – filen er allerede skrevet: ")
    assert done == []  # nothing else happens with a file the user asked to stop


def test_atomic_output_never_leaves_a_half_file(tmp_path):
    out = tmp_path / "x.pdf"
    out.write_bytes(b"old")
    cancel = threading.Event()
    with pytest.raises(RuntimeError), atomic_output(out) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert out.read_bytes() == b"old" and list(tmp_path.iterdir()) == [out]
    from kkrdesk.errors import Cancelled

    with pytest.raises(Cancelled, match="annulleret"), atomic_output(out, cancel) as tmp:
        tmp.write_bytes(b"new")
        cancel.set()
    assert out.read_bytes() == b"old" and list(tmp_path.iterdir()) == [out]
    with atomic_output(out) as tmp:
        tmp.write_bytes(b"new")
    assert out.read_bytes() == b"new" and list(tmp_path.iterdir()) == [out]


def test_an_export_left_alone_is_saved_without_a_cancel_message(window, tmp_path, qtbot):
    out = tmp_path / "ud" / "dagsorden.pdf"
    job = window.cases.export("agenda", False, out)
    qtbot.waitUntil(lambda: not job.running())
    assert out.exists() and job.message == "" and not job.cancel_event.is_set()
    assert window.statusBar().currentMessage().startswith("Dagsorden (fuld udgave) gemt: ")
    assert window.tabs.isEnabled() and window.toolbar.isEnabled()
