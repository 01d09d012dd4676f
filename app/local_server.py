"""Serve the book in a subprocess on a free localhost port: for tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def serve():
    with serve_process() as (url, _process):
        yield url


@contextlib.contextmanager
def serve_process(env_overrides: dict | None = None, args: tuple[str, ...] = ()):
    """Like :func:`serve`, but yields ``(url, process)`` so a test can watch the server process itself.

    ``args`` go to ``nnbook serve`` (a course folder: ``args=(str(folder),)``)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), **(env_overrides or {})}
    # Output goes to a file, not a pipe: a pipe nobody reads would block a server that logs a lot (a load test).
    # NNBOOK_SERVER_LOG=path keeps the server's output for a look afterwards.
    log = open(os.environ["NNBOOK_SERVER_LOG"], "w+") if os.environ.get("NNBOOK_SERVER_LOG") else tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", *args], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"the book server exited: {log.read()}")
            try:
                urllib.request.urlopen(url + "/", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the book server did not start within 60 s") from None
                time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
