"""Static files with cache headers that fit what they are, and pre-compressed copies where they exist.

Vendored files (Pyodide, numpy, KaTeX) are pinned by sha256 and never change
under the same name: browsers may keep them for a year without asking again,
which also lets Chromium reuse its compiled WebAssembly on the next visit.
The book's own CSS and JavaScript are revalidated (ETag) on every load, so an
edited file is picked up at once.

``make vendor`` writes ``NAME.gz`` and ``NAME.br`` beside each large
compressible vendored file (``pyodide.asm.wasm``: 9.6 MB → 3.0 MB gzip,
2.2 MB brotli). A browser that accepts brotli gets the ``.br`` copy, one that
accepts only gzip the ``.gz``, each with its ``Content-Encoding`` and the
original's type, so the server never compresses those files per request.
"""

from __future__ import annotations

import mimetypes
import os

from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.responses import FileResponse
from starlette.staticfiles import NotModifiedResponse

IMMUTABLE = "public, max-age=31536000, immutable"
mimetypes.add_type("application/zip", ".whl")  # a wheel is a zip; also keeps GZipMiddleware off it


def accepts(headers: Headers, encoding: str) -> bool:
    """The request's Accept-Encoding allows ``encoding`` (by name or ``*``, with a q above 0)."""
    for coding in headers.get("accept-encoding", "").split(","):
        name, _, params = coding.strip().partition(";")
        if name.strip().lower() in (encoding, "*") and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            return True
    return False


class BookStaticFiles(StaticFiles):
    def file_response(self, full_path, stat_result, scope, status_code: int = 200):
        # The compressed copies make vendor wrote beside the file, smallest first: brotli, then gzip.
        copies = [(f"{full_path}.{suffix}", encoding) for suffix, encoding in (("br", "br"), ("gz", "gzip"))
                  if os.path.isfile(f"{full_path}.{suffix}")]
        if not copies:
            return super().file_response(full_path, stat_result, scope, status_code)
        request_headers = Headers(scope=scope)
        chosen = next(((path, encoding) for path, encoding in copies if accepts(request_headers, encoding)), None)
        media_type = mimetypes.guess_type(str(full_path))[0] or "application/octet-stream"
        if chosen is not None:
            compressed, encoding = chosen
            response = FileResponse(compressed, status_code=status_code, stat_result=os.stat(compressed),
                                    media_type=media_type, headers={"Content-Encoding": encoding})
        else:
            response = FileResponse(full_path, status_code=status_code, stat_result=stat_result, media_type=media_type)
        response.headers["Vary"] = "Accept-Encoding"
        if self.is_not_modified(response.headers, request_headers):
            return NotModifiedResponse(response.headers)
        return response

    async def get_response(self, path: str, scope):
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            pinned = path.replace("\\", "/").startswith("vendor/")
            response.headers["Cache-Control"] = IMMUTABLE if pinned else "no-cache"
        return response
