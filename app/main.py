"""Application factory: load the book once, then serve it."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException

from .content.book import load_book
from .content.server_math import typeset_book
from .routers import api, pages, playground, runtime
from .settings import Settings
from .static_files import BookStaticFiles
from .templating import make_templates


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    book = load_book(settings.content_dir)  # a BuildError here stops start-up with file and line
    typeset_book(book, settings.cache_dir)  # pages arrive with their math typeset
    app = FastAPI(title=book.title, docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.state.book = book
    app.state.templates = make_templates(settings, book)
    app.mount("/static", BookStaticFiles(directory=settings.static_dir), name="static")
    app.include_router(runtime.router)
    app.include_router(api.router)
    app.include_router(playground.router)
    app.include_router(pages.router)
    app.add_exception_handler(StarletteHTTPException, pages.http_error)
    return app
