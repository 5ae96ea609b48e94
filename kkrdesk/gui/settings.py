"""Where the window remembers things (geometry, last store): an ini file, KKRDESK_SETTINGS overrides it."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings


def settings_file() -> Path:
    env = os.environ.get("KKRDESK_SETTINGS")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("KKR Desk", "KL", roaming=True)) / "kkrdesk.ini"


def settings() -> QSettings:
    return QSettings(str(settings_file()), QSettings.Format.IniFormat)
