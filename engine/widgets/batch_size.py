"""Batch size (chapter 8): full-batch, mini-batch and single-sample paths on one loss surface.

A line y = w x + b is fitted to noisy points by the engine's SGD
(:mod:`engine.optimizers`) on the half mean squared error of
:class:`engine.surfaces.LinearRegressionLoss`. All three runs use the same
learning rate and the same number of epochs (passes over the data); the
mini-batch and single-sample runs shuffle the points every epoch and cut them
into consecutive batches (:func:`engine.training.batches`). Full batch takes
one exact step per epoch; a batch of B takes m/B noisy steps; B = 1 takes m
steps, each from one point's gradient, and keeps jittering around the
minimum at a constant learning rate.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np

from engine.optimizers import get_optimizer
from engine.surfaces import LinearRegressionLoss
from engine.training import DIVERGED_MESSAGE, batches

from .kit.loss_map import loss_map
from .kit.option_calls import option_calls
from .kit.series_chart import series_chart
from .options import Option, Options

CAPTION = "Batch size: full-batch, mini-batch and single-sample gradient descent on the same loss surface."
OPTIONS = Options(
    Option("batch", "integer", 8, min=2, max=25, label="mini-batch size B"),
    Option("lr", "number", 0.1, min=0.005, max=1.0, step=0.005, label="learning rate η"),
    Option("epochs", "integer", 10, min=1, max=30, label="epochs"),
    Option("seed", "integer", 0, min=0, max=2**31 - 1, control="hidden", label="seed of the shuffles"),
)
POINTS, TRUE_W, TRUE_B, NOISE = 50, 2.0, -1.0, 0.8
START = (-1.5, 3.0)
BOX = (-2.5, 4.5, -4.0, 4.0)
ESCAPE = 1e6


def data() -> LinearRegressionLoss:
    """50 points x ~ U(−2, 2), y = 2x − 1 + N(0, 0.8²), the same every time."""
    rng = np.random.default_rng(7)
    x = rng.uniform(-2.0, 2.0, POINTS)
    return LinearRegressionLoss(x, TRUE_W * x + TRUE_B + NOISE * rng.standard_normal(POINTS))


LOSS = data()
_MAP: dict = {}


def surface_map() -> dict:
    """The contour map never changes: computed once, on first use."""
    if not _MAP:
        _MAP.update(loss_map(LOSS.value, LOSS.minimum, BOX, 50, 10))
    return _MAP


# The full-batch and single-sample runs do not depend on the mini-batch slider: while it is dragged
# they are answered from here (same numbers, the run is deterministic) and only the mini-batch run is
# recomputed. A few entries only: the keys are (batch, η, epochs, seed).
_RUNS: OrderedDict = OrderedDict()
_RUNS_KEPT = 12


def descend(loss: LinearRegressionLoss, batch: int | None, lr: float, epochs: int, seed: int) -> dict:
    """``descend_uncached`` for LOSS, remembered for the last few settings; a fresh copy every time."""
    key = (batch, float(lr), int(epochs), int(seed))
    if loss is not LOSS:
        return descend_uncached(loss, batch, lr, epochs, seed)
    if key in _RUNS:
        _RUNS.move_to_end(key)
    else:
        _RUNS[key] = descend_uncached(loss, batch, lr, epochs, seed)
        while len(_RUNS) > _RUNS_KEPT:
            _RUNS.popitem(last=False)
    run = _RUNS[key]
    return {**run, "path": [list(p) for p in run["path"]], "losses": list(run["losses"])}


def descend_uncached(loss: LinearRegressionLoss, batch: int | None, lr: float, epochs: int, seed: int) -> dict:
    """SGD from START, batches of ``batch`` points (None: all); the loss on all points after every step."""
    rng = np.random.default_rng(seed)
    theta = np.array(START, dtype=np.float64)
    params, grads = {"theta": theta}, {"theta": np.zeros(2)}
    opt = get_optimizer("sgd", lr)
    index = np.arange(loss.x.size)[None, :]
    path, losses, status, steps = [theta.tolist()], [float(loss.value(*theta))], "ok", 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            for rows, _unused in batches(index, index, batch, rng):
                grads["theta"][:] = loss.gradient(theta[0], theta[1], rows.ravel())
                opt.step(params, grads)
                steps += 1
                J = float(loss.value(*theta))
                if not (J < ESCAPE and np.all(np.abs(theta) < ESCAPE)):
                    return {"path": path, "losses": losses, "status": "diverged", "steps": steps - 1}
                path.append(theta.tolist())
                losses.append(J)
    return {"path": path, "losses": losses, "status": status, "steps": steps}


def initial(options: dict) -> dict:
    o = options
    runs = []
    for name, label, batch in (("full", f"full batch ({POINTS})", None), ("mini", f"mini-batch ({o['batch']})", o["batch"]),
                               ("single", "single sample (1)", 1)):
        run = descend(LOSS, batch, o["lr"], o["epochs"], o["seed"])
        per_epoch = 1 if batch is None else math.ceil(POINTS / batch)
        gaps = [J - LOSS.minimum for J in run["losses"]]
        tail = np.array(run["path"][-per_epoch:])  # the last epoch's positions: the jitter at the end
        runs.append({"name": name, "label": label, "status": run["status"], "steps": run["steps"],
                     "per_epoch": per_epoch, "path": run["path"], "loss": run["losses"][-1], "gap": gaps[-1],
                     "spread": float(np.sqrt(np.mean(np.sum((tail - tail.mean(axis=0)) ** 2, axis=1)))),
                     "curve": [[k / per_epoch, g] for k, g in enumerate(gaps)]})
    chart = series_chart([{"name": r["name"], "label": r["label"], "points": r.pop("curve")} for r in runs],
                         log=True, y_floor=1e-6)
    diverged = [r["label"] for r in runs if r["status"] == "diverged"]
    if diverged:
        message, kind = f"{', '.join(diverged)}: {DIVERGED_MESSAGE}.", "bad"
    else:
        single = runs[2]
        message, kind = (f"In the last epoch the single-sample run still wanders by {single['spread']:.3g} around its "
                         f"mean position, the mini-batch run by {runs[1]['spread']:.3g}: each step follows a noisy "
                         "estimate of the gradient."), "info"
    description = (f"Fitting a line to {POINTS} noisy points, η = {o['lr']:g}, {o['epochs']} epochs from "
                   f"(w, b) = {START}: " + "; ".join(
                       f"{r['label']} " + ("diverged" if r["status"] == "diverged" else
                                           f"{r['steps']} steps, ends {r['gap']:.3g} above the lowest loss")
                       for r in runs) + f". The lowest loss {LOSS.minimum:.4f} is at w = {LOSS.argmin[0]:.3f}, "
                   f"b = {LOSS.argmin[1]:.3f}.")
    return {"options": o, "map": surface_map(), "box": list(BOX), "start": list(START),
            "argmin": list(LOSS.argmin), "minimum": LOSS.minimum, "runs": runs, "chart": chart,
            "message": message, "message_kind": kind, "description": description}


CALLS = option_calls(OPTIONS, initial)
