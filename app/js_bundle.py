"""Every page's JavaScript as one file: static/build/book.js, built by esbuild from static/js/book.js.

A cold chapter asked for some 27 scripts at once (its modules, their
preloads, the site's modules): the browser's busy main thread handled each
request before the first paint, and the figures' modules were compiled one by
one. One bundle is one request and one compile. The modules in static/js stay
the source; the bundle is made from them (never committed), by ``make vendor``
and again when a server starts and finds it older than they are: each bundle
begins with a digest of the sources it was made from, so an edit to a module
shows after a restart, as an edit to the inline stylesheet does.

Without esbuild (node_modules not installed) or with ``NNBOOK_JS_BUNDLE=0``
(a developer reading the modules one by one in the browser), pages name the
modules themselves as before (templates/partials/figure-scripts.html): the
book still works, only its first paint is later.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
ENTRY = "js/book.js"
OUTPUT = "build/book.js"
# One ES module, no splitting: the figures' dynamic import(`./widgets/${name}.js`) is resolved inside the file.
FLAGS = ("--bundle", "--format=esm", "--minify", "--target=es2022", "--legal-comments=none", "--log-level=warning")


def sources_digest(static_dir: Path) -> str:
    """A digest of every module the bundle may hold (static/js, recursively) and of how it is built."""
    digest = hashlib.sha256(" ".join(FLAGS).encode())
    lock = ROOT / "package-lock.json"  # the pinned esbuild
    if lock.is_file():
        digest.update(lock.read_bytes())
    for file in sorted((Path(static_dir) / "js").rglob("*.js")):
        digest.update(file.relative_to(static_dir).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def stamp(static_dir: Path) -> str:
    return f"/* nnbook bundle of static/js {sources_digest(static_dir)} */"


def is_current(static_dir: Path) -> bool:
    output = Path(static_dir) / OUTPUT
    if not output.is_file():
        return False
    with output.open(encoding="utf-8") as file:
        return file.readline().rstrip("\n") == stamp(static_dir)


def build(static_dir: Path, esbuild: Path = ESBUILD) -> Path | None:
    """The bundle, made again if the sources changed since; None when it cannot be made (no entry, no esbuild)."""
    static_dir = Path(static_dir)
    output = static_dir / OUTPUT
    if not (static_dir / ENTRY).is_file():
        return None
    if is_current(static_dir):
        return output
    if not Path(esbuild).is_file():
        print(f"nnbook: {esbuild} is missing (make install): pages load static/js's modules one by one", file=sys.stderr)
        return None
    output.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed: two servers starting at once (the test workers) never read half a file.
    handle, partial = tempfile.mkstemp(dir=output.parent, prefix=".book-", suffix=".js")
    os.close(handle)
    try:
        subprocess.run([str(esbuild), str(static_dir / ENTRY), *FLAGS, f"--banner:js={stamp(static_dir)}",
                        f"--outfile={partial}", "--allow-overwrite"], check=True, capture_output=True, text=True)
        os.chmod(partial, 0o644)  # mkstemp's file is the owner's only
        os.replace(partial, output)
    except subprocess.CalledProcessError as error:
        raise RuntimeError(f"esbuild could not bundle {ENTRY}: {error.stderr}") from None
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return output


if __name__ == "__main__":  # make vendor
    made = build(ROOT / "static")
    print(f"bundle: {made.relative_to(ROOT) if made else 'not made (no esbuild)'}")
