"""``/search-index.json``: the book's search index, built once at start-up (app/search_index.py).

One static URL, so the static export and the offline cache carry it like a page.
Served as stored (app/stored_response.py): gzipped once, on its first request, rather
than by the GZip middleware on every one; revalidated by its ETag, so a reader
downloads it again only when the book changed.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..stored_response import Stored

router = APIRouter()
SEARCH_INDEX_URL = "/search-index.json"


@router.api_route(SEARCH_INDEX_URL, methods=["GET", "HEAD"], include_in_schema=False)
def search_index(request: Request) -> Response:
    state = request.app.state
    stored = getattr(state, "stored_search_index", None)
    if stored is None:
        stored = state.stored_search_index = Stored(state.search_index, "application/json", level=9)
    return stored.response(request.headers)
