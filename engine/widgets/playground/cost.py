"""What a train call will cost, estimated before it runs: the server's choice between its light and heavy lanes.

Bytes of request times epochs (the server's generic guess) called a
1,000-epoch run on the largest network light: 30 bytes of options, minutes of
work, on the lane meant for slider moves. An epoch's work is its mini-batches
(training points / batch size), each a forward and backward pass through
every weight layer, plus the losses on all points. Fitted to the engine's
times in CPython 3.11 on one core (0-6 hidden layers × batches of 1, 10, 30 ×
100 and 1,000 points; the fit is within a factor of two of 16 of the 18, on a
machine that was not idle): a mini-batch costs about 20 µs plus 30 µs per
weight layer, whatever its size up to 30 points, since at these sizes Python's
per-call overhead dominates the arithmetic. The estimate only has to tell a
few milliseconds from a few hundred; the page's own run loop measures.
"""

from __future__ import annotations

import math

from engine.widgets.errors import WidgetInputError

from .csv_data import MAX_ROWS
from .table import MAX_EPOCHS_PER_CALL, OPTIONS

MS_PER_EPOCH = 0.5  # the losses on all points, the schedule, a copy of the weights
MS_PER_BATCH = 0.02
MS_PER_BATCH_LAYER = 0.03
MS_PER_FRAME = 5.0  # the reply's frame: the heat map and every neuron's picture


def _points(args: dict, options: dict) -> int:
    """How many points the run trains and tests on (its own data when it brings some)."""
    model = args.get("model") if isinstance(args.get("model"), dict) else {}
    custom = model.get("custom") if isinstance(model.get("custom"), dict) else {}
    if isinstance(args.get("csv"), str):
        return min(args["csv"].count("\n") + 1, MAX_ROWS)
    for points in (args.get("points"), custom.get("y")):
        if isinstance(points, list):
            return min(len(points), MAX_ROWS)
    return options["points"]


def train_ms(args) -> float | None:
    """Estimated milliseconds of a ``train``/``step`` call; None when its input is too malformed to say
    (the call itself will refuse it, cheaply)."""
    if not isinstance(args, dict):
        return None
    model = args.get("model")
    raw = model.get("options") if isinstance(model, dict) else args.get("options")
    try:
        options = OPTIONS.validate(raw or {})
    except WidgetInputError:
        return None
    epochs = args.get("epochs", 1)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= MAX_EPOCHS_PER_CALL:
        return None
    train_points = max(1, round(_points(args, options) * options["train_ratio"] / 100))
    batches = math.ceil(train_points / options["batch"])
    weight_layers = len(options["layers"]) + 1
    per_epoch = MS_PER_EPOCH + batches * (MS_PER_BATCH + MS_PER_BATCH_LAYER * weight_layers)
    return MS_PER_FRAME + epochs * per_epoch


# The calls whose cost the server should not guess from their size (app/api_gate.py reads this).
COSTS_MS = {"train": train_ms, "step": train_ms}
