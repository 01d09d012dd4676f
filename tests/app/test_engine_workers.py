"""Heavy widget calls run in worker processes of our own: a call whose client leaves is stopped, its lane freed."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from app.api_gate import ClientGone
from app.engine_workers import HeavyWorkers
from app.main import create_app
from app.settings import Settings
from engine.widgets import protocol


# The playground's largest network, 1,000 points one at a time, for the most epochs a call may ask: tens of seconds.
HEAVY = {"options": {"layers": [8, 8, 8, 8, 8, 8], "points": 1000, "batch": 1}, "epochs": 200, "stateless": True}


async def _alive_soon(workers: HeavyWorkers, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not workers.running:
        assert time.monotonic() < deadline, "the heavy call never started"
        await asyncio.sleep(0.01)


def test_a_heavy_call_answers_like_the_engine_and_its_worker_is_reused():
    async def scenario():
        workers = HeavyWorkers(1)
        try:
            first = await workers.run("perceptron", "initial", {"dataset": "and"})
            pid = workers.pids()
            second = await workers.run("perceptron", "initial", {"dataset": "and"})
            return first, second, pid, workers.pids()
        finally:
            workers.shutdown()

    first, second, pid_before, pid_after = asyncio.run(scenario())
    assert first == second == protocol.handle("perceptron", "initial", {"dataset": "and"})
    assert len(pid_before) == 1 and pid_before == pid_after  # one warm process serves call after call


def test_a_running_heavy_call_is_stopped_when_its_client_leaves():
    async def scenario():
        workers = HeavyWorkers(1)
        try:
            await workers.run("perceptron", "initial", {"dataset": "and"})  # warm: the process is up
            gone = asyncio.get_running_loop().create_future()
            call = asyncio.ensure_future(workers.run("playground", "train", HEAVY, gone))
            await _alive_soon(workers)
            [worker] = workers.running.values()
            await asyncio.sleep(0.1)  # it is computing now
            gone.set_result(None)  # the client disconnects
            started = time.monotonic()
            try:
                await call
                raised = False
            except ClientGone:
                raised = True
            stop_s = time.monotonic() - started
            killed = not worker.process.is_alive()
            after = await workers.run("perceptron", "initial", {"dataset": "or"})  # a fresh process takes over
            return raised, killed, stop_s, workers.stopped, after
        finally:
            workers.shutdown()

    raised, killed, stop_s, stopped, after = asyncio.run(scenario())
    assert raised and killed and stopped == 1
    assert stop_s < 5.0  # killed, not waited for
    assert after == protocol.handle("perceptron", "initial", {"dataset": "or"})


def test_the_api_stops_a_heavy_call_and_frees_its_lane_when_the_client_disconnects():
    # The default threshold: the playground costs this call by its work (app/api_gate.py), so it is heavy.
    app = create_app(Settings(content_dir=Path(__file__).resolve().parent / "fixtures" / "mini_book"))
    body = json.dumps(HEAVY).encode()

    async def scenario():
        disconnect = asyncio.Event()
        sent = False

        async def receive():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await disconnect.wait()
            return {"type": "http.disconnect"}

        messages = []

        async def send(message):
            messages.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": "/api/widgets/playground/train", "raw_path": b"/api/widgets/playground/train",
                 "query_string": b"", "root_path": "", "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000),
                 "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"),
                             (b"content-length", str(len(body)).encode())]}
        workers, gate = app.state.heavy_workers, app.state.api_gate
        try:
            request = asyncio.ensure_future(app(scope, receive, send))
            await _alive_soon(workers)
            assert gate.stats()["heavy"]["running"] == 1
            [worker] = workers.running.values()
            await asyncio.sleep(0.1)
            disconnect.set()
            await asyncio.wait_for(request, 10)
            return gate.stats()["heavy"], workers.stopped, worker.process.is_alive()
        finally:
            workers.shutdown()

    heavy, stopped, alive = asyncio.run(scenario())
    assert heavy["running"] == 0 and heavy["dropped"] == 1  # the lane is free for the next call
    assert stopped == 1 and not alive  # the work itself stopped
