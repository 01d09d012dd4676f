"""Where widget calls run: light ones on a thread, heavy ones in a separate worker process.

A heavy call (a long training run) is pure-Python-and-NumPy work that holds
the GIL. On a thread it starves the event loop: every socket operation
releases the GIL and then waits up to a switch interval (5 ms) to get it
back, so with one heavy call running, a 2 ms slider call took over a second
to be accepted, parsed and answered. In a process of its own the heavy call
shares nothing with the event loop but a pipe.

Results cross the process boundary as the protocol's envelope (a plain dict),
so no exception class needs to pickle.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import multiprocessing
import os

from engine.widgets import protocol


def run_call(widget: str, call: str, args: dict) -> dict:
    """The envelope of :mod:`engine.widgets.protocol` for one call; never raises (an engine bug is a 500
    envelope with its reason, and the process lives on)."""
    return protocol.handle(widget, call, args)


def _warm_up() -> None:
    # Lower priority: when cores are scarce, the event loop and light calls go first.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)
    protocol.preload(protocol.widget_names())


class HeavyWorkers:
    """A pool of ``size`` worker processes, started on first use and restarted if one dies."""

    def __init__(self, size: int):
        self.size = size
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def _ensure(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the server process has threads and an event loop a fork would copy mid-flight.
            self._pool = concurrent.futures.ProcessPoolExecutor(
                self.size, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up)
        return self._pool

    async def run(self, widget: str, call: str, args: dict) -> dict:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._ensure(), run_call, widget, call, args)
        except concurrent.futures.process.BrokenProcessPool:
            self.shutdown()  # a worker died (killed, out of memory): the next call starts a fresh one
            return {"ok": False, "error": {"field": f"{widget}.{call}", "status": 500,
                                           "reason": "the engine worker process stopped; try again"}}

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
