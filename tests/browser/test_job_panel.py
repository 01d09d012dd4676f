"""The job panel in real Chromium against a server with one worker and no queue: a busy server is said in
words with its retry time, and Cancel stops the job on the server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from app.local_server import serve_process

from .helpers import open_page, own_page

PAGE = "/chapters/beyond-the-basics"
FIGURE = 'figure.widget[data-widget="digits-cnn"]'


@pytest.fixture(scope="module")
def one_worker_server(tmp_path_factory):
    limits = {"NNBOOK_JOB_CACHE": str(tmp_path_factory.mktemp("job-cache")), "NNBOOK_JOB_WORKERS": "1",
              "NNBOOK_JOB_QUEUE": "0"}
    with serve_process(env_overrides=limits) as (url, _):
        yield url


def api(url, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_busy_server_then_cancel_from_the_page(context, one_worker_server):
    # Chromium logs the 429 as a console error, so this page is not the error-watching fixture.
    # The jobs are the server's: no browser engine is needed, and this server's origin (its own port) has
    # no cached, compiled Pyodide, so a boot here would download and compile it from scratch beside the job.
    with own_page(context, hold_runtime=True) as page:
        status, body = api(one_worker_server + "/api/jobs", "POST", {"demo": "digits-cnn", "params": {"epochs": 60, "seed": 1}})
        assert status == 202
        blocker = body["result"]
        page.goto(one_worker_server + PAGE)
        figure = page.locator(FIGURE)
        train = figure.locator("button[id$='-train']")
        train.wait_for()
        train.click()
        page.wait_for_function("() => document.querySelector('figure[data-widget=\"digits-cnn\"] .job-panel').dataset.state === 'busy'")
        words = figure.locator(".job-words").inner_text()
        assert words.startswith("The server is busy:") and words.endswith(" s.") and "Try again in " in words

        api(one_worker_server + blocker["urls"]["self"], "DELETE")
        figure.locator("input[id$='-epochs']").fill("60")
        train.click()
        page.wait_for_function("() => document.querySelector('figure[data-widget=\"digits-cnn\"] .job-words').textContent.startsWith('epoch')",
                               timeout=30_000)
        job_id = figure.locator(".job-panel").get_attribute("data-job")
        figure.locator(".job-cancel").click()
        assert figure.locator(".job-panel").get_attribute("data-state") == "cancelled"
        page.wait_for_timeout(500)
        status, body = api(f"{one_worker_server}/api/jobs/{job_id}")
        assert body["result"]["status"] == "cancelled"
        assert figure.get_attribute("data-trained") is None


RECORD_EVENT_SOURCES = """window.__sources = [];
window.EventSource = class extends window.EventSource { constructor(...args) { super(...args); window.__sources.push(this); } };"""


def test_moving_to_another_chapter_stops_watching_the_job(context, one_worker_server):
    """Instant navigation swaps the page without a pagehide: the panel leaving with its chapter closes its
    stream all the same, so the server sees a reader who left (and cancels a job nobody watches)."""
    with own_page(context, hold_runtime=True) as page:
        page.add_init_script(RECORD_EVENT_SOURCES)
        page.goto(one_worker_server + PAGE)
        figure = page.locator(FIGURE)
        figure.locator("input[id$='-epochs']").fill("60")
        figure.locator("button[id$='-train']").click()
        page.wait_for_function("() => document.querySelector('figure[data-widget=\"digits-cnn\"] .job-words').textContent.startsWith('epoch')",
                               timeout=30_000)
        job_id = figure.locator(".job-panel").get_attribute("data-job")
        try:
            assert page.evaluate("window.__sources.map((s) => s.readyState)") == [1]  # open
            open_page(page, one_worker_server, "/chapters/training")
            assert page.evaluate("window.__sources.map((s) => s.readyState)") == [2]  # closed
        finally:
            api(f"{one_worker_server}/api/jobs/{job_id}", "DELETE")
