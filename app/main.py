"""Application factory: load the book once, then serve it."""

from __future__ import annotations

import contextlib

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from .api_gate import CallGate
from .content.book import load_book
from .content.server_math import typeset_book
from .engine_workers import HeavyWorkers
from .middleware.body_limit import BodyLimitMiddleware
from .middleware.same_origin import SameOriginApiMiddleware
from .middleware.security_headers import SecurityHeadersMiddleware, security_headers
from .routers import api, api_docs, jobs, pages, playground, print_book, runtime, search
from .search_index import build_search_index
from .settings import Settings
from .static_files import BookStaticFiles
from .templating import make_templates


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    book = load_book(settings.content_dir)  # a BuildError here stops start-up with file and line
    search_index = build_search_index(book, settings.cache_dir)  # from the TeX, before typesetting; cached
    typeset_book(book, settings.cache_dir)  # pages arrive with their math typeset
    heavy_workers = HeavyWorkers(settings.api_heavy_concurrency)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        heavy_workers.shutdown()

    app = FastAPI(title=book.title, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json", lifespan=lifespan)
    app.state.settings = settings
    app.state.book = book
    app.state.search_index = search_index
    app.state.templates = make_templates(settings, book)
    app.state.api_gate = CallGate(
        light_slots=settings.api_concurrency, light_room=settings.api_queue,
        heavy_slots=settings.api_heavy_concurrency, heavy_room=settings.api_heavy_queue,
        heavy_cost=settings.api_heavy_cost)
    app.state.heavy_workers = heavy_workers
    app.mount("/static", BookStaticFiles(directory=settings.static_dir), name="static")
    app.include_router(runtime.router)
    app.include_router(api.router)
    app.include_router(playground.router)
    app.include_router(api_docs.router)
    app.include_router(jobs.router)
    app.include_router(search.router)
    app.include_router(print_book.router)
    app.include_router(pages.router)
    app.add_exception_handler(StarletteHTTPException, pages.http_error)
    app.add_exception_handler(Exception, pages.server_error)
    # Outermost last: headers go on every response, including the refusals below them.
    app.add_middleware(GZipMiddleware, minimum_size=1000,
                       exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/wasm"))
    app.add_middleware(SameOriginApiMiddleware)
    app.add_middleware(BodyLimitMiddleware, limit=settings.api_body_limit, deadline_s=settings.body_deadline_s)
    app.state.security_headers = security_headers(settings.static_dir)  # its CSP hashes this app's inline scripts
    app.add_middleware(SecurityHeadersMiddleware, headers=app.state.security_headers)
    return app
