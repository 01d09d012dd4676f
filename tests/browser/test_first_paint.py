"""What a chapter's first paint and first figure frame do not wait for, and what they must not lose.

- The figures draw while the chapter is still arriving (static/js/widgets.js, in the async bundle). The
  page is written into a same-origin frame with document.write, piece by piece, so the test decides
  where the parser stands: a figure the parser has finished is mounted (it draws its server-computed
  first frame) before the document is complete, and a figure the parser is still inside is left alone
  until it is whole (mounted half-parsed, it would miss its first frame's data).
- The first figure draws its first frame before the browser runtime is ready.
- On a first visit the runtime's worker starts once the page's first contentful paint is on the screen,
  not before it (its downloads and compiles would take the cores from the first paint), and without a
  paint (a tab in the background) after 400 ms; a return visit starts it at once (test_offline.py).
- Blocks below the screen skip their layout until the page is laid out (static/css/book.css,
  html.lazy-layout until html.laid-out): then every block is laid out, its text and controls reach the
  accessibility tree, and wide formulas far down the page are measured and become scroll regions.
"""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.browser import helpers

pytestmark = pytest.mark.browser

WRITE = "([html, close]) => { const doc = document.querySelector('iframe#writer').contentDocument; doc.write(html); if (close) doc.close(); }"
STATUS = "(id) => document.querySelector('iframe#writer').contentDocument.getElementById(id)?.dataset.status ?? null"


def chapter_parts(live_server) -> tuple[str, list[str]]:
    """The perceptron chapter as the server sends it: (the URL of the async module that mounts its figures,
    each figure's HTML in page order)."""
    html = urllib.request.urlopen(live_server + "/chapters/perceptron", timeout=30).read().decode()
    # The pages' bundle (app/js_bundle.py), or without it the figures' mount (static/js/widgets.js).
    widgets = re.search(r'<script type="module" async src="([^"]*(?:build/book|js/widgets)\.js[^"]*)"></script>', html)
    assert widgets, "the chapter loads its figures as an async module"
    return widgets.group(1), re.findall(r'<figure class="widget".*?</figure>', html, re.S)


def test_a_figure_is_mounted_once_parsed_before_the_page_is_complete_and_not_while_half_parsed(page, live_server):
    widgets_url, figures = chapter_parts(live_server)
    assert len(figures) >= 2
    first, second = figures[:2]
    page.goto(live_server + "/notation")
    page.evaluate("""() => {
        // about:blank (the book refuses to be framed), which shares the page's origin and policy.
        const frame = Object.assign(document.createElement('iframe'), { id: 'writer' });
        document.body.append(frame);
        frame.contentDocument.open();
        // No worker: the runtime adopts a boot that failed, so the figures settle on the server.
        frame.contentWindow.__nnbookBoot = { messages: [], error: { code: 'no-worker', message: 'test' }, startedAt: 0, adopted: false };
    }""")
    cut = second.index('<script type="application/json" class="widget-state">')
    page.evaluate(WRITE, [f'<!doctype html><html><head><script type="module" async src="{widgets_url}"></script></head>'
                          f'<body><main>{first}<p>Between the figures.</p>{second[:cut]}', False])
    first_id = re.search(r'id="([^"]+)"', first).group(1)
    second_id = re.search(r'id="([^"]+)"', second).group(1)
    # The document is still loading, yet the whole first figure is mounted: it leaves "static".
    page.wait_for_function(f"() => ({STATUS})({first_id!r}) !== 'static'", timeout=60_000)
    assert page.evaluate("() => document.querySelector('iframe#writer').contentDocument.readyState") == "loading"
    page.wait_for_timeout(300)  # time enough for a wrong mount of the half-written one
    assert page.evaluate(STATUS, second_id) == "static"
    # Its end and something after it arrive: the parser is past it, so it mounts, still before the end.
    page.evaluate(WRITE, [second[cut:] + "<p>After the figures.</p>", False])
    page.wait_for_function(f"() => ({STATUS})({second_id!r}) !== 'static'", timeout=60_000)
    assert page.evaluate(STATUS, second_id) in ("loading", "server")
    drawn = page.evaluate(f"""() => {{
        const figure = document.querySelector('iframe#writer').contentDocument.getElementById({second_id!r});
        return figure.querySelectorAll('.widget-controls input, .widget-controls select, .widget-controls button').length;
    }}""")
    assert drawn > 0, "the figure's controls were built from its complete option table"
    page.evaluate(WRITE, ["</main></body></html>", True])


@pytest.mark.without_runtime
def test_the_first_figure_draws_its_first_frame_before_the_runtime_is_ready(page, live_server):
    page.goto(live_server + "/chapters/perceptron")
    first = page.locator("figure.widget").first
    page.wait_for_function("() => document.querySelector('figure.widget').dataset.status !== 'static'", timeout=60_000)
    # Drawn by its module from the server-computed state: its controls and its drawing are there ...
    assert first.locator(".widget-controls input, .widget-controls button").count() > 0
    assert first.locator(".widget-body canvas, .widget-body svg").count() > 0
    # ... while the runtime is still held at its first download: nothing of it was needed for that.
    assert first.get_attribute("data-status") == "loading"
    assert page.get_attribute("#runtime-status", "data-state") in ("idle", "loading")


@pytest.mark.without_runtime
def test_a_first_visit_starts_the_worker_once_its_first_contentful_paint_is_on_screen(page, live_server):
    page.add_init_script(helpers.FIRST_FRAME)
    page.goto(live_server + "/chapters/perceptron")
    fcp = "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
    page.wait_for_function(f"() => window.__nnbookBoot && window.__nnbookBoot.worker && window.__firstAnimationFrameAt && {fcp}",
                           timeout=30_000)
    started, frame, painted = page.evaluate(f"() => [window.__nnbookBoot.startedAt, window.__firstAnimationFrameAt, {fcp}]")
    assert started >= frame, f"the worker started at {started:.0f} ms, before the first frame ({frame:.0f} ms)"
    # Not at the first frame's callbacks (its raster and display still to come): once the first text is
    # on the screen, or at the 400 ms timer if that comes first (a machine busy with other tests).
    assert started >= min(painted, 400), f"the worker started at {started:.0f} ms, before the first contentful paint ({painted:.0f} ms)"
    # The page's runtime took the worker over: its clock is the worker's start.
    page.wait_for_function("() => (window.__nnbookMetrics.runtime || {})['worker created (page clock)'] !== undefined")
    assert page.evaluate("() => window.__nnbookMetrics.runtime['worker created (page clock)']") == started


@pytest.mark.without_runtime
def test_a_page_that_draws_no_frame_still_starts_its_worker(page, live_server):
    """A tab opened in the background draws no frame and paints nothing: the 400 ms timer starts the worker."""
    page.add_init_script("window.requestAnimationFrame = () => 0; window.PerformanceObserver = class { observe() {} disconnect() {} };")
    page.add_init_script(helpers.RECORD_WORKER_MESSAGES)
    page.goto(live_server + "/chapters/perceptron")
    page.wait_for_function("() => window.__nnbookBoot && window.__nnbookBoot.worker", timeout=30_000, polling=50)
    assert page.evaluate("() => window.__nnbookBoot.startedAt") >= 400
    # ... and the page's runtime adopted it, whether it was made before that start (and waited) or after.
    page.wait_for_function("() => (window.__nnbookMetrics.runtime || {})['worker created (page clock)'] >= 400", timeout=30_000, polling=50)
    # What the figures' mount asked of the runtime meanwhile (the figures are mounted long before 400 ms)
    # reached the worker once it existed: the import of every figure's Python, ahead of its first call.
    wanted = set(page.evaluate("() => [...document.querySelectorAll('figure.widget')].map((f) => f.dataset.widget)"))
    page.wait_for_function("(wanted) => wanted.every((w) => window.__workerMessages.some((m) => m.type === 'preload' && m.widgets.includes(w)))",
                           arg=sorted(wanted), timeout=10_000, polling=50)


# Idle callbacks held by the test: the page cannot be laid out for good until the test lets it.
HOLD_IDLE = "window.__idle = []; window.requestIdleCallback = (callback) => window.__idle.push(callback);"
RUN_IDLE = "() => { for (const callback of window.__idle.splice(0)) callback({ didTimeout: false, timeRemaining: () => 50 }); }"
# Whether a block's content is skipped (content-visibility: auto, off screen): Chromium's own answer, asked
# of what the block holds (the block itself keeps a box of its estimated size).
SKIPPED = ("(el) => getComputedStyle(el).contentVisibility === 'auto' "
           "&& [...el.querySelectorAll('*')].some((inner) => !inner.checkVisibility({ contentVisibilityAuto: true }))")


@pytest.mark.without_runtime
def test_blocks_below_the_screen_skip_layout_until_laid_out_then_are_read_and_measured(page, live_server):
    from .test_accessibility_figures import _name, ax_nodes

    page.set_viewport_size({"width": 360, "height": 740})
    page.add_init_script(HOLD_IDLE)
    page.goto(live_server + "/chapters/perceptron", wait_until="load")
    # The page's look at its scroll regions after loading is made (none owed): reading the count after
    # `load` and waiting for it to grow raced with that look when the machine was slow.
    page.wait_for_function("() => Number(document.documentElement.dataset.scrollRegions || 0) > 0 "
                           "&& document.documentElement.dataset.scrollRegionsOwed === undefined", timeout=15_000)
    assert page.evaluate("() => document.documentElement.classList.contains('lazy-layout')")
    assert not page.evaluate("() => document.documentElement.classList.contains('laid-out')")
    # Below the screen, display formulas, tables, quizzes and text alike are skipped for now ...
    skipped = page.evaluate(f"""() => Object.fromEntries(['.math.block', 'table', 'form.quiz', 'p'].map((sel) => {{
        const all = [...document.querySelectorAll('.chapter-body > ' + sel)].filter((el) => el.querySelector('*'));
        return [sel, all.length > 0 && ({SKIPPED})(all[all.length - 1])]; }}))""")
    assert skipped == {".math.block": True, "table": True, "form.quiz": True, "p": True}, skipped
    # ... so the last quiz choice's text is not in the accessibility tree (what laid-out is for).
    choice = page.evaluate(f"""() => {{ const label = [...document.querySelectorAll('form.quiz .quiz-choice label')].pop();
        return ({SKIPPED})(label.closest('form.quiz')) ? label.textContent.trim() : null; }}""")
    assert choice, "the last quiz choice is in a quiz that is not skipped"
    wide_before = page.evaluate("() => [...document.querySelectorAll('.math.block')].map((m) => m.hasAttribute('data-scroll-region'))")

    looks = page.evaluate("() => Number(document.documentElement.dataset.scrollRegions || 0)")
    page.evaluate(RUN_IDLE)  # the page is idle after loading: lay it out for good
    page.wait_for_function("() => document.documentElement.classList.contains('laid-out')", timeout=15_000)
    assert page.evaluate(f"() => [...document.querySelectorAll('.chapter-body > *')].filter({SKIPPED}).length") == 0
    assert page.evaluate("() => [...document.querySelectorAll('.chapter-body > *')].every((el) => getComputedStyle(el).contentVisibility === 'visible')")
    assert page.evaluate("() => window.scrollY") == 0
    names = [_name(n) for n in ax_nodes(page) if not n.get("ignored")]
    assert any(choice in name for name in names), f"the last quiz's choice {choice!r} is not in the accessibility tree"
    # Scroll regions: looked at again once laid out; a wide formula that was skipped is now a region.
    page.wait_for_function("(n) => Number(document.documentElement.dataset.scrollRegions || 0) > n", arg=looks, timeout=15_000)
    wide_after = page.evaluate("() => [...document.querySelectorAll('.math.block')].map((m) => m.hasAttribute('data-scroll-region'))")
    found_late = [i for i, (before, after) in enumerate(zip(wide_before, wide_after)) if after and not before]
    assert found_late, "no wide display formula below the screen became a scroll region once laid out"
    assert page.evaluate("(i) => { const m = document.querySelectorAll('.math.block')[i]; return m.tabIndex === 0 "
                         "&& m.scrollWidth > m.clientWidth + 1; }", found_late[-1])


@pytest.mark.without_runtime
def test_a_section_reached_before_the_page_is_laid_out_is_on_screen(page, live_server):
    """A deep link, or a click on the table of contents before the page is laid out: the section is shown,
    not moved off the screen when the blocks above it take their real heights."""
    page.add_init_script(HOLD_IDLE)
    page.goto(live_server + "/chapters/perceptron#the-xor-problem", wait_until="load")
    assert not page.evaluate("() => document.documentElement.classList.contains('lazy-layout')")
    assert 0 <= page.locator("#the-xor-problem").bounding_box()["y"] < 200
    page.goto(live_server + "/chapters/perceptron", wait_until="load")
    assert page.evaluate("() => document.documentElement.classList.contains('lazy-layout')")
    last = page.locator("nav.toc a[href^='#']").last
    target = last.get_attribute("href")[1:]
    last.click()
    page.wait_for_timeout(500)  # a few frames: the blocks near the section are laid out, the rest keep theirs
    assert 0 <= page.locator(f"[id='{target}']").bounding_box()["y"] < 200


@pytest.mark.without_runtime
def test_a_block_not_yet_seen_counts_taller_than_the_band_rendered_with_the_first_screen(page, live_server):
    """Chromium renders at once the skipped blocks within half a screen below the screen; each block's
    stand-in height (static/css/book.css) is larger than that band, so the first paint holds the first
    screen and at most one block past it, not the next five with their formulas (bench: BENCH_CPU=1)."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.add_init_script(HOLD_IDLE)
    page.goto(live_server + "/chapters/perceptron", wait_until="load")
    assert page.evaluate("() => document.documentElement.classList.contains('lazy-layout')")
    # Blocks far down were never near the screen (a block seen once keeps its own height while skipped).
    heights = page.evaluate(f"""() => [...document.querySelectorAll('.chapter-body > :not([hidden])')].filter({SKIPPED})
        .slice(-10).map((el) => el.getBoundingClientRect().height)""")
    assert len(heights) == 10, "the end of the chapter is still skipped before the page is laid out"
    assert min(heights) > 720 / 2, f"a block never seen stands in at {min(heights):.0f} px, within the band rendered at once"
    # Laid out for good, every block takes its own height again.
    page.evaluate(RUN_IDLE)
    page.wait_for_function("() => document.documentElement.classList.contains('laid-out')", timeout=15_000)
    assert page.evaluate("() => document.querySelector('.chapter-body > p').getBoundingClientRect().height") < 720 / 2
