"""The job API: heavy demos run in worker processes, watched over Server-Sent Events.

    POST   /api/jobs                  {"demo": NAME, "params": {...}} -> 202 (queued), 200 (cached: done)
    GET    /api/jobs/demos            each demo's option table
    GET    /api/jobs/{id}             status, progress, and the result once done
    GET    /api/jobs/{id}/events      text/event-stream: queued, started, progress, done | failed | cancelled
    DELETE /api/jobs/{id}             cancel; a running job's worker process is killed at once
    GET    /api/jobs/results/{key}    a cached result, from any instance sharing the cache

Any instance sharing the cache directory answers for any job: one it does not
run is read from the job journal (see app/jobs/journal.py).

Bodies use the book's one envelope: ``{"ok": true, "result": ...}`` or
``{"ok": false, "error": {"field", "reason", "status"}}``. A full queue or a
client over its cap gets 429 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import weakref

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from engine import jobs as engine_jobs
from engine.widgets.errors import WidgetInputError

from ..jobs import sse
from ..jobs.manager import Busy, JobManager

BODY_LIMIT = 64_000
_MANAGERS: "weakref.WeakSet[JobManager]" = weakref.WeakSet()


def _request_schema() -> dict:
    """OpenAPI body: one alternative per demo, its params described by the demo's own option table."""
    variants = []
    for name, module in sorted(engine_jobs.DEMOS.items()):
        options, _ = importlib.import_module(module).JOBS[name]
        variants.append({"type": "object", "title": name, "required": ["demo"], "additionalProperties": False,
                         "properties": {"demo": {"const": name}, "params": options.json_schema()}})
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": variants}}}}}


async def _shutdown() -> None:
    loop = asyncio.get_running_loop()
    for manager in list(_MANAGERS):
        if manager._loop is loop:
            manager.shutdown()


router = APIRouter(prefix="/api/jobs", tags=["jobs"], on_shutdown=[_shutdown])


def manager_for(request: Request) -> JobManager:
    """The app's job manager, made on first use from ``app.state.job_settings`` (or the defaults)."""
    state = request.app.state
    manager = getattr(state, "job_manager", None)
    if manager is None:
        manager = JobManager(getattr(state, "job_settings", None))
        state.job_manager = manager
        _MANAGERS.add(manager)
    return manager


def _error(status: int, field: str, reason: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"ok": False, "error": {"field": field, "reason": reason, "status": status}},
                        status_code=status, headers=headers)


def _ok(result, status: int = 200) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result}, status_code=status)


def _ok_with_text(prefix: dict, result_text: str) -> Response:
    """The envelope around a cached result's JSON text, without parsing it again."""
    head = json.dumps({"ok": True, "result": prefix})[:-2]  # drop the closing "}}"
    return Response(f'{head},"result":{result_text}}}}}', media_type="application/json")


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("", status_code=202, openapi_extra=_request_schema())
async def submit(request: Request):
    body = await request.body()
    if len(body) > BODY_LIMIT:
        return _error(413, "body", f"larger than {BODY_LIMIT} bytes")
    try:
        payload = json.loads(body or b"{}")
    except ValueError as exc:
        return _error(422, "body", f"not valid JSON: {exc}")
    if not isinstance(payload, dict) or not isinstance(payload.get("demo"), str):
        return _error(422, "demo", "required: the name of a demo, e.g. \"digits-cnn\"")
    unknown = sorted(set(payload) - {"demo", "params"})
    if unknown:
        return _error(422, unknown[0], "unknown field (a job is {\"demo\": NAME, \"params\": {...}})")
    manager = manager_for(request)
    try:
        job = manager.submit(payload["demo"], payload.get("params"), _client(request))
    except WidgetInputError as exc:
        return _error(exc.status, exc.field, exc.reason)
    except Busy as exc:
        return _error(429, exc.field, exc.reason, {"Retry-After": str(exc.retry_after)})
    return _ok(job.describe(), 200 if job.status == "done" else 202)


@router.get("/demos")
def demos():
    tables = {}
    for name, module in sorted(engine_jobs.DEMOS.items()):
        options, _ = importlib.import_module(module).JOBS[name]
        tables[name] = options.to_json()
    return _ok(tables)


@router.get("/results/{key}")
def result(key: str, request: Request):
    text = manager_for(request).cache.get_text(key)
    if text is None:
        return _error(404, "key", "no cached result with this key (it may belong to an older engine version)")
    return Response('{"ok":true,"result":' + text + "}", media_type="application/json")


def _find(request: Request, job_id: str):
    manager = manager_for(request)
    return manager, manager.jobs.get(job_id)


NO_SUCH_JOB = "no such job (finished jobs are forgotten after a while)"


def _remote(manager: JobManager, job_id: str) -> dict | None:
    """What another instance sharing the cache has written about a job it runs, or None."""
    try:
        record = manager.journal.read(job_id)
    except ValueError:
        return None
    if record is None:
        return None
    header, events = record
    base = f"/api/jobs/{job_id}"
    described = {"id": job_id, "demo": header["demo"], "params": header["params"], "status": "queued",
                 "cached": False, "urls": {"self": base, "events": f"{base}/events",
                                           "result": f"/api/jobs/results/{header['key']}"}}
    for event in events:
        kind, data = event["type"], event["data"]
        if kind == "queued":
            described["position"] = data["position"]
        elif kind in ("started", "progress"):
            described["status"] = "running"
            described.pop("position", None)
            if kind == "progress":
                described["progress"] = data
        else:
            described["status"] = kind
            described["cached"] = bool(data.get("cached"))
            if data.get("reason"):
                described["reason"] = data["reason"]
    described["key"] = header["key"]
    return described


def _locate(request: Request, job_id: str):
    """``(manager, job, None, None)`` for a job this instance runs; ``(manager, None, described, cache key)``
    for one another instance sharing the cache runs (its journal); ``None`` when no instance knows it."""
    manager, job = _find(request, job_id)
    if job is not None:
        return manager, job, None, None
    remote = _remote(manager, job_id)
    if remote is None:
        return None
    return manager, None, remote, remote.pop("key")


@router.get("/{job_id}")
def status(job_id: str, request: Request):
    found = _locate(request, job_id)
    if found is None:
        return _error(404, "id", NO_SUCH_JOB)
    manager, job, remote, key = found
    if job is None:
        manager.journal.touch_seen(job_id)
        text = manager.cache.get_text(key) if remote["status"] == "done" else None
        return _ok_with_text(remote, text) if text is not None else _ok(remote)
    manager.listening(job, 0)  # polling counts as watching
    if job.status == "done":
        text = manager.cache.get_text(job.key)
        if text is not None:
            return _ok_with_text(job.describe(), text)
    return _ok(job.describe())


@router.get("/{job_id}/events")
async def events(job_id: str, request: Request):
    found = _locate(request, job_id)
    if found is None:
        return _error(404, "id", NO_SUCH_JOB)
    manager, job, _remote_job, _key = found
    try:
        last = max(0, int(request.headers.get("last-event-id", "0")))
    except ValueError:
        last = 0
    if job is not None:
        stream = sse.stream(manager, job, last)
    else:
        stream = sse.stream_journal(manager.journal, job_id, last)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


@router.delete("/{job_id}")
def cancel(job_id: str, request: Request):
    found = _locate(request, job_id)
    if found is None:
        return _error(404, "id", NO_SUCH_JOB)
    manager, job, remote, _key = found
    if job is None:
        if remote["status"] in ("queued", "running"):
            manager.journal.request_cancel(job_id)  # the instance running it kills it within a moment
            remote["status"] = "cancelling"
        return _ok(remote)
    manager.cancel(job)
    return _ok(job.describe())
