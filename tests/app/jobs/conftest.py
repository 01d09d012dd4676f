"""An app with the job system on a fresh cache directory, plus the misbehaving test demos."""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.jobs.settings import JobSettings
from app.main import create_app
from app.settings import Settings

MINI_BOOK = Path(__file__).resolve().parents[1] / "fixtures" / "mini_book"
TEST_DEMOS = {name: "tests.app.jobs.demos_for_tests" for name in ("sleepy", "hog", "crash")}


@pytest.fixture
def job_app(tmp_path):
    """``job_app(**job_settings)`` -> a TestClient (context-managed: one event loop for the app's life)."""
    stack = contextlib.ExitStack()

    def make(cache_dir: Path | None = None, **overrides):
        settings = JobSettings(cache_dir=cache_dir or tmp_path / "jobs-cache", demos=TEST_DEMOS)
        app = create_app(Settings(content_dir=MINI_BOOK))
        app.state.job_settings = replace(settings, **overrides)
        return stack.enter_context(TestClient(app))

    with stack:
        yield make


def read_events(client, job_id: str) -> list[tuple[str, dict]]:
    """Every event of a job's SSE stream, until it ends, as (type, data)."""
    events, kind = [], None
    with client.stream("GET", f"/api/jobs/{job_id}/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("event: "):
                kind = line[len("event: "):]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[len("data: "):])))
    return events


def wait_for(client, job_id: str, statuses=("done", "failed", "cancelled"), timeout=30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()["result"]
        if job["status"] in statuses:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not reach {statuses} in {timeout} s (last: {job['status']})")


def submit(client, demo: str, **params):
    return client.post("/api/jobs", json={"demo": demo, "params": params})
