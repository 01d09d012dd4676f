"""Responses kept in memory (app/stored_response.py), and the three kinds that use them: the reading pages
(chapters, /print, /playground), the book's own static files and the search index."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import Headers

from app.stored_response import Stored, content_etag, etag_matches

ETAG = '"0123456789abcdef0123456789abcdef"'


@pytest.mark.parametrize("header,matches", [
    (ETAG, True),
    (f"W/{ETAG}", True),                            # a weak validator names the same bytes here
    (f'"other", {ETAG}', True),                     # a list
    (f'"other",W/{ETAG} , "third"', True),
    ("*", True),                                    # anything the server has
    ('"other"', False),
    (ETAG[:-2] + '"', False),                       # a prefix of the tag is another tag
    (f'"x{ETAG[1:]}', False),
    (ETAG.strip('"'), False),                       # unquoted: not this validator
    ("", False),
    (None, False),
])
def test_if_none_match_lists_weak_tags_and_star(header, matches):
    assert etag_matches(header, ETAG) is matches


def _headers(**values) -> Headers:
    return Headers({name.replace("_", "-"): value for name, value in values.items()})


def test_stored_answers_with_gzip_only_when_accepted_and_304_on_its_etag():
    body = b"<p>" + b"a perceptron learns " * 500 + b"</p>"
    stored = Stored(body, "text/html", level=9)
    assert stored.etag == content_etag(body) and gzip.decompress(stored.gzipped) == body
    packed = stored.response(_headers(accept_encoding="gzip, br"))
    assert packed.body == stored.gzipped and packed.headers["content-encoding"] == "gzip"
    assert packed.headers["content-type"] == "text/html; charset=utf-8"
    for refused in ("identity", "gzip;q=0, br", "", "deflate"):
        plain = stored.response(_headers(accept_encoding=refused))
        assert plain.body == body and "content-encoding" not in plain.headers, refused
    for response in (packed, plain):
        assert response.headers["etag"] == stored.etag and response.headers["vary"] == "Accept-Encoding"
        assert response.headers["cache-control"] == "no-cache"
    again = stored.response(_headers(if_none_match=f'W/{stored.etag}', accept_encoding="gzip"))
    assert again.status_code == 304 and again.body == b"" and "content-length" not in again.headers
    assert again.headers["etag"] == stored.etag and again.headers["vary"] == "Accept-Encoding"


def test_a_body_gzip_cannot_shrink_is_kept_plain():
    stored = Stored(b"{}", "application/json")
    assert stored.gzipped is None
    response = stored.response(_headers(accept_encoding="gzip"))
    assert response.body == b"{}" and "content-encoding" not in response.headers


# --- each kind as the app serves it -------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(book_app):
    return TestClient(book_app)


def _expected_body(client, path: str) -> bytes:
    """The bytes each kind served before it was stored: the search index as built, the file on disk, and a
    page rendered for the request (as /print and /playground were) -- a fresh render, compared here."""
    state = client.app.state
    if path == "/search-index.json":
        return state.search_index
    if path.startswith("/static/"):
        return (state.settings.static_dir / path.removeprefix("/static/")).read_bytes()
    fresh = client.app.state.stored_pages.pop(path)  # made again on the next request
    again = client.get(path, headers={"accept-encoding": "identity"}).content
    assert again == fresh.body and client.app.state.stored_pages[path].etag == fresh.etag, "rendering is stable"
    return fresh.body


KINDS = ["/chapters/perceptron", "/notation", "/print", "/playground", "/search-index.json", "/static/js/navigation.js"]


@pytest.mark.parametrize("path", KINDS)
def test_every_kind_is_the_same_bytes_gzipped_when_accepted_and_304_on_its_etag(client, path):
    plain = client.get(path, headers={"accept-encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert plain.content == _expected_body(client, path)
    etag = plain.headers["etag"]
    assert etag == content_etag(plain.content) and plain.headers["cache-control"] == "no-cache"
    # (the GZip middleware adds its own Accept-Encoding to a large plain body: the same field, listed twice)
    assert {token.strip() for token in plain.headers["vary"].split(",")} == {"Accept-Encoding"}
    packed = client.get(path, headers={"accept-encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip" and packed.content == plain.content  # httpx unpacks it
    assert int(packed.headers["content-length"]) < len(plain.content) // 2
    for validators in (etag, f"W/{etag}", f'"stale", {etag}', "*"):
        again = client.get(path, headers={"if-none-match": validators, "accept-encoding": "gzip"})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag, validators
    assert client.get(path, headers={"if-none-match": '"stale"'}).status_code == 200
    head = client.head(path)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == etag


@pytest.mark.parametrize("path,template", [("/print", "print.html"), ("/playground", "playground.html")])
def test_print_and_the_playground_are_rendered_once_like_the_chapters(client, monkeypatch, path, template):
    first = client.get(path)
    templates = client.app.state.templates
    monkeypatch.setattr(templates, "TemplateResponse", lambda *a, **k: pytest.fail(f"{template} rendered again"))
    if path == "/print":
        monkeypatch.setattr("app.routers.print_book.print_sections", lambda book: pytest.fail("sections made again"))
    else:
        monkeypatch.setattr("app.routers.playground.playground_figure", lambda: pytest.fail("figure made again"))
    again = client.get(path)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
