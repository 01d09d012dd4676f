"""Where widget calls run: light ones on a thread, heavy ones in a separate worker process.

A heavy call (a long training run) is pure-Python-and-NumPy work that holds
the GIL. On a thread it starves the event loop: every socket operation
releases the GIL and then waits up to a switch interval (5 ms) to get it
back, so with one heavy call running, a 2 ms slider call took over a second
to be accepted, parsed and answered. In a process of its own the heavy call
shares nothing with the event loop but a pipe.

Each worker process is ours (not a ProcessPoolExecutor's), so a heavy call
whose client has gone can be stopped mid-run: its process is killed, which
frees its lane at once, and a fresh process is started by the next call.
Processes come from the job system's forkserver (numpy and the engine already
imported, one BLAS thread), so a replacement starts in milliseconds.

Results cross the process boundary as the protocol's envelope (a plain dict),
so no exception class needs to pickle.
"""

from __future__ import annotations

import asyncio
import contextlib
import os

from engine.widgets import protocol

from .api_gate import ClientGone


def run_call(widget: str, call: str, args: dict) -> dict:
    """The envelope of :mod:`engine.widgets.protocol` for one call; never raises (an engine bug is a 500
    envelope with its reason, and the process lives on)."""
    return protocol.handle(widget, call, args)


def serve_calls(conn) -> None:
    """A worker process: answer ``(widget, call, args)`` requests on ``conn`` until it closes."""
    # Lower priority: when cores are scarce, the event loop and light calls go first.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)
    protocol.preload(protocol.widget_names())
    while True:
        try:
            widget, call, args = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_call(widget, call, args))


def _stopped(widget: str, call: str) -> dict:
    return {"ok": False, "error": {"field": f"{widget}.{call}", "status": 500,
                                   "reason": "the engine worker process stopped; try again"}}


class _Worker:
    """One process and its end of a duplex pipe."""

    def __init__(self):
        from .jobs.process import _without_main_module, context

        ctx = context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve_calls, args=(child,), daemon=True, name="nnbook-heavy-call")
        with _without_main_module():
            self.process.start()
        child.close()

    async def ask(self, request: tuple) -> dict:
        """Send one request and wait for its reply without blocking the loop (EOFError: the process died)."""
        loop = asyncio.get_running_loop()
        fd = self.conn.fileno()  # kept: kill() may close the connection before this coroutine ends
        self.conn.send(request)
        reply = loop.create_future()

        def readable():
            if reply.done():
                return
            try:
                reply.set_result(self.conn.recv())
            except (EOFError, OSError) as exc:
                reply.set_exception(EOFError(str(exc)))

        loop.add_reader(fd, readable)
        try:
            return await reply
        finally:
            loop.remove_reader(fd)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class HeavyWorkers:
    """Up to ``size`` idle worker processes, started on first use; a dead or killed one is replaced."""

    def __init__(self, size: int):
        self.size = size
        self._idle: list[_Worker] = []
        self.running: dict[int, _Worker] = {}  # id(task) → worker, for stats and shutdown
        self.stopped = 0  # calls stopped because their client left

    async def run(self, widget: str, call: str, args: dict, client_gone=None) -> dict:
        """The call's envelope; if ``client_gone`` (an awaitable) completes first, the worker is killed
        and ``ClientGone`` raised."""
        # A new process is started on a thread: the first one waits for the forkserver's preload (seconds),
        # which must not hold up the event loop.
        worker = self._idle.pop() if self._idle else await asyncio.to_thread(_Worker)
        key = id(worker)
        self.running[key] = worker
        answer = asyncio.ensure_future(worker.ask((widget, call, args)))
        watch = asyncio.ensure_future(client_gone) if client_gone is not None else None
        try:
            await asyncio.wait({answer, watch} - {None}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:  # this request was cancelled: the work must not outlive it
            answer.cancel()
            worker.kill()
            raise
        finally:
            self.running.pop(key, None)
            if watch is not None:
                watch.cancel()
        if not answer.done():
            answer.cancel()
            await asyncio.gather(answer, return_exceptions=True)  # its reader is removed before the pipe closes
            worker.kill()  # SIGKILL: nothing in the call can delay it, and the lane is free now
            self.stopped += 1
            raise ClientGone
        try:
            envelope = answer.result()
        except EOFError:
            worker.kill()  # it died (killed from outside, out of memory): the next call starts a fresh one
            return _stopped(widget, call)
        if len(self._idle) < self.size:
            self._idle.append(worker)
        else:
            worker.kill()
        return envelope

    def pids(self) -> list[int]:
        return [w.process.pid for w in [*self._idle, *self.running.values()]]

    def shutdown(self) -> None:
        for worker in [*self._idle, *self.running.values()]:
            worker.kill()
        self._idle.clear()
        self.running.clear()
