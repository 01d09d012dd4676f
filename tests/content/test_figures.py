"""Every figure of the book as rendered: numbered per chapter, captioned, carrying its option table."""

from __future__ import annotations

import html
import json
import re

from engine.widgets import registry

FIGURE = re.compile(r'<figure class="widget" id="(?P<id>[^"]+)" data-widget="(?P<name>[^"]+)" '
                    r'data-number="(?P<number>[^"]+)" data-config="(?P<config>[^"]*)" data-options="(?P<options>[^"]*)"'
                    r'.*?<figcaption class="widget-caption">(?P<caption>.*?)</figcaption>', re.S)


def _figures(page) -> list[dict]:
    return [m.groupdict() for m in FIGURE.finditer(page.html)]


def test_every_figure_is_numbered_in_page_order_within_its_chapter(book):
    seen = 0
    for chapter in book.chapters:
        figures = _figures(chapter)
        assert len(figures) == chapter.html.count('<figure class="widget"'), chapter.slug
        assert [f["number"] for f in figures] == [f"{chapter.number}.{k}" for k in range(1, len(figures) + 1)]
        assert [f["id"] for f in figures] == [f"fig-{chapter.number}-{k}" for k in range(1, len(figures) + 1)]
        seen += len(figures)
    assert seen >= 9  # every registered figure appears at least once in the book
    assert {f["name"] for c in book.chapters for f in _figures(c)} == set(registry.widget_names())


def test_every_figure_carries_its_table_and_a_visible_caption(book):
    for chapter in book.chapters:
        for figure in _figures(chapter):
            table = registry.module(figure["name"]).OPTIONS
            assert json.loads(html.unescape(figure["options"])) == table.to_json()
            config = json.loads(html.unescape(figure["config"]))
            table.validate(config)  # the directive's options are the table's, and valid
            caption = html.unescape(re.sub("<[^>]+>", "", figure["caption"]))
            assert caption.startswith(f"Figure {figure['number']} — ") and len(caption) > 20
