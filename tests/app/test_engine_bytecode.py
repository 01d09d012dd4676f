"""The engine zip carries CPython 3.12 bytecode for Pyodide, always that of the source beside it.

The checks here read the zip the site serves. That Pyodide imports the engine without compiling any
of it is checked inside Pyodide under Node, in the one Pyodide run tests/engine/test_pyodide.py
makes for all its snippets (test_pyodide_imports_the_engine_without_compiling_it): a Node Pyodide
of its own would cost some 5 CPU-seconds more.
"""

from __future__ import annotations

import io
import zipfile

from app.engine_bundle import build_engine_zip, engine_source_dir, engine_zip_bytes
from app.engine_bytecode import PYC_MAGIC, fresh_pyc, pyc_matches, pyc_name, source_hash_312


def served_zip() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(engine_zip_bytes()))


def test_every_shipped_pyc_is_checked_312_bytecode_of_the_source_beside_it():
    archive = served_zip()
    sources = [n for n in archive.namelist() if n.endswith(".py")]
    pycs = {n for n in archive.namelist() if n.endswith(".pyc")}
    assert pycs, "the engine zip has no bytecode: run `make install` (it compiles the engine in Pyodide)"
    assert pycs <= {pyc_name(n) for n in sources}  # each sits in __pycache__ beside a shipped source
    for name in sources:
        if pyc_name(name) in pycs:
            pyc = archive.read(pyc_name(name))
            assert pyc[:4] == PYC_MAGIC and int.from_bytes(pyc[4:8], "little") == 0b11, name  # 3.12, checked hash
            assert pyc[8:16] == source_hash_312(archive.read(name)), f"{name}: its pyc is of another source"


def test_the_modules_a_figure_imports_at_boot_ship_compiled():
    names = set(served_zip().namelist())
    for module in ("engine/__init__.py", "engine/network.py", "engine/widgets/protocol.py", "engine/widgets/options.py"):
        assert pyc_name(module) in names, f"{module} ships without bytecode: run `make install`"


def test_a_pyc_of_another_source_is_never_shipped(tmp_path):
    (tmp_path / "__init__.py").write_text("A = 1\n")
    real = fresh_pyc(engine_source_dir().joinpath("__init__.py").read_bytes())
    assert real is not None and not pyc_matches(real, b"A = 1\n")
    archive = zipfile.ZipFile(io.BytesIO(build_engine_zip(tmp_path, bytecode=lambda source: real if pyc_matches(real, source) else None)))
    assert archive.namelist() == ["engine/__init__.py"]
    assert source_hash_312(b"A = 1\n") != source_hash_312(b"A = 2\n")
