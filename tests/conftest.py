"""Shared fixtures: the real book served on a free localhost port."""

from __future__ import annotations

import pytest

from app.local_server import serve


@pytest.fixture(scope="session")
def live_server():
    """Base URL of the book served by `nnbook serve` in a subprocess, as a reader gets it."""
    with serve() as url:
        yield url
