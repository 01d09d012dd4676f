"""The whole book as one PDF, printed by headless Chromium from ``/print``.

``print_book_pdf(out)`` serves the book on a free localhost port (or uses a
running one), opens ``/print`` (every chapter in order, app/print_book.py),
waits until every figure has drawn its first frame and the math is typeset,
and prints it with the book's print stylesheet, page numbers in the footer and
a PDF outline (bookmarks) from the headings.

The contents page lists each chapter's page: a first print tells, through the
outline, on which page each chapter's heading landed; the numbers are written
into the contents and the book printed again. The numbers have a fixed slot on
the contents page, so filling them cannot move any page.

Needs Playwright and pypdf (``pip install -e '.[pdf]'``) and a Chromium
(``/usr/bin/chromium`` or ``NNBOOK_CHROMIUM``); nothing leaves localhost.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 # Nothing but the book: any other host goes to a proxy that does not exist.
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"]
FOOTER = ('<div style="width:100%;font:8pt Georgia,serif;color:#555;text-align:center;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
PDF_OPTIONS = {"format": "A4", "print_background": True, "display_header_footer": True,
               "header_template": "<span></span>", "footer_template": FOOTER, "outline": True, "tagged": True,
               "margin": {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}}
# Ready to print: every figure has drawn its first frame (its status left "static") and the math is typeset.
READY = """() => [...document.querySelectorAll('figure.widget')].every((f) => f.dataset.status !== 'static')
  && (document.documentElement.dataset.math === 'done' || !document.querySelector('.math:not(.typeset)'))"""


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why in plain words."""


@dataclass
class PdfReport:
    path: Path
    pages: int
    seconds: float
    chapter_pages: dict[str, int]  # slug → the page its chapter starts on (1-based)


def chromium_path() -> str:
    path = os.environ.get("NNBOOK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        raise PdfError(f"no Chromium at {path}: install it (apt-get install chromium) or set NNBOOK_CHROMIUM")
    return path


def section_pages(pdf: bytes, sections: list[tuple[str, str]]) -> dict[str, int]:
    """The 1-based page on which each (slug, title) section's top-level heading starts, from the outline."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, int] = {}
    outline = [item for item in reader.outline if not isinstance(item, list)]  # top level: the h1 headings
    at = 0
    for slug, title in sections:
        for i in range(at, len(outline)):
            if " ".join(str(outline[i].title).split()) == " ".join(title.split()):
                found[slug] = reader.get_destination_page_number(outline[i]) + 1
                at = i + 1
                break
    return found


def hold_the_browser_runtime(page):
    """Hold every download of the browser runtime (Pyodide, numpy) for ``page``'s life; -> the DevTools session.

    Paper shows each figure's first frame, which the page draws from the server's state without the
    live engine; the figures' mount would still start Pyodide's worker, whose boot (some seconds of CPU,
    more when Chromium has no cached copy) adds nothing to the PDF. Held through the DevTools Fetch
    domain, its worker waits at its first file; the held requests die with the page. (The browser
    tests hold it the same way for pages that need no live figure: tests/browser/helpers.py.)"""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/static/vendor/pyodide/*"}]})
    return cdp


def print_page_to_pdf(page, url: str, timeout_ms: int = 180_000) -> tuple[bytes, dict[str, int]]:
    """Print the book's ``/print`` page at ``url`` in a Playwright ``page``: (PDF bytes, slug → start page)."""
    hold_the_browser_runtime(page)
    page.goto(url, wait_until="load", timeout=timeout_ms)
    page.wait_for_function(READY, timeout=timeout_ms)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.emulate_media(media="print")
    sections = page.evaluate("""() => [...document.querySelectorAll('section.print-chapter')]
        .map((s) => [s.id, s.dataset.title])""")
    first = page.pdf(**PDF_OPTIONS)
    starts = section_pages(first, sections)
    missing = [slug for slug, _ in sections if slug not in starts]
    if missing:
        raise PdfError(f"the printed book lacks the headings of: {', '.join(missing)}")
    page.evaluate("""(starts) => { for (const [slug, n] of Object.entries(starts)) {
        const slot = document.querySelector(`.print-page-number[data-for="${slug}"]`); if (slot) slot.textContent = n; } }""",
                  starts)
    return page.pdf(**PDF_OPTIONS), starts


@contextlib.contextmanager
def _book_url(base_url: str | None, book_dir: str | Path | None = None):
    if base_url:
        yield base_url.rstrip("/")
        return
    from .local_server import serve_process

    # A course folder (nnbook build DIR OUT --pdf) is served as itself, so the PDF is that course.
    with serve_process(args=(str(book_dir),) if book_dir else ()) as (url, _process):
        yield url


def print_book_pdf(out: str | Path, base_url: str | None = None, context=None,
                   book_dir: str | Path | None = None) -> PdfReport:
    """Write the whole book to ``out`` as one PDF.

    ``base_url``: a running book server (else one is started for the duration, over ``book_dir``
    when given: a course folder);
    ``context``: a Playwright browser context to print in (else Chromium is launched).
    """
    try:
        from playwright.sync_api import sync_playwright
        import pypdf  # noqa: F401  (checked here, so a missing package is said before the long part)
    except ImportError as exc:
        raise PdfError(f"printing the book needs Playwright and pypdf ({exc.name} is missing): "
                       "pip install -e '.[pdf]'") from None
    out = Path(out)
    chromium = chromium_path() if context is None else None  # said at once, before a server starts
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with _book_url(base_url, book_dir) as url:
        if context is not None:
            page = context.new_page()
            try:
                pdf, starts = print_page_to_pdf(page, url + "/print")
            finally:
                page.close()
        else:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                try:
                    pdf, starts = print_page_to_pdf(browser.new_page(), url + "/print")
                finally:
                    browser.close()
    out.write_bytes(pdf)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return PdfReport(out, pages, time.perf_counter() - started, starts)


def pdf_command(out: str, base_url: str | None = None, book_dir: str | Path | None = None) -> int:
    """``nnbook pdf OUT.pdf`` (and ``nnbook build … --pdf``): print the book, say where it went (or why not)."""
    import sys

    try:
        report = print_book_pdf(out, base_url=base_url, book_dir=book_dir)
    except PdfError as exc:
        print(f"nnbook pdf: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {report.path}: {report.pages} pages in {report.seconds:.0f} s")
    return 0
