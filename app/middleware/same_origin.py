"""The widget API answers only JSON from this site's own pages (or from non-browser clients).

A cross-site HTML form can POST ``text/plain`` to any URL without a CORS
preflight, so before this check any web page could make a reader's browser
run engine work here. Two rules close that:

* a POST must say ``Content-Type: application/json`` (415 otherwise); a page
  on another origin cannot send that type without a preflight, which this
  server never approves;
* a browser request marked cross-site (``Sec-Fetch-Site: cross-site`` or
  ``same-site``), or whose ``Origin`` is not this host, gets 403.

Clients that send neither header (curl, scripts, tests) are not browsers
acting for someone else, and are served.
"""

from __future__ import annotations

from ..api_envelope import error_bytes

ALLOWED_FETCH_SITES = {b"same-origin", b"none"}


def _refusal(status: int, field: str, reason: str) -> tuple[dict, dict]:
    body = error_bytes(status, field, reason)
    return ({"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]},
            {"type": "http.response.body", "body": body})


def _origin_matches_host(origin: bytes, scope) -> bool:
    # Host only, not scheme: behind a TLS-terminating proxy the page is https while this server sees http.
    host = dict(scope["headers"]).get(b"host", b"").lower()
    return origin.lower().partition(b"://")[2] == host


def check(scope) -> tuple[int, str, str] | None:
    """(status, field, reason) when the request must be refused, else None."""
    headers = dict(scope["headers"])
    fetch_site = headers.get(b"sec-fetch-site")
    if fetch_site is not None and fetch_site not in ALLOWED_FETCH_SITES:
        return 403, "origin", "the API answers only pages of this site"
    origin = headers.get(b"origin")
    if origin is not None and not _origin_matches_host(origin, scope):
        return 403, "origin", f"requests from {origin.decode('latin-1')} are not accepted"
    if scope["method"] == "POST":
        media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if media_type != b"application/json":
            return 415, "content-type", "must be application/json"
    return None


class SameOriginApiMiddleware:
    def __init__(self, app, prefix: str = "/api/"):
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(self.prefix) and scope["method"] not in ("GET", "HEAD"):
            refusal = check(scope)
            if refusal is not None:
                start, body = _refusal(*refusal)
                await send(start)
                await send(body)
                return
        await self.app(scope, receive, send)
