"""Figures already parsed when the page's script arrives: the first is mounted and shown in a frame of its
own, the others after it in page order, while the engine is still loading (static/js/widgets.js); mounted
together in one task, the first figure's frame waited for every other figure's controls, drawing and
layout reads. Once the engine runs, figures are mounted together (each goes live as it mounts).

The page is written into a same-origin frame with document.write (as tests/browser/test_first_paint.py
does): all its figures first, the bundle after them, so the script finds every figure parsed at once. A
requestAnimationFrame loop in that frame counts its frames; each figure notes the count when it leaves
"static" (its first frame drawn). Frame counts, not times: nothing here depends on the machine's speed.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.test_first_paint import chapter_parts

pytestmark = pytest.mark.browser

SETUP = """(settled) => {
    // about:blank (the book refuses to be framed), which shares the page's origin and policy.
    const frame = Object.assign(document.createElement('iframe'), { id: 'writer' });
    frame.style.width = '900px';
    frame.style.height = '700px';
    document.body.append(frame);
    const win = frame.contentWindow;
    frame.contentDocument.open();
    // The engine still loading, as on a cold page: the runtime adopts a worker that has not answered yet.
    // Or settled: no worker, so the runtime falls back to the server at once (as a running engine, it
    // answers every figure the moment it mounts).
    const worker = { postMessage() {}, terminate() {}, addEventListener() {}, removeEventListener() {} };
    win.__nnbookBoot = settled ? { messages: [], error: { code: 'no-worker', message: 'test' }, startedAt: 0, adopted: false }
                               : { messages: [], error: null, worker, startedAt: 0, adopted: false };
    win.__frames = 0;
    win.__drawnIn = {};
    const tick = () => { win.__frames += 1; win.requestAnimationFrame(tick); };
    win.requestAnimationFrame(tick);
}"""
OBSERVE = """() => {
    const win = document.querySelector('iframe#writer').contentWindow;
    new win.MutationObserver((records) => {
        for (const r of records) {
            const f = r.target;
            if (f.matches('figure.widget') && f.dataset.status !== 'static' && !(f.id in win.__drawnIn)) win.__drawnIn[f.id] = win.__frames;
        }
    }).observe(win.document, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
}"""
WRITE = "(html) => { const doc = document.querySelector('iframe#writer').contentDocument; doc.write(html); }"


def drawn_in_frames(page, live_server, settled: bool) -> tuple[list[int], bool]:
    """The frame count at which each figure of the perceptron chapter drew its first frame, in page order, and
    whether the page loads the bundle (its figures' modules all there at once) rather than module by module."""
    script, figures = chapter_parts(live_server)
    assert len(figures) >= 3
    ids = [re.search(r'id="([^"]+)"', f).group(1) for f in figures]
    page.goto(live_server + "/notation")
    page.evaluate(SETUP, settled)
    page.evaluate(WRITE, "<!doctype html><html><head></head><body><main>" + "<p>Between.</p>".join(figures) + "</main>")
    page.evaluate(OBSERVE)
    # Every figure is parsed (something follows each) before the script is even asked for.
    page.evaluate(WRITE, f'<p>After the figures.</p><script type="module" async src="{script}"></script></body></html>')
    page.wait_for_function("(n) => Object.keys(document.querySelector('iframe#writer').contentWindow.__drawnIn).length === n",
                           arg=len(ids), timeout=60_000)
    drawn_in = page.evaluate("() => document.querySelector('iframe#writer').contentWindow.__drawnIn")
    page.evaluate("() => document.querySelector('iframe#writer').contentDocument.close()")
    return [drawn_in[i] for i in ids], "/build/book.js" in script


@pytest.mark.without_runtime
def test_while_the_engine_loads_the_first_figure_is_shown_in_a_frame_before_the_others_are_mounted(page, live_server):
    frames, _ = drawn_in_frames(page, live_server, settled=False)
    assert frames[0] < min(frames[1:]), f"figures drawn in frames {frames}: the first did not have a frame of its own"
    assert frames == sorted(frames), f"figures drawn in frames {frames}: not in page order"


@pytest.mark.without_runtime
def test_once_the_runtime_has_settled_the_figures_are_mounted_together(page, live_server):
    frames, bundled = drawn_in_frames(page, live_server, settled=True)
    assert frames == sorted(frames), f"figures drawn in frames {frames}: not in page order"
    if bundled:  # module by module, each figure mounts when its own module has arrived
        assert len(set(frames)) == 1, f"figures drawn in frames {frames}: held apart although each is answered at once"
