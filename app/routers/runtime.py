"""The engine as a zip for the browser's Pyodide worker."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..engine_bundle import engine_zip_bytes, engine_zip_sha256

router = APIRouter()


@router.get("/runtime/engine.zip", include_in_schema=False)
def engine_zip(request: Request):
    etag = f'"{engine_zip_sha256()}"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(engine_zip_bytes(), media_type="application/zip",
                    headers={"ETag": etag, "Cache-Control": "no-cache"})
