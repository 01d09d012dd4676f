"""Admission control for widget calls: separate lanes, bounded waiting rooms, dropped orphans."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api_gate import CallGate, ClientGone, Shed, declared_ms, estimate_cost
from app.main import create_app
from app.settings import Settings
from engine.widgets import playground


def never():
    return asyncio.get_running_loop().create_future()


def test_cost_grows_with_input_size_and_requested_steps():
    assert estimate_cost(600, {"state": {}}) == 600
    assert estimate_cost(600, {"steps": 20}) == 12_000
    assert estimate_cost(23_000, {"steps": 10_000}) == 230_000_000
    assert estimate_cost(10, {"steps": True}) == 10  # a bool is no count


def test_heavy_calls_take_the_heavy_lane_and_light_calls_never_wait_behind_them():
    async def scenario():
        gate = CallGate(light_slots=1, heavy_slots=1, heavy_room=2, heavy_cost=1000)
        heavy = gate.lane_for(10**6)
        assert heavy is gate.heavy and gate.lane_for(10) is gate.light
        await gate.admit(heavy, never())  # one heavy call runs ...
        queued = [asyncio.ensure_future(gate.admit(heavy, never())) for _ in range(2)]  # ... two wait
        await asyncio.sleep(0)
        with pytest.raises(Shed) as shed:  # the waiting room is full: shed at once, with a retry hint
            await gate.admit(heavy, never())
        assert shed.value.retry_after > 0
        await asyncio.wait_for(gate.admit(gate.light, never()), 0.1)  # a light call gets a slot at once
        gate.light.release()
        heavy.release()
        await asyncio.wait_for(queued[0], 0.1)  # the slot passes to the first waiter
        assert not queued[1].done()
        queued[1].cancel()  # its client's request was cancelled: it leaves the room
        await asyncio.gather(queued[1], return_exceptions=True)
        return gate.stats()

    stats = asyncio.run(scenario())
    assert stats["heavy"]["shed"] == 1 and stats["heavy"]["waiting"] == 0


def test_a_waiting_call_whose_client_leaves_is_dropped_unstarted():
    async def scenario():
        gate = CallGate(light_slots=1)
        await gate.admit(gate.light, never())
        gone = asyncio.get_running_loop().create_future()
        waiting = asyncio.ensure_future(gate.admit(gate.light, gone))
        await asyncio.sleep(0.01)
        gone.set_result(None)  # the client disconnects while it waits
        with pytest.raises(ClientGone):
            await waiting
        gate.light.release()
        return gate.stats()["light"]

    light = asyncio.run(scenario())
    assert light == {"running": 0, "waiting": 0, "served": 0, "shed": 0, "dropped": 1}


def test_a_call_that_waits_too_long_is_shed():
    async def scenario():
        gate = CallGate(light_slots=1, light_wait_s=0.05)
        await gate.admit(gate.light, never())
        with pytest.raises(Shed):
            await gate.admit(gate.light, never())
        gate.light.release()
        return gate.light.running, len(gate.light.waiters)

    assert asyncio.run(scenario()) == (0, 0)


def test_the_gate_belongs_to_each_app():
    # The fixtures' two-chapter book: the gate is the point here, and it builds in a fraction of the time.
    mini = Settings(content_dir=Path(__file__).resolve().parent / "fixtures" / "mini_book")
    first, second = create_app(mini), create_app(mini)
    assert first.state.api_gate is not second.state.api_gate


# --- the playground's train call: costed by the work its epochs and network ask for ----------------------

SMALL_TRAIN = {"options": {}, "epochs": 1}  # one epoch of the chapter's default network: a few ms
# Two hidden layers of 8, 1,000 points in batches of 10, 30 epochs: about a third of a second.
LARGE_TRAIN = {"options": {"layers": [8, 8], "points": 1000, "train_ratio": 90}, "epochs": 30}
LARGEST_TRAIN = {"options": {"layers": [8] * 6, "points": 1000, "train_ratio": 90, "batch": 1}, "epochs": 200}


def _lane(gate: CallGate, widget: str, call: str, args: dict):
    body = json.dumps(args).encode()
    return gate.lane_for(estimate_cost(len(body), args, declared_ms(widget, call, args)))


def test_a_small_train_call_is_light_and_a_large_one_heavy():
    gate = CallGate()  # the server's default threshold
    for call in ("train", "step"):
        assert _lane(gate, "playground", call, SMALL_TRAIN) is gate.light
        assert _lane(gate, "playground", call, LARGE_TRAIN) is gate.heavy
        assert _lane(gate, "playground", call, LARGEST_TRAIN) is gate.heavy
    # The finding: bytes × epochs alone called even the largest run (minutes of work) light.
    assert gate.lane_for(estimate_cost(len(json.dumps(LARGEST_TRAIN)), LARGEST_TRAIN)) is gate.light


def test_figures_without_a_declared_cost_keep_the_size_times_steps_estimate():
    assert declared_ms("perceptron", "step", {"steps": 10}) is None
    assert declared_ms("playground", "export", {}) is None  # only train/step are declared
    assert declared_ms("playground", "train", {"options": {"noise": "loud"}}) is None  # refused anyway


def test_a_large_train_call_runs_in_the_heavy_lane_and_a_small_one_in_the_light_lane():
    # The mini book: the lanes are the point here, and it builds in a fraction of the time.
    app = create_app(Settings(content_dir=Path(__file__).resolve().parent / "fixtures" / "mini_book"))
    gate = app.state.api_gate
    try:
        with TestClient(app) as client:
            small = client.post("/api/widgets/playground/train", json={**SMALL_TRAIN, "stateless": True})
            assert small.status_code == 200, small.text
            assert (gate.light.served, gate.heavy.served) == (1, 0)
            large = client.post("/api/widgets/playground/train", json={**LARGE_TRAIN, "stateless": True})
            assert large.status_code == 200, large.text
            assert (gate.light.served, gate.heavy.served) == (1, 1)  # in a worker process, off the light lane
    finally:
        app.state.heavy_workers.shutdown()
    # The same numbers as the engine gives in this process: only where it ran changed.
    assert large.json()["result"]["curve"] == playground.train({**LARGE_TRAIN, "stateless": True})["curve"]


def test_a_waiter_cancelled_just_as_a_slot_is_released_leaves_cleanly():
    # Seen in the playground flood as a 500 (ValueError: not in deque): cancelling a waiting call cancels
    # its ticket at once, but its clean-up runs a turn later; a release() in between has already dropped
    # the cancelled ticket from the queue and passed the slot to the next waiter.
    async def scenario():
        gate = CallGate(light_slots=1)
        lane = gate.light
        await gate.admit(lane, never())
        first, second = (asyncio.ensure_future(lane.acquire()) for _ in range(2))
        await asyncio.sleep(0)
        first.cancel()
        lane.release()  # same turn: the slot goes past the cancelled ticket to the second waiter
        [outcome] = await asyncio.gather(first, return_exceptions=True)
        await asyncio.wait_for(second, 0.1)
        lane.release()
        return outcome, lane.running, len(lane.waiters)

    outcome, running, waiting = asyncio.run(scenario())
    assert isinstance(outcome, asyncio.CancelledError), repr(outcome)
    assert (running, waiting) == (0, 0)
