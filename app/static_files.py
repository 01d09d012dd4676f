"""Static files with cache headers that fit what they are, and pre-compressed copies where they exist.

Vendored files (Pyodide, numpy, Temml) are pinned by sha256 and never change
under the same name: browsers may keep them for a year without asking again
(and Chromium its compiled WebAssembly, once V8 has optimised enough of a module
to write it to the code cache: a page that ran its figures for a while).
The book's own JavaScript (and the files of its CSS) are revalidated (ETag) on
every load, so an edited file is picked up at once; the screen CSS, though,
reaches readers inline in pages stored once per process (app/inline_assets.py,
app/routers/pages.py), so an edit to it shows after a restart.

``make vendor`` writes ``NAME.gz`` and ``NAME.br`` beside each large
compressible vendored file (``pyodide.asm.wasm``: 9.6 MB → 3.0 MB gzip,
2.2 MB brotli). A browser that accepts brotli gets the ``.br`` copy, one that
accepts only gzip the ``.gz``, each with its ``Content-Encoding`` and the
original's type, so the server never compresses those files per request.

The book's own small text files (its JavaScript modules, CSS, icons) are
kept in memory, each as a :class:`app.stored_response.Stored` (its gzipped
copy and ETag), made once per version of the file (its size and mtime,
looked up on every request as before): a
chapter asks for some 25 modules at once, and streaming each from disk and
compressing it per request kept a busy server ~4 ms per module, ~100 ms of
waiting before the first figure could draw.
"""

from __future__ import annotations

import mimetypes
import os
from typing import NamedTuple

from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.responses import FileResponse
from starlette.staticfiles import NotModifiedResponse

from .stored_response import Stored, accepts

IMMUTABLE = "public, max-age=31536000, immutable"
# The book's own files served from memory: text, and small (larger ones stream from disk as before).
IN_MEMORY_TYPES = ("text/", "application/javascript", "application/json", "application/manifest+json", "image/svg+xml")
IN_MEMORY_MAX_BYTES = 512 * 1024
mimetypes.add_type("application/zip", ".whl")  # a wheel is a zip; also keeps GZipMiddleware off it


class InMemory(NamedTuple):
    version: tuple[int, int]  # (size, mtime_ns) of the file these bytes were read from
    stored: Stored


class BookStaticFiles(StaticFiles):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._memory: dict[str, InMemory] = {}

    def _in_memory(self, full_path, stat_result) -> Stored | None:
        """The file as stored in memory (read again when its size or mtime changed), or None when it is
        not one of the book's own small text files."""
        path = str(full_path)
        media_type = mimetypes.guess_type(path)[0] or ""
        if (stat_result.st_size > IN_MEMORY_MAX_BYTES or not media_type.startswith(IN_MEMORY_TYPES)
                or f"{os.sep}vendor{os.sep}" in path):
            return None
        version = (stat_result.st_size, stat_result.st_mtime_ns)
        kept = self._memory.get(path)
        if kept is None or kept.version != version:
            with open(path, "rb") as file:
                kept = self._memory[path] = InMemory(version, Stored(file.read(), media_type, level=6))
        return kept.stored

    def file_response(self, full_path, stat_result, scope, status_code: int = 200):
        stored = self._in_memory(full_path, stat_result) if status_code == 200 else None
        if stored is not None:
            return stored.response(Headers(scope=scope))
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
