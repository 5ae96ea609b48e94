"""Every test gets a fresh temporary store and the offscreen Qt platform; nothing touches the user's files."""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_files(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("KKRDESK_DB", str(tmp_path / "default.sqlite"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("KKRDESK_LOG_DIR", str(tmp_path / "log"))


@pytest.fixture
def store(tmp_path):
    from kkrdesk.store import open_store

    s = open_store(tmp_path / "test.sqlite")
    s.enable_undo()  # exactly as the window opens a store: every service runs with the undo bookkeeping on
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    """The demo store is built once per run; each test gets its own copy."""
    from kkrdesk.services.demo import load_demo
    from kkrdesk.store import open_store

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    s = open_store(path)
    load_demo(s)
    with s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return path


@pytest.fixture
def demo_store(tmp_path, _demo_template):
    from kkrdesk.store import open_store

    path = tmp_path / "demo.sqlite"
    shutil.copyfile(_demo_template, path)
    s = open_store(path)
    s.enable_undo()  # as the window opens it
    yield s
    s.close()
