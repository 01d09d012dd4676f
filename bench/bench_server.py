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


@contextlib.contextmanager
def serve(tree: Path = ROOT):
    """This server for ``tree`` (a checkout with its own static/vendor; bench/warm_boot.py compares two),
    on a free port: yields its URL once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "bench.bench_server", str(port)], cwd=tree, env=os.environ.copy(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the bench server of {tree} exited: {process.stdout.read()}")
            try:
                urllib.request.urlopen(url + "/__bench/bare.html", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the bench server of {tree} did not start within 120 s") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


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
