"""``build(source, out, base_url)``: the book as static files, written by the app that serves it.

One straight pipeline, like a static-site generator's:

1. make the same FastAPI app ``nnbook serve`` runs, for the chosen book folder;
2. fetch every URL of :func:`paths.site_paths` from it (in process, through a
   TestClient: no port, no network), plus the 404 page;
3. rewrite root-relative URLs for the base path and mark pages as a static
   copy (rebase.py), so the runtime never falls back to /api;
4. add the heavy demos' stored results (stored_jobs.py);
5. write each body to its file under OUT.

OUT is replaced as a whole; a folder that holds anything but an earlier export is
refused, so a typo cannot wipe a directory.
"""

from __future__ import annotations

import shutil
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..offline import PYODIDE_FILES
from . import paths as site
from .rebase import normalise_base, rebase_css, rebase_html, rebase_manifest, rebase_service_worker
from .stored_jobs import stored_files, stored_results

MARKER = ".nnbook-export"  # left in OUT, so a rebuild knows the folder is its own


class ExportError(Exception):
    """The export cannot be written (the reason is a sentence for the instructor)."""


@dataclass
class ExportReport:
    out: Path
    base_url: str
    files: list[str] = field(default_factory=list)  # relative to out
    bytes: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"wrote {len(self.files)} files ({self.bytes / 1e6:.1f} MB) to {self.out} for {self.base_url} "
                f"in {self.seconds:.1f} s")


def _content_dir(source) -> Path | None:
    """A book folder: the one holding book.toml, given itself or its parent (a course folder)."""
    if source is None:
        return None
    source = Path(source)
    for candidate in (source, source / "content"):
        if (candidate / "book.toml").is_file():
            return candidate
    raise ExportError(f"{source} holds no book.toml (give the book's content folder or a course folder)")


def _check_out(out: Path) -> None:
    """Refuse a folder that is not ours before any work, not after seconds of rendering."""
    if out.exists():
        if not out.is_dir():
            raise ExportError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise ExportError(f"{out} is not empty and holds no earlier export: choose an empty or new folder")


def _prepare(out: Path) -> None:
    _check_out(out)  # again: the folder may have changed while the pages were rendered
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("written by nnbook build; the folder is replaced on the next build\n")


def _render(app, urls: list[str]) -> dict[str, tuple[bytes, str]]:
    """URL → (body, content type), each fetched from the app as a browser would get it."""
    with warnings.catch_warnings():  # starlette's note about httpx's future; the client works as it is
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    bodies = {}
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for url in urls:
            response = client.get(url, headers={"Accept-Encoding": "identity"})
            if response.status_code != 200:
                raise ExportError(f"{url}: the app answered {response.status_code}")
            bodies[url] = (response.content, response.headers.get("content-type", ""))
        missing = client.get(site.NOT_FOUND_PROBE, headers={"Accept": "text/html"})
        if missing.status_code != 404:
            raise ExportError(f"the 404 page answered {missing.status_code}")
        bodies["/" + site.NOT_FOUND_FILE] = (missing.content, missing.headers.get("content-type", ""))
    return bodies


def build(source=None, out="site", base_url: str = "/", *, settings=None, log=print) -> ExportReport:
    """Write the book in ``source`` (a folder with book.toml; the book's own content by default)
    to ``out`` as static files for the public path ``base_url``."""
    from ..main import create_app  # the app imports the whole server: only when building
    from ..settings import Settings

    started = time.monotonic()
    try:
        base = normalise_base(base_url)
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    out = Path(out)
    content_dir = _content_dir(source)
    if settings is None:
        settings = Settings(content_dir=content_dir) if content_dir else Settings()
    _check_out(out)
    missing = [name for name in PYODIDE_FILES if not (Path(settings.static_dir) / "vendor" / "pyodide" / name).is_file()]
    if missing:  # a copy without its runtime would render, but no figure could ever go live
        raise ExportError(f"the vendored runtime is missing ({', '.join(missing)}): run `make vendor` first")
    app = create_app(settings)  # a BuildError (file and line) stops here, as it stops `serve`
    book = app.state.book
    pages = set(site.page_paths(book))
    urls = site.site_paths(book, settings.static_dir)
    bodies = _render(app, urls)
    stored = stored_files(stored_results(book, log=log))
    sw_body, sw_type = bodies["/sw.js"]
    bodies["/sw.js"] = (rebase_service_worker(sw_body.decode(), base, pages, list(stored)).encode(), sw_type)
    bodies.update({url: (body, "application/json") for url, body in stored.items()})

    _prepare(out)
    report = ExportReport(out=out, base_url=base)
    for url, (body, content_type) in bodies.items():
        relative = site.output_file(url, pages)
        if content_type.startswith("text/html"):
            body = rebase_html(body.decode(), base, pages).encode()
        elif content_type.startswith("text/css"):
            body = rebase_css(body.decode(), base, pages).encode()
        elif url == "/manifest.webmanifest":
            body = rebase_manifest(body.decode(), base, pages).encode()
        target = out / Path(*PurePosixPath(relative).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        report.files.append(relative.as_posix())
        report.bytes += len(body)
    report.seconds = time.monotonic() - started
    if base == "/":
        log(f"export: {report.summary()}; try it with: python -m http.server -d {out}")
    else:
        log(f"export: {report.summary()}; publish the folder's contents at {base} (to try it locally, "
            f"place it as {base.strip('/')}/ in an empty folder and run python -m http.server -d that folder)")
    return report
