"""Figure "training-sweep" (chapter 9): test error against training-set size, or against network size.

Each point is many trainings, so the figure runs as a server job
(``engine.jobs.sweeps``: demo "data-hunger" or "capacity"). The figure's
option ``sweep`` picks which; the first frame carries that job's own option
table, from which the page builds the controls, so every range is declared once.
"""

from __future__ import annotations

from engine.jobs import sweeps
from engine.widgets.options import Option, Options

CAPTION = "Many small trainings, one curve: how the error depends on the amount of data and on capacity."
OPTIONS = Options(
    Option("sweep", "choice", "data-hunger", label="Sweep", control="hidden",
           choices=(("data-hunger", "test error vs. training images"), ("capacity", "error vs. hidden units"))),
)
AXES = {
    "data-hunger": ("train_size", "training images", list(sweeps.TRAIN_SIZES)),
    "capacity": ("hidden", "hidden units", list(sweeps.HIDDEN_SIZES)),
}


def initial(args: dict) -> dict:
    sweep = OPTIONS.validate(args)["sweep"]
    key, label, values = AXES[sweep]
    table = sweeps.OPTIONS[sweep]
    return {
        "sweep": sweep,
        "option_table": table.to_json(),
        "params": table.defaults(),
        "axis": {"key": key, "label": label, "values": values},
        "description": f"Not run yet: train the sweep on the server to see error against {label}.",
    }


CALLS = {"initial": initial}
