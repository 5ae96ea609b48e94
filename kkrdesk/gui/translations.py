"""Qt's own dialogs in Danish: Qt's qtbase_da.qm, plus the few strings it lacks.

Qt 6 renamed some strings ("Look in:" became "&Look in:", "Files of type:" became "Files of &type:") and the
Danish catalogue still carries the old ones, so the file dialog spoke half English. A small translator of our
own answers those, and falls through to Qt's catalogue for everything else.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)

# (context, source text) → Danish; only what qtbase_da.qm does not translate (see the test).
MISSING = {
    ("QFileDialog", "&Look in:"): "&Kig i:",
    ("QFileDialog", "Files of &type:"): "Filer af &type:",
    ("QFileDialog", "&File name:"): "&Filnavn:",
    ("QAbstractFileIconProvider", "Folder"): "Mappe",
    ("QAbstractFileIconProvider", "File Folder"): "Filmappe",
    ("QAbstractFileIconProvider", "Drive"): "Drev",
}


class MissingDanish(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D102 - Qt API
        return MISSING.get((context, source_text))  # None (a null string): ask the next catalogue

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def install_danish(app) -> list[QTranslator]:
    """Install Qt's Danish catalogue and our additions (the last installed is asked first)."""
    installed: list[QTranslator] = []
    qt = QTranslator(app)
    if qt.load(DANISH, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    extra = MissingDanish(app)
    app.installTranslator(extra)
    installed.append(extra)
    app._kkrdesk_translators = installed  # keep the Python objects alive with the app
    return installed
