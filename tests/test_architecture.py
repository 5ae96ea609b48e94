"""Qt lives only in kkrdesk/gui/: everything else must be importable and testable without a screen."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kkrdesk"
HEAVY = {"pandas", "reportlab", "openpyxl"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_nothing_outside_gui_imports_pyside6():
    offenders = [
        str(p.relative_to(PACKAGE.parent))
        for p in PACKAGE.rglob("*.py")
        if "gui" not in p.relative_to(PACKAGE).parts and "PySide6" in _imports(p)
    ]
    assert offenders == []


def test_heavy_libraries_only_imported_at_module_level_in_exports_and_calc_io():
    """pandas, reportlab and openpyxl load only when an export or calculation needs them (start-up speed)."""
    offenders = []
    for p in PACKAGE.rglob("*.py"):
        rel = p.relative_to(PACKAGE)
        if rel.parts[0] == "exports" or rel.name == "inputs.py":
            continue
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only; imports inside functions are lazy and fine
            if isinstance(node, ast.Import | ast.ImportFrom):
                mod = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                if mod and mod.split(".")[0] in HEAVY:
                    offenders.append(str(rel))
    assert offenders == []


def test_core_imports_without_qt():
    import subprocess
    import sys

    code = (
        "import sys, kkrdesk.cli, kkrdesk.store, kkrdesk.services.listing, kkrdesk.services.demo;"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
