"""``/search-index.json``: the book's search index, built once at start-up (app/search_index.py).

One static URL, so the static export and the offline cache carry it like a page.
Revalidated by its ETag: a reader downloads it again only when the book changed.
"""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import Response

router = APIRouter()
SEARCH_INDEX_URL = "/search-index.json"


@router.api_route(SEARCH_INDEX_URL, methods=["GET", "HEAD"], include_in_schema=False)
def search_index(request: Request):
    body: bytes = request.app.state.search_index
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
