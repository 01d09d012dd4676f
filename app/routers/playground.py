"""The full-screen playground, /playground: the chapter-8 figure on a page of its own.

The figure is made once per app by the same widget directive a chapter uses
(its first frame computed by the engine), so the page, its controls and its
URL state (``?playground.<option>=…``) behave exactly like the figure in the book;
the page itself is stored like a chapter (pages.render_page): rendered and gzipped on its
first request, then revalidated by its ETag.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.content.widget_directive import render_widget

from .pages import PAGE_METHODS, render_page

router = APIRouter()

FIGURE_ID = "playground"


def playground_figure() -> str:
    html = render_widget("playground", {"caption": "The playground: data, features and a network of your choice, "
                                                   "trained live in your browser."},
                         "the /playground page", {})
    # One figure on the page: a short id keeps shared links readable (?playground.lr=0.1).
    return html.replace('id="fig-1"', f'id="{FIGURE_ID}"', 1)


@router.api_route("/playground", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def playground(request: Request):
    return render_page(request, "playground.html", "/playground", lambda: {"figure": playground_figure()})
