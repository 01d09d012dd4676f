"""The tests' selectors sent as light CSS (tests/browser/light_selectors.py): rewritten as Playwright
parses them, and only while the book has no shadow DOM for a light selector to miss."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import light_selectors
from .light_selectors import light

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("sent", "expected"), [
    ("figure.widget[data-status='live']", "css:light=figure.widget[data-status='live']"),
    ("css=main h1", "css:light=main h1"),
    ("#a >> tbody tr td:nth-child(2)", "css:light=#a >> css:light=tbody tr td:nth-child(2)"),
    # Engines other than CSS, nth and quoted text stay as they are.
    ("figure >> nth=0", "css:light=figure >> nth=0"),
    ('figure >> internal:role=button[name="Train"i]', 'css:light=figure >> internal:role=button[name="Train"i]'),
    ("text=Train", "text=Train"),
    ('"Train"', '"Train"'),
    ("//main", "//main"),
    ("xpath=//main", "xpath=//main"),
    # A ">>" inside quotes does not split; a CSS attribute value with "=" is still CSS.
    ('[aria-label="a >> b"]', 'css:light=[aria-label="a >> b"]'),
    ("input[name=w1] >> internal:has-text=\"a >> b\"", 'css:light=input[name=w1] >> internal:has-text="a >> b"'),
])
def test_each_css_part_is_sent_light_and_nothing_else_changes(sent, expected):
    assert light(sent) == expected


def test_the_book_makes_no_shadow_dom():
    """A light selector does not look inside shadow roots: the book's scripts and pages must make none."""
    sources = [*ROOT.glob("static/js/**/*.js"), *ROOT.glob("templates/**/*.html"), *ROOT.glob("content/**/*.md")]
    assert len(sources) > 50
    shadow = re.compile(r"attachShadow|shadowrootmode|shadowroot=", re.IGNORECASE)
    assert [str(path.relative_to(ROOT)) for path in sources if shadow.search(path.read_text(encoding="utf-8"))] == []


def test_a_figure_is_found_and_acted_on_through_light_selectors(warm_page, live_server):
    """Playwright answers the rewritten selectors: a locator chain, a role inside it, and a wait."""
    from .helpers import open_figure

    figure = open_figure(warm_page, live_server, "/chapters/perceptron", 'figure.widget[data-widget="perceptron"]')
    assert figure.locator("canvas").count() >= 1
    assert figure.get_by_role("button", name=re.compile("Train")).count() == 1
    warm_page.wait_for_selector('figure.widget[data-widget="perceptron"][data-status="live"]', timeout=5_000)
    # And they are light: an element inside a shadow root is not found (Playwright's own CSS would find it).
    assert light_selectors.install(), "this Playwright has no Connection.send_message_to_server to send light CSS through"
    warm_page.evaluate("""() => { const host = document.createElement('div'); host.id = 'shadow-host';
        host.attachShadow({ mode: 'open' }).innerHTML = '<p class="in-shadow">hidden</p>';
        document.querySelector('main').append(host); }""")
    try:
        assert warm_page.locator("p.in-shadow").count() == 0
        assert warm_page.locator("#shadow-host").count() == 1
    finally:
        warm_page.evaluate("() => document.getElementById('shadow-host').remove()")
