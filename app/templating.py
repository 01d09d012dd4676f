"""Jinja environment: templates print HTML that Python made; they compute nothing."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi.templating import Jinja2Templates

from .settings import Settings


def make_templates(settings: Settings, book) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(settings.templates_dir))

    @lru_cache(maxsize=None)
    def asset(path: str) -> str:
        """/static URL with a content hash, so browsers may cache assets for good."""
        file = Path(settings.static_dir) / path
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:12] if file.is_file() else "missing"
        return f"/static/{path}?v={digest}"

    def engine_url() -> str:
        """The engine zip's URL (revalidated by its ETag; ``?v=<sha256 prefix>`` would make it immutable)."""
        return "/runtime/engine.zip"

    templates.env.globals.update(book=book, asset=asset, engine_url=engine_url)
    return templates
