"""The engine zip served to the browser: right files, importable, byte-stable."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import engine
from app.engine_bundle import (browser_engine_files, build_engine_zip, engine_source_dir, engine_zip_bytes,
                               engine_zip_sha256)


def _make_package(root: Path) -> Path:
    """A small package with the kinds of clutter a real checkout collects."""
    pkg = root / "pkg"
    (pkg / "sub" / "__pycache__").mkdir(parents=True)
    (pkg / "__init__.py").write_text("VALUE = 1\n")
    (pkg / "b_module.py").write_text("B = 2\n")
    (pkg / "a_module.py").write_text("A = 3\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "inner.py").write_text("INNER = 4\n")
    (pkg / "sub" / "__pycache__" / "inner.cpython-311.pyc").write_bytes(b"\x00compiled")
    (pkg / "sub" / "__pycache__" / "stray.py").write_text("raise SystemExit\n")
    (pkg / "notes.txt").write_text("not code\n")
    (pkg / ".hidden.py").write_text("secret = 1\n")
    return pkg


def test_zip_holds_exactly_the_py_files_under_the_package_name(tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(build_engine_zip(_make_package(tmp_path))))
    assert archive.namelist() == [
        "engine/__init__.py",
        "engine/a_module.py",
        "engine/b_module.py",
        "engine/sub/__init__.py",
        "engine/sub/inner.py",
    ]
    assert archive.read("engine/sub/inner.py") == b"INNER = 4\n"


def test_bytes_do_not_depend_on_mtimes_or_permissions(tmp_path):
    pkg = _make_package(tmp_path)
    first = build_engine_zip(pkg)
    for i, path in enumerate(sorted(pkg.rglob("*.py"))):
        os.utime(path, (1_000_000_000 + 7919 * i, 1_700_000_000 + 104_729 * i))
        path.chmod(0o600 if i % 2 else 0o755)
    assert build_engine_zip(pkg) == first
    for info in zipfile.ZipFile(io.BytesIO(first)).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert (info.external_attr >> 16) & 0o777 == 0o644


def test_bytes_change_when_a_source_changes(tmp_path):
    pkg = _make_package(tmp_path)
    before = build_engine_zip(pkg)
    (pkg / "a_module.py").write_text("A = 30\n")
    assert build_engine_zip(pkg) != before


def test_real_engine_zip_matches_the_engine_sources():
    package_dir = Path(engine.__file__).parent
    assert engine_source_dir() == package_dir
    expected = {
        path.relative_to(package_dir.parent).as_posix(): path.read_bytes()
        for path in package_dir.rglob("*.py")
        if "__pycache__" not in path.parts
        # build-time only: the numbers quoted in the text, except the module a figure imports
        and not (path.parent.name == "book_numbers" and path.stem not in ("__init__", "ch05"))
    }
    # Built afresh rather than from the per-process cache, so an edit made
    # while the suite runs cannot make the two sides disagree.
    archive = zipfile.ZipFile(io.BytesIO(build_engine_zip(engine_source_dir(), files=browser_engine_files(engine_source_dir()))))
    assert archive.testzip() is None
    assert {name: archive.read(name) for name in archive.namelist()} == expected
    assert "engine/__init__.py" in expected and "engine/demos/__init__.py" in expected


def test_sha256_is_of_the_served_bytes_and_both_are_cached():
    assert engine_zip_sha256() == hashlib.sha256(engine_zip_bytes()).hexdigest()
    assert engine_zip_bytes() is engine_zip_bytes()


def test_unpacked_zip_imports_as_the_engine(tmp_path):
    """What the browser does: unpack, put the folder on sys.path, import (here in a clean CPython)."""
    zipfile.ZipFile(io.BytesIO(engine_zip_bytes())).extractall(tmp_path)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import engine, engine.demos, engine.perceptron; "
        "[engine.demos.dispatch(w, 'initial', {}) for w in engine.demos.widget_names()]; "
        "print(engine.__file__); print(engine.demos.widget_names())"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    engine_file, widgets = out.stdout.splitlines()
    assert Path(engine_file).is_relative_to(tmp_path)
    assert "perceptron" in widgets
