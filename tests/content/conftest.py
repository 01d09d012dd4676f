"""Fixtures for the book-wide content checks (the whole book itself, `book`, is in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.book import Book

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = REPO_ROOT / "content"
# `book`, the whole book rendered once per session, is in tests/conftest.py: tests/app reads it too.


@pytest.fixture(scope="session")
def all_pages(book: Book) -> list:
    """Every rendered page: the chapters in reading order, then the reference pages."""
    return list(book.chapters) + list(book.pages.values())
