"""Dark mode: follows the system, a remembered switch in the header, figures drawn in the theme's colours."""

from __future__ import annotations

import pytest

from tests.browser.helpers import wait_live

BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


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


CORNER_IS = """([sel, want]) => {
    const [r, g, b] = document.querySelector(sel).getContext('2d').getImageData(1, 1, 1, 1).data;
    return r === want[0] && g === want[1] && b === want[2];
}"""


def _fig_paper(page):
    value = page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--fig-paper').trim()")
    return [int(value[i : i + 2], 16) for i in (1, 3, 5)]


@pytest.mark.browser
def test_figures_draw_and_redraw_in_the_theme_colours(page, live_server):
    page.emulate_media(color_scheme="dark")
    page.goto(live_server + "/chapters/perceptron")
    figure = 'figure.widget[data-widget="perceptron"]'
    wait_live(page, figure)
    canvas = f"{figure} canvas"
    dark_paper = _fig_paper(page)
    assert dark_paper != [255, 255, 255]
    # Drawn dark from the first frame: the colours were read from the theme before drawing.
    page.wait_for_function(CORNER_IS, arg=[canvas, dark_paper], timeout=10_000)

    page.get_by_role("switch", name="Dark theme").click()
    light_paper = _fig_paper(page)
    assert light_paper == [255, 255, 255]
    page.wait_for_function(CORNER_IS, arg=[canvas, light_paper], timeout=10_000)
