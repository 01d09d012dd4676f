"""A response kept in memory: its body, its gzipped copy made once, and an ETag of its content.

The reading pages (app/routers/pages.py, app/routers/print_book.py, app/routers/playground.py),
the book's own small static files (app/static_files.py) and the search index
(app/routers/search.py) are the same bytes for every request until the book
or the file changes. Rendering or reading them, and compressing them, once
instead of per request takes that work off the path to the first byte (a
chapter is ~400 KB of HTML; the index a few hundred KB of JSON), and one
class here keeps the HTTP details the same for all three:

- ``ETag``: a hash of the body, so it changes exactly when the bytes do;
- ``If-None-Match`` (:func:`etag_matches`): a list of validators, weak ones
  (``W/"…"``) compared by their value as RFC 9110 asks for this header, and
  ``*``: a match is a 304 with no body;
- the gzipped copy goes to a client that accepts gzip, marked with
  ``Content-Encoding`` (so the GZip middleware leaves it alone), and every
  answer says ``Vary: Accept-Encoding``, so a cache never hands gzipped
  bytes to a client that did not ask for them (where the copy is dropped as
  no smaller, the GZip middleware may still compress a large body).
"""

from __future__ import annotations

import gzip
import hashlib

from starlette.datastructures import Headers
from starlette.responses import Response


def accepts(headers: Headers, encoding: str) -> bool:
    """The request's Accept-Encoding allows ``encoding`` (by name or ``*``, with a q above 0)."""
    for coding in headers.get("accept-encoding", "").split(","):
        name, _, params = coding.strip().partition(";")
        if name.strip().lower() in (encoding, "*") and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            return True
    return False


def content_etag(body: bytes) -> str:
    """A strong ETag naming these bytes: the first 128 bits of their sha256, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """True when an If-None-Match header value names ``etag``: one of its comma-separated tags, weak
    (``W/"…"``) or strong, compared by value (the weak comparison RFC 9110 asks for here), or ``*``."""
    if not if_none_match:
        return False
    value = etag.removeprefix("W/")
    return any(tag == "*" or tag.removeprefix("W/") == value for tag in (t.strip() for t in if_none_match.split(",")))


class Stored:
    """``body`` served as stored: :meth:`response` answers a request with it, its gzip, or a 304.

    ``level`` is the gzip level (made once, so a page can afford 9); the gzipped copy is dropped when it
    is not smaller (an icon, a tiny module). ``cache_control`` goes on the 200 and the 304 alike.
    """

    __slots__ = ("body", "gzipped", "etag", "media_type", "cache_control")

    def __init__(self, body: bytes, media_type: str, *, level: int = 6, cache_control: str = "no-cache"):
        packed = gzip.compress(body, level, mtime=0)  # mtime 0: the same body always gives the same bytes
        self.body = body
        self.gzipped = packed if len(packed) < len(body) else None
        self.etag = content_etag(body)
        self.media_type = media_type
        self.cache_control = cache_control

    def headers(self) -> dict[str, str]:
        """What every answer carries, the 304 included (a 304 repeats the 200's validators and caching)."""
        return {"ETag": self.etag, "Cache-Control": self.cache_control, "Vary": "Accept-Encoding"}

    def response(self, request_headers: Headers) -> Response:
        """The answer to a GET or HEAD with these request headers."""
        headers = self.headers()
        if etag_matches(request_headers.get("if-none-match"), self.etag):
            return Response(status_code=304, headers=headers)
        if self.gzipped is not None and accepts(request_headers, "gzip"):
            return Response(self.gzipped, media_type=self.media_type, headers={**headers, "Content-Encoding": "gzip"})
        return Response(self.body, media_type=self.media_type, headers=headers)
