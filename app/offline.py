"""What the service worker stores for offline reading, and the version that names its cache.

``/sw.js`` is ``static/sw.js`` with two constants filled in: ``PRECACHE``,
every URL a reader needs to read the whole book and run its figures with no
network, and ``VERSION``, a hash of all of it. Any change to a page, a script
or the engine changes VERSION, so the browser installs the new service
worker, which fills a fresh cache: a cached file is never stale.

PRECACHE holds what is actually requested, nothing more: the pages and
/playground; the static files the templates name (``asset('…')``) and,
following them, every file the book's own scripts and styles load (imports,
dynamic imports, the worker's ``importScripts``, ``new URL(…,
import.meta.url)``, absolute ``/static/…`` URLs, CSS ``url(…)``, the math
font named by the inline stylesheet); Pyodide's core files, numpy's wheel and
the engine zip. Where pages carry the JavaScript bundle (app/js_bundle.py), the modules inside it are
not requested, so not stored (pages without it name the modules, then those are stored, not the bundle).
The stylesheets and scripts pages carry inline
(app/inline_assets.py) are not requested, so not stored; their text is still
part of VERSION (a page's inline copy changes with them).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from . import js_bundle
from .engine_bundle import engine_zip_sha256
from .inline_assets import INLINE_SCRIPTS, STYLESHEETS, inline_script, page_css
from .interpreter_snapshot import snapshot_urls

# Pyodide's files the worker fetches (pyodide.mjs is for Node only). The standard library and numpy
# are the stored repacks (scripts/vendor.py) the pages name in <html data-stdlib-url data-numpy-url>;
# a static export swaps in the pinned originals (app/export/rebase.py).
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib-stored.zip", "pyodide-lock.json",
                 "stored/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl")
# A static file a template names: {{ asset('js/widgets.js') }}.
TEMPLATE_ASSET = re.compile(r"""\basset\(\s*['"]([^'"]+)['"]\s*\)""")
# What one of the book's own scripts or stylesheets loads, by the forms they use (one group each).
REFERENCE = re.compile("|".join([
    r"""\bimport\s*\(\s*[`"']([^`"']+)[`"']""",                      # import("./search.js"), import(`./widgets/${n}.js`)
    r"""^\s*import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["']""",     # import { x } from "./draw.js"
    r"""\bimportScripts\(\s*["']([^"']+)["']""",                     # the worker: importScripts("snapshot-restore.js")
    r"""\bnew\s+URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url""",  # new URL("../../css/playground.css", import.meta.url)
    r"""["'](/static/[^"'?#]+)["']""",                               # "/static/vendor/plotly/plotly-gl3d.min.js"
    r"""\burl\(\s*["']?([^"')?#]+)""",                               # CSS: url('/static/vendor/temml/STIXTwoMath.woff2')
]), re.M)


def _resolve(static_dir: Path, reference: str, source: str) -> list[str]:
    """The files under static/ (paths relative to it) that ``reference``, written in ``source``, names."""
    if reference.startswith("/static/"):
        path = reference.removeprefix("/static/")
    elif reference.startswith(("/", "data:", "http:", "https:", "#")):
        return []  # a page or an API URL, inline data, another site
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source), reference))
    if "${" in path:  # a template literal: every file its pattern can name (./widgets/${name}.js)
        return sorted(p.relative_to(static_dir).as_posix() for p in static_dir.glob(re.sub(r"\$\{[^}]*\}", "*", path))
                      if p.is_file())
    return [path] if (static_dir / path).is_file() else []


def _reachable(static_dir: Path, todo: list[str], forms: slice = slice(None)) -> set[str]:
    """The files under static/ that ``todo`` names, and those the book's own scripts and styles among them
    load, through the ``forms`` of REFERENCE (all of them; ``slice(0, 2)``: imports only). Vendored
    files are followed no further."""
    seen: set[str] = set()
    while todo:
        path = todo.pop()
        if path in seen or not (static_dir / path).is_file():
            continue
        seen.add(path)
        if path.startswith("vendor/") or not path.endswith((".js", ".mjs", ".css")):
            continue
        for groups in REFERENCE.findall((static_dir / path).read_text(encoding="utf-8")):
            todo += [found for ref in groups[forms] if ref for found in _resolve(static_dir, ref, path)]
    return seen


def bundled_modules(static_dir: Path) -> set[str]:
    """The modules inside the pages' bundle: every module its entry imports, statically or dynamically."""
    return _reachable(static_dir, [js_bundle.ENTRY], slice(0, 2))


def requested_files(static_dir: Path, templates_dir: Path, bundled: bool = True) -> list[str]:
    """Every file under static/ (relative paths, sorted) a page requests, directly or through the book's
    own scripts and styles. Vendored files are followed no further: what Pyodide fetches is PYODIDE_FILES.
    ``bundled``: the pages carry the bundle (templates name both it and, for pages without it, its modules)."""
    static_dir = Path(static_dir)
    todo = sorted({name for template in Path(templates_dir).rglob("*.html")
                   for name in TEMPLATE_ASSET.findall(template.read_text(encoding="utf-8"))})
    if bundled and (static_dir / js_bundle.OUTPUT).is_file():
        inside = bundled_modules(static_dir)
        todo = [name for name in todo if name not in inside]
    else:
        todo = [name for name in todo if name != js_bundle.OUTPUT]
    inline = [page_css(static_dir), *(inline_script(name, static_dir) for name in INLINE_SCRIPTS)]
    todo += [path for text in inline for ref in REFERENCE.findall(text) for r in ref if r
             for path in _resolve(static_dir, r, "index.html")]
    return sorted(_reachable(static_dir, todo))


def precache_urls(book, static_dir: Path, engine_url: str, templates_dir: Path, bundled: bool = True) -> list[str]:
    """Pages first (small, what a reader wants soonest), then scripts and styles, then the runtime."""
    pages = ["/"] + [c.url for c in book.chapters] + [p.url for p in book.pages.values()] + ["/playground"]
    files = [f"/static/{path}" for path in requested_files(static_dir, templates_dir, bundled)]
    runtime = [f"/static/vendor/pyodide/{name}" for name in PYODIDE_FILES]
    runtime += snapshot_urls(Path(static_dir) / "vendor" / "pyodide" / "snapshot")  # the worker's fast start, if made
    return pages + ["/manifest.webmanifest", "/search-index.json"] + [f for f in files if f not in runtime] + runtime + [engine_url]


def service_worker_source(book, static_dir: Path, templates_dir: Path, engine_url: str, bundled: bool = True) -> str:
    static_dir = Path(static_dir)
    urls = precache_urls(book, static_dir, engine_url, templates_dir, bundled)
    digest = hashlib.sha256()
    for page in [*book.chapters, *book.pages.values()]:
        digest.update(page.html.encode())
    # Pyodide's files are pinned by sha256 (scripts/vendor.py), and some 40 MB: their names stand for them.
    stored = [static_dir / url.removeprefix("/static/") for url in urls
              if url.startswith("/static/") and not url.startswith("/static/vendor/pyodide/")]
    inlined = [static_dir / name for name in (*STYLESHEETS, *INLINE_SCRIPTS)]  # in every page, inline
    for path in [*stored, *inlined, *sorted(Path(templates_dir).rglob("*.html")), static_dir / "sw.js"]:
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    digest.update(engine_zip_sha256().encode() + json.dumps(urls).encode())
    header = (f"const VERSION = {json.dumps(digest.hexdigest()[:16])};\n"
              f"const PRECACHE = {json.dumps(urls, indent=0)};\n")
    return header + (static_dir / "sw.js").read_text(encoding="utf-8")
