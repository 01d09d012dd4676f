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

Only what figures need goes to the browser: ``engine/demos/book_numbers``
computes the numbers quoted in the text at build time, so its chapter modules
are left out, except those a figure's module imports (found by reading the
imports, so a new such import is never forgotten).
"""

from __future__ import annotations

import functools
import hashlib
import ast
import importlib.util
import io
import zipfile
from pathlib import Path

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


def engine_source_files(package_dir: Path) -> list[Path]:
    """The package's ``.py`` files, sorted by their zip name; caches and hidden paths left out."""
    files = [
        path
        for path in package_dir.rglob("*.py")
        if path.is_file()
        and not any(part == "__pycache__" or part.startswith(".") for part in path.relative_to(package_dir).parts)
    ]
    return sorted(files, key=lambda path: path.relative_to(package_dir).as_posix())


BUILD_TIME_ONLY = "demos/book_numbers/"


def _book_numbers_used_by_figures(package_dir: Path) -> set[str]:
    """Names of the ``book_numbers`` modules that code outside ``book_numbers`` imports."""
    used = set()
    for path in engine_source_files(package_dir):
        if path.relative_to(package_dir).as_posix().startswith(BUILD_TIME_ONLY):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.split(".")[-1] == "book_numbers":
                    used |= {alias.name for alias in node.names}
                elif "book_numbers." in node.module:
                    used.add(node.module.rsplit(".", 1)[1])
    return used


def browser_engine_files(package_dir: Path) -> list[Path]:
    """The engine's files the browser needs: all but the build-time-only book numbers."""
    keep = _book_numbers_used_by_figures(package_dir) | {"__init__"}
    return [
        path for path in engine_source_files(package_dir)
        if not path.relative_to(package_dir).as_posix().startswith(BUILD_TIME_ONLY) or path.stem in keep
    ]


def build_engine_zip(package_dir: Path, top: str = "engine", files: list[Path] | None = None) -> bytes:
    """Zip ``package_dir``'s ``.py`` files under ``<top>/…`` with fixed metadata.

    Each member's name is ``top/<relative posix path>``, its timestamp
    ``FIXED_DATE_TIME`` and its mode 0644, so only file contents and names
    reach the bytes.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in files if files is not None else engine_source_files(package_dir):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(package_dir).as_posix()}", FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = FILE_MODE
            info.create_system = 3  # Unix, so the mode above is honoured on every OS that builds it
            archive.writestr(info, path.read_bytes(), compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def engine_zip_bytes() -> bytes:
    """The installed engine package, as the browser needs it, as a deterministic zip (built once per process)."""
    package_dir = engine_source_dir()
    return build_engine_zip(package_dir, files=browser_engine_files(package_dir))


@functools.lru_cache(maxsize=1)
def engine_zip_sha256() -> str:
    """Hex sha256 of :func:`engine_zip_bytes`; changes exactly when an engine source changes."""
    return hashlib.sha256(engine_zip_bytes()).hexdigest()
