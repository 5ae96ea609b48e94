"""No traceback reaches a user of the window: an exception no slot caught becomes a Danish message box, the
details go to the log file."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox, QWidget

from kkrdesk.errors import UserError


def test_uncaught_errors_become_danish_message_boxes(qtbot, monkeypatch, tmp_path):
    from kkrdesk.gui.app import install_error_dialogs

    monkeypatch.setenv("KKRDESK_LOG_DIR", str(tmp_path / "log"))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(("critical", text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(("warning", text)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    window = QWidget()
    qtbot.addWidget(window)
    install_error_dialogs(window)
    try:
        {}["mangler"]
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    sys.excepthook(UserError, UserError("Mødet skal have en dato."), None)
    kind, text = shown[0]
    assert kind == "critical" and "uventet fejl" in text and "KeyError" in text and "Traceback" not in text
    log = (tmp_path / "log" / "fejl.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "mangler" in log and str(tmp_path / "log" / "fejl.log") in text
    assert shown[1] == ("warning", "Mødet skal have en dato.")
