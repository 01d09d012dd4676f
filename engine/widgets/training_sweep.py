"""Figure "training-sweep" (chapter 9): test error against training-set size, or against network size.

Each point is many trainings, so the figure runs as a server job
(``engine.jobs.sweeps``: demo "data-hunger" or "capacity"). The figure's
option ``sweep`` picks which; the other options are the settings both sweeps
share, declared once by the job (``engine.jobs.sweeps``) and reused here, so
the page's controls are exactly what the job accepts. The size the sweep
holds fixed (32 hidden units, or 200 training images) keeps the job's default.
"""

from __future__ import annotations

from engine.jobs import sweeps
from engine.widgets.options import Option, Options

CAPTION = "Many small trainings, one curve: how the error depends on the amount of data and on capacity."
_SHARED = sweeps.OPTIONS["data-hunger"]
OPTIONS = Options(
    Option("sweep", "choice", "data-hunger", label="Sweep", control="hidden",
           choices=(("data-hunger", "test error vs. training images"), ("capacity", "error vs. hidden units"))),
    _SHARED["epochs"],
    _SHARED["repeats"],
    _SHARED["seed"],
)
AXES = {
    "data-hunger": ("train_size", "training images", list(sweeps.TRAIN_SIZES)),
    "capacity": ("hidden", "hidden units", list(sweeps.HIDDEN_SIZES)),
}


def initial(args: dict) -> dict:
    """The empty axes of the chosen sweep and the job parameters a run would send."""
    options = OPTIONS.validate(args)
    sweep = options.pop("sweep")
    key, label, values = AXES[sweep]
    params = sweeps.OPTIONS[sweep].validate(options)
    runs = params["repeats"]
    return {
        "sweep": sweep,
        "params": params,
        "axis": {"key": key, "label": label, "values": values},
        "description": f"Not run yet: run the sweep on the server ({params['epochs']} epochs, {runs} "
                       f"run{'s' if runs != 1 else ''} per point, seed {params['seed']}) "
                       f"to see the error against {label}.",
    }


def job(options: dict) -> tuple[str, dict]:
    """The server job the figure's button starts for these options (a static export stores its result)."""
    state = initial(options)
    return state["sweep"], state["params"]


CALLS = {"initial": initial}
