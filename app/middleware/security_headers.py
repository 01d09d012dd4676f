"""Security headers on every response.

The policy allows only this origin's own files. ``'wasm-unsafe-eval'`` lets
the worker compile Pyodide's WebAssembly (it grants no JavaScript ``eval``).
The inline scripts (app/inline_assets.py: the theme, the worker's start, the
lazy layout, which must run at once, with no round trip, and on pages with figures the early
import of their modules) are allowed by their sha256; no
other inline script runs, so scripts need no ``'unsafe-inline'``. Styles
do: the math typeset on the server (Temml's MathML) carries inline ``style``
attributes (display and script depth), too many to list by hash; a style
attribute cannot run code. ``img-src data:`` is for the empty favicon
(``<link rel="icon" href="data:,">``) that stops a request for /favicon.ico.

The hashes are those of the scripts the pages carry, read from the app's own
static folder (``Settings.static_dir``, which an instructor or a test may
point elsewhere): :func:`security_headers` is called when the app is made.
"""

from __future__ import annotations

from pathlib import Path

from ..inline_assets import script_hashes

# Features the book never uses, switched off for it and anything it could embed.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()"


def content_security_policy(static_dir: Path) -> str:
    """The policy for pages whose inline scripts come from ``static_dir``."""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval' {script_hashes(Path(static_dir))}",
        "worker-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(static_dir: Path) -> list[tuple[bytes, bytes]]:
    """Every response's security headers, as ASGI (name, value) pairs, for an app serving ``static_dir``."""
    return [
        (b"content-security-policy", content_security_policy(static_dir).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"permissions-policy", PERMISSIONS_POLICY.encode()),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
    ]


class SecurityHeadersMiddleware:
    def __init__(self, app, headers: list[tuple[bytes, bytes]]):
        self.app = app
        self.headers = headers

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
