"""A memory snapshot of the started Pyodide interpreter, made at vendor time, for a faster worker boot.

Starting CPython inside Pyodide (about 180 modules imported and initialised)
is most of the worker's boot. Pyodide 0.27 can instead restore the interpreter's
memory from a snapshot (``loadPyodide({_loadSnapshot})``, experimental). The
snapshot is made once per checkout by the vendored Pyodide under Node
(``scripts/pyodide-snapshot.mjs``, run by ``make vendor`` through :func:`main`),
kept in ``.cache/pyodide-snapshot/`` under the sha256 of everything it is made
from (:func:`inputs_key`), and placed with its brotli copy at
``static/vendor/pyodide/snapshot/interpreter-KEY.bin``: a new name whenever an
input changes, so it is served immutable like the rest of the vendored runtime.

What it holds and what it cannot (see the script): the bare started
interpreter; not numpy (its compiled extension modules are loaded anew after
the restore), not the file system (the worker installs the standard library as
before), no JavaScript object. The worker (static/js/worker.js) falls back to
the normal boot whenever the snapshot is missing or does not restore.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / ".cache" / "pyodide-snapshot"
PYODIDE_DIR = ROOT / "static" / "vendor" / "pyodide"
SNAPSHOT_DIR = PYODIDE_DIR / "snapshot"
MAKER = ROOT / "scripts" / "pyodide-snapshot.mjs"
BROTLI = ROOT / "scripts" / "brotli-copies.mjs"
URL_PREFIX = "/static/vendor/pyodide/snapshot/"
# What the snapshot is made from: the interpreter (its wasm and the JavaScript that lays out its memory)
# and the standard library it starts from. The maker script itself is hashed too.
INPUTS = ("pyodide.asm.wasm", "pyodide.asm.js", "pyodide.js", "pyodide.mjs", "python_stdlib.zip")
# Standard-library modules imported before the snapshot is taken (none yet: each costs bytes on the wire
# for compile time saved; see the issue note).
PREIMPORT: tuple[str, ...] = ()


class SnapshotError(RuntimeError):
    """The snapshot could not be made (no Node, Pyodide not vendored, the maker failed)."""


def inputs_key(pyodide_dir: Path = PYODIDE_DIR, maker: Path = MAKER, preimport: tuple[str, ...] = PREIMPORT) -> str:
    """sha256 over the inputs' names and bytes, the maker script and the pre-imported modules."""
    digest = hashlib.sha256()
    for name in INPUTS:
        path = pyodide_dir / name
        if not path.is_file():
            raise SnapshotError(f"{path} is missing: run `make vendor`")
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(maker.read_bytes() + b"\0" + json.dumps(list(preimport)).encode())
    return digest.hexdigest()


def snapshot_name(key: str) -> str:
    return f"interpreter-{key[:16]}.bin"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("making the interpreter snapshot needs Node.js 20+ (node)")
    return node


def make_cached(key: str, cache_dir: Path = CACHE_DIR, maker: Path = MAKER,
                preimport: tuple[str, ...] = PREIMPORT) -> tuple[Path, bool]:
    """The cached snapshot for ``key`` and its brotli copy, made when missing; returns (path, made now)."""
    cached = cache_dir / snapshot_name(key)
    if cached.is_file() and cached.with_name(cached.name + ".br").is_file():
        return cached, False
    cache_dir.mkdir(parents=True, exist_ok=True)
    node = _node()
    try:
        subprocess.run([node, str(maker), str(cached), *preimport], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        # Quality 11 takes a minute or two for the ~20 MB of memory, once per checkout (cached).
        subprocess.run([node, str(BROTLI), "compress", str(cached)], check=True, cwd=ROOT)
    except subprocess.CalledProcessError as error:
        raise SnapshotError(f"{' '.join(map(str, error.cmd[:2]))} failed: {(error.stderr or '')[-2000:]}") from None
    return cached, True


def place(cached: Path, snapshot_dir: Path = SNAPSHOT_DIR) -> Path:
    """Copy the snapshot and its brotli copy into static/vendor; older snapshots there are removed."""
    snapshot_dir.mkdir(parents=True, exist_ok=True)
    for old in snapshot_dir.iterdir():
        if not old.name.startswith(cached.name):
            old.unlink()
    for source in (cached, cached.with_name(cached.name + ".br")):
        target = snapshot_dir / source.name
        if not target.is_file() or target.stat().st_size != source.stat().st_size:
            partial = target.with_name(target.name + ".part")
            shutil.copyfile(source, partial)
            partial.replace(target)
    return snapshot_dir / cached.name


def snapshot_url(snapshot_dir: Path = SNAPSHOT_DIR) -> str | None:
    """The URL of the placed snapshot, or None when there is none (the worker then boots the normal way)."""
    if not snapshot_dir.is_dir():
        return None
    names = sorted(p.name for p in snapshot_dir.glob("interpreter-*.bin"))
    return URL_PREFIX + names[-1] if names else None


def main() -> int:
    try:
        key = inputs_key()
        cached, made = make_cached(key)
        placed = place(cached)
    except SnapshotError as error:
        # The book works without it (the worker boots the normal way), so vendoring goes on.
        print(f"interpreter snapshot: not made ({error}); the worker will boot without it")
        return 0
    print(f"interpreter snapshot: {placed.relative_to(ROOT)} ({placed.stat().st_size / 2**20:.1f} MiB, "
          f"{placed.with_name(placed.name + '.br').stat().st_size / 2**20:.2f} MiB as brotli), "
          f"{'made now' if made else 'from .cache/pyodide-snapshot/'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
