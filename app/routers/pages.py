"""Reading pages: home, chapters, extra pages, and the error pages.

Pages answer GET and HEAD, and carry an ETag (a hash of the page) so a
revisit is a 304 with no body.

A reading page is the same bytes for every request (the book is loaded once
per process), so it is rendered and gzipped once and then served as stored
(app/stored_response.py): a chapter is ~400 KB of HTML, and rendering plus
compressing it on every request put some 50 ms before its first byte on a
busy machine. /print and /playground are stored the same way
(:func:`render_page`); an edited chapter shows in all of them after a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..api_envelope import error_envelope
from ..content.widget_directive import render_widget
from ..stored_response import Stored

router = APIRouter()
log = logging.getLogger("nnbook.pages")
PAGE_METHODS = ["GET", "HEAD"]


def render_page(request: Request, template: str, path: str, context: dict | Callable[[], dict]) -> Response:
    """The reading page at ``path``, served as stored: its gzip to a client that accepts it, a 304 to one
    that has it (ETag). Rendered and gzipped on its first request and kept for the process's life (the
    book does not change under it); ``context`` may be a function, then called only for that render."""
    pages = getattr(request.app.state, "stored_pages", None)
    if pages is None:
        pages = request.app.state.stored_pages = {}
    if path not in pages:
        values = context() if callable(context) else context
        body = request.app.state.templates.TemplateResponse(request, template, values).body
        pages[path] = Stored(body, "text/html", level=9)  # made once: the smallest gzip is worth its time
    return pages[path].response(request.headers)


def _render(request: Request, template: str, status: int, **context) -> Response:
    """A page rendered for this request: the error pages, which are not kept."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


TEASER_ID = "teaser"


def home_teaser() -> str:
    """The home page opens with a live figure: chapter 2's perceptron, made by the same directive a chapter uses."""
    html = render_widget("perceptron", {"dataset": "or", "caption": "A perceptron learning OR. Press Step, or "
                                        "drag the weights: this is chapter 2's figure, live in your browser."},
                         "the home page", {})
    return html.replace('id="fig-1"', f'id="{TEASER_ID}"', 1)


@router.api_route("/", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def home(request: Request):
    return render_page(request, "index.html", "/", lambda: {"teaser": home_teaser()})


@router.api_route("/chapters/{slug}", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def chapter(request: Request, slug: str):
    book = request.app.state.book
    page = book.chapter(slug)
    if page is None:
        return not_found(request)
    previous, following = book.neighbours(page)
    return render_page(request, "chapter.html", page.url, {"page": page, "previous": previous, "following": following})


@router.api_route("/{slug}", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def extra_page(request: Request, slug: str):
    page = request.app.state.book.pages.get(slug)
    if page is None:
        return not_found(request)
    return render_page(request, "chapter.html", page.url, {"page": page, "previous": None, "following": None})


def not_found(request: Request) -> HTMLResponse:
    return _render(request, "404.html", status=404)


async def http_error(request: Request, exc):
    headers = getattr(exc, "headers", None)  # e.g. Allow on a 405
    if request.url.path.startswith("/api/"):
        field = {404: "path", 405: "method"}.get(exc.status_code, "request")
        return JSONResponse(error_envelope(exc.status_code, field, str(exc.detail)), status_code=exc.status_code,
                            headers=headers)
    if exc.status_code == 404:
        return not_found(request)
    response = _render(request, "404.html", status=exc.status_code, message=str(exc.detail))
    response.headers.update(headers or {})
    return response


async def server_error(request: Request, exc: Exception):
    """An unexpected failure: JSON with a readable reason on /api, a plain page elsewhere.

    This runs outside the app's middleware, so it adds the security headers itself.
    """
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if request.url.path.startswith("/api/"):
        response = JSONResponse(error_envelope(500, "server", f"server error: {type(exc).__name__}"), status_code=500)
    else:
        response = HTMLResponse("<!doctype html><title>Server error</title><p>The server failed to build this page.",
                                status_code=500)
    for name, value in request.app.state.security_headers:
        response.headers[name.decode()] = value.decode()
    return response
