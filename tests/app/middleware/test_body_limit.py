"""BodyLimitMiddleware on its own: size refused up front or while streaming, and a read deadline."""

from __future__ import annotations

import asyncio
import json

from app.middleware.body_limit import BodyLimitMiddleware


async def reading_app(scope, receive, send):
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(len(body)).encode()})


def run(headers, chunks, app=reading_app, limit=100, deadline_s=5.0, hang_after=False):
    """Drive the middleware with ``chunks`` as the body; returns (status, headers, body, chunks read)."""
    queue = list(chunks)
    read = 0
    sent = []

    async def receive():
        nonlocal read
        if not queue:
            if hang_after:
                await asyncio.sleep(3600)
            return {"type": "http.disconnect"}
        read += 1
        chunk = queue.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue) or hang_after}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/x", "headers": headers}
    asyncio.run(BodyLimitMiddleware(app, limit, deadline_s)(scope, receive, send))
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:]), read


def test_declared_length_over_the_limit_is_refused_without_reading():
    status, headers, body, read = run([(b"content-length", b"1000")], [b"x" * 1000])
    assert status == 413 and read == 0
    assert headers[b"connection"] == b"close" and b"larger than 100 bytes" in body
    error = json.loads(body)["error"]  # the API's one envelope, so the page's client reads it like any refusal
    assert json.loads(body)["ok"] is False and error["field"] == "body" and error["status"] == 413


def test_a_streamed_body_is_counted_and_reading_stops_at_the_limit():
    chunks = [b"x" * 40] * 50  # 2000 bytes, no Content-Length
    status, headers, _, read = run([(b"transfer-encoding", b"chunked")], chunks)
    assert status == 413 and read == 3  # 120 bytes read, then it stopped
    assert headers[b"connection"] == b"close"


def test_a_body_within_the_limit_reaches_the_app():
    status, _, body, _ = run([(b"content-length", b"80")], [b"x" * 40, b"y" * 40])
    assert status == 200 and body == b"80"


def test_a_body_that_never_finishes_gets_408_at_the_deadline():
    status, headers, body, _ = run([(b"content-length", b"90")], [b"x"], deadline_s=0.2, hang_after=True)
    assert status == 408 and headers[b"connection"] == b"close" and b"0.2 s" in body
    assert json.loads(body)["error"]["status"] == 408


def test_a_response_sent_before_the_body_was_read_closes_the_connection():
    async def ignoring_app(scope, receive, send):
        await send({"type": "http.response.start", "status": 405, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    status, headers, _, read = run([(b"content-length", b"50")], [b"x" * 50], app=ignoring_app)
    assert status == 405 and read == 0 and headers[b"connection"] == b"close"
