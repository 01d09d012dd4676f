"""A chapter's figures draw while the chapter is still arriving (static/js/widgets.js, an async module).

The page is written into a same-origin frame with document.write, piece by
piece, so the test decides where the parser stands: a figure the parser has
finished is mounted (it draws its server-computed first frame) before the
document is complete, and a figure the parser is still inside is left alone
until it is whole (mounted half-parsed, it would miss its first frame's data).
"""

from __future__ import annotations

import re
import urllib.request

import pytest

pytestmark = pytest.mark.browser

WRITE = "([html, close]) => { const doc = document.querySelector('iframe#writer').contentDocument; doc.write(html); if (close) doc.close(); }"
STATUS = "(id) => document.querySelector('iframe#writer').contentDocument.getElementById(id)?.dataset.status ?? null"


def chapter_parts(live_server):
    html = urllib.request.urlopen(live_server + "/chapters/perceptron", timeout=30).read().decode()
    widgets = re.search(r'<script type="module" async src="([^"]*js/widgets\.js[^"]*)"></script>', html)
    assert widgets, "the chapter loads its figures as an async module"
    figures = re.findall(r'<figure class="widget".*?</figure>', html, re.S)
    assert len(figures) >= 2
    return widgets.group(1), figures[0], figures[1]


def test_a_figure_is_mounted_once_parsed_before_the_page_is_complete_and_not_while_half_parsed(page, live_server):
    widgets_url, first, second = chapter_parts(live_server)
    page.goto(live_server + "/notation")
    page.evaluate("""() => {
        // about:blank (the book refuses to be framed), which shares the page's origin and policy.
        const frame = Object.assign(document.createElement('iframe'), { id: 'writer' });
        document.body.append(frame);
        frame.contentDocument.open();
        // No worker: the runtime adopts a boot that failed, so the figures settle on the server.
        frame.contentWindow.__nnbookBoot = { messages: [], error: { code: 'no-worker', message: 'test' }, startedAt: 0, adopted: false };
    }""")
    cut = second.index('<script type="application/json" class="widget-state">')
    page.evaluate(WRITE, [f'<!doctype html><html><head><script type="module" async src="{widgets_url}"></script></head>'
                          f'<body><main>{first}<p>Between the figures.</p>{second[:cut]}', False])
    first_id = re.search(r'id="([^"]+)"', first).group(1)
    second_id = re.search(r'id="([^"]+)"', second).group(1)
    # The document is still loading, yet the whole first figure is mounted: it leaves "static".
    page.wait_for_function(f"() => ({STATUS})({first_id!r}) !== 'static'", timeout=60_000)
    assert page.evaluate("() => document.querySelector('iframe#writer').contentDocument.readyState") == "loading"
    page.wait_for_timeout(300)  # time enough for a wrong mount of the half-written one
    assert page.evaluate(STATUS, second_id) == "static"
    # Its end and something after it arrive: the parser is past it, so it mounts, still before the end.
    page.evaluate(WRITE, [second[cut:] + "<p>After the figures.</p>", False])
    page.wait_for_function(f"() => ({STATUS})({second_id!r}) !== 'static'", timeout=60_000)
    assert page.evaluate(STATUS, second_id) in ("loading", "server")
    drawn = page.evaluate(f"""() => {{
        const figure = document.querySelector('iframe#writer').contentDocument.getElementById({second_id!r});
        return figure.querySelectorAll('.widget-controls input, .widget-controls select, .widget-controls button').length;
    }}""")
    assert drawn > 0, "the figure's controls were built from its complete option table"
    page.evaluate(WRITE, ["</main></body></html>", True])
