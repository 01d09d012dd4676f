"""Shared fixtures: the real book served on a free localhost port."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.local_server import serve

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ drives Chromium: `make test-fast` (-m "not browser") must never start it."""
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server():
    """Base URL of the book served by `nnbook serve` in a subprocess, as a reader gets it."""
    with serve() as url:
        yield url
