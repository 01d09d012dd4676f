"""The real book exactly as load_book renders it, once per process.

The `book` fixture (tests/conftest.py) and the browser test modules that parametrize over its pages
(test_chapters, test_figure_contract, test_security_headers) all read it: rendered once instead of
at each import, which cost each pytest worker about 2 s of CPU before its first test.
Read it, never change it."""

from __future__ import annotations

import functools


@functools.cache
def real_book():
    from app.content.book import load_book
    from app.settings import Settings

    return load_book(Settings().content_dir)
