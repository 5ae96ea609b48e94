"""Where the program finds its data folders, installed (inside the package) or in a source checkout."""

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    inside = _PKG / name
    return inside if inside.is_dir() else _PKG.parent / name


def resource_path(*parts: str) -> Path:
    return _data_dir("resources").joinpath(*parts)


def ui_path(*parts: str) -> Path:
    return _data_dir("ui").joinpath(*parts)


def migrations_path() -> Path:
    return _data_dir("db")
