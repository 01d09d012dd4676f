"""What the service worker stores for offline reading, and the version that names its cache.

``/sw.js`` is ``static/sw.js`` with two constants filled in: ``PRECACHE``,
every URL a reader needs to read the whole book and run its figures with no
network (the pages and /playground, the book's scripts and styles, KaTeX's stylesheet and
woff2 fonts, the vendored Plotly, Pyodide's core files, numpy's wheel and the engine zip), and
``VERSION``, a hash of all of it. Any change to a page, a script or the
engine changes VERSION, so the browser installs the new service worker,
which fills a fresh cache: a cached file is never stale.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .engine_bundle import engine_zip_sha256
from .interpreter_snapshot import snapshot_urls

# Pyodide's files the worker fetches (pyodide.mjs is for Node only). The standard library and numpy
# are the stored repacks (scripts/vendor.py) the pages name in <html data-stdlib-url data-numpy-url>;
# a static export swaps in the pinned originals (app/export/rebase.py).
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib-stored.zip", "pyodide-lock.json",
                 "stored/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl")
OWN_DIRS = ("js", "css", "icons")


def _static_files(static_dir: Path) -> list[Path]:
    own = sorted(p for d in OWN_DIRS for p in (static_dir / d).rglob("*") if p.is_file())
    katex = static_dir / "vendor" / "katex"
    fonts = sorted((katex / "fonts").glob("*.woff2"))
    # Plotly: only the optimizer race's 3-D view loads it, but offline that view must work too.
    plotly = [p for p in [static_dir / "vendor" / "plotly" / "plotly.min.js"] if p.is_file()]
    lunr = [static_dir / "vendor" / "lunr" / "lunr.min.js"]  # the search box's query side
    return own + [katex / "katex.min.css", katex / "katex.min.js"] + fonts + plotly + lunr


def precache_urls(book, static_dir: Path, engine_url: str) -> list[str]:
    """Pages first (small, what a reader wants soonest), then scripts and styles, then the runtime."""
    pages = ["/"] + [c.url for c in book.chapters] + [p.url for p in book.pages.values()] + ["/playground"]
    files = [f"/static/{p.relative_to(static_dir).as_posix()}" for p in _static_files(static_dir)]
    runtime = [f"/static/vendor/pyodide/{name}" for name in PYODIDE_FILES]
    runtime += snapshot_urls(static_dir / "vendor" / "pyodide" / "snapshot")  # the worker's fast start, if made
    return pages + ["/manifest.webmanifest", "/search-index.json"] + files + runtime + [engine_url]


def service_worker_source(book, static_dir: Path, templates_dir: Path, engine_url: str) -> str:
    urls = precache_urls(book, static_dir, engine_url)
    digest = hashlib.sha256()
    for page in [*book.chapters, *book.pages.values()]:
        digest.update(page.html.encode())
    for path in [*_static_files(static_dir), *sorted(Path(templates_dir).rglob("*.html")), static_dir / "sw.js"]:
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(engine_zip_sha256().encode() + json.dumps(urls).encode())
    header = (f"const VERSION = {json.dumps(digest.hexdigest()[:16])};\n"
              f"const PRECACHE = {json.dumps(urls, indent=0)};\n")
    return header + (static_dir / "sw.js").read_text(encoding="utf-8")
