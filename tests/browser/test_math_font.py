"""Formulas are MathML drawn in STIX Two Math, from the font's small subset unless a rarer character needs more."""

from __future__ import annotations

import pytest

from app.math_font import subsets
from tests.browser.helpers import wait_math

SUBSET = next(iter(subsets()))  # temml/STIXTwoMath-common.woff2
WHOLE = subsets()[SUBSET]["from"]  # temml/STIXTwoMath.woff2


def used_fonts(page, selector: str) -> list[str]:
    """The fonts Chromium drew the first ``selector``'s text with (its own answer, not the CSS asked for)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        return [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
    finally:
        cdp.detach()


def open_noting_fonts(page, url: str) -> list[str]:
    """Open ``url`` in ``page``; the list it returns fills with every font the page requests from then on."""
    fonts = []
    page.on("request", lambda request: fonts.append(request.url) if ".woff" in request.url else None)
    page.goto(url)
    wait_math(page)
    return fonts


@pytest.mark.without_runtime
def test_a_chapter_draws_its_formulas_in_the_math_font_fetching_only_its_subset(page, live_server):
    fonts = open_noting_fonts(page, live_server + "/chapters/backpropagation")
    # Every block laid out and each formula on screen once, so each has asked for its glyphs.
    page.evaluate("() => document.documentElement.classList.add('laid-out')")
    page.evaluate("() => Promise.all([...document.querySelectorAll('math')].map((m) => m.getBoundingClientRect()))")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    assert page.locator(".math.typeset > math").count() > 100
    assert page.locator(".katex").count() == 0  # one copy of each formula: no boxes of spans beside the MathML
    assert used_fonts(page, ".math.block.typeset math mi") == ["STIX Two Math"]
    assert [url for url in fonts if url.endswith(SUBSET)], fonts
    assert not [url for url in fonts if url.endswith(WHOLE)], "a chapter fetched the whole math font"


@pytest.mark.without_runtime
def test_a_character_outside_the_subset_is_drawn_from_the_whole_font(page, live_server):
    fonts = open_noting_fonts(page, live_server + "/chapters/perceptron")
    # ⨁ (U+2A01, n-ary circled plus) is in STIX Two Math but not in the subset's range.
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'rare';
        p.innerHTML = '<math><mo>⨁</mo><mi>x</mi></math>'; document.querySelector('.chapter-body').prepend(p);
        return document.fonts.ready.then(() => true); }""")
    page.wait_for_function("(whole) => performance.getEntriesByType('resource').some((e) => e.name.endsWith(whole))",
                           arg=WHOLE, timeout=15_000)
    assert used_fonts(page, "#rare mo") == ["STIX Two Math"]
    assert [url for url in fonts if url.endswith(WHOLE)]
