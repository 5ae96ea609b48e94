"""Print preview of a PDF the exports made: QtPdf renders each page onto the printer's page."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page of `document` on `printer`; returns the number of pages painted."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        rect = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            scale = min(rect.width() / size.width(), rect.height() / size.height())
            target = QSize(int(size.width() * scale), int(size.height() * scale))
            image = document.render(page, target)
            painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
        return document.pageCount()
    finally:
        painter.end()


def preview_pdf(parent, path: str, title: str) -> QPrintPreviewDialog:
    """A print preview dialog over the PDF at `path` (not shown: the caller calls exec() or open())."""
    document = QPdfDocument(parent)
    document.load(path)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Udskriftsvisning – {title}")
    dialog.paintRequested.connect(lambda p: paint_pdf(document, p))
    dialog.document = document  # keep it alive as long as the dialog
    return dialog
