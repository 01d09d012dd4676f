"""Heavy demos: trainings too long for a reader's browser, run as server jobs.

Each demo is a pair ``(OPTIONS, run)``: an option table (engine.widgets.options)
that declares and validates its parameters, and a pure function
``run(params, progress) -> dict`` -- validated parameters in, a JSON-able
result out, ``progress(event)`` called with small dicts as it goes
(``{"stage": "training", "epoch": 3, "epochs": 20, "loss": 0.41, ...}``). The
server (app/jobs) runs it in a worker process with time and memory limits and
streams the events to the page; the tests call it directly. Numpy and the
standard library only, like the rest of the engine.
"""

from __future__ import annotations

import importlib
from typing import Callable

from engine.widgets.errors import WidgetInputError
from engine.widgets.options import Options

# demo name (as a client posts it) -> the module whose JOBS table holds it
DEMOS: dict[str, str] = {
    "digits-cnn": "engine.jobs.digits_cnn",
    "data-hunger": "engine.jobs.sweeps",
    "capacity": "engine.jobs.sweeps",
    "playground": "engine.jobs.playground",
}


def demo(name: str) -> tuple[Options, Callable]:
    """``(OPTIONS, run)`` of the demo ``name``; an unknown name is a WidgetInputError on "demo" (404)."""
    if name not in DEMOS:
        raise WidgetInputError("demo", f"unknown demo {name!r}; known: {', '.join(sorted(DEMOS))}", status=404)
    return importlib.import_module(DEMOS[name]).JOBS[name]


def validate(name: str, params) -> dict:
    """The demo's parameters, checked and completed with defaults (WidgetInputError naming the field)."""
    options, _ = demo(name)
    if params is not None and not isinstance(params, dict):
        raise WidgetInputError("params", "must be a JSON object")
    return options.validate(params or {})
