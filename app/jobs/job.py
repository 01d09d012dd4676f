"""One job: what was asked, where it stands, and every event it has sent, in order.

The event log is what the SSE stream replays: a client that connects late (or
reconnects with ``Last-Event-ID``) gets every event after the one it saw, then
new ones as they come. Events are ``{"id": n, "type": ..., "data": {...}}``
with types ``queued``, ``started``, ``progress``, ``done``, ``failed``,
``cancelled``; the last three end the stream.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

FINAL = ("done", "failed", "cancelled")


@dataclass
class Job:
    id: str
    demo: str
    params: dict
    key: str
    client: str
    status: str = "queued"  # queued | running | done | failed | cancelled
    cached: bool = False
    reason: str = ""
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    last_seen: float = field(default_factory=time.monotonic)
    listeners: int = 0
    events: list[dict] = field(default_factory=list)
    last_progress: dict | None = None
    position: int | None = None
    process: object | None = None
    deadline: asyncio.TimerHandle | None = None
    sink: object | None = None  # called with each event: the journal other instances read
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")

    def emit(self, kind: str, data: dict) -> None:
        event = {"id": len(self.events) + 1, "type": kind, "data": data}
        self.events.append(event)
        if self.sink is not None:
            self.sink(self.id, event)
        # Wake every listener; each waits on the Event it saw, then a fresh one is made.
        self._changed.set()
        self._changed = asyncio.Event()

    def changed(self) -> asyncio.Event:
        return self._changed

    def finish(self, status: str, data: dict) -> None:
        self.status = status
        self.finished = time.monotonic()
        self.position = None
        self.emit(status, data)

    def urls(self) -> dict:
        base = f"/api/jobs/{self.id}"
        return {"self": base, "events": f"{base}/events", "result": f"/api/jobs/results/{self.key}"}

    def describe(self) -> dict:
        out = {"id": self.id, "demo": self.demo, "params": self.params, "status": self.status,
               "cached": self.cached, "urls": self.urls()}
        if self.status == "queued":
            out["position"] = self.position
        if self.last_progress is not None:
            out["progress"] = self.last_progress
        if self.reason:
            out["reason"] = self.reason
        if self.started is not None:
            out["elapsed_s"] = round((self.finished or time.monotonic()) - self.started, 3)
        return out
