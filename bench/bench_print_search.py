"""Search index and PDF: sizes and times, each beside a reference measured in the same run.

* the search index (app/search_index.py): documents, bytes raw and gzipped (beside the
  book's pages' own HTML, gzipped), time to build it with lunr.py (beside the time to
  load and render the book) and to read it back from the cache on a restart;
* the PDF (app/print_pdf.py, skipped with BENCH_PDF=0): pages and seconds for the whole
  book (two prints: the contents need the chapters' pages), beside the time Chromium takes
  to open /print with every figure drawn.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.content.book import load_book  # noqa: E402
from app.content.server_math import typeset_book  # noqa: E402
from app.search_index import build_search_index  # noqa: E402
from app.settings import Settings  # noqa: E402


def main() -> int:
    settings = Settings()
    started = time.perf_counter()
    book = load_book(settings.content_dir)
    load_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as cache:  # as create_app does it: before the math is typeset
        started = time.perf_counter()
        body = build_search_index(book, Path(cache))
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        build_search_index(book, Path(cache))
        cached_s = time.perf_counter() - started
    typeset_book(book, settings.cache_dir)
    pages_html = "".join(p.html for p in [*book.chapters, *book.pages.values()]).encode()  # as served
    docs = json.loads(body)["docs"]
    figures = sum(d["kind"] == "figure" for d in docs.values())
    print(f"search index: {len(docs)} documents ({figures} figure captions), {len(body) / 1024:.0f} KB, "
          f"{len(gzip.compress(body)) / 1024:.0f} KB gzipped   (reference: the pages' HTML, "
          f"{len(gzip.compress(pages_html)) / 1024:.0f} KB gzipped)")
    print(f"search index: built in {build_s:.2f} s, read back from the cache in {cached_s:.2f} s   "
          f"(reference: loading and rendering the book, {load_s:.2f} s)")
    if os.environ.get("BENCH_PDF", "1") == "0":
        return 0
    from playwright.sync_api import sync_playwright

    from app.local_server import serve
    from app.print_pdf import CHROMIUM_ARGS, READY, chromium_path, print_book_pdf

    with serve() as url, tempfile.TemporaryDirectory() as out:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(url + "/print")
            page.wait_for_function(READY, timeout=300_000)
            open_s = time.perf_counter() - started
            browser.close()
        report = print_book_pdf(Path(out) / "book.pdf", base_url=url)
        size = report.path.stat().st_size
    print(f"PDF: {report.pages} pages, {size / 1e6:.1f} MB in {report.seconds:.0f} s   "
          f"(reference: opening /print with every figure drawn, {open_s:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
