"""``/print``: every chapter on one page, in order, with a table of contents (app/print_book.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..print_book import print_sections
from .pages import PAGE_METHODS, _render

router = APIRouter()


@router.api_route("/print", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def print_all(request: Request):
    state = request.app.state
    sections = getattr(state, "print_sections", None)
    if sections is None:  # built once per process, like the pages themselves
        sections = state.print_sections = print_sections(state.book)
    widgets = sorted({name for page in state.book.chapters for name in page.widgets})
    return _render(request, "print.html", sections=sections, widgets=widgets)
