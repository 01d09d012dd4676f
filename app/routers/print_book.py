"""``/print``: every chapter on one page, in order, with a table of contents (app/print_book.py).

Built from the book loaded once per process, so it is stored like a chapter (pages.render_page):
rendered and gzipped on its first request, then revalidated by its ETag."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..print_book import print_sections
from .pages import PAGE_METHODS, render_page

router = APIRouter()


@router.api_route("/print", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def print_all(request: Request):
    book = request.app.state.book
    return render_page(request, "print.html", "/print", lambda: {  # made on the first request only
        "sections": print_sections(book),
        "widgets": sorted({name for page in book.chapters for name in page.widgets}),
    })
