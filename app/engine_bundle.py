"""The engine packed as one zip, for the browser's Pyodide worker and the Node test runner.

The worker fetches ``/runtime/engine.zip`` and unpacks it into Pyodide's file
system (``pyodide.unpackArchive(buffer, "zip")``), after which ``import engine``
works there exactly as in CPython. The engine is pure Python, so no wheel
build or cross-compilation is needed.

The bytes are deterministic: the same sources give the same zip, whatever the
files' modification times, permissions or directory order. That keeps the
sha256 (usable as an ETag / cache-busting query) stable between server
restarts, static exports and test runs. Members are deflated at a fixed level;
the output is byte-stable for a given zlib build, which is all a cache needs.

Beside each source whose CPython 3.12 bytecode is in the cache
(app/engine_bytecode.py, filled by ``make install``) the zip also holds its
``__pycache__/NAME.cpython-312.pyc``, so Pyodide imports without compiling.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from .engine_bytecode import fresh_pyc, pyc_name

# The earliest time a zip header can hold; any fixed value would do.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
# rw-r--r-- regular file, in the high 16 bits where zip keeps Unix modes.
FILE_MODE = (0o100644 & 0xFFFF) << 16
COMPRESS_LEVEL = 9


def engine_source_dir() -> Path:
    """The directory of the importable ``engine`` package (the repo's ``engine/`` when installed editable)."""
    spec = importlib.util.find_spec("engine")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the engine package is not importable")
    return Path(next(iter(spec.submodule_search_locations)))


def engine_source_files(package_dir: Path, include_build_only: bool = False) -> list[Path]:
    """The package's ``.py`` files, sorted by their zip name; caches, hidden paths and, unless
    ``include_build_only``, the build-only ``book_numbers/`` (numbers for the text, computed at build) left out."""
    skipped = ("__pycache__",) if include_build_only else ("__pycache__", "book_numbers")
    files = [
        path
        for path in package_dir.rglob("*.py")
        if path.is_file()
        and not any(part in skipped or part.startswith(".") for part in path.relative_to(package_dir).parts)
    ]
    return sorted(files, key=lambda path: path.relative_to(package_dir).as_posix())


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, FIXED_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = FILE_MODE
    info.create_system = 3  # Unix, so the mode above is honoured on every OS that builds it
    archive.writestr(info, data, compresslevel=COMPRESS_LEVEL)


def build_engine_zip(package_dir: Path, top: str = "engine", bytecode: Callable[[bytes], bytes | None] | None = None) -> bytes:
    """Zip ``package_dir``'s ``.py`` files under ``<top>/…`` with fixed metadata.

    Each member's name is ``top/<relative posix path>``, its timestamp
    ``FIXED_DATE_TIME`` and its mode 0644, so only file contents and names
    reach the bytes. ``bytecode(source)`` may give a source's compiled form,
    shipped beside it as ``__pycache__/NAME.cpython-312.pyc``.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in engine_source_files(package_dir):
            name = f"{top}/{path.relative_to(package_dir).as_posix()}"
            source = path.read_bytes()
            _write(archive, name, source)
            pyc = bytecode(source) if bytecode else None
            if pyc is not None:
                _write(archive, pyc_name(name), pyc)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def engine_zip_bytes() -> bytes:
    """The installed engine package as a deterministic zip (built once per process), with the
    Pyodide bytecode the cache holds for its sources."""
    return build_engine_zip(engine_source_dir(), bytecode=fresh_pyc)


@functools.lru_cache(maxsize=1)
def engine_zip_sha256() -> str:
    """Hex sha256 of :func:`engine_zip_bytes`; changes exactly when an engine source changes."""
    return hashlib.sha256(engine_zip_bytes()).hexdigest()
