"""The header's search box: Lunr.js querying the index the server built (app/search_index.py).

Starts on the notation page (no figures, so no runtime competes with the search), then follows
results with instant navigation (static/js/navigation.js) into the chapters.
"""

from __future__ import annotations


import pytest

from tests.browser.helpers import SEARCH_RESULTS as RESULTS, type_query

pytestmark = pytest.mark.browser

# The search's own module is in the pages' bundle (app/js_bundle.py); Lunr and the index are fetched on first use.
LOADED = """() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)
    .filter((path) => path.endsWith('/lunr.min.js') || path.endsWith('/search-index.json'))"""


@pytest.mark.without_runtime
def test_the_search_loads_only_when_the_box_is_used_and_then_works(page, live_server):
    page.goto(live_server + "/chapters/perceptron")
    page.wait_for_selector("html.search-ready form.site-search")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # anything the page loads of its own accord has been asked for by now
    assert page.evaluate(LOADED) == []  # neither Lunr nor the index
    # The first focus starts the import; words typed at once, before it arrives, still get results.
    page.locator("#site-search-input").focus()
    page.keyboard.type("perceptron")
    page.wait_for_selector(RESULTS, timeout=30_000)
    assert page.locator(RESULTS).count() > 0
    assert {path.rsplit("/", 1)[-1] for path in page.evaluate(LOADED)} == {"lunr.min.js", "search-index.json"}


@pytest.mark.without_runtime
def test_slash_focuses_the_box_and_escape_closes_the_results(page, live_server):
    page.goto(live_server + "/notation")
    page.wait_for_selector("html.search-ready form.site-search")
    page.locator("main h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search-input"
    page.keyboard.type("gradient")
    page.wait_for_selector(RESULTS)
    assert page.locator("#site-search-results").is_visible()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('site-search-result')")
    page.keyboard.press("Escape")
    assert page.locator("#site-search-results").is_hidden()
    assert page.evaluate("document.activeElement.id") == "site-search-input"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") != "site-search-input"
    # Typing "/" into a text field stays typing.
    page.locator("#site-search-input").fill("")
    page.locator("#site-search-input").focus()
    page.keyboard.type("a/b")
    assert page.locator("#site-search-input").input_value() == "a/b"


@pytest.mark.without_runtime
def test_backpropagation_leads_to_its_heading_with_the_words_marked(page, live_server):
    page.goto(live_server + "/notation")
    page.wait_for_selector("html.search-ready form.site-search")
    page.evaluate("window.__sameDocument = true")
    # One word, whole or as far as typed: Lunr's wildcard and stemming must agree (backpropagation → backpropag).
    for typed in ("backpropagation", "backprop", "Backpropagat"):
        results = type_query(page, typed)
        hrefs = [a.get_attribute("href") for a in results.all()[:3]]
        assert any(h.startswith("/chapters/backpropagation?") for h in hrefs), (typed, hrefs)
        page.locator("#site-search-input").fill("")
        page.wait_for_function("() => document.getElementById('site-search-status').textContent === ''")
    results = type_query(page, "backpropagation chain rule")
    assert results.count() >= 1
    first = results.first
    href = first.get_attribute("href")
    assert href.startswith("/chapters/backpropagation?highlight=") and "#" in href, href
    anchor = href.split("#", 1)[1]
    assert "chain rule" in first.inner_text().lower()
    first.click()
    page.wait_for_url(f"**/chapters/backpropagation?highlight=*#{anchor}")
    page.wait_for_function("() => Number(document.documentElement.dataset.searchHighlighted) > 0", timeout=30_000)
    assert page.evaluate("window.__sameDocument") is True, "the result reloaded the page instead of swapping it"
    heading = page.locator(f"#{anchor}")
    assert heading.evaluate("(h) => /^H[23]$/.test(h.tagName)")
    assert heading.locator("mark.search-hit").count() >= 1, "the heading's words are not marked"
    marked = {m.lower() for m in page.locator("main mark.search-hit").all_inner_texts()}
    assert {"backpropagation", "chain", "rule"} <= marked, marked
    # The reader lands on the heading: it is on screen, below the sticky header.
    top = heading.evaluate("(h) => h.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, top


@pytest.mark.without_runtime
def test_a_figure_caption_is_found_and_links_to_the_figure(page, live_server):
    page.goto(live_server + "/notation")
    page.wait_for_selector("html.search-ready form.site-search")
    # Words of the perceptron figure's caption (engine/widgets/perceptron.py, Figure 2.1).
    caption = page.request.get(live_server + "/chapters/perceptron").text()
    assert "let the learning rule move the line" in caption
    results = type_query(page, "learning rule move the line")
    figures = page.locator("#site-search-results a.site-search-figure")
    assert figures.count() >= 1
    assert figures.first.get_attribute("href").endswith("#fig-2-1")
    assert "Figure 2.1" in figures.first.inner_text()
    assert results.count() >= figures.count()


@pytest.mark.without_runtime
def test_nothing_found_says_so(page, live_server):
    page.goto(live_server + "/notation")
    page.wait_for_selector("html.search-ready form.site-search")
    type_query(page, "zzqxjv")
    assert "Nothing found" in page.locator("#site-search-results").inner_text()


# The search offline is checked on test_offline.py's visit (one service-worker install for both).


# Every state the header's figure indicator goes through, in its own words (static/js/runtime.js).
INDICATOR_STATES = """async () => {
  const { STATUS_WORDS, PHASE_WORDS } = await import('/static/js/runtime.js');
  return [['idle', document.querySelector('#runtime-status .runtime-label').textContent],
          ...Object.keys(PHASE_WORDS).map((phase) => ['loading', STATUS_WORDS.loading(phase)]),
          ['loading', STATUS_WORDS.loading('')], ['ready', STATUS_WORDS.ready],
          ['failed', STATUS_WORDS.server], ['failed', STATUS_WORDS.stopped]]; }"""
SHOW_STATE_AND_MEASURE = """([state, label]) => {
  const box = document.getElementById('runtime-status');
  box.dataset.state = state;
  box.querySelector('.runtime-label').textContent = label;
  const where = (selector) => { const r = document.querySelector(selector).getBoundingClientRect(); return [r.left, r.top, r.width]; };
  return { box: where('#site-search-input'), results: where('#site-search-results') }; }"""


@pytest.mark.without_runtime
@pytest.mark.parametrize("width", [1280, 800, 360])
def test_the_results_stay_put_on_the_screen_while_the_figures_start(page, live_server, width):
    """The indicator beside the box changes its words (and shows a bar) as the figures start: the box and
    its open results must not move, or a click aimed at a result lands beside it (the offline test's
    click once hit the page's body so); and the results stay on the screen at every width."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server + "/chapters/perceptron")
    page.wait_for_selector("html.search-ready form.site-search")
    assert type_query(page, "perceptron").count() > 0
    states = page.evaluate(INDICATOR_STATES)
    assert len(states) >= 8, states
    places = {tuple(state): page.evaluate(SHOW_STATE_AND_MEASURE, state) for state in states}
    first = next(iter(places.values()))
    moved = {label: place for (_, label), place in places.items() if place != first}
    assert not moved, f"at {width} px the search box or its results moved: {first} then {moved}"
    left, _, wide = first["results"]
    assert 0 <= left and left + wide <= width, f"at {width} px the results run off the screen: {first['results']}"
