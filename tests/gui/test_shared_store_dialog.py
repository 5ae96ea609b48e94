"""Filer → Åbn fælles database … (issue 15.1): the address is remembered without the password, the password is
kept in the system keyring (an in-memory keyring backend here), and with no keyring it is not kept at all."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QDialog, QLabel

from kkrdesk import credentials


class MemoryKeyring(KeyringBackend):
    priority = 10

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def test_the_password_goes_to_the_keyring_never_into_the_address(qtbot, memory_keyring):
    from kkrdesk.gui.shared_store_dialog import SharedStoreDialog

    dialog = SharedStoreDialog()
    qtbot.addWidget(dialog)
    dialog.host.setText("db.kkr.example")
    dialog.database.setText("kkr")
    dialog.user.setText("sekretaer")
    dialog.password.setText("hemmelig-kode")
    assert dialog.remember.isChecked()
    assert dialog.url() == "postgresql://sekretaer@db.kkr.example:5432/kkr"
    assert "hemmelig-kode" in dialog.connect_url()  # in memory, to connect
    assert memory_keyring.kept == {("KKR Desk", "sekretaer@db.kkr.example:5432/kkr"): "hemmelig-kode"}
    again = SharedStoreDialog(url=dialog.url())
    qtbot.addWidget(again)
    assert again.password.text() == "hemmelig-kode" and again.host.text() == "db.kkr.example"


def test_without_a_keyring_nothing_is_kept_and_the_user_is_told(qtbot):
    from keyring.backends import fail

    from kkrdesk.gui.shared_store_dialog import SharedStoreDialog

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert not credentials.available()
        dialog = SharedStoreDialog()
        qtbot.addWidget(dialog)
        assert not dialog.remember.isEnabled()
        assert any("ingen nøglering" in label.text() for label in dialog.findChildren(QLabel))
        dialog.user.setText("u")
        dialog.password.setText("p")
        assert credentials.recall(dialog.url()) is None
    finally:
        keyring.set_keyring(before)


def test_the_window_opens_a_server_store_from_the_dialog(qtbot, pg_only, demo_store, memory_keyring, monkeypatch):
    from kkrdesk.gui import shared_store_dialog
    from kkrdesk.gui.main_window import MainWindow
    from kkrdesk.gui.settings import settings

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    monkeypatch.setattr(shared_store_dialog.SharedStoreDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(shared_store_dialog.SharedStoreDialog, "connect_url", lambda self: str(demo_store))
    monkeypatch.setattr(shared_store_dialog.SharedStoreDialog, "url", lambda self: str(demo_store))
    window.open_shared_dialog()
    assert window.store is not demo_store and window.store.dialect == "postgresql"
    assert settings().value("store/last_url") == str(demo_store)
    assert settings().value("store/last") == str(window.store)  # the address as shown: no password in it
