"""Navigation reads cleanly: each number appears once, headings and "On this page" agree,
and on a phone the chapter list waits closed so the title is on the first screen."""

from __future__ import annotations

import re

import pytest

CHAPTER = "/chapters/backpropagation"  # chapter 7: sections with subsections


@pytest.mark.browser
@pytest.mark.without_runtime
def test_chapter_list_and_toc_number_each_entry_once(page, live_server):
    page.goto(live_server + CHAPTER)
    # The chapter list: "7. Backpropagation", shown once (the list adds no marker of its own).
    current = page.locator('nav.book-nav a[aria-current="page"]')
    assert re.fullmatch(r"7\. \S.*", current.inner_text())
    marker = page.evaluate("() => getComputedStyle(document.querySelector('nav.book-nav li')).listStyleType")
    assert marker == "none"
    toc_marker = page.evaluate("() => getComputedStyle(document.querySelector('nav.toc li')).listStyleType")
    assert toc_marker == "none"
    # Every TOC entry shows the number its heading shows, nested levels as 7.k.j.
    entries = page.evaluate("""() => [...document.querySelectorAll('nav.toc a')].map((a) => {
        const heading = document.getElementById(a.getAttribute('href').slice(1));
        return {toc: a.querySelector('.section-number')?.textContent,
                heading: heading.querySelector('.section-number')?.textContent,
                level: heading.tagName};
    })""")
    assert entries and all(e["toc"] and e["toc"] == e["heading"] for e in entries), entries
    for e in entries:
        pattern = r"7\.\d+" if e["level"] == "H2" else r"7\.\d+\.\d+"
        assert re.fullmatch(pattern, e["toc"]), e
    assert any(e["level"] == "H3" for e in entries)


@pytest.mark.browser
@pytest.mark.without_runtime
def test_desktop_shows_the_chapter_list(page, live_server):
    page.goto(live_server + CHAPTER)
    assert page.locator("nav.book-nav a", has_text="3. Network Architecture").is_visible()


@pytest.mark.browser
@pytest.mark.without_runtime
def test_phone_sees_the_title_first_and_can_open_the_chapter_list(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + CHAPTER)
    title = page.locator("main h1").bounding_box()
    assert title["y"] + title["height"] <= 740, f"the title starts below the first screen at y={title['y']}"
    link = page.locator("nav.book-nav a", has_text="3. Network Architecture")
    assert not link.is_visible()
    page.locator("nav.book-nav summary").click()
    assert link.is_visible()
