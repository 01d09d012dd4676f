"""Numbers quoted in the book's text, computed by the engine at build time.

A chapter writes ``{{ key }}`` and the content pipeline replaces it with
``book_numbers()[key]`` before rendering, so text and code cannot disagree.
Each chapter that quotes numbers has a module ``chNN.py`` here exposing
``NUMBERS: dict[str, Callable[[], str]]``; keys must be unique across modules.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache


@lru_cache(maxsize=1)
def book_numbers() -> dict[str, str]:
    numbers: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, compute in getattr(module, "NUMBERS", {}).items():
            if key in numbers:
                raise ValueError(f"book number {key!r} defined twice (again in {info.name})")
            numbers[key] = str(compute())
    return numbers
