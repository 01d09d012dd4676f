"""What a static export holds: the one list of the book's URLs, each written to one file.

Every path here is fetched from the app exactly as a reader's browser would get
it and written under OUT (pages become folders: ``/chapters/x`` →
``chapters/x/index.html``). A later feature that serves a file of its own (a
search index, say) adds its URL to :data:`EXTRA_PATHS`, or appends to the list
``site_paths`` returns, and nothing else changes.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

# The browser runtime's own URLs (app/routers/runtime.py).
RUNTIME_PATHS = ["/sw.js", "/manifest.webmanifest", "/runtime/engine.zip"]
# Files other features add to the export: one line each, e.g. "/static/search/index.json".
EXTRA_PATHS: list[str] = ["/search-index.json"]  # the search box's Lunr index (app/search_index.py)
# Where the page for an unknown address is written; static servers (and CDNs) serve it for a 404.
NOT_FOUND_FILE = "404.html"
# Fetched to render the 404 page: no page of the book has this address.
NOT_FOUND_PROBE = "/nnbook-export-no-such-page"
# Under static/: files the export leaves out. sw.js is the template the server fills in (served at
# /sw.js); .gz and .br copies exist for the server's Content-Encoding; Swagger UI belongs to /api/docs.
SKIPPED_STATIC = ("sw.js", "vendor/pyodide/python_stdlib-stored.zip",  # the repacks: see rebase.SERVER_ONLY
                  "vendor/pyodide/stored/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl")
SKIPPED_SUFFIXES = (".gz", ".br")
# The interpreter snapshot too: 20 MB that only the server sends small (brotli); a static copy's worker
# starts Python the normal way (rebase.py drops the page's data-snapshot-url).
SKIPPED_DIRS = ("vendor/swagger-ui", "vendor/pyodide/snapshot")


def page_paths(book) -> list[str]:
    """The reading pages: home, every chapter, the extra pages (notation…), the playground."""
    return ["/", *(c.url for c in book.chapters), *(p.url for p in book.pages.values()), "/playground"]


def static_paths(static_dir: Path) -> list[str]:
    """Every file under static/ a reader may fetch (scripts, styles, icons, the vendored runtime)."""
    paths = []
    for file in sorted(Path(static_dir).rglob("*")):
        relative = file.relative_to(static_dir).as_posix()
        if (not file.is_file() or relative in SKIPPED_STATIC or relative.endswith(SKIPPED_SUFFIXES)
                or any(relative.startswith(d + "/") for d in SKIPPED_DIRS)):
            continue
        paths.append(f"/static/{relative}")
    return paths


def site_paths(book, static_dir: Path) -> list[str]:
    """The whole export, in one list: pages, the runtime's URLs, static files, extras."""
    return [*page_paths(book), *RUNTIME_PATHS, *static_paths(static_dir), *EXTRA_PATHS]


def output_file(path: str, pages: set[str]) -> PurePosixPath:
    """Where a URL's body is written, relative to OUT: a page is a folder with an index.html."""
    relative = PurePosixPath(path.lstrip("/"))
    if path in pages:
        return relative / "index.html"
    if ".." in relative.parts or not relative.parts:
        raise ValueError(f"not a file path: {path!r}")
    return relative
