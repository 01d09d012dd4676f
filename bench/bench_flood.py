"""A flood of heavy widget calls against the real server, and what a reader's slider call feels meanwhile.

Serves the book with `nnbook serve` in a subprocess, then:

1. reference: a light call (perceptron `evaluate`, the slider's call) made
   alone, one after another on one kept-alive connection (as a reader's
   browser does): its median and 99th percentile;
2. flood: FLOODERS clients each send heavy calls (perceptron `step` on 500
   points for 10,000 steps, as the load review did) back to back for
   DURATION_S seconds, while one reader makes the same light call every
   20 ms: the light call's percentiles during the flood, how many heavy calls
   were served, how many were shed (503 + Retry-After), and any other answer
   (there should be none). Twice:
   * polite: a shed client waits what Retry-After says (± 50 %, as clients
     that started at different times would) before it tries again;
   * hostile: a shed client tries again after 50 ms. Every refusal still costs
     the server about 2 ms of CPU (parse, shed, answer), so this measures how
     the machine copes with a denial-of-service; the README's answer to that
     is a rate limit in the reverse proxy in front.
3. the polite flood again, of playground `train` calls of 200 epochs each (a
   small body, seconds of work: the server must cost them by their epochs,
   not their size, to keep them off the light lane).

Target: the light call's p99 during the polite flood under 100 ms.

Run: .venv/bin/python bench/bench_flood.py   (make bench runs it)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import collections
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from app.local_server import serve  # noqa: E402
from engine.widgets.protocol import dispatch  # noqa: E402

FLOODERS = 200
DURATION_S = 10.0
REFERENCE_CALLS = 200
TARGET_P99_MS = 100.0
PLAYGROUND_EPOCHS = 200
RETRY_AFTER_S = 5.0  # what the server's Retry-After says for the heavy lane (app/api_gate.py)


def light_body() -> bytes:
    state = dispatch("perceptron", "initial", {"dataset": "and"})["state"]
    return json.dumps({"state": state}).encode()


def playground_body() -> bytes:
    # The chapter's default network for the most epochs a call may ask: about 0.7 s of work in 50 bytes.
    return json.dumps({"options": {}, "epochs": PLAYGROUND_EPOCHS, "stateless": True}).encode()


def heavy_body() -> bytes:
    state = dispatch("perceptron", "initial", {"dataset": "separable"})["state"]
    rng = np.random.default_rng(0)
    x1, x2 = rng.normal(size=500), rng.normal(size=500)
    state["points"] = {"x1": x1.tolist(), "x2": x2.tolist(), "y": (x1 + 0.3 * x2 > 0.1).astype(float).tolist()}
    return json.dumps({"state": state, "steps": 10_000}).encode()


async def post(port: int, path: str, body: bytes) -> tuple[int, float]:
    """One POST on a fresh connection; (status, seconds). Status 0: the connection failed."""
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the rest, until the server closes
        writer.close()
        status = int(status_line.split()[1]) if status_line else 0
    except (OSError, IndexError, ValueError):
        status = 0
    return status, time.perf_counter() - started


class KeepAliveClient:
    """One persistent connection, as a reader's browser keeps to the site (fetch reuses it)."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes) -> tuple[int, float]:
        started = time.perf_counter()
        for attempt in (1, 2):  # the server may have closed an idle connection: reconnect once
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
                self.writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                                  f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
                await self.writer.drain()
                status = int((await self.reader.readline()).split()[1])
                length, close = 0, False
                while (line := await self.reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    length = int(value) if name.lower() == "content-length" else length
                    close = close or (name.lower() == "connection" and "close" in value.lower())
                await self.reader.readexactly(length)
                if close:
                    self.close()
                return status, time.perf_counter() - started
            except (OSError, IndexError, ValueError, asyncio.IncompleteReadError):
                self.close()
        return 0, time.perf_counter() - started

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def percentiles(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    return f"median {statistics.median(ms):7.1f} ms   p99 {p99:7.1f} ms   (n = {len(ms)})", p99


async def reference(port: int, body: bytes) -> list[float]:
    times = []
    client = KeepAliveClient(port)
    for _ in range(REFERENCE_CALLS):
        status, seconds = await client.post("/api/widgets/perceptron/evaluate", body)
        assert status == 200, f"light call answered {status}"
        times.append(seconds)
    return times


async def flood(port: int, light: bytes, heavy: bytes, polite: bool,
                heavy_path: str = "/api/widgets/perceptron/step") -> tuple[list[float], collections.Counter, collections.Counter]:
    heavy_statuses: collections.Counter = collections.Counter()
    light_statuses: collections.Counter = collections.Counter()
    light_times: list[float] = []
    stop = time.monotonic() + DURATION_S

    async def flooder():
        while time.monotonic() < stop:
            status, _ = await post(port, heavy_path, heavy)
            heavy_statuses[status] += 1
            if status != 200:
                pause = random.uniform(0.5, 1.5) * RETRY_AFTER_S if polite else 0.05
                await asyncio.sleep(max(0.0, min(pause, stop - time.monotonic())))

    async def reader():
        client = KeepAliveClient(port)
        await client.post("/api/widgets/perceptron/evaluate", light)  # the reader was there before the flood
        await asyncio.sleep(0.5)  # let the flood build up first
        while time.monotonic() < stop:
            status, seconds = await client.post("/api/widgets/perceptron/evaluate", light)
            light_statuses[status] += 1
            if status == 200:
                light_times.append(seconds)
            await asyncio.sleep(0.02)

    await asyncio.gather(reader(), *(flooder() for _ in range(FLOODERS)))
    await asyncio.sleep(1.0)  # let the last shed clients' connections close before the next phase
    return light_times, light_statuses, heavy_statuses


def main() -> int:
    light, heavy = light_body(), heavy_body()
    with (contextlib.nullcontext(os.environ["BENCH_URL"]) if os.environ.get("BENCH_URL") else serve()) as url:
        port = urlparse(url).port
        asyncio.run(post(port, "/api/widgets/perceptron/evaluate", light))  # warm up
        alone = asyncio.run(reference(port, light))
        floods = {("polite" if polite else "hostile", "heavy"): asyncio.run(flood(port, light, heavy, polite))
                  for polite in (True, False)}
        floods["polite", "p/train"] = asyncio.run(flood(port, light, playground_body(), True,
                                                         "/api/widgets/playground/train"))
    text, _ = percentiles(alone)
    print(f"light call alone (reference, same run)           {text}")
    for (kind, what), (during, light_statuses, heavy_statuses) in floods.items():
        polite = kind == "polite"
        if during:
            text, p99 = percentiles(during)
            verdict = ("ok" if p99 < TARGET_P99_MS else f"ABOVE the {TARGET_P99_MS:.0f} ms target") if polite else "(no target)"
            print(f"light call during a {kind:7} flood of {FLOODERS} {what:7} {text}   {verdict}")
        else:
            print(f"light call during the {kind} flood: no call succeeded")
        refused = {s: n for s, n in light_statuses.items() if s != 200}
        shed = heavy_statuses.get(503, 0)
        other = {s: n for s, n in heavy_statuses.items() if s not in (200, 503)}
        calls = "heavy calls" if what == "heavy" else f"playground/train calls ({PLAYGROUND_EPOCHS} epochs)"
        print(f"    {calls} in {DURATION_S:.0f} s: {heavy_statuses.get(200, 0)} served, {shed} shed (503 + Retry-After), "
              f"other answers {other or 'none'}; light calls refused: {refused or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
