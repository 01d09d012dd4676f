"""Every internal link in the book's text leads somewhere real.

For each rendered page, every ``href`` that stays on the site (``/…`` or
``#…``) is requested from the real application (FastAPI TestClient, no
network) and must answer 200; a ``#fragment`` must name an ``id`` that
exists in the page as served (chapter headings get GitHub-style ids).
External links (``https://…``) are not followed: tests never leave localhost.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urldefrag

import pytest
from fastapi.testclient import TestClient


HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
ID = re.compile(r'\bid="([^"]+)"')


@pytest.fixture(scope="module")
def client(book_app):
    with TestClient(book_app) as c:
        yield c


def internal_links(rendered: str) -> list[str]:
    links = [html.unescape(h) for h in HREF.findall(rendered)]
    return [h for h in links if h.startswith("/") and not h.startswith("//") or h.startswith("#")]


def test_link_extraction_keeps_only_site_links():
    sample = '<a href="/chapters/training#adam">x</a> <a href="#fn1">1</a> <a href="https://example.org/">e</a> <a class="k" href="//cdn.example/x">c</a>'
    assert internal_links(sample) == ["/chapters/training#adam", "#fn1"]


def test_every_internal_link_resolves(all_pages, client):
    @lru_cache(maxsize=None)
    def fetch(path: str) -> tuple[int, frozenset[str]]:
        response = client.get(path)
        ids = frozenset(ID.findall(response.text)) if response.status_code == 200 else frozenset()
        return response.status_code, ids

    broken = []
    checked = 0
    for page in all_pages:
        for href in internal_links(page.html):
            path, fragment = urldefrag(href)
            path = path or page.url  # "#x" points into the page itself
            status, ids = fetch(path)
            checked += 1
            if status != 200:
                broken.append(f"{page.source_path.name}: {href} -> HTTP {status}")
            elif fragment and fragment not in ids:
                broken.append(f"{page.source_path.name}: {href} -> no element with id {fragment!r} on {path}")
    assert checked > 50, "suspiciously few internal links: did the link markup change?"
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(f"  {b}" for b in broken)
