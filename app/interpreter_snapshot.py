"""A memory snapshot of the started Pyodide interpreter, made at vendor time, for a faster worker boot.

Starting CPython inside Pyodide (about 180 modules imported and initialised)
is most of the worker's boot. Pyodide 0.27 can instead restore the interpreter's
memory from a snapshot (``loadPyodide({_loadSnapshot})``, experimental). The
snapshot is made once per checkout by the vendored Pyodide under Node
(``scripts/pyodide-snapshot.mjs``, run by ``make vendor`` through :func:`main`),
kept in ``.cache/pyodide-snapshot/`` under the sha256 of everything it is made
from (:func:`inputs_key`) without its memory pages of zeros (app/sparse_snapshot.py:
13 of its 35 MB, what the worker downloads and decodes), and placed with its brotli copy at
``static/vendor/pyodide/snapshot/interpreter-KEY.bin``: a new name whenever an
input changes, so it is served immutable like the rest of the vendored runtime.

What it holds and what it cannot (see the script): the started interpreter
with numpy (and numpy.random, and dataclasses) imported; not the file system, no JavaScript
object, and not numpy's compiled extension modules, which the worker
instantiates again where the snapshot had them (static/js/snapshot-restore.js,
from the manifest ``interpreter-KEY.json`` the maker reports). Beside the
snapshot, the files the worker installs, without what the snapshot has already
imported (stored, not deflated, like scripts/vendor.py's repacks, and sent as
brotli): ``python_stdlib-KEY.zip`` (the standard library less its ~130
imported modules) and ``numpy-KEY.zip`` (numpy's wheel less its ~90 imported
``.py`` files and the parts the engine never uses; its .so files stay: the worker compiles them from there). The
worker (static/js/worker.js) falls back to the normal boot, with the whole
standard library and numpy's wheel, whenever the snapshot is missing or does
not restore.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from . import sparse_snapshot
from .engine_bundle import engine_zip_bytes
from .stored_zip import write_stored_zip

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = ROOT / ".cache" / "pyodide-snapshot"
PYODIDE_DIR = ROOT / "static" / "vendor" / "pyodide"
SNAPSHOT_DIR = PYODIDE_DIR / "snapshot"
MAKER = ROOT / "scripts" / "pyodide-snapshot.mjs"
# The maker records numpy's libraries with the worker's own code, so that code is an input too, and so
# is the encoder of the file the worker downloads.
RESTORER = ROOT / "static" / "js" / "snapshot-restore.js"
ENCODER = ROOT / "app" / "sparse_snapshot.py"
BROTLI = ROOT / "scripts" / "brotli-copies.mjs"
URL_PREFIX = "/static/vendor/pyodide/snapshot/"
NUMPY_WHEEL = "stored/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"  # scripts/vendor.py's stored repack
# What the snapshot is made from: the interpreter (its wasm and the JavaScript that lays out its memory),
# the standard library it starts from and numpy's wheel. The maker and restorer scripts are hashed too.
INPUTS = ("pyodide.asm.wasm", "pyodide.asm.js", "pyodide.js", "pyodide.mjs", "python_stdlib.zip", NUMPY_WHEEL)
# Modules imported before the snapshot is taken: numpy and what the engine uses of it (numpy.linalg
# comes with numpy). The standard library's own only as these import them, and dataclasses, which the
# engine's entry point imports (engine/widgets/options.py) and numpy does not: Pyodide's standard
# library is source, and compiling dataclasses in the browser took 200+ ms before a figure could go
# live. Each costs bytes on the wire for time saved.
PREIMPORT: tuple[str, ...] = ("numpy", "numpy.random", "dataclasses")
# The book's engine modules imported too (the maker is given the engine zip, app/engine_bundle.py): the
# worker's entry point, which it imports before any figure can go live (its code and initialised state
# then come with the snapshot; the figures' own modules stay out: 0.19 MiB more on the wire for the
# perceptron chapter's). The manifest names the engine it holds: a worker that downloads another one
# imports its modules anew (static/js/worker.js), as every boot did before the engine was in it. The
# engine is not part of the key on purpose: an edit to any engine file would remake the snapshot (2-3
# minutes) on the next `make test-fast` or `make run`. A fresh checkout's snapshot holds its own engine;
# `rm -r .cache/pyodide-snapshot && make vendor` brings an older one up to date.
ENGINE_PREIMPORT: tuple[str, ...] = ("engine.widgets.protocol",)
# Packages whose Python docstrings the snapshot leaves out, as python -OO would (numpy supports it):
# 0.2 MiB less on the wire, and no figure shows their help text.
STRIP_DOCSTRINGS: tuple[str, ...] = ("numpy", "dataclasses")


class SnapshotError(RuntimeError):
    """The snapshot could not be made (no Node, Pyodide not vendored, the maker failed)."""


def inputs_key(pyodide_dir: Path = PYODIDE_DIR, maker: Path = MAKER, preimport: tuple[str, ...] = PREIMPORT) -> str:
    """sha256 over the inputs' names and bytes, the maker and restorer scripts, the pre-imported modules
    and what the files beside the snapshot leave out (not the engine: see ENGINE_PREIMPORT)."""
    digest = hashlib.sha256()
    for name in INPUTS:
        path = pyodide_dir / name
        if not path.is_file():
            raise SnapshotError(f"{path} is missing: run `make vendor`")
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(maker.read_bytes() + b"\0" + RESTORER.read_bytes() + b"\0" + ENCODER.read_bytes() + b"\0"
                  + json.dumps([list(preimport), STRIP_DOCSTRINGS, STDLIB_UNUSABLE, NUMPY_BUILD_ONLY_SUFFIXES,
                                NUMPY_BUILD_ONLY_DIRS, NUMPY_TEST_LIBRARIES, NUMPY_UNUSED]).encode())
    return digest.hexdigest()


def _with_brotli(files: list[Path]) -> list[Path]:
    """Each file followed by its brotli copy (the server sends that one to browsers that accept it)."""
    return [p for f in files for p in (f, f.with_name(f.name + ".br"))]


def snapshot_name(key: str) -> str:
    return f"interpreter-{key[:16]}.bin"


def stdlib_name(key: str) -> str:
    """The standard library the worker installs beside the snapshot of the same key."""
    return f"python_stdlib-{key[:16]}.zip"


def numpy_name(key: str) -> str:
    """numpy's files the worker installs beside the snapshot of the same key."""
    return f"numpy-{key[:16]}.zip"


def manifest_name(key: str) -> str:
    """Where numpy's extension modules lay when the snapshot of the same key was made (the maker's report)."""
    return f"interpreter-{key[:16]}.json"


# The four files of one snapshot, in the order make_cached returns them and the worker fetches them.
NAMES = (snapshot_name, stdlib_name, numpy_name, manifest_name)


# Standard-library modules that cannot run in a browser's worker (processes, sockets, servers and
# their protocols, AIX), that nothing imports when it is imported itself, or that CPython never imports
# where its C accelerator exists (_pydatetime, _pyio): left out of the snapshot's standard library,
# 0.19 MiB less on the wire (the normal boot keeps them).
STDLIB_UNUSABLE = ("multiprocessing/", "wsgiref/", "xmlrpc/", "http/server.py", "smtplib.py", "imaplib.py",
                   "poplib.py", "ftplib.py", "nntplib.py", "telnetlib.py", "mailbox.py", "cgi.py", "cgitb.py",
                   "mailcap.py", "_pydatetime.py", "_pyio.py", "concurrent/futures/process.py", "ctypes/_aix.py")


def write_stdlib_without(source: Path, target: Path, already_read: list[str]) -> int:
    """``source``'s members except ``already_read`` and the unusable ones, stored (brotli compresses
    across them); returns how many."""
    with zipfile.ZipFile(source) as stdlib:
        unusable = {n for n in stdlib.namelist() if n.startswith(STDLIB_UNUSABLE)}
    return write_stored_zip(source, target, frozenset(already_read) | unusable)


# What numpy's wheel carries for building against it or checking it, not for running it: left out of the
# files the worker installs beside the snapshot (the normal boot's wheel keeps them).
NUMPY_BUILD_ONLY_SUFFIXES = (".pyi", ".pxd", ".h", ".a", ".c", ".pyx", ".template", ".build", ".pc", ".ini", ".cfg",
                             "py.typed")
NUMPY_BUILD_ONLY_DIRS = ("numpy/f2py/", "numpy/_pyinstaller/", "numpy/_core/include/", "numpy/_core/lib/",
                         "numpy/random/lib/", "numpy/random/_examples/")
NUMPY_TEST_LIBRARIES = ("_rational_tests", "_struct_ufunc_tests", "_umath_tests", "_operand_flag_tests")
# numpy's parts that importing numpy does not import and the engine never uses (it uses numpy, numpy.random
# and numpy.linalg; tests/app/test_interpreter_snapshot.py checks the engine names none of these): 1 MB
# less for the worker to read and install on every load, 0.15 MiB less on the wire. The normal boot's
# wheel keeps them.
NUMPY_UNUSED = ("numpy/ma/", "numpy/polynomial/", "numpy/testing/", "numpy/typing/", "numpy/doc/", "numpy/compat/",
                "numpy/matlib.py", "numpy/ctypeslib.py", "numpy/_configtool.py", "numpy-2.0.2.dist-info/RECORD")


def numpy_runtime_member(name: str) -> bool:
    """A member of numpy's wheel that running numpy may need (what numpy_zip keeps)."""
    base = name.rsplit("/", 1)[-1]
    return not (name.endswith(NUMPY_BUILD_ONLY_SUFFIXES) or name.startswith(NUMPY_BUILD_ONLY_DIRS + NUMPY_UNUSED)
                or "/tests/" in name or base.split(".")[0] in NUMPY_TEST_LIBRARIES)


def write_numpy_without(source: Path, target: Path, already_read: list[str]) -> int:
    """numpy's wheel without the ``.py`` files the snapshot has imported (their code is in it) and
    without what only building or testing uses; the extension modules (also "read": their
    ``__file__``) stay, since the worker instantiates them."""
    with zipfile.ZipFile(source) as wheel:
        leave_out = {n for n in wheel.namelist() if not numpy_runtime_member(n)}
    return write_stored_zip(source, target, frozenset(f for f in already_read if f.endswith(".py")) | leave_out)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("making the interpreter snapshot needs Node.js 20+ (node)")
    return node


def make_cached(key: str, cache_dir: Path = CACHE_DIR, maker: Path = MAKER, preimport: tuple[str, ...] = PREIMPORT,
                pyodide_dir: Path = PYODIDE_DIR, engine_zip: bytes | None = None) -> tuple[list[Path], bool]:
    """The cached snapshot for ``key``, its standard library, numpy's files, the manifest of numpy's
    extension modules and their brotli copies, made when missing; returns (those four, made now).
    With ``engine_zip`` the maker can import the engine's modules (``preimport`` then names them)."""
    files = [cache_dir / name(key) for name in NAMES]
    cached, stdlib, numpy, manifest = files
    if all(p.is_file() for p in _with_brotli(files)):
        return files, False
    cache_dir.mkdir(parents=True, exist_ok=True)
    node = _node()
    try:
        strip = [f"--strip-docstrings={package}" for package in STRIP_DOCSTRINGS]
        engine = []
        if engine_zip is not None:
            engine_file = cache_dir / f"engine-{key[:16]}.zip"
            engine_file.write_bytes(engine_zip)
            engine = [f"--engine={engine_file}"]
        try:
            made = subprocess.run([node, str(maker), str(cached), f"--numpy={pyodide_dir / NUMPY_WHEEL}", *engine, *strip,
                                   *preimport], check=True, cwd=ROOT, capture_output=True, text=True)
        finally:
            if engine:
                engine_file.unlink(missing_ok=True)
        report = json.loads(made.stdout.strip().splitlines()[-1])
        # The worker downloads the snapshot without its pages of zeros (app/sparse_snapshot.py).
        sparse = cached.with_name(cached.name + ".part")
        sparse.write_bytes(sparse_snapshot.encode(cached.read_bytes(), int(report["fresh_length"])))
        sparse.replace(cached)
        write_stdlib_without(pyodide_dir / "python_stdlib.zip", stdlib, report.get("stdlib_read", []))
        write_numpy_without(pyodide_dir / NUMPY_WHEEL, numpy, report.get("site_packages_read", []))
        # The worker's manifest: numpy's libraries, and the engine whose modules the snapshot holds (if any).
        engine_sha256 = {"engine": report["engine_sha256"]} if report.get("engine_sha256") else {}
        manifest.write_text(json.dumps({**(report.get("dynlibs") or {"libs": []}), **engine_sha256}, separators=(",", ":")))
        # Quality 11 takes a minute or two for the ~20 MB of memory, once per checkout (cached).
        subprocess.run([node, str(BROTLI), "compress", *map(str, files)], check=True, cwd=ROOT)
    except subprocess.CalledProcessError as error:
        raise SnapshotError(f"{' '.join(map(str, error.cmd[:2]))} failed: {(error.stderr or '')[-2000:]}") from None
    except (ValueError, IndexError, KeyError, zipfile.BadZipFile) as error:
        raise SnapshotError(f"the maker's report, its snapshot or the standard library could not be read: {error}") from None
    return files, True


def place(files: list[Path], snapshot_dir: Path = SNAPSHOT_DIR) -> Path:
    """Copy the files and their brotli copies into static/vendor; older ones there are removed.
    Returns where the snapshot (the first file) now is."""
    snapshot_dir.mkdir(parents=True, exist_ok=True)
    sources = _with_brotli(files)
    wanted = {p.name for p in sources}
    for old in snapshot_dir.iterdir():
        if old.name not in wanted:
            old.unlink()
    for source in sources:
        target = snapshot_dir / source.name
        if not target.is_file() or target.stat().st_size != source.stat().st_size:
            partial = target.with_name(target.name + ".part")
            shutil.copyfile(source, partial)
            partial.replace(target)
    return snapshot_dir / files[0].name


def snapshot_url(snapshot_dir: Path = SNAPSHOT_DIR) -> str | None:
    """The URL of the placed snapshot, or None when there is none (the worker then boots the normal way)."""
    if not snapshot_dir.is_dir():
        return None
    names = sorted(p.name for p in snapshot_dir.glob("interpreter-*.bin"))
    return URL_PREFIX + names[-1] if names else None


def snapshot_urls(snapshot_dir: Path = SNAPSHOT_DIR) -> list[str]:
    """The snapshot's URL and those of the files beside it (the worker fetches all four), or [] when there is none."""
    url = snapshot_url(snapshot_dir)
    if url is None:
        return []
    key = url.rsplit("interpreter-", 1)[1].removesuffix(".bin")  # the names take the key's first 16 characters
    return [URL_PREFIX + name(key) for name in NAMES]


def main() -> int:
    try:
        preimport = PREIMPORT + ENGINE_PREIMPORT
        key = inputs_key(preimport=preimport)
        files, made = make_cached(key, preimport=preimport, engine_zip=engine_zip_bytes())
        placed = place(files)
    except SnapshotError as error:
        # The book works without it (the worker boots the normal way), so vendoring goes on.
        print(f"interpreter snapshot: not made ({error}); the worker will boot without it")
        return 0
    br = lambda p: p.with_name(p.name + ".br").stat().st_size / 2**20  # noqa: E731
    stdlib, numpy = placed.with_name(stdlib_name(key)), placed.with_name(numpy_name(key))
    print(f"interpreter snapshot: {placed.relative_to(ROOT)} ({placed.stat().st_size / 2**20:.1f} MiB, "
          f"{br(placed):.2f} MiB as brotli), its standard library ({br(stdlib):.2f} MiB) and numpy's files "
          f"({br(numpy):.2f} MiB as brotli), "
          f"{'made now' if made else 'from .cache/pyodide-snapshot/'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
