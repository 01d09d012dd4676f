"""Server-side widget calls: the same engine functions the browser worker runs.

Used when the browser runtime cannot start, and for demos too heavy for it.
Every answer is the envelope of :mod:`engine.widgets.protocol`, with the
envelope's status as the HTTP status: ``{"ok": true, "result": …}`` (200) or
``{"ok": false, "error": {"field", "reason", "status"}}`` (404, 413, 422, 500).
Each figure's calls are listed in OpenAPI with the request body their option
table accepts.
"""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from engine.widgets import protocol, registry

router = APIRouter(prefix="/api")
_slots: asyncio.Semaphore | None = None


def _error(status: int, field: str, reason: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": {"field": field, "reason": reason, "status": status}}, status_code=status)


@router.get("/widgets")
def list_widgets():
    return {"widgets": {name: protocol.calls(name) for name in protocol.widget_names()}}


@router.post("/widgets/{widget}/{call}", include_in_schema=False)
async def call_widget(widget: str, call: str, request: Request):
    global _slots
    settings = request.app.state.settings
    if _slots is None:
        _slots = asyncio.Semaphore(settings.api_concurrency)
    body = await request.body()
    if len(body) > settings.api_body_limit:
        return _error(413, "body", f"larger than {settings.api_body_limit} bytes")
    try:
        args = json.loads(body or b"{}")
    except ValueError as exc:
        return _error(422, "body", f"not valid JSON: {exc}")
    if widget not in protocol.WIDGETS:
        return _error(404, "widget", f"unknown widget {widget!r}")
    async with _slots:
        envelope = await run_in_threadpool(protocol.handle, widget, call, args)
    return JSONResponse(envelope, status_code=200 if envelope["ok"] else envelope["error"]["status"])


# --- OpenAPI: one documented route per figure and call, all answered by call_widget ------------------

_ENVELOPE = {
    "type": "object", "required": ["ok"],
    "properties": {"ok": {"type": "boolean"}, "result": {"type": "object"},
                   "error": {"type": "object", "properties": {"field": {"type": "string"}, "reason": {"type": "string"},
                                                              "status": {"type": "integer"}}}},
}


def _documented(widget: str, call: str):
    async def endpoint(request: Request):
        return await call_widget(widget, call, request)

    function = registry.module(widget).CALLS[call]
    summary = (function.__doc__ or f"{widget}.{call}").strip().splitlines()[0]
    schema = protocol.call_schema(widget, call)
    router.add_api_route(
        f"/widgets/{widget}/{call}", endpoint, methods=["POST"], name=f"{widget}.{call}", summary=summary,
        tags=[f"figure {widget}"],
        openapi_extra={"requestBody": {"required": False, "content": {"application/json": {"schema": schema}}}},
        responses={200: {"description": "the result", "content": {"application/json": {"schema": _ENVELOPE}}},
                   404: {"description": "unknown widget or call"},
                   422: {"description": "input the figure cannot use; error.field names it"}},
    )


def _document_every_call() -> None:
    # The generic route above answers every call (FastAPI tries routes in order); these routes give
    # OpenAPI one entry per call with its request body, and would answer the same way.
    for widget in protocol.widget_names():
        for call in protocol.calls(widget):
            _documented(widget, call)


_document_every_call()
