"""Scroll regions (static/js/scroll-regions.js) after a part of the page changes: the part is looked at
again, the rest of the page is not measured again, and a resize still measures all of it.

The page's other checks (every region named and focusable, nothing wider than a phone) are axe's and the
reflow checks of test_accessibility.py; the first look after lazy layout is test_first_paint.py's.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LOOKS = "() => Number(document.documentElement.dataset.scrollRegions || 0)"
SETTLED = ("(n) => Number(document.documentElement.dataset.scrollRegions || 0) > n "
           "&& document.documentElement.dataset.scrollRegionsOwed === undefined")
# An inline formula outside every figure, that fits its line at this width.
A_FITTING_FORMULA = """() => { const m = [...document.querySelectorAll('.chapter-body > p .math.inline')]
    .find((m) => !m.classList.contains('math-wide')); m.id = 'fitting-formula'; return m.id; }"""
WIDE_TEXT = "a value too long for one line of a phone " * 4
TABLE = f"<table id='redrawn'><tbody><tr><td style='white-space: nowrap'>{WIDE_TEXT}</td></tr></tbody></table>"


def looked_after(page, change):
    """Run ``change`` (a function for the page) and wait until the page has looked again after it."""
    looks = page.evaluate(LOOKS)
    page.evaluate(change)
    page.wait_for_function(SETTLED, arg=looks, timeout=15_000)


@pytest.mark.without_runtime  # the figures' first frames are enough: nothing here needs the engine
def test_a_figure_that_redraws_is_looked_at_again_without_measuring_the_page(page, live_server):
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(live_server + "/chapters/perceptron", wait_until="load")
    page.wait_for_function("() => document.documentElement.classList.contains('laid-out')", timeout=15_000)
    page.wait_for_function(SETTLED, arg=0, timeout=15_000)
    page.evaluate(A_FITTING_FORMULA)
    # A stale mark on a formula outside the figure: only a look at the whole page would take it off.
    page.evaluate("() => document.getElementById('fitting-formula').classList.add('math-wide')")

    # The figure draws a table wider than the phone (as a figure redrawing its rows does): it becomes a
    # region a keyboard reaches and a screen reader names, with no resize to prompt it.
    looked_after(page, f"() => document.querySelector('figure.widget').insertAdjacentHTML('beforeend', {TABLE!r})")
    table = page.evaluate("() => { const t = document.getElementById('redrawn'); return { tabIndex: t.tabIndex, "
                          "marked: t.hasAttribute('data-scroll-region'), label: t.getAttribute('aria-label'), "
                          "overflows: t.scrollWidth > t.clientWidth + 1 }; }")
    assert table == {"tabIndex": 0, "marked": True, "label": "Table, scrolls sideways", "overflows": True}, table
    # That look measured the figure, not the page's other formulas.
    assert page.evaluate("() => document.getElementById('fitting-formula').classList.contains('math-wide')")

    # The redraw that makes the table fit again takes the region away.
    looked_after(page, "() => { document.querySelector('#redrawn td').textContent = 'short'; }")
    assert page.evaluate("() => { const t = document.getElementById('redrawn'); return t.hasAttribute('data-scroll-region') "
                         "|| t.hasAttribute('tabindex') || t.hasAttribute('aria-label'); }") is False

    # A formula outside every figure that grows wider than its line (math typeset in the browser, as a quiz's
    # explanation has it) is the part that changed: it is measured and becomes its own scroll box.
    looked_after(page, f"""() => {{ const m = [...document.querySelectorAll('.chapter-body > p .math.inline')]
        .find((m) => m.closest('p') !== document.getElementById('fitting-formula').closest('p'));
        m.id = 'growing-formula'; m.insertAdjacentHTML('beforeend', "<span style='white-space: nowrap'>{WIDE_TEXT}</span>"); }}""")
    assert page.evaluate("() => document.getElementById('growing-formula').classList.contains('math-wide')")
    assert page.evaluate("() => document.getElementById('fitting-formula').classList.contains('math-wide')")

    # A resize measures the whole page: the stale mark goes.
    looked_after(page, "() => window.dispatchEvent(new Event('resize'))")
    assert not page.evaluate("() => document.getElementById('fitting-formula').classList.contains('math-wide')")
