"""The worker's fast start: Python restored from the interpreter snapshot (app/interpreter_snapshot.py)
with numpy in it (its extension modules instantiated again: static/js/snapshot-restore.js), the
engine's numbers unchanged by it, and the normal boot whenever the snapshot cannot be had or its
numpy does not line up.

Every refusal ends in the same normal boot (worker.js startPython's catch: the same loadPyodide and
numpy's wheel). It is followed to live figures and CPython's numbers once, after the refusal that comes
last in a restore (a function table that does not end where the snapshot's did: the wasm module is
instantiated by then, so whatever a failed restore leaves behind is there). The earlier refusals (no
snapshot, a damaged file, another numpy library) are followed until the normal boot has begun, saying
why: each boot to live figures is some 7 CPU-seconds of a plain Python start and numpy's wheel."""

from __future__ import annotations

import base64
import hashlib
import json
import math
from contextlib import contextmanager
from pathlib import Path

import pytest

from app import sparse_snapshot
from app.interpreter_snapshot import SNAPSHOT_DIR, snapshot_url, snapshot_urls
from app.engine_bundle import engine_zip_bytes
from engine.widgets.protocol import dispatch
from tests.browser.helpers import directive_options, fmt, wait_live

pytestmark = pytest.mark.browser
FIGURE = 'figure.widget[data-widget="perceptron"]'
BOOT = "() => (window.__nnbookMetrics || {}).boot || null"
MARKS = "() => (window.__nnbookMetrics || {}).bootMarks || {}"

needs_snapshot = pytest.mark.skipif(snapshot_url() is None, reason="make vendor made no interpreter snapshot here")


def first_step_matches_cpython(page):
    """One perceptron step in the browser shows the numbers CPython's engine gives for it."""
    figure = page.locator(FIGURE)
    options = directive_options(page, FIGURE)
    figure.get_by_role("button", name="Step").click()
    expected = dispatch("perceptron", "step", {"state": dispatch("perceptron", "initial", options)["state"]})["update"]
    update = figure.locator(".widget-update")
    update.filter(has_text="Sample 1").wait_for(timeout=30_000)
    text = update.inner_text()
    assert f"ŷ = {expected['y_hat']:g}" in text
    assert f"= ({', '.join(fmt(v) for v in expected['w_after'])}); b: {fmt(expected['b_before'])} → {fmt(expected['b_after'])}" in text


def normal_boot_begins(page, open_it) -> str:
    """Call ``open_it`` (which opens the page) and wait until the worker refuses the snapshot and starts
    Python the normal way: its warning, then the normal boot's request for the whole standard library
    (the snapshot's boot asks for the smaller one beside the snapshot). -> the warning's text."""
    with page.expect_request(lambda r: "python_stdlib" in r.url and "/snapshot/" not in r.url, timeout=60_000):
        with page.expect_console_message(lambda m: "did not restore" in m.text, timeout=60_000) as warned:
            open_it()
    text = warned.value.text
    assert "starting Python the normal way" in text, text
    return text


CALL = """([widget, call, args]) => import("/static/js/runtime.js").then(({ runtime }) =>
    runtime().call(widget, call, args).then((result) => ({ ok: true, result }), (error) => ({ ok: false, message: error.message })))"""


def close(a, b) -> bool:
    """Equal, floats to 1e-9 (CPython's numpy multiplies matrices with OpenBLAS, Pyodide's without)."""
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return a == b


@contextmanager
def served_instead(page, pattern: str, body: bytes, content_type="application/octet-stream"):
    """Answer the page's requests matching ``pattern`` with ``body`` (DevTools Fetch domain)."""
    cdp = page.context.new_cdp_session(page)
    answered = []

    def fulfil(event):
        answered.append(event["request"]["url"])
        cdp.send("Fetch.fulfillRequest", {"requestId": event["requestId"], "responseCode": 200,
                                          "responseHeaders": [{"name": "Content-Type", "value": content_type}],
                                          "body": base64.b64encode(body).decode()})

    cdp.on("Fetch.requestPaused", fulfil)
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": pattern}]})
    try:
        yield answered
    finally:
        cdp.send("Fetch.disable")
        cdp.detach()


def placed(prefix: str, suffix: str) -> Path:
    """The file beside the snapshot that the worker fetches, e.g. placed("numpy-", ".zip")."""
    names = [u.rsplit("/", 1)[1] for u in snapshot_urls()]
    return SNAPSHOT_DIR / next(n for n in names if n.startswith(prefix) and n.endswith(suffix))


@contextmanager
def snapshot_answered_with(page, status: int):
    """Answer the page's request for the snapshot with HTTP ``status`` (DevTools Fetch domain, so the
    HTTP cache stays on for everything else, unlike page.route)."""
    cdp = page.context.new_cdp_session(page)
    answered = []

    def fulfil(event):
        answered.append(event["request"]["url"])
        cdp.send("Fetch.fulfillRequest", {"requestId": event["requestId"], "responseCode": status,
                                          "responseHeaders": [{"name": "Content-Type", "value": "text/plain"}], "body": ""})

    cdp.on("Fetch.requestPaused", fulfil)
    cdp.send("Fetch.enable", {"patterns": [{"urlPattern": "*/vendor/pyodide/snapshot/interpreter-*"}]})
    try:
        yield answered
    finally:
        cdp.send("Fetch.disable")
        cdp.detach()


@needs_snapshot
def test_figures_go_live_from_the_snapshot_with_the_engines_numbers(page, live_server):
    asked = []
    page.on("request", lambda request: asked.append(request.url.rsplit("/", 1)[1].split("?")[0]))
    page.goto(live_server + "/chapters/perceptron")
    assert page.evaluate("() => document.documentElement.dataset.snapshotUrl") == snapshot_url()
    wait_live(page)
    assert page.evaluate(BOOT) == {"from": "snapshot", "reason": "", "numpy": "snapshot", "downloads": "counted"}
    # Each runtime file is asked for once: the wasm and the standard library fetched ahead, while the
    # snapshot downloads, are the responses Pyodide gets (a second request would read them again).
    for name in ["pyodide.asm.wasm", "pyodide.asm.js", *(url.rsplit("/", 1)[1] for url in snapshot_urls())]:
        assert asked.count(name) == 1, (name, asked)
    # The restored interpreter imported the engine (standard-library modules the start-up had not
    # imported, read from the zip the worker installed) and runs it with the restored numpy like a fresh
    # one: CPython's numbers, random draws (numpy.random) and linear algebra included.
    # The snapshot holds the engine it was made with (app/interpreter_snapshot.py); after an engine edit
    # (the snapshot is not remade for one) the worker imports the served engine anew.
    held = json.loads(placed("interpreter-", ".json").read_text()).get("engine")
    assert ("engine imported anew" in page.evaluate(MARKS)) == (held != hashlib.sha256(engine_zip_bytes()).hexdigest())
    first_step_matches_cpython(page)
    for widget, call, args in [("initialisation", "initial", {}), ("capacity", "initial", {}),
                               ("forward-pass", "initial", {}), ("vanishing-gradients", "initial", {})]:
        answer = page.evaluate(CALL, [widget, call, args])
        assert answer["ok"], answer
        assert close(answer["result"], json.loads(json.dumps(dispatch(widget, call, args)))), widget


@needs_snapshot
def test_a_snapshot_made_with_another_engine_imports_the_served_one_anew(page, live_server):
    """What a checkout whose engine changed since its snapshot was made does: the worker drops the
    snapshot's engine modules and imports the ones it downloaded, and the figures compute with them."""
    manifest = json.loads(placed("interpreter-", ".json").read_text())
    assert manifest.get("engine"), "the snapshot names the engine it holds"
    manifest["engine"] = "0" * 64
    with served_instead(page, "*/vendor/pyodide/snapshot/interpreter-*.json", json.dumps(manifest).encode()) as answered:
        page.goto(live_server + "/chapters/perceptron")
        wait_live(page)
    assert answered, "the page never asked for the manifest"
    assert page.evaluate(BOOT)["from"] == "snapshot"
    assert "engine imported anew" in page.evaluate(MARKS)
    first_step_matches_cpython(page)


def numpy_zip_with_a_changed_library() -> bytes:
    """numpy's files as placed, one byte changed inside its main extension module's code."""
    data = bytearray(placed("numpy-", ".zip").read_bytes())
    at = data.index(b"_multiarray_umath.cpython-312-wasm32-emscripten.so") + 4096  # well inside its bytes
    data[at] ^= 0xFF
    return bytes(data)


@needs_snapshot
def test_numpy_s_library_that_is_not_the_recorded_one_starts_python_the_normal_way(page, live_server):
    """An extension module that is not the one recorded: nothing of numpy's runs; Python starts the normal way."""
    with served_instead(page, "*/vendor/pyodide/snapshot/numpy-*", numpy_zip_with_a_changed_library()) as answered:
        said = normal_boot_begins(page, lambda: page.goto(live_server + "/chapters/perceptron"))
    assert answered, "the page never asked for numpy's files"
    assert "is not the one" in said, said


@needs_snapshot
def test_a_function_table_that_does_not_line_up_boots_python_the_normal_way_to_the_engines_numbers(page, live_server):
    """A function table that would not end where the snapshot's did (the last of the restore's checks,
    made once the wasm module is instantiated): Python starts the normal way, loads numpy's wheel,
    and the figures go live with CPython's numbers."""
    manifest = json.loads(placed("interpreter-", ".json").read_text())
    manifest["tableLength"] += 1
    with served_instead(page, "*/vendor/pyodide/snapshot/interpreter-*.json", json.dumps(manifest).encode()) as answered:
        page.goto(live_server + "/chapters/perceptron")
        wait_live(page)
    assert answered, "the page never asked for the manifest"
    boot = page.evaluate(BOOT)
    assert boot["from"] == "plain" and "function table" in boot["reason"] and boot["numpy"] == "loaded", boot
    first_step_matches_cpython(page)


@needs_snapshot
def test_a_missing_snapshot_starts_python_the_normal_way(page, live_server, watch):
    with snapshot_answered_with(page, 404) as answered:
        said = normal_boot_begins(page, lambda: page.goto(live_server + "/chapters/perceptron"))
    assert answered, "the page never asked for the snapshot"
    assert "the snapshot could not be downloaded" in said, said
    # The 404 is expected here, and Chromium logs it as a console error.
    watch.console_errors[:] = [e for e in watch.console_errors if "404" not in e]


def one_page_short(whole: bytes) -> bytes:
    """A sparse snapshot one stored page short of what its header counts, as a download cut off would be:
    the real file's header and page index, its count of stored pages set to one, and no page. The same
    refusal as the real file less its last page, sent through DevTools as 1.3 KB instead of 13.6 MB
    (base64 in a JSON message: about 5 CPU-seconds of the test's 7)."""
    header = list(sparse_snapshot.HEADER.unpack_from(whole))
    start, pages = header[3], header[5]
    pages_at = sparse_snapshot.pages_offset(start, pages)
    header[6] = 1  # stored pages
    return sparse_snapshot.HEADER.pack(*header) + whole[sparse_snapshot.HEADER.size:pages_at]


@needs_snapshot
@pytest.mark.parametrize("damage, said", [
    (lambda whole: b"not a snapshot of anything. " * 100, "not a sparse interpreter snapshot (magic number)"),
    # The sparse file's header says how long it is (app/sparse_snapshot.py): one page short is refused
    # before Pyodide sizes any memory by it.
    (one_page_short, "truncated"),
])
def test_a_snapshot_that_does_not_restore_starts_python_the_normal_way_saying_why(page, live_server, damage, said):
    """Right status, wrong bytes: the worker refuses the file, says why, and starts Python the normal way."""
    body = damage(placed("interpreter-", ".bin").read_bytes())
    with served_instead(page, "*/vendor/pyodide/snapshot/interpreter-*.bin", body) as answered:
        warning = normal_boot_begins(page, lambda: page.goto(live_server + "/chapters/perceptron"))
    assert answered, "the page never asked for the snapshot"
    assert said in warning, warning
