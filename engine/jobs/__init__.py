"""Heavy demos: trainings too long for a reader's browser, run as server jobs.

Each demo module exposes a pure function ``run(params, progress) -> dict``:
validated parameters in, a JSON-able result out, and ``progress(event)`` called
with small dicts as it goes (``{"epoch": 3, "epochs": 20, "loss": 0.41, ...}``).
The server (``app/jobs``) runs it in a worker process with time and memory
limits and streams the progress events to the page; the tests call it
directly. Numpy and the standard library only, like the rest of the engine.

``DEMOS`` names the modules by the demo name a client posts.
"""

from __future__ import annotations

DEMOS: dict[str, str] = {
    "digits-cnn": "engine.jobs.digits_cnn",
    "data-hunger": "engine.jobs.sweeps",
    "capacity": "engine.jobs.sweeps",
}
