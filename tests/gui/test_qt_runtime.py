"""Guards against a Qt binding that corrupts the interpreter: PySide6 6.12.0 on Python 3.11 took one
reference from None per call that returns nothing, and the program aborted after some thousand calls."""

import sys


def test_calls_returning_nothing_keep_none_alive(qapp):
    before = sys.getrefcount(None)
    for _ in range(2000):
        qapp.processEvents()
    assert sys.getrefcount(None) >= before - 50  # allow noise, not a steady leak of one per call


def test_pdf_module_is_there():
    from PySide6.QtPdf import QPdfDocument

    assert QPdfDocument is not None
