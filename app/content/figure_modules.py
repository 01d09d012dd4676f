"""Which JavaScript modules a page's figures need, in the order the page asks for them.

A page with figures carries one async ``<script type="module">`` for
static/js/widgets.js (the shared mount) and a ``<link rel="modulepreload">``
for every module the figures import (templates/partials/figure-scripts.html
prints them). Listed up front, the browser fetches them all at once instead of
discovering them one import after another.

The order matters: a browser keeps six requests to one server at a time, so
the first figure's modules come first and the other figures' after them;
asked for ahead, the others would delay the chapter's first frame by a round.
This is computed here, in Python, so templates only print it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

STATIC_IMPORT = re.compile(r'^\s*import\s+(?:[^"\';]*?\s+from\s+)?["\'](\.{1,2}/[^"\']+)["\']', re.M)
# What widgets.js imports for every figure (the shared mount and the runtime), listed before the figures' own.
SHARED_ENTRIES = ("js/runtime.js", "js/figure-mount.js")


def module_graph(static_dir: Path, entries: Iterable[str]) -> list[str]:
    """Every module the entries import statically (relative imports under static/), entries first, as /static URLs.

    The URLs carry no version: they must be exactly the URLs the imports resolve to.
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


def figure_modules(static_dir: Path, widgets: Iterable[str]) -> list[str]:
    """The modules the figures named in ``widgets`` need (the shared mount's and each figure's own), in preload order:
    the first figure's whole graph first, then what each following figure adds; each URL once."""
    static_dir = Path(static_dir)
    names = [name for name in dict.fromkeys(widgets) if name]
    ordered: list[str] = []
    for index, name in enumerate(names):
        entries = (*SHARED_ENTRIES, f"js/widgets/{name}.js") if index == 0 else (f"js/widgets/{name}.js",)
        ordered += [url for url in module_graph(static_dir, entries) if url not in ordered]
    return ordered


def preloader(static_dir: Path):
    """figure_modules for one static folder, remembered per list of figures (the files do not change while serving)."""

    @lru_cache(maxsize=None)
    def preloads(widgets: tuple[str, ...]) -> list[str]:
        return figure_modules(static_dir, widgets)

    return lambda widgets: preloads(tuple(widgets.split(",") if isinstance(widgets, str) else widgets))
