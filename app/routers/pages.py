"""Reading pages: home, chapters, extra pages, and the 404 page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

router = APIRouter()


def _render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    return _render(request, "index.html")


@router.get("/chapters/{slug}", response_class=HTMLResponse)
def chapter(request: Request, slug: str):
    book = request.app.state.book
    page = book.chapter(slug)
    if page is None:
        return not_found(request)
    previous, following = book.neighbours(page)
    return _render(request, "chapter.html", page=page, previous=previous, following=following)


@router.get("/{slug}", response_class=HTMLResponse)
def extra_page(request: Request, slug: str):
    page = request.app.state.book.pages.get(slug)
    if page is None:
        return not_found(request)
    return _render(request, "chapter.html", page=page, previous=None, following=None)


def not_found(request: Request) -> HTMLResponse:
    return _render(request, "404.html", status=404)


async def http_error(request: Request, exc):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    if exc.status_code == 404:
        return not_found(request)
    return _render(request, "404.html", status=exc.status_code, message=str(exc.detail))
