"""The engine imports numpy and the standard library only (it must also run in Pyodide)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ENGINE = Path(__file__).parents[2] / "engine"
ALLOWED = set(sys.stdlib_module_names) | {"numpy", "engine", "__future__"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_engine_imports_only_numpy_and_the_standard_library():
    files = sorted(ENGINE.rglob("*.py"))
    assert len(files) > 10
    offenders = {str(f.relative_to(ENGINE)): sorted(imported_roots(f) - ALLOWED) for f in files}
    assert {f: bad for f, bad in offenders.items() if bad} == {}


def test_the_scan_would_notice_a_foreign_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import torch\nfrom scipy import linalg\nfrom . import fine\nimport numpy.linalg\n")
    assert imported_roots(bad) - ALLOWED == {"torch", "scipy"}


def test_engine_files_stay_under_400_lines():
    # One concept per file.
    files = list(ENGINE.rglob("*.py"))
    long = {str(f.relative_to(ENGINE)): n for f in files if (n := len(f.read_text().splitlines())) > 400}
    assert long == {}
