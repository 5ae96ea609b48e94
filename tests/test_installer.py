"""Fast checks of the installer recipe; the real build and smoke test run in .ci/run after the tests."""

import configparser
import importlib.util
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _builder():
    spec = importlib.util.spec_from_file_location("build_installer", ROOT / "build_installer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_comes_from_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _builder().project_version() == pyproject
    from kkrdesk._version import VERSION

    assert VERSION == pyproject


def test_deb_depends_on_the_xcb_libraries_qt_needs():
    control = _builder().deb_control("1.2.3", 1000)
    depends = next(line for line in control.splitlines() if line.startswith("Depends:"))
    for lib in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0", "libegl1"):
        assert lib in depends
    assert "Version: 1.2.3" in control and "Architecture: amd64" in control


def test_desktop_entry_has_the_keys_menus_need():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "packaging" / "kkrdesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].startswith("/opt/kkrdesk/kkrdesk")
    assert section["Icon"] == "kkrdesk" and section["Name"] == "KKR Desk"


def test_spec_ships_the_data_folders_and_leaves_out_unused_qt():
    spec = (ROOT / "packaging" / "kkrdesk.spec").read_text()
    for folder in ('"resources"), "kkrdesk/resources"', '"ui"), "kkrdesk/ui"', '"db"), "kkrdesk/db"'):
        assert folder in spec
    for module in ("PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtMultimedia", "PySide6.QtQuick"):
        assert f'"{module}"' in spec


def test_installer_keeps_qts_danish_catalogue():
    """Qt's dialogs read Danish only if qtbase_da.qm ships (issue 13 item 8): the spec drops other languages."""
    namespace: dict = {}
    spec = (ROOT / "packaging" / "kkrdesk.spec").read_text()
    start = spec.index("def _unused_qt")
    end = spec.index("\n\n", spec.index("return", start))
    exec(compile(spec[start:end], "kkrdesk.spec", "exec"), namespace)  # noqa: S102 - our own spec file
    unused = namespace["_unused_qt"]
    kept = ("PySide6/Qt/translations/qtbase_da.qm", "PySide6/Qt/translations/qtbase_da.qm", "DATA")
    dropped = ("PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/translations/qtbase_de.qm", "DATA")
    assert not unused(kept) and unused(dropped)


def test_windows_installer_is_per_user_and_keeps_data():
    iss = (ROOT / "packaging" / "kkrdesk.iss").read_text()
    assert "PrivilegesRequired=lowest" in iss and "{localappdata}" in iss
    assert "[UninstallDelete]" not in iss
    # The Start menu starts the windowless twin the spec builds on Windows, so no console window opens.
    assert '"{group}\\KKR Desk"; Filename: "{app}\\kkrdesk-vindue.exe"' in iss
    assert 'name="kkrdesk-vindue", console=False' in (ROOT / "packaging" / "kkrdesk.spec").read_text()
