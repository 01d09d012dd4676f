"""Server-side widget calls: the same engine functions the browser worker runs.

Used when the browser runtime cannot start, and for demos too heavy for it.
Bad input gets a 4xx that names the field and says why; a full server says
503 with ``Retry-After``; an engine failure is a JSON 500 with a readable
reason, never an HTML page a figure cannot parse. The body has already been
size-checked (and read against a deadline) by ``BodyLimitMiddleware``, and
the content type and origin by ``SameOriginApiMiddleware``.
"""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from engine import demos

from ..api_gate import ClientGone, Shed, estimate_cost
from ..engine_workers import run_call
from ..json_input import JsonInputError, parse_json_object

router = APIRouter(prefix="/api")
log = logging.getLogger("nnbook.api")


def _error(status: int, field: str | None, reason: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"detail": [{"field": field, "reason": reason}]}, status_code=status, headers=headers)


# The schema lists every widget and call name, so a client (or a fuzzer) can reach each real function.
WIDGET_NAMES = demos.widget_names()
CALL_NAMES = sorted({call for name in WIDGET_NAMES for call in demos.calls(name)})


def _call_schema() -> dict:
    """OpenAPI for the call endpoint's body and answers.

    Each call's own options are checked by the engine (a 422 names the field);
    per-call body schemas will come from the figures' option tables.
    """
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {
                "type": "object", "description": "the call's arguments (options, state, steps ...)",
                "additionalProperties": True}}},
        },
        "responses": {
            "404": {"description": "unknown widget or call"},
            "413": {"description": "body too large"},
            "415": {"description": "body is not application/json"},
            "422": {"description": "an argument is out of range; the detail names the field"},
            "503": {"description": "server busy; retry after the Retry-After header's seconds"},
        },
    }


@router.get("/widgets")
def list_widgets():
    return {"widgets": {name: demos.calls(name) for name in demos.widget_names()}}


async def _client_gone(request: Request) -> None:
    """Completes when the client disconnects (the body has been read, so only that can arrive)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


@router.post("/widgets/{widget}/{call}", openapi_extra=_call_schema())
async def call_widget(request: Request,
                      widget: str = Path(json_schema_extra={"enum": WIDGET_NAMES}),
                      call: str = Path(json_schema_extra={"enum": CALL_NAMES})):
    body = await request.body()
    try:
        args = parse_json_object(body)
    except JsonInputError as exc:
        return _error(422, exc.field, exc.reason)
    if widget not in demos.WIDGETS:
        return _error(404, "widget", f"unknown widget {widget!r}")

    gate = request.app.state.api_gate
    lane = gate.lane_for(estimate_cost(len(body), args))
    try:
        await gate.admit(lane, _client_gone(request))
    except Shed as exc:
        return _error(503, None, f"server busy: {exc.reason}; try again in {exc.retry_after} s",
                      headers={"Retry-After": str(exc.retry_after)})
    except ClientGone:
        return _error(503, None, "client disconnected before the call started")  # nobody reads this
    try:
        if lane is gate.heavy:
            outcome = await request.app.state.heavy_workers.run(widget, call, args)
        else:
            outcome = await run_in_threadpool(run_call, widget, call, args)
    finally:
        lane.served += 1
        lane.release()
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "input":
        _, field, reason = outcome
        return _error(404 if field == "call" else 422, field, reason)
    log.error("%s.%s failed: %s", widget, call, outcome[1])
    # An engine bug: the figure shows this reason instead of failing to parse an HTML error page.
    return _error(500, None, f"the server failed to run {widget}.{call}: {outcome[1]}")
