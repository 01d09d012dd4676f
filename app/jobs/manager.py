"""The job system of one server instance: admission, a bounded queue, a pool of worker processes.

All state lives on the web server's event loop (one thread), so no locks:
worker processes talk back through :class:`~app.jobs.process.WorkerProcess`,
which posts onto the loop.

Admission, in order: parameters are validated against the demo's option table
(``WidgetInputError`` -> 422 naming the field); a cached result is answered at
once; a run identical to one already queued or running is joined rather than
repeated; a client over its cap, or a full queue, is refused with
:class:`Busy` (-> 429 with ``Retry-After``).
"""

from __future__ import annotations

import asyncio
import collections
import importlib
import json
import math
import secrets
import time

from engine import jobs as engine_jobs
from engine.widgets.errors import WidgetInputError

from .cache import ResultCache, cache_key
from .job import Job
from .journal import Journal
from .process import WorkerProcess
from .settings import JobSettings
from .worker import time_message

# Until the first job finishes, Retry-After assumes jobs take this long.
DEFAULT_JOB_SECONDS = 10.0
# How often the manager looks for abandoned jobs and for cancels left by other instances.
REAP_EVERY_S = 0.25
# Journals of jobs from instances long gone are removed when a manager starts (results stay cached).
JOURNAL_MAX_AGE_S = 24 * 3600


class Busy(Exception):
    """The server cannot take this job now; ``retry_after`` seconds is a fair time to wait."""

    def __init__(self, field: str, reason: str, retry_after: int):
        super().__init__(reason)
        self.field, self.reason, self.retry_after = field, reason, retry_after


class JobManager:
    def __init__(self, settings: JobSettings | None = None):
        self.settings = settings or JobSettings()
        self.demos = dict(engine_jobs.DEMOS, **(self.settings.demos or {}))
        self.cache = ResultCache(self.settings.cache_dir)
        self.journal = Journal(self.settings.cache_dir)
        self.journal.prune(JOURNAL_MAX_AGE_S)
        self.jobs: dict[str, Job] = {}
        self.queue: collections.deque[str] = collections.deque()
        self.running: set[str] = set()
        self.started_count = 0  # worker processes started: the tests' proof that a cached job computed nothing
        self._durations: collections.deque[float] = collections.deque(maxlen=20)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reaper: asyncio.Task | None = None

    # --- admission -------------------------------------------------------------------------

    def validate(self, demo: str, params) -> dict:
        """Checked parameters with defaults (``WidgetInputError`` naming the field, 404 for an unknown demo)."""
        if demo not in self.demos:
            raise WidgetInputError("demo", f"unknown demo {demo!r}; known: {', '.join(sorted(self.demos))}", 404)
        if params is not None and not isinstance(params, dict):
            raise WidgetInputError("params", "must be a JSON object")
        options, _ = importlib.import_module(self.demos[demo]).JOBS[demo]
        try:
            return options.validate(params or {})
        except WidgetInputError as exc:
            raise WidgetInputError(f"params.{exc.field}", exc.reason) from None

    def submit(self, demo: str, params, client: str) -> Job:
        self._ensure_loop()
        params = self.validate(demo, params)
        key = cache_key(demo, params)
        if self.cache.get_text(key) is not None:
            job = self._new_job(demo, params, key, client)
            job.cached = True
            job.finish("done", {"cached": True, "result_url": job.urls()["result"]})
            return job
        for job_id in [*self.running, *self.queue]:
            job = self.jobs[job_id]
            if job.key == key and job.active:
                job.last_seen = time.monotonic()
                return job  # the same run is on its way: share it
        mine = sum(1 for j in self.jobs.values() if j.active and j.client == client)
        if mine >= self.settings.per_client:
            raise Busy("client", f"you already have {mine} jobs queued or running (at most "
                                 f"{self.settings.per_client}); wait for one to finish or cancel it",
                       self.retry_after(1))
        if len(self.queue) >= self.settings.queue_limit and len(self.running) >= self.settings.workers:
            wait = self.retry_after(len(self.queue) + 1)
            raise Busy("queue", f"the server is busy: {len(self.queue)} jobs are waiting; try again in {wait} s", wait)
        job = self._new_job(demo, params, key, client)
        self.queue.append(job.id)
        self._announce_positions()  # every job says "queued" first, even one that starts at once
        self._dispatch()
        self._announce_positions()
        return job

    def retry_after(self, jobs_ahead: int) -> int:
        """Seconds until a slot is likely free: recent mean job time x waves of the pool ahead."""
        mean = sum(self._durations) / len(self._durations) if self._durations else DEFAULT_JOB_SECONDS
        return max(1, math.ceil(mean * math.ceil(jobs_ahead / max(1, self.settings.workers))))

    def _new_job(self, demo: str, params: dict, key: str, client: str) -> Job:
        job = Job(id=secrets.token_urlsafe(12), demo=demo, params=params, key=key, client=client)
        self.journal.start(job.id, {"id": job.id, "demo": demo, "params": params, "key": key})
        job.sink = self.journal.append
        self.jobs[job.id] = job
        self._forget_old()
        return job

    def _forget_old(self) -> None:
        finished = [j for j in self.jobs.values() if not j.active]
        for job in sorted(finished, key=lambda j: j.finished or 0)[: max(0, len(finished) - self.settings.keep_finished)]:
            del self.jobs[job.id]
            self.journal.forget(job.id)

    # --- the pool ----------------------------------------------------------------------------

    def _dispatch(self) -> None:
        while self.queue and len(self.running) < self.settings.workers:
            job = self.jobs[self.queue.popleft()]
            self._start(job)

    def _start(self, job: Job) -> None:
        s = self.settings
        job.status, job.started, job.position = "running", time.monotonic(), None
        self.running.add(job.id)
        self.started_count += 1
        job.emit("started", {"demo": job.demo})
        job.process = WorkerProcess(self.demos[job.demo], job.demo, job.params, s.memory_limit_mb,
                                    s.time_limit_s + 5, self._loop,
                                    lambda kind, payload, job=job: self._on_message(job, kind, payload))
        job.deadline = self._loop.call_later(s.time_limit_s, self._over_time, job)

    def _on_message(self, job: Job, kind: str, payload) -> None:
        if not job.active:
            return  # a message from a process already killed (cancelled, over time)
        if kind == "progress":
            job.last_progress = payload
            job.emit("progress", payload)
            return
        if kind == "done":
            try:
                json.loads(payload)  # the worker's JSON, checked before anything is cached
                self.cache.put_text(job.key, payload)
            except (ValueError, OSError) as exc:
                self._end(job, "failed", {"reason": f"the result could not be stored: {exc}"})
                return
            self._durations.append(time.monotonic() - job.started)
            self._end(job, "done", {"cached": False, "result_url": job.urls()["result"]})
        elif kind == "failed":
            self._end(job, "failed", payload)
        else:  # "exited" without a word: killed from outside, or crashed
            how = payload.get("signal") or f"exit code {payload.get('exitcode')}"
            if payload.get("signal") == "SIGXCPU":
                self._end(job, "failed", {"reason": time_message(self.settings.time_limit_s), "limit": "time"})
            else:
                self._end(job, "failed", {"reason": f"the worker process stopped unexpectedly ({how})"})

    def _over_time(self, job: Job) -> None:
        if job.status == "running":
            job.process.kill()
            self._end(job, "failed", {"reason": time_message(self.settings.time_limit_s), "limit": "time"})

    def _end(self, job: Job, status: str, data: dict) -> None:
        """Finish a running job and give its slot to the next one at once."""
        if job.deadline is not None:
            job.deadline.cancel()
        self.running.discard(job.id)
        job.reason = data.get("reason", "")
        job.finish(status, data)
        self._dispatch()
        self._announce_positions()

    def cancel(self, job: Job, reason: str = "cancelled by the reader") -> None:
        if job.status == "queued":
            self.queue.remove(job.id)
            job.reason = reason
            job.finish("cancelled", {"reason": reason})
            self._announce_positions()
        elif job.status == "running":
            job.process.kill()  # SIGKILL: the slot is free now, not when the job next looks up
            self._end(job, "cancelled", {"reason": reason})

    def _announce_positions(self) -> None:
        for position, job_id in enumerate(self.queue):
            job = self.jobs[job_id]
            if job.position != position:
                job.position = position
                job.emit("queued", {"position": position, "ahead": position,
                                    "running": len(self.running), "workers": self.settings.workers})

    # --- listeners and abandonment ----------------------------------------------------------

    def listening(self, job: Job, delta: int) -> None:
        job.listeners += delta
        job.last_seen = time.monotonic()

    def _ensure_loop(self) -> None:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            self._reaper = self._loop.create_task(self._reap())

    async def _reap(self) -> None:
        """Cancel jobs nobody has watched for ``abandon_after_s`` (page closed, reader gone), and jobs
        another instance was asked to cancel."""
        while True:
            await asyncio.sleep(REAP_EVERY_S)
            now = time.monotonic()
            for job in [j for j in self.jobs.values() if j.active]:
                if self.journal.cancel_requested(job.id):
                    self.cancel(job)
                    continue
                remote = self.journal.seen_ago(job.id)  # a reader watching through another instance
                if remote is not None:
                    job.last_seen = max(job.last_seen, now - remote)
                if job.listeners == 0 and now - job.last_seen > self.settings.abandon_after_s:
                    self.cancel(job, f"abandoned: nobody watched it for {self.settings.abandon_after_s:g} s")

    def shutdown(self) -> None:
        """Kill every worker process (the server is stopping)."""
        for job_id in list(self.queue):
            self.cancel(self.jobs[job_id], "the server is shutting down")
        for job_id in list(self.running):
            job = self.jobs[job_id]
            if job.process is not None:
                job.process.kill()
            self._end(job, "cancelled", {"reason": "the server is shutting down"})
        if self._reaper is not None:
            self._reaper.cancel()
