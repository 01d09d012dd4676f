"""Server-side widget calls: the same engine functions the browser worker runs.

Used when the browser runtime cannot start, and for demos too heavy for it.
Bad input gets a 422 that names the field and says why.
"""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from engine import demos
from engine.demos.errors import DemoInputError

router = APIRouter(prefix="/api")
_slots: asyncio.Semaphore | None = None


def _error(status: int, field: str, reason: str) -> JSONResponse:
    return JSONResponse({"detail": [{"field": field, "reason": reason}]}, status_code=status)


@router.get("/widgets")
def list_widgets():
    return {"widgets": {name: demos.calls(name) for name in demos.widget_names()}}


@router.post("/widgets/{widget}/{call}")
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
    if widget not in demos.WIDGETS:
        return _error(404, "widget", f"unknown widget {widget!r}")
    async with _slots:
        try:
            result = await run_in_threadpool(demos.dispatch, widget, call, args)
        except DemoInputError as exc:
            status = 404 if exc.field == "call" else 422
            return _error(status, exc.field, exc.reason)
    return result
