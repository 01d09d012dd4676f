"""Jinja environment: templates print HTML that Python made; they compute nothing."""

from __future__ import annotations

import hashlib
import posixpath
import re
from functools import lru_cache
from pathlib import Path

from fastapi.templating import Jinja2Templates

from . import interpreter_snapshot
from .inline_assets import css_version, inline_script, page_css
from .settings import Settings

STATIC_IMPORT = re.compile(r'^\s*import\s+(?:[^"\';]*?\s+from\s+)?["\'](\.{1,2}/[^"\']+)["\']', re.M)


def module_graph(static_dir: Path, entries: tuple[str, ...]) -> list[str]:
    """Every module the entries import statically (relative imports under static/), entries first.

    Listed as <link rel="modulepreload">, the browser fetches them all at once
    instead of discovering them one import after another. The URLs carry no
    version: they must be exactly the URLs the imports resolve to.
    """
    seen: list[str] = []
    todo = list(entries)
    while todo:
        path = todo.pop(0)
        if path in seen or not (static_dir / path).is_file():
            continue
        seen.append(path)
        source = (static_dir / path).read_text(encoding="utf-8")
        todo += [posixpath.normpath(posixpath.join(posixpath.dirname(path), spec)) for spec in STATIC_IMPORT.findall(source)]
    return [f"/static/{path}" for path in seen]


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

    @lru_cache(maxsize=None)
    def figure_modules(widgets: str) -> list[str]:
        """The figure modules of a page ("name,name,…") and all they import, with the shared figure mount
        widgets.js imports (widgets.js itself has its own <script>, under its hashed URL)."""
        names = (f"js/widgets/{name}.js" for name in dict.fromkeys(widgets.split(",")) if name)
        entries = ("js/runtime.js", "js/figure-mount.js", *names)
        return module_graph(Path(settings.static_dir), entries)

    def snapshot_url() -> str | None:
        """The interpreter snapshot the worker boots from (app/interpreter_snapshot.py), when make vendor made one."""
        return interpreter_snapshot.snapshot_url(Path(settings.static_dir) / "vendor" / "pyodide" / "snapshot")

    static_dir = Path(settings.static_dir)
    templates.env.globals.update(book=book, asset=asset, engine_url=engine_url, figure_modules=figure_modules,
                                 snapshot_url=snapshot_url,
                                 page_css=lambda: page_css(static_dir), css_version=lambda: css_version(static_dir),
                                 inline_script=lambda name: inline_script(name, static_dir))
    return templates
