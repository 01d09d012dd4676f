"""Request bodies: refused when too large, counted while streaming, and read against a deadline.

Without this, a 300 MB POST was read whole into memory before anyone looked at
its size, and a client that sent one byte of its body held the connection for
good (uvicorn has no body timeout). Here:

* a ``Content-Length`` over the limit is refused at once with 413, before a
  byte of the body is read;
* a chunked (or lying) body is counted as it streams; the read stops at the
  limit and the client gets 413;
* the whole body must arrive within ``deadline_s``, otherwise 408.

Both refusals carry ``Connection: close`` so the server stops reading the
rest. A response sent before the body was fully read (a 405 for a POST to a
page, say) is also marked ``Connection: close``: otherwise uvicorn would keep
draining, and a trickling client could hold the connection indefinitely.
"""

from __future__ import annotations

import asyncio
import time

from ..api_envelope import error_bytes


class BodyTooLarge(Exception):
    pass


class BodyTooSlow(Exception):
    pass


def _error_response(status: int, reason: str) -> tuple[dict, dict]:
    body = error_bytes(status, "body", reason)
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                         (b"connection", b"close")]}
    return start, {"type": "http.response.body", "body": body, "more_body": False}


class BodyLimitMiddleware:
    def __init__(self, app, limit: int, deadline_s: float):
        self.app = app
        self.limit = limit
        self.deadline_s = deadline_s

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        has_body = bool(declared and declared != b"0") or b"transfer-encoding" in headers
        if declared is not None:
            try:
                too_long = int(declared) > self.limit
            except ValueError:
                too_long = False  # h11 already refuses a malformed Content-Length
            if too_long:
                return await self._refuse(send, 413, f"larger than {self.limit} bytes")

        received = 0
        finished = not has_body
        deadline = time.monotonic() + self.deadline_s
        response_started = False

        async def limited_receive():
            nonlocal received, finished
            if finished:
                return await receive()  # after the body: only a disconnect can come
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                raise BodyTooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
                if not message.get("more_body", False):
                    finished = True
            return message

        async def guarded_send(message):
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                if not finished:
                    message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            if not response_started:
                await self._refuse(send, 413, f"larger than {self.limit} bytes")
        except BodyTooSlow:
            if not response_started:
                await self._refuse(send, 408, f"not received within {self.deadline_s:g} s")

    async def _refuse(self, send, status: int, reason: str):
        start, body = _error_response(status, reason)
        await send(start)
        await send(body)
