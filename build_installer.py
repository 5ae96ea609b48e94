"""Make an installer of KKR Desk that a secretary can install without Python.

    python build_installer.py [--skip-freeze]

Freezes the program with PyInstaller (one-dir, packaging/kkrdesk.spec), then per platform:
Linux: dist/kkrdesk_<version>_amd64.deb and dist/kkrdesk-<version>-linux-x86_64.tar.gz;
Windows: an Inno Setup installer (per user, no admin rights) where ISCC is present;
macOS: KKR Desk.app in a .dmg where hdiutil is present. Prints the paths of what it made, last.
The user's store lives in the user data dir, so upgrading or uninstalling never touches it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"
PACKAGING = ROOT / "packaging"
FROZEN = DIST / "kkrdesk"

# The libraries Qt's xcb platform plugin loads; without them Qt aborts with
# "could not load the Qt platform plugin xcb".
DEB_DEPENDS = [
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0",
    "libxcb-shape0", "libxcb-randr0", "libxcb-xkb1", "libxkbcommon-x11-0", "libxkbcommon0", "libegl1",
    "libgl1", "libfontconfig1", "libfreetype6", "libdbus-1-3", "libglib2.0-0",
]


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def write_version_module(version: str) -> None:
    """The frozen program has no package metadata: it reads its version from kkrdesk/_version.py."""
    (ROOT / "kkrdesk" / "_version.py").write_text(
        "# Written by build_installer.py from pyproject.toml; tests/test_cli.py keeps the two equal.\n"
        f'VERSION = "{version}"\n',
        encoding="utf-8",
    )


def freeze() -> Path:
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        sys.exit('PyInstaller mangler. Kør: python -m pip install -e ".[installer]"')
    if platform.system() == "Windows":
        make_ico()
    pyinstaller.run([str(PACKAGING / "kkrdesk.spec"), "--noconfirm", "--clean",
                     "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller")])
    return FROZEN


def make_ico() -> None:
    try:
        from PIL import Image
    except ImportError:
        print("Bemærk: uden Pillow får .exe-filen ikke ikonet (pip install pillow).")
        return
    out = PACKAGING / "build" / "kkrdesk.ico"
    out.parent.mkdir(parents=True, exist_ok=True)
    Image.open(ROOT / "resources" / "icons" / "kkrdesk.png").save(out, sizes=[(16, 16), (32, 32), (48, 48),
                                                                            (256, 256)])


def deb_control(version: str, installed_kb: int) -> str:
    return (
        "Package: kkrdesk\n"
        f"Version: {version}\n"
        "Section: office\n"
        "Priority: optional\n"
        "Architecture: amd64\n"
        "Maintainer: KL, KKR-sekretariaterne <kkrdesk@kl.dk>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(DEB_DEPENDS)}\n"
        "Description: KKR Desk - sekretariatsværktøj for et Kommunekontaktråd\n"
        " Sager, tovholdere, organer og medlemmer og budgetberegnere for sekretariatet\n"
        " i et KKR. Virker uden net; data ligger i én fil i brugerens datamappe og\n"
        " slettes aldrig ved afinstallation.\n"
    )


def _dir_size_kb(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) // 1024 + 1


def make_deb(version: str) -> Path:
    if not shutil.which("dpkg-deb"):
        print("dpkg-deb mangler, så der laves ingen .deb. Kør: apt-get install dpkg-dev")
        return None
    root = BUILD / "deb" / "root"
    shutil.rmtree(root.parent, ignore_errors=True)
    shutil.copytree(FROZEN, root / "opt" / "kkrdesk", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "kkrdesk").symlink_to("/opt/kkrdesk/kkrdesk")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy(PACKAGING / "kkrdesk.desktop", apps / "kkrdesk.desktop")
    icons = root / "usr" / "share" / "icons" / "hicolor"
    (icons / "256x256" / "apps").mkdir(parents=True)
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "kkrdesk.png", icons / "256x256" / "apps" / "kkrdesk.png")
    shutil.copy(ROOT / "resources" / "icons" / "kkrdesk.svg", icons / "scalable" / "apps" / "kkrdesk.svg")
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(deb_control(version, _dir_size_kb(root)), encoding="utf-8")
    # Refresh the menu and icon caches; never touch users' data on remove.
    for script, body in (("postinst", POSTINST), ("postrm", POSTRM)):
        (debian / script).write_text(body, encoding="utf-8")
        (debian / script).chmod(0o755)
    out = DIST / f"kkrdesk_{version}_amd64.deb"
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", "-Zxz", str(root), str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return out


POSTINST = """#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
exit 0
"""
POSTRM = """#!/bin/sh
# The users' stores live in their own data folders (~/.local/share/KKR Desk) and are never removed here.
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
exit 0
"""


def make_tarball(version: str, arch: str) -> Path:
    out = DIST / f"kkrdesk-{version}-linux-{arch}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(FROZEN, arcname=f"kkrdesk-{version}")
    return out


def make_windows_installer(version: str) -> Path | None:
    iss = BUILD / "kkrdesk.iss"
    iss.parent.mkdir(parents=True, exist_ok=True)
    template = (PACKAGING / "kkrdesk.iss").read_text(encoding="utf-8")
    iss.write_text(template.replace("@VERSION@", version).replace("@ROOT@", str(ROOT)), encoding="utf-8")
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    default = Path(os.environ.get("ProgramFiles(x86)", "C:/Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"
    if not iscc and default.exists():
        iscc = str(default)
    if not iscc:
        print(f"Inno Setup mangler. Installér det (winget install JRSoftware.InnoSetup) og kør: ISCC {iss}")
        return iss
    subprocess.run([iscc, str(iss)], check=True)
    return DIST / f"kkrdesk-{version}-setup.exe"


def make_dmg(version: str) -> Path | None:
    app = DIST / "KKR Desk.app"
    if not shutil.which("hdiutil"):
        print(f"hdiutil mangler; {app} er lavet, men ingen .dmg.")
        return app
    out = DIST / f"kkrdesk-{version}.dmg"
    out.unlink(missing_ok=True)
    subprocess.run(["hdiutil", "create", "-volname", "KKR Desk", "-srcfolder", str(app), "-ov", "-format", "UDZO",
                    str(out)], check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Byg KKR Desk-installationsfiler.")
    parser.add_argument("--skip-freeze", action="store_true", help="genbrug dist/kkrdesk fra sidst")
    args = parser.parse_args(argv)
    version = project_version()
    write_version_module(version)
    if not args.skip_freeze:
        freeze()
    if not (FROZEN / ("kkrdesk.exe" if os.name == "nt" else "kkrdesk")).exists():
        sys.exit(f"Det frosne program mangler i {FROZEN}.")
    made: list[Path] = [FROZEN]
    system = platform.system()
    if system == "Linux":
        machine = platform.machine().replace("AMD64", "x86_64")
        made += [p for p in (make_deb(version), make_tarball(version, machine)) if p]
    elif system == "Windows":
        made.append(make_windows_installer(version))
    elif system == "Darwin":
        made.append(make_dmg(version))
    print("\nLavet:")
    for path in made:
        if path:
            size = path.stat().st_size / 1e6 if path.is_file() else _dir_size_kb(path) / 1e3
            print(f"  {path}  ({size:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
