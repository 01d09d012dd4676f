"""At desktop width every display equation fits the text column: a long one breaks across lines
(aligned/multline in the chapter's TeX) instead of hiding its end in a scroll box."""

from __future__ import annotations

import pytest

from tests.browser.helpers import open_page, wait_math

MEASURE = """() => {
    // Closed solutions and hidden quiz explanations hold equations too: show them all.
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    document.querySelectorAll('.quiz-explanation, .quiz-answer').forEach((e) => { e.hidden = false; });
    const column = document.querySelector('main .chapter-body, main').getBoundingClientRect();
    return [...document.querySelectorAll('.math.block')].map((m) => {
        const box = m.getBoundingClientRect();
        const tex = (m.querySelector('annotation') || m).textContent.trim();
        return {tex: tex.slice(0, 80), overflow: m.scrollWidth - m.clientWidth,
                right: box.right - column.right, width: m.clientWidth};
    });
}"""


def book_pages(page, live_server):
    open_page(page, live_server, "/")
    return page.evaluate("""() => [...new Set([...document.querySelectorAll('a[href^="/chapters/"], a[href="/notation"]')]
        .map((a) => a.getAttribute('href').split('#')[0]))]""")


@pytest.mark.browser
def test_no_display_equation_is_wider_than_the_column_at_1280px(warm_page, live_server):
    page = warm_page  # each page is swapped in on the warm tab: its math arrives typeset, nothing boots
    assert page.viewport_size["width"] == 1280
    paths = book_pages(page, live_server)
    assert len(paths) >= 11, paths  # ten chapters and the notation page
    measured, too_wide = 0, []
    for path in paths:
        open_page(page, live_server, path)
        wait_math(page)
        for eq in page.evaluate(MEASURE):
            measured += 1
            if eq["overflow"] > 1 or eq["right"] > 1:
                too_wide.append(f"{path}: {eq['overflow']}px too wide: {eq['tex']}")
    assert measured > 100, f"only {measured} display equations found"
    assert not too_wide, "\n".join(too_wide)
