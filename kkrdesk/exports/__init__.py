"""One module per output document; pdfstyle.py and xlsxstyle.py make them all look like one house."""

import sys


def import_openpyxl_without_numpy() -> None:
    """Import openpyxl so that it does not import numpy, for a one-shot command that writes no numpy values.

    openpyxl imports numpy whenever it is installed (pandas brings it) only to accept numpy numbers as cell
    values; for `kkrdesk export cases` that import is 0.1 s and 12 MB of a 1.4 s run. numpy stays importable
    afterwards, but openpyxl in this process then refuses numpy numbers: never in a process that reads tables
    with pandas and writes them to Excel (the window), and a no-op if openpyxl or numpy is already loaded."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # `import numpy` raises ImportError while this entry is there
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]
