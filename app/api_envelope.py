"""The API's one reply format, for refusals made outside the engine (gate, middleware, error handlers).

The engine answers every call with the envelope of :mod:`engine.widgets.protocol`;
a request refused before it reaches the engine (413, 415, 403, 408, 503 ...)
answers in the same shape, ``{"ok": false, "error": {"field", "reason", "status"}}``
with the HTTP status equal to ``error.status``, so the page's client reads one format.
"""

from __future__ import annotations

import json


def error_envelope(status: int, field: str, reason: str) -> dict:
    return {"ok": False, "error": {"field": field, "reason": reason, "status": status}}


def error_bytes(status: int, field: str, reason: str) -> bytes:
    """The envelope as a response body, for the ASGI middleware that answer without FastAPI."""
    return json.dumps(error_envelope(status, field, reason)).encode()
