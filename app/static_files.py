"""Static files with cache headers that fit what they are.

Vendored files (Pyodide, numpy, KaTeX) are pinned by sha256 and never change
under the same name: browsers may keep them for a year without asking again,
which also lets Chromium reuse its compiled WebAssembly on the next visit.
The book's own CSS and JavaScript are revalidated (ETag) on every load, so an
edited file is picked up at once.
"""

from __future__ import annotations

from fastapi.staticfiles import StaticFiles

IMMUTABLE = "public, max-age=31536000, immutable"


class BookStaticFiles(StaticFiles):
    async def get_response(self, path: str, scope):
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            pinned = path.replace("\\", "/").startswith("vendor/")
            response.headers["Cache-Control"] = IMMUTABLE if pinned else "no-cache"
        return response
