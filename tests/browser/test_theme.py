"""Dark mode: follows the system, a remembered switch in the header, figures drawn in the theme's colours."""

from __future__ import annotations

import pytest

from tests.browser.helpers import wait_live

BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


# Records the theme at the moment <body> is inserted: nothing of the page can have painted before.
THEME_WHEN_BODY_ARRIVES = """
new MutationObserver((records, observer) => {
  if (!document.body) return;
  window.__themeAtBody = document.documentElement.dataset.theme || null;
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });
"""


@pytest.mark.browser
@pytest.mark.without_runtime  # the theme is the page's own script and stylesheet: no live figure is looked at
@pytest.mark.parametrize("stored, system, want", [(None, "dark", "dark"), ("dark", "light", "dark"), ("light", "dark", "light")])
def test_the_theme_is_set_before_the_page_has_a_body_so_nothing_paints_in_the_wrong_one(page, live_server, stored, system, want):
    # The theme script is inline at the top of <head> (app/inline_assets.py), ahead of the inline stylesheet.
    page.emulate_media(color_scheme=system)
    if stored:
        page.add_init_script(f"localStorage.setItem('nnbook.theme', '{stored}')")
    page.add_init_script(THEME_WHEN_BODY_ARRIVES)
    page.goto(live_server + "/chapters/history")
    assert page.evaluate("window.__themeAtBody") == want
    order = page.evaluate("""() => {
        const s = [...document.head.querySelectorAll('script:not([src])')].find((x) => x.textContent.includes('nnbook.theme'));
        const sheet = document.getElementById('book-css');
        return {classic: !!s && !s.type && !s.async && !s.defer, beforeStyles: !!s && !!(s.compareDocumentPosition(sheet) & Node.DOCUMENT_POSITION_FOLLOWING)};
    }""")
    assert order == {"classic": True, "beforeStyles": True}


@pytest.mark.browser
@pytest.mark.without_runtime  # three loads of the page, none of which needs a live figure
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
