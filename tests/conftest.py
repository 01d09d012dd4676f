"""Shared fixtures: the real book served on a free localhost port."""

from __future__ import annotations

from pathlib import Path

import pytest

from _pytest.mark.expression import Expression

from app.local_server import serve_process

TESTS = Path(__file__).resolve().parent
BROWSER_TESTS = TESTS / "browser"
# Paths whose every test carries one marker. When `-m` leaves that marker out (`make test-fast`),
# pytest does not even import them: collecting them would cost more than the fast run itself
# (Playwright, Hypothesis/schemathesis, the book built at import).
WHOLLY_MARKED = {
    BROWSER_TESTS: "browser",
    TESTS / "pyodide" / "test_runner_offline.py": "pyodide",
    TESTS / "engine" / "test_pyodide.py": "pyodide",
    TESTS / "app" / "routers" / "test_api_fuzz.py": "slow",
}


def pytest_ignore_collect(collection_path, config):
    """Skip importing a WHOLLY_MARKED path when `-m` deselects its marker whatever other markers a test has."""
    expression = config.getoption("markexpr")
    if not expression:
        return None
    compiled = Expression.compile(expression)
    for path, marker in WHOLLY_MARKED.items():
        if collection_path == path or path in collection_path.parents:
            if not any(compiled.evaluate(lambda name, others=others, **_: name == marker or others)
                       for others in (False, True)):
                return True
    return None


def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ drives Chromium: `make test-fast` (-m "not browser") must never start it.
    Likewise every test of a WHOLLY_MARKED path carries its marker, so the path's exclusion above is exact."""
    markers_of: dict[Path, list[str]] = {}  # per file, not per test: ~2,500 tests share ~150 files
    for item in items:
        path = Path(item.path)
        if path not in markers_of:
            markers_of[path] = [marker for marked, marker in WHOLLY_MARKED.items() if path.is_relative_to(marked)]
        for marker in markers_of[path]:
            item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture(scope="session")
def book():
    """The real book exactly as load_book renders it (numbers substituted, directives expanded, math
    not yet typeset), once per session: rendering it takes about a second. Read it, never change it;
    a test that edits a book loads its own (or a small one from tests/app/fixtures)."""
    from tests.real_book import real_book

    return real_book()


@pytest.fixture(scope="session")
def book_app():
    """The book's app with the default settings, built once for the session: building one renders
    every chapter. A test that changes an app's settings or state builds its own with create_app()."""
    from app.main import create_app

    return create_app()


@pytest.fixture(scope="session")
def unbundled_app():
    """The book's app with its pages naming static/js's modules one by one (no bundle, app/js_bundle.py),
    built once for the session."""
    from app.main import create_app
    from app.settings import Settings

    return create_app(Settings(js_bundle=False))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Base URL of the book served by `nnbook serve` in a subprocess, as a reader gets it.

    Its server jobs (sweeps, trainings) keep their results in a job cache of this session: with the
    checkout's .cache/jobs, a second run read back what the first had computed, so a test of a
    server job checked less, and took less time, than on a fresh clone."""
    with serve_process(env_overrides={"NNBOOK_JOB_CACHE": str(tmp_path_factory.mktemp("job-cache"))}) as (url, _):
        yield url
