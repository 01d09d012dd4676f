"""The book's server for the bench, with the bare-runtime reference page mounted at /__bench/.

Served by the same process as the book (same origin, same static files and
headers), so the bare page's Pyodide is fetched and cached exactly as the
book's is. A Playwright route would not do: routing turns the HTTP cache off.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = Path(__file__).resolve().parent / "bare_runtime"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], *, cwd: Path, probe: str, what: str, within: float, env: dict | None = None, quiet=False):
    """``command`` started in ``cwd``; yields once ``probe`` (a URL) answers, stops it after. ``what`` names
    it in the error if it exits or does not answer ``within`` seconds; ``quiet`` drops its output (a
    server that logs every request would fill the pipe) instead of keeping it for that error."""
    output = subprocess.DEVNULL if quiet else subprocess.PIPE
    process = subprocess.Popen(command, cwd=cwd, env=env or os.environ.copy(), stdout=output,
                               stderr=subprocess.DEVNULL if quiet else subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + within
        while True:
            if process.poll() is not None:
                said = "" if quiet else f": {process.stdout.read()}"
                raise RuntimeError(f"{what} exited with {process.returncode}{said}")
            try:
                urllib.request.urlopen(probe, timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{what} did not answer within {within:.0f} s") from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextlib.contextmanager
def serve(tree: Path = ROOT):
    """This server for ``tree`` (a checkout with its own static/vendor; bench/warm_boot.py compares two),
    on a free port: yields its URL once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "bench.bench_server", str(port)], cwd=tree, probe=url + "/__bench/bare.html",
                 what=f"the bench server of {tree}", within=120):
        yield url


def main(port: int) -> None:
    import uvicorn
    from fastapi.staticfiles import StaticFiles

    from app.main import create_app

    app = create_app()
    parts = os.environ.get("NNBOOK_BENCH_PARTS")  # bench/first_paint_parts.py's pages, before the /__bench mount
    if parts:
        app.mount("/__bench/parts", StaticFiles(directory=parts), name="bench-parts")
    app.mount("/__bench", StaticFiles(directory=BARE), name="bench")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(int(sys.argv[1]))
