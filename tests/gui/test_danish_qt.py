"""Qt's own dialogs speak Danish (issue 13 item 8: the file dialog said "Look in:" and "Files of type:")."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QLabel

from kkrdesk.gui.app import make_app


def test_file_dialog_labels_are_danish(qtbot):
    make_app()
    dialog = QFileDialog(None, "Tilføj bilag")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "Kig i:"
    assert labels["fileTypeLabel"] == "Filer af type:"
    assert labels["fileNameLabel"] == "Filnavn:"


def test_qt_catalogue_is_loaded_and_others_fall_through(qtbot):
    from PySide6.QtCore import QCoreApplication

    make_app()
    make_app()  # a second call installs nothing twice
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuller"  # Qt's qtbase_da.qm
    assert QCoreApplication.translate("QFileDialog", "Folder") == "Mappe"
    assert QCoreApplication.translate("KKRDesk", "untranslated") == "untranslated"
