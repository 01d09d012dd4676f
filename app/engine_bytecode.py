"""Precompiled bytecode for the engine zip: Pyodide imports the engine without compiling it.

Compiling the modules a chapter's figures import costs the worker a few hundred
milliseconds of every cold start. Pyodide 0.27.7 runs CPython 3.12, the server
3.11, whose bytecode 3.12 cannot load, so the ``.pyc`` files are made by the
vendored Pyodide itself under Node (``scripts/engine-pyc.mjs``, driven by
:func:`compile_missing`; ``make install`` runs it) and kept in a cache named by
each source's sha256. The zip (app/engine_bundle.py) ships, beside every source
that has one, ``__pycache__/NAME.cpython-312.pyc``.

Each is a *checked* hash-based pyc (PEP 552): it carries a hash of its source,
and Python compares that with the source beside it on every import, compiling
the source instead when they differ. So a pyc can never run stale code; and
:func:`fresh_pyc` ships one only when its magic number is 3.12's and its hash
is that of the source it sits beside.
"""

from __future__ import annotations

import _imp
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / ".cache" / "engine-pyc"
COMPILER = ROOT / "scripts" / "engine-pyc.mjs"
# CPython 3.12's bytecode: magic number 3531 (Lib/importlib/_bootstrap_external.py), and the
# tag of the __pycache__ names it looks for. Its source hashes are keyed by the raw magic number.
PYC_MAGIC = (3531).to_bytes(2, "little") + b"\r\n"
PYC_TAG = "cpython-312"
CHECKED_HASH_FLAGS = 0b11  # hash-based, check_source
# Where the worker (static/js/worker.js) and the Node runner unpack the zip: the path tracebacks name.
PYODIDE_ENGINE_DIR = "/home/pyodide/nnbook"


def source_hash_312(source: bytes) -> bytes:
    """The hash CPython 3.12 writes into a hash-based pyc of ``source`` (SipHash keyed by its magic)."""
    return _imp.source_hash(int.from_bytes(PYC_MAGIC, "little"), source)


def cache_path(source: bytes) -> Path:
    return CACHE_DIR / f"{hashlib.sha256(source).hexdigest()}.pyc"


def pyc_matches(pyc: bytes, source: bytes) -> bool:
    """``pyc`` is 3.12 bytecode of exactly ``source``, checked against it on import."""
    return (len(pyc) > 16 and pyc[:4] == PYC_MAGIC and int.from_bytes(pyc[4:8], "little") == CHECKED_HASH_FLAGS
            and pyc[8:16] == source_hash_312(source))


def fresh_pyc(source: bytes) -> bytes | None:
    """The cached 3.12 bytecode of ``source``, or None when there is none (or it does not match)."""
    path = cache_path(source)
    if not path.is_file():
        return None
    pyc = path.read_bytes()
    return pyc if pyc_matches(pyc, source) else None


def pyc_name(relative_source: str) -> str:
    """``engine/layers/dense.py`` → ``engine/layers/__pycache__/dense.cpython-312.pyc``."""
    folder, _, name = relative_source.rpartition("/")
    return f"{folder + '/' if folder else ''}__pycache__/{name.removesuffix('.py')}.{PYC_TAG}.pyc"


def compile_missing(package_dir: Path, files: list[Path], top: str = "engine") -> int:
    """Compile, in Pyodide under Node, every source in ``files`` whose bytecode is not cached; returns how many."""
    jobs, seen = [], set()
    for path in files:
        source = path.read_bytes()
        out = cache_path(source)
        if out in seen or fresh_pyc(source) is not None:
            continue
        seen.add(out)
        dfile = f"{PYODIDE_ENGINE_DIR}/{top}/{path.relative_to(package_dir).as_posix()}"
        jobs.append({"src": str(path), "dfile": dfile, "out": str(out)})
    if not jobs:
        return 0
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("compiling the engine for Pyodide needs Node.js 20+ (node)")
    subprocess.run([node, str(COMPILER)], input=json.dumps(jobs), text=True, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return len(jobs)


def main() -> int:
    from .engine_bundle import engine_source_dir, engine_source_files

    package_dir = engine_source_dir()
    files = engine_source_files(package_dir)
    count = compile_missing(package_dir, files)
    print(f"engine bytecode: {count} of {len(files)} modules compiled for Pyodide (CPython 3.12), "
          f"the rest already in {CACHE_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
