"""One job's worker process, seen from the server: start it, read its messages, kill it.

Processes come from a ``forkserver`` whose preload (``app.jobs.worker``) has
numpy and the engine imported already, so a worker starts in milliseconds,
shares nothing mutable with the web server (no fork of a threaded process),
and can be killed outright -- which is how a cancelled or over-time job frees
its slot at once.

A small thread per process blocks on the pipe and hands each message to the
event loop with ``call_soon_threadsafe``; the web server's loop never blocks.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import signal
import threading
import time
from multiprocessing import spawn
from typing import Callable

from engine.widgets.registry import WIDGETS

_PRELOAD = ["app.jobs.worker", "engine.jobs.digits_cnn", "engine.jobs.sweeps", "engine.jobs.playground"]
# The heavy widget calls' workers (app/engine_workers.py) come from the same forkserver: with every
# figure imported once here, a worker replacing a killed one answers in milliseconds, not seconds.
_PRELOAD += ["engine.widgets.protocol", *WIDGETS.values()]
_context = None


def context():
    """The forkserver context, made once per process."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(_PRELOAD)
    return _context


@contextlib.contextmanager
def _without_main_module():
    """Start children without re-importing the parent's ``__main__``.

    multiprocessing re-imports the parent's main script in every child so that
    functions defined there can be found. The worker's target lives in an
    importable module, so that import is pure cost -- up to seconds when the
    main script is a test runner or a benchmark that imports the whole app.
    """
    original = spawn.get_preparation_data

    def preparation_data(name):
        data = original(name)
        data.pop("init_main_from_name", None)
        data.pop("init_main_from_path", None)
        return data

    spawn.get_preparation_data = preparation_data
    try:
        yield
    finally:
        spawn.get_preparation_data = original


class WorkerProcess:
    """Runs ``module.JOBS[demo]`` with ``params`` in a child; ``on_message(kind, payload)`` on the loop.

    ``kind`` is "progress", "done" or "failed"; when the child ends without
    saying "done" or "failed" (killed, crashed), the reader reports
    ``("exited", {"exitcode": n, "signal": name})``.
    """

    def __init__(self, module: str, demo: str, params: dict, memory_mb: int, cpu_s: float,
                 loop: asyncio.AbstractEventLoop, on_message: Callable[[str, object], None]):
        from .worker import child_main

        ctx = context()
        self._parent_conn, child_conn = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=child_main, args=(module, demo, params, child_conn, memory_mb, cpu_s),
                                   daemon=True, name=f"nnbook-job-{demo}")
        self._loop = loop
        self._on_message = on_message
        # Reaping a forkserver child reads its exit status from a pipe: two threads doing it at once race,
        # and the loser records exit code 255. The reader thread and kill() take turns through this lock.
        self._reaping = threading.Lock()
        with _without_main_module():
            self.process.start()
        child_conn.close()  # only the child writes; its end closing is how we see it exit
        self._reader = threading.Thread(target=self._read, daemon=True, name="nnbook-job-reader")
        self._reader.start()

    def _post(self, kind: str, payload) -> None:
        try:
            self._loop.call_soon_threadsafe(self._on_message, kind, payload)
        except RuntimeError:
            pass  # the loop is closed: the server is shutting down

    def _read(self) -> None:
        final = False
        while True:
            try:
                kind, payload = self._parent_conn.recv()
            except (EOFError, OSError):
                break
            final = kind in ("done", "failed")
            self._post(kind, payload)
            if final:
                break
        deadline = time.monotonic() + 5
        while True:  # in short turns, so a kill() meanwhile waits milliseconds, not seconds
            with self._reaping:
                self.process.join(timeout=0.05)
            if self.process.exitcode is not None or time.monotonic() > deadline:
                break
        if not final:
            code = self.process.exitcode
            name = signal.Signals(-code).name if code is not None and code < 0 else None
            self._post("exited", {"exitcode": code, "signal": name})
        self._parent_conn.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL: nothing in the job can delay it, and the OS reclaims all its memory."""
        with self._reaping:
            if self.process.is_alive():
                self.process.kill()

    def wait(self, timeout: float) -> int | None:
        """The process's exit code once the reader thread has seen it end (None if not within ``timeout``):
        the one place that reaps it, so the code is the real one (-9 after a kill), never a race's 255."""
        self._reader.join(timeout)
        return None if self._reader.is_alive() else self.process.exitcode
