"""The playground without a Web Worker: Play trains in a server job, the figure follows it epoch by
epoch, Pause cancels the job, and the numbers drawn are the engine's for that many epochs."""

from __future__ import annotations

import random

import pytest

from engine.widgets.playground import CALLS, OPTIONS
from engine.widgets.playground.table import MAX_EPOCHS_PER_CALL

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="playground"]'
PANEL = f"{FIGURE} .job-panel"
# A random seed: the job cache (shared by test runs) cannot hold this run, so the job really trains.
SEED = random.randrange(10_000, 99_999)
# A job long enough (some 6 s for its 500 epochs here, one update per point) that Pause, clicked some
# 20 epochs in, finds it still training: with 200 points in batches of 10 the server finished a job in
# a quarter of a second, and a Pause that arrived after its end had nothing left to cancel.
SETTINGS = {"dataset": "xor", "points": 600, "batch": 1, "layers": [8, 8], "lr": 0.1, "seed": SEED}
QUERY = "?playground.dataset=xor&playground.points=600&playground.batch=1&playground.layers=8,8&playground.lr=0.1" \
        f"&playground.seed={SEED}"

# Every epoch the figure shows while the job runs, as the figure's data-epoch attribute changes.
RECORD_EPOCHS = """() => {
    const f = document.querySelector('figure.widget[data-widget="playground"]');
    window.__epochs = [];
    new MutationObserver(() => window.__epochs.push(Number(f.dataset.epoch)))
        .observe(f, { attributes: true, attributeFilter: ["data-epoch"] });
}"""
AFTER_TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def engine_numbers(epochs: int) -> tuple[float, float]:
    """The engine's losses after ``epochs`` epochs, trained through the figure's own train call (at most
    MAX_EPOCHS_PER_CALL epochs a call, each call continuing the last one's exported model)."""
    args = {"options": OPTIONS.validate(SETTINGS), "stateless": True}
    done = 0
    while done < epochs:
        step = min(MAX_EPOCHS_PER_CALL, epochs - done)
        result = CALLS["train"]({**args, "epochs": step})
        args["model"] = result["model"]
        done += step
    assert result["epoch"] == epochs
    return result["train_loss"], result["test_loss"]


def play_then_pause(page, past: int) -> int:
    """Play until the figure has shown three reports of the job beyond ``past`` (and is 20 epochs on), Pause,
    and return the epoch it stays at. (Waiting for the epoch alone was flaky: on a quiet machine the job's
    first report came at epoch 30, and the Pause after it left a single report to check.)"""
    page.click("#playground-play")
    page.wait_for_function(f"""() => Number(document.querySelector('{FIGURE}').dataset.epoch) > {past + 20}
        && new Set(window.__epochs.filter((e) => e > {past})).size >= 3""", timeout=120_000)
    page.click("#playground-play")
    assert page.locator("#playground-play").get_attribute("aria-pressed") == "false"
    page.wait_for_function(f"() => document.querySelector('{PANEL}').dataset.state === 'cancelled'", timeout=30_000)
    page.evaluate(AFTER_TWO_FRAMES)  # a frame received before the pause is drawn by now
    return int(page.locator(FIGURE).get_attribute("data-epoch"))


def test_play_without_a_worker_streams_a_server_job_and_pause_cancels_it(page, live_server):
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url.replace(live_server, ""))))
    page.add_init_script("delete window.Worker")
    page.goto(live_server + "/playground" + QUERY)
    page.wait_for_selector(f'{FIGURE}[data-status="server"]', timeout=60_000)
    page.wait_for_function(f"() => !document.querySelector('{FIGURE}').hasAttribute('data-busy')", timeout=60_000)
    figure = page.locator(FIGURE)
    assert figure.get_attribute("data-epoch") == "0"
    page.evaluate(RECORD_EPOCHS)

    epoch = play_then_pause(page, 0)
    seen = page.evaluate("() => window.__epochs")
    # The figure followed the job report by report, not only its end.
    assert len({e for e in seen if 0 < e <= epoch}) >= 3, seen
    assert seen == sorted(seen)
    train, test = engine_numbers(epoch)
    assert abs(float(figure.get_attribute("data-train-loss")) - train) <= 1e-12
    assert abs(float(figure.get_attribute("data-test-loss")) - test) <= 1e-12
    assert page.locator('.pg-readout [data-field="epoch"]').inner_text() == f"{epoch:06d}"

    job_id = page.locator(PANEL).get_attribute("data-job")
    status = page.request.get(f"{live_server}/api/jobs/{job_id}").json()["result"]["status"]
    assert status == "cancelled"  # Pause stopped the server's training, not only the drawing
    assert ("POST", "/api/jobs") in requests
    assert not [url for method, url in requests if url.startswith("/api/widgets/playground/train")]

    # Play again: the next job continues the paused run from its model, to the same numbers.
    again = play_then_pause(page, epoch)
    assert again > epoch
    train, test = engine_numbers(again)
    assert abs(float(figure.get_attribute("data-train-loss")) - train) <= 1e-12
    assert abs(float(figure.get_attribute("data-test-loss")) - test) <= 1e-12
