"""Admission control for server-side widget calls: two lanes, bounded waiting rooms, no orphaned work.

Before this, every call waited in one unbounded queue: 200 heavy calls made a
2 ms slider call wait 7-12 s, nobody was ever told to come back later, and
calls whose client had left still ran. Now:

* each call gets a **cost estimate** before it runs: the figure's own, where
  it declares one (``COSTS_MS``: call → estimated milliseconds, from the work
  the call's arguments ask for; the playground's train call counts epochs ×
  mini-batches × layers), else bytes of input × the iterations it asks for;
  calls above ``heavy_cost`` use the heavy lane, the rest the light lane, so a
  slider move never queues behind training runs;
* each lane runs at most ``slots`` calls at once and lets at most ``room``
  more wait; a call that finds the room full, or waits longer than the lane's
  ``max_wait_s``, is **shed**: 503 with ``Retry-After``;
* a waiting call whose client disconnects leaves the queue at once, and its
  work never starts; a running heavy call whose client disconnects is stopped
  (its worker process killed, app/engine_workers.py) and frees its slot.

The gate belongs to the app (``app.state.api_gate``): two apps in one process
(tests) never share slots.
"""

from __future__ import annotations

import asyncio
import collections
from dataclasses import dataclass, field

from engine.widgets import registry

# Arguments that multiply a call's work: the number of learning steps or epochs it runs.
ITERATION_FIELDS = ("steps", "epochs")
# A figure's declared milliseconds in work units: the default heavy threshold, 1,000,000, is 50 ms.
UNITS_PER_MS = 20_000


def declared_ms(widget: str, call: str, args) -> float | None:
    """The figure's own estimate of a call's milliseconds (its ``COSTS_MS``), or None when it declares none."""
    estimate = getattr(registry.module(widget), "COSTS_MS", {}).get(call)
    if estimate is None:
        return None
    try:
        return estimate(args)
    except Exception:  # a guess that fails is no reason to fail the call: the generic estimate stands in
        return None


def estimate_cost(body_size: int, args, ms: float | None = None) -> int:
    """Work units of a call: its declared milliseconds when known, else input bytes times the iterations
    it asks for (at least 1)."""
    if ms is not None:
        return max(1, int(min(ms, 10**9) * UNITS_PER_MS))
    iterations = 1
    if isinstance(args, dict):
        for name in ITERATION_FIELDS:
            value = args.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                iterations = max(iterations, min(value, 10**9))
    return max(body_size, 1) * iterations


class Shed(Exception):
    """The lane cannot take this call now; ``retry_after`` says when to try again (seconds)."""

    def __init__(self, lane: str, reason: str, retry_after: int):
        self.lane = lane
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(reason)


class ClientGone(Exception):
    """The client disconnected while its call waited; the call was dropped unstarted."""


@dataclass
class Lane:
    name: str
    slots: int
    room: int
    max_wait_s: float
    retry_after: int
    running: int = 0
    waiters: collections.deque = field(default_factory=collections.deque)
    shed: int = 0
    dropped: int = 0
    served: int = 0

    async def acquire(self) -> None:
        if self.running < self.slots and not self.waiters:
            self.running += 1
            return
        if len(self.waiters) >= self.room:
            self.shed += 1
            raise Shed(self.name, f"the {self.name} lane is full ({self.slots} running, {self.room} waiting)", self.retry_after)
        ticket = asyncio.get_running_loop().create_future()
        self.waiters.append(ticket)
        try:
            await ticket  # release() hands its slot over by resolving the ticket
        except BaseException:
            if ticket.done() and not ticket.cancelled():
                self.release()  # the slot arrived just as we gave up: pass it on
            elif ticket in self.waiters:  # a release() since the cancel may have dropped it already
                self.waiters.remove(ticket)
            raise

    def release(self) -> None:
        while self.waiters:
            ticket = self.waiters.popleft()
            if not ticket.done():
                ticket.set_result(None)
                return
        self.running -= 1


class CallGate:
    def __init__(self, light_slots: int = 2, light_room: int = 64, heavy_slots: int = 1, heavy_room: int = 8,
                 heavy_cost: int = 1_000_000, light_wait_s: float = 2.0, heavy_wait_s: float = 10.0):
        self.heavy_cost = heavy_cost
        self.light = Lane("light", light_slots, light_room, light_wait_s, retry_after=1)
        self.heavy = Lane("heavy", heavy_slots, heavy_room, heavy_wait_s, retry_after=5)

    def lane_for(self, cost: int) -> Lane:
        return self.heavy if cost > self.heavy_cost else self.light

    async def admit(self, lane: Lane, client_gone) -> None:
        """Wait for a slot in ``lane``; raise Shed (full or waited too long) or ClientGone.

        ``client_gone`` is an awaitable that completes when the client disconnects.
        On return the caller holds a slot and must call ``lane.release()``.
        """
        waiting = asyncio.ensure_future(lane.acquire())
        gone = asyncio.ensure_future(client_gone)
        try:
            done, _ = await asyncio.wait({waiting, gone}, timeout=lane.max_wait_s, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:  # this request itself was cancelled: leave the queue, keep no slot
            await self._abandon(lane, waiting)
            raise
        finally:
            gone.cancel()
        if waiting in done:
            waiting.result()  # re-raises Shed
            return
        await self._abandon(lane, waiting)
        if gone in done and not gone.cancelled():
            lane.dropped += 1
            raise ClientGone
        lane.shed += 1
        raise Shed(lane.name, f"waited {lane.max_wait_s:g} s in the {lane.name} lane without a free slot", lane.retry_after)

    @staticmethod
    async def _abandon(lane: Lane, waiting: asyncio.Future) -> None:
        waiting.cancel()
        try:
            await waiting
        except (asyncio.CancelledError, Shed):
            return
        lane.release()  # it got the slot just as we gave up: pass it on

    def stats(self) -> dict:
        return {lane.name: {"running": lane.running, "waiting": len(lane.waiters), "served": lane.served,
                            "shed": lane.shed, "dropped": lane.dropped} for lane in (self.light, self.heavy)}
