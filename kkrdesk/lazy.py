"""A module imported when first used, for modules the window's first paint must not pay for."""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands for a module until an attribute is asked for; then the import runs (thread-safe: importlib's
    module locks) and every later lookup goes to the real module."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        return getattr(self.module, attr)

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self._name)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"
