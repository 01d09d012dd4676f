"""The browser runtime's own URLs: the engine zip, the service worker and the web manifest."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..engine_bundle import engine_zip_bytes, engine_zip_sha256
from ..offline import service_worker_source
from ..stored_response import etag_matches

router = APIRouter()

IMMUTABLE = "public, max-age=31536000, immutable"


@router.get("/runtime/engine.zip", include_in_schema=False)
def engine_zip(request: Request, v: str | None = None):
    """With ``?v=`` matching its hash (as pages link it) the zip never changes: cache it for good."""
    sha = engine_zip_sha256()
    etag = f'"{sha}"'
    cache = IMMUTABLE if v and sha.startswith(v) else "no-cache"
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": cache})
    return Response(engine_zip_bytes(), media_type="application/zip", headers={"ETag": etag, "Cache-Control": cache})


@router.get("/sw.js")
def service_worker(request: Request):
    state = request.app.state
    source = getattr(state, "service_worker_source", None)
    if source is None:  # built once per process: the book does not change while it is served
        source = state.service_worker_source = service_worker_source(
            state.book, state.settings.static_dir, state.settings.templates_dir, state.templates.env.globals["engine_url"](),
            bundled=bool(state.templates.env.globals["js_bundle"]))
    # Always revalidated, so a new version of the book reaches readers on their next visit.
    return Response(source, media_type="text/javascript", headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"})


@router.get("/manifest.webmanifest")
def web_manifest(request: Request):
    book = request.app.state.book
    manifest = {
        "name": book.title,
        "short_name": "NN book",
        "description": book.tagline,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fdfcf8",
        "theme_color": "#1f3a5f",
        "icons": [{"src": "/static/icons/book.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    return Response(json.dumps(manifest, indent=1), media_type="application/manifest+json", headers={"Cache-Control": "no-cache"})
