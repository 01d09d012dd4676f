"""Jinja environment: templates print HTML that Python made; they compute nothing."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi.templating import Jinja2Templates

from . import interpreter_snapshot, js_bundle
from .content.figure_modules import preloader
from .inline_assets import css_version, inline_script, page_css
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

    def snapshot_url() -> str | None:
        """The interpreter snapshot the worker boots from (app/interpreter_snapshot.py), when make vendor made one."""
        return interpreter_snapshot.snapshot_url(Path(settings.static_dir) / "vendor" / "pyodide" / "snapshot")

    static_dir = Path(settings.static_dir)
    # All the page's JavaScript in one file, made now if the modules changed since (app/js_bundle.py).
    bundle = js_bundle.OUTPUT if settings.js_bundle and js_bundle.build(static_dir) else None
    templates.env.globals.update(book=book, asset=asset, js_bundle=bundle, engine_url=engine_url, figure_modules=preloader(static_dir),
                                 snapshot_url=snapshot_url,
                                 page_css=lambda: page_css(static_dir), css_version=lambda: css_version(static_dir),
                                 inline_script=lambda name: inline_script(name, static_dir))
    return templates
