"""The digits CNN figure in real Chromium: train on the server with live progress words, then read a
drawn digit in the browser's engine and check the server reads it to the same numbers."""

from __future__ import annotations

import json
import math
import urllib.request

import pytest

from app.local_server import serve_process

from .helpers import own_page, wait_live

PAGE = "/chapters/beyond-the-basics"
FIGURE = 'figure.widget[data-widget="digits-cnn"]'


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory):
    """The book with an empty job cache, so training really runs (and reports progress)."""
    with serve_process(env_overrides={"NNBOOK_JOB_CACHE": str(tmp_path_factory.mktemp("job-cache"))}) as (url, _):
        yield url


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_train_on_the_server_then_classify_a_drawing_in_the_browser(page, fresh_server):
    page.goto(fresh_server + PAGE)
    figure = page.locator(FIGURE)
    wait_live(page, FIGURE)
    figure.locator("input[id$='-epochs']").fill("6")  # a range input: fill sets its value
    page.evaluate("""() => {
        window.__jobWords = [];
        const words = document.querySelector('figure[data-widget="digits-cnn"] .job-words');
        new MutationObserver(() => window.__jobWords.push(words.textContent))
            .observe(words, { childList: true, characterData: true, subtree: true });
    }""")
    figure.locator("button[id$='-train']").click()
    page.wait_for_selector(f'{FIGURE}[data-trained="true"]', timeout=60_000)

    said = page.evaluate("window.__jobWords")
    assert any(w.startswith("queued") for w in said)
    assert any(w.startswith("epoch 3 of 6, loss 0.") for w in said), said
    assert figure.locator(".job-panel").get_attribute("data-state") == "done"
    accuracy = float(figure.locator(".digits-summary").get_attribute("data-test-accuracy"))
    assert accuracy > 0.9
    assert figure.locator(".digits-confusion tr").count() == 11
    figure.locator(".digits-maps canvas").nth(8).wait_for()  # the image and its 8 feature maps, from the worker
    assert figure.locator(".digits-maps canvas").count() == 1 + 8

    # draw a zero on the pad
    figure.locator(".digits-pad").scroll_into_view_if_needed()
    box = figure.locator(".digits-pad").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx + 0.28 * box["width"], cy)
    page.mouse.down()
    for k in range(1, 41):
        t = 2 * math.pi * k / 40
        page.mouse.move(cx + 0.28 * box["width"] * math.cos(t), cy + 0.38 * box["height"] * math.sin(t))
    page.mouse.up()
    page.wait_for_function("() => window.__nnbookDigits !== undefined")
    hook = page.evaluate("window.__nnbookDigits")
    assert figure.get_attribute("data-status") == "live"  # read by the browser's engine, not the server
    assert hook["result"]["predicted"] == 0
    assert figure.locator(".digits-verdict").inner_text() == "The network reads a 0."

    server = post(fresh_server + "/api/widgets/digits-cnn/classify", hook["args"])
    server = server.get("result", server)  # with or without the envelope
    assert server["predicted"] == hook["result"]["predicted"]
    assert server["pixels"] == hook["result"]["pixels"]
    for a, b in zip(server["probabilities"], hook["result"]["probabilities"]):
        assert abs(a - b) <= 1e-12
    for a, b in zip(sum(sum(server["relu"], []), []), sum(sum(hook["result"]["relu"], []), [])):
        assert abs(a - b) <= 1e-12


def test_a_refused_setting_is_said_in_words(context, fresh_server):
    # Chromium logs every 4xx answer as a console error, so this page is not the error-watching fixture.
    # The refusal is the server's (a job's parameters): no browser engine is needed, and a boot on this
    # server's origin would download and compile Pyodide from scratch (nothing of it is cached there).
    with own_page(context, hold_runtime=True) as page:
        page.goto(fresh_server + PAGE)
        figure = page.locator(FIGURE)
        # the server refuses a value the control cannot produce: the panel says which field and why
        figure.locator("input[id$='-seed']").wait_for()
        page.evaluate("""() => {
            const input = document.querySelector('figure[data-widget="digits-cnn"] input[id$="-seed"]');
            input.value = "123456";
        }""")
        figure.locator("button[id$='-train']").click()
        words = figure.locator(".job-words")
        words.wait_for()
        page.wait_for_function("() => document.querySelector('figure[data-widget=\"digits-cnn\"] .job-panel').dataset.state === 'failed'")
        assert words.inner_text().startswith("params.seed: must be between 0 and 9999")
