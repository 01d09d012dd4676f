"""Reading pages: home, chapters, extra pages, and the error pages.

Pages answer GET and HEAD, and carry an ETag (a hash of the page) so a
revisit is a 304 with no body.

A reading page is the same bytes for every request (the book is loaded once
per process), so it is rendered and gzipped once and then served as stored:
a chapter is ~400 KB of HTML, and rendering plus compressing it on every
request put some 50 ms before its first byte on a busy machine.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from typing import NamedTuple

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..api_envelope import error_envelope
from ..content.widget_directive import render_widget
from ..middleware.security_headers import SECURITY_HEADERS
from ..static_files import accepts

router = APIRouter()
log = logging.getLogger("nnbook.pages")
PAGE_METHODS = ["GET", "HEAD"]


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


class StoredPage(NamedTuple):
    body: bytes
    gzipped: bytes
    etag: str


def _stored(request: Request, key: tuple, template: str, context: dict) -> StoredPage:
    pages = getattr(request.app.state, "stored_pages", None)
    if pages is None:
        pages = request.app.state.stored_pages = {}
    if key not in pages:
        body = request.app.state.templates.TemplateResponse(request, template, context).body
        pages[key] = StoredPage(body, gzip.compress(body, 9, mtime=0), '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
    return pages[key]


def _render(request: Request, template: str, status: int = 200, store: tuple | None = None, **context) -> Response:
    """The page; ``store`` (a key naming it) keeps its bytes for the next request (reading pages only)."""
    if store is not None and status == 200:
        page = _stored(request, (template, *store), template, context)
        headers = {"ETag": page.etag, "Cache-Control": "no-cache"}
        if _etag_matches(request.headers.get("if-none-match"), page.etag):
            return Response(status_code=304, headers=headers)
        if accepts(request.headers, "gzip"):  # the GZip middleware leaves a response that has its encoding alone
            return HTMLResponse(page.gzipped, headers={**headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return HTMLResponse(page.body, headers=headers)
    templates = request.app.state.templates
    response = templates.TemplateResponse(request, template, context, status_code=status)
    if status == 200:
        etag = '"' + hashlib.sha256(response.body).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if _etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        response.headers.update(headers)
    return response


TEASER_ID = "teaser"


def home_teaser() -> str:
    """The home page opens with a live figure: chapter 2's perceptron, made by the same directive a chapter uses."""
    html = render_widget("perceptron", {"dataset": "or", "caption": "A perceptron learning OR. Press Step, or "
                                        "drag the weights: this is chapter 2's figure, live in your browser."},
                         "the home page", {})
    return html.replace('id="fig-1"', f'id="{TEASER_ID}"', 1)


@router.api_route("/", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def home(request: Request):
    state = request.app.state
    if getattr(state, "teaser_html", None) is None:
        state.teaser_html = home_teaser()
    return _render(request, "index.html", store=("/",), teaser=state.teaser_html)


@router.api_route("/chapters/{slug}", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def chapter(request: Request, slug: str):
    book = request.app.state.book
    page = book.chapter(slug)
    if page is None:
        return not_found(request)
    previous, following = book.neighbours(page)
    return _render(request, "chapter.html", store=(page.url,), page=page, previous=previous, following=following)


@router.api_route("/{slug}", methods=PAGE_METHODS, response_class=HTMLResponse, include_in_schema=False)
def extra_page(request: Request, slug: str):
    page = request.app.state.book.pages.get(slug)
    if page is None:
        return not_found(request)
    return _render(request, "chapter.html", store=(page.url,), page=page, previous=None, following=None)


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
    for name, value in SECURITY_HEADERS:
        response.headers[name.decode()] = value.decode()
    return response
