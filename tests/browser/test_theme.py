"""Dark mode: follows the system, a remembered switch in the header, figures drawn in the theme's colours."""

from __future__ import annotations

import pytest

from tests.browser.helpers import wait_live

BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


def _canvas_corner(page, selector):
    """The colour of a figure canvas's top-left pixel, where the figure clears to its background."""
    return page.evaluate("""(sel) => {
        const c = document.querySelector(sel);
        const [r, g, b] = c.getContext('2d').getImageData(1, 1, 1, 1).data;
        return [r, g, b];
    }""", selector)


@pytest.mark.browser
def test_theme_script_runs_before_anything_paints(page, live_server):
    page.goto(live_server + "/")
    first = page.evaluate("""() => {
        const s = document.head.querySelector('script[src*="theme.js"]');
        const sheet = document.head.querySelector('link[rel="stylesheet"]');
        return {found: !!s, classic: s && !s.type && !s.async && !s.defer,
                beforeStyles: s && sheet && !!(s.compareDocumentPosition(sheet) & Node.DOCUMENT_POSITION_FOLLOWING)};
    }""")
    assert first == {"found": True, "classic": True, "beforeStyles": True}


@pytest.mark.browser
def test_follows_the_system_until_the_reader_chooses(page, live_server):
    page.emulate_media(color_scheme="dark")
    page.goto(live_server + "/chapters/history")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark_background = page.evaluate(BACKGROUND)
    switch = page.get_by_role("switch", name="Dark theme")
    assert switch.get_attribute("aria-checked") == "true"

    switch.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    assert page.evaluate(BACKGROUND) != dark_background
    assert switch.get_attribute("aria-checked") == "false"

    # Remembered across a reload, and it wins over the system setting.
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    assert page.get_by_role("switch", name="Dark theme").get_attribute("aria-checked") == "false"
    page.emulate_media(color_scheme="light")
    page.get_by_role("switch", name="Dark theme").click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"


@pytest.mark.browser
def test_figures_redraw_in_the_theme_colours(page, live_server):
    page.emulate_media(color_scheme="light")
    page.goto(live_server + "/chapters/perceptron")
    figure = 'figure.widget[data-widget="perceptron"]'
    wait_live(page, figure)
    canvas = f"{figure} canvas"
    light = _canvas_corner(page, canvas)
    paper = page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--fig-paper').trim()")
    assert paper == "#ffffff" and light == [255, 255, 255]

    page.get_by_role("switch", name="Dark theme").click()
    dark_paper = page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--fig-paper').trim()")
    expected = [int(dark_paper[i : i + 2], 16) for i in (1, 3, 5)]
    page.wait_for_function("""([sel, want]) => {
        const [r, g, b] = document.querySelector(sel).getContext('2d').getImageData(1, 1, 1, 1).data;
        return r === want[0] && g === want[1] && b === want[2];
    }""", arg=[canvas, expected], timeout=10_000)
