"""Server-side widget calls: the same engine functions the browser worker runs.

Used when the browser runtime cannot start, and for demos too heavy for it.
Every answer is the envelope of :mod:`engine.widgets.protocol`, with the
envelope's status as the HTTP status: ``{"ok": true, "result": …}`` (200) or
``{"ok": false, "error": {"field", "reason", "status"}}`` (404, 413, 415, 422,
500, 503). Bad input gets a 4xx that names the field and says why; a full
server says 503 with ``Retry-After``; an engine failure is a 500 envelope with
a readable reason, never an HTML page a figure cannot parse. The body has
already been size-checked (and read against a deadline) by
``BodyLimitMiddleware``, and the content type and origin by
``SameOriginApiMiddleware``; those refusals use the same envelope
(:mod:`app.api_envelope`). Each figure's calls are listed in OpenAPI with the
request body their option table accepts.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from engine.widgets import protocol, registry

from ..api_envelope import error_envelope
from ..api_gate import ClientGone, Shed, declared_ms, estimate_cost
from ..engine_workers import run_call
from ..json_input import JsonInputError, parse_json_object

router = APIRouter(prefix="/api")
log = logging.getLogger("nnbook.api")


def _error(status: int, field: str, reason: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_envelope(status, field, reason), status_code=status, headers=headers)


@router.get("/widgets")
def list_widgets():
    return {"widgets": {name: protocol.calls(name) for name in protocol.widget_names()}}


async def _client_gone(request: Request) -> None:
    """Completes when the client disconnects (the body has been read, so only that can arrive)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


@router.post("/widgets/{widget}/{call}", include_in_schema=False)
async def call_widget(widget: str, call: str, request: Request):
    body = await request.body()
    try:
        args = parse_json_object(body)
    except JsonInputError as exc:
        return _error(422, exc.field, exc.reason)
    if widget not in protocol.WIDGETS:
        return _error(404, "widget", f"unknown widget {widget!r}")

    gate = request.app.state.api_gate
    lane = gate.lane_for(estimate_cost(len(body), args, declared_ms(widget, call, args)))
    try:
        await gate.admit(lane, _client_gone(request))
    except Shed as exc:
        return _error(503, "server", f"server busy: {exc.reason}; try again in {exc.retry_after} s",
                      headers={"Retry-After": str(exc.retry_after)})
    except ClientGone:
        return _error(503, "server", "client disconnected before the call started")  # nobody reads this
    try:
        if lane is gate.heavy:
            # A heavy call whose client leaves is stopped mid-run (its process killed), freeing the lane;
            # a light call is short by definition and runs to its end on a thread.
            envelope = await request.app.state.heavy_workers.run(widget, call, args, _client_gone(request))
        else:
            envelope = await run_in_threadpool(run_call, widget, call, args)
    except ClientGone:
        lane.dropped += 1
        return _error(503, "server", "client disconnected; the call was stopped")  # nobody reads this
    finally:
        lane.served += 1
        lane.release()
    if envelope["ok"]:
        return JSONResponse(envelope)
    if envelope["error"]["status"] >= 500:
        log.error("%s.%s failed: %s", widget, call, envelope["error"]["reason"])
    return JSONResponse(envelope, status_code=envelope["error"]["status"])


# --- OpenAPI: one documented route per figure and call, all answered by call_widget ------------------

_ENVELOPE = {
    "type": "object", "required": ["ok"],
    "properties": {"ok": {"type": "boolean"}, "result": {"type": "object"},
                   "error": {"type": "object", "properties": {"field": {"type": "string"}, "reason": {"type": "string"},
                                                              "status": {"type": "integer"}}}},
}
_REFUSAL = {"application/json": {"schema": _ENVELOPE}}


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
                   404: {"description": "unknown widget or call", "content": _REFUSAL},
                   413: {"description": "body too large", "content": _REFUSAL},
                   415: {"description": "body is not application/json", "content": _REFUSAL},
                   422: {"description": "input the figure cannot use; error.field names it", "content": _REFUSAL},
                   503: {"description": "server busy; retry after the Retry-After header's seconds",
                         "content": _REFUSAL}},
    )


def _document_every_call() -> None:
    # The generic route above answers every call (FastAPI tries routes in order); these routes give
    # OpenAPI one entry per call with its request body, and would answer the same way.
    for widget in protocol.widget_names():
        for call in protocol.calls(widget):
            _documented(widget, call)


_document_every_call()
