"""Batch size (chapter 8): full-batch, mini-batch and single-sample paths on one loss surface.

A line y = w x + b is fitted to noisy points by SGD, the update rule of the
engine's optimizer (:mod:`engine.optimizers`, p ← p − η g), on the half mean
squared error of :class:`engine.surfaces.LinearRegressionLoss`. All three runs
use the same learning rate and the same number of epochs (passes over the
data); the mini-batch and single-sample runs shuffle the points every epoch and
cut them into consecutive batches, as :func:`engine.training.batches` does.
The steps are taken from per-batch sums (:func:`descend_uncached`), the same
numbers as the optimizer's to rounding, in a fraction of the time: a slider
move recomputes up to 1,500 steps. Full batch takes
one exact step per epoch; a batch of B takes m/B noisy steps; B = 1 takes m
steps, each from one point's gradient, and keeps jittering around the
minimum at a constant learning rate.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np

from engine.surfaces import LinearRegressionLoss
from engine.training import DIVERGED_MESSAGE

from .errors import WidgetInputError
from .kit.loss_map import loss_map
from .kit.option_calls import option_calls
from .kit.series_chart import chart_frame, plotted
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


def descend_uncached(loss: LinearRegressionLoss, batch: int | None, lr: float, epochs: int, seed: int) -> dict:
    """SGD from START, batches of ``batch`` points (None: all); the loss on all points after every step.

    The steps are those of the engine's SGD (:mod:`engine.optimizers`, p ← p − η g) on the batches of
    :func:`engine.training.batches` (one shuffle per epoch from ``seed``), taken without a numpy call per
    step: the batch gradient of the half MSE is linear in (w, b),

        ∂J_B/∂w = (w Σx² + b Σx − Σxy) / n,   ∂J_B/∂b = (w Σx + b n − Σy) / n   (sums over the batch),

    so the five sums of every batch of every epoch are taken at once (``np.add.reduceat``) and each step
    is a few float operations; the loss on all points comes from the same kind of sums
    (:meth:`LinearRegressionLoss.value`). The path equals the optimizer's to rounding (1e-12; see
    tests/widgets/test_batch_size.py, which runs the optimizer itself).
    """
    rng = np.random.default_rng(seed)
    m = loss.x.size
    if batch is None or batch >= m:  # batches() yields the whole set, unshuffled, once per epoch
        order, starts = np.arange(m), np.zeros(1, dtype=np.intp)
        repeat = epochs
    else:  # the permutations batches() draws, epoch after epoch, from the same generator
        order = np.concatenate([rng.permutation(m) for _ in range(epochs)])
        starts = np.arange(0, epochs * m, m)[:, None] + np.arange(0, m, batch)[None, :]
        starts, repeat = starts.ravel(), 1
    x, y = loss.x[order], loss.y[order]
    sums = [np.add.reduceat(v, starts).tolist() * repeat for v in (x * x, x, x * y, y)]
    ends = np.append(starts[1:], order.size)
    sizes = ((ends - starts).astype(np.float64)).tolist() * repeat
    sxx_all, sx_all, sxy_all, sy_all, syy_all = loss.moments
    w, b = START
    path, losses = [[w, b]], [loss.value(w, b)]
    lr = float(lr)
    for sxx, sx, sxy, sy, n in zip(*sums, sizes):
        gw, gb = (w * sxx + b * sx - sxy) / n, (w * sx + b * n - sy) / n
        w, b = w - lr * gw, b - lr * gb
        J = 0.5 * (w * w * sxx_all + 2 * w * b * sx_all + b * b - 2 * w * sxy_all - 2 * b * sy_all + syy_all)
        if not (J < ESCAPE and abs(w) < ESCAPE and abs(b) < ESCAPE):
            return {"path": path, "losses": losses, "status": "diverged", "steps": len(path) - 1}
        path.append([w, b])
        losses.append(J)
    return {"path": path, "losses": losses, "status": "ok", "steps": len(path) - 1}


# The full-batch and single-sample runs do not depend on the mini-batch slider: while it is dragged
# they are answered from here (same numbers, the run is deterministic) and only the mini-batch run is
# computed. Each run is kept as its row of the figure and its chart line, under an id naming
# everything it depends on; paths and points are tuples, so no caller can change what is kept.
_FRAMES: OrderedDict = OrderedDict()
_FRAMES_KEPT = 12


def run_frame(name: str, label: str, batch: int | None, options: dict) -> tuple[dict, dict]:
    """One run's row (steps, gap, spread, path …) and chart line (J − J* per epoch, log₁₀), remembered."""
    o = options
    run_id = f"{name}:{batch}:{float(o['lr'])!r}:{int(o['epochs'])}:{int(o['seed'])}"
    kept = _FRAMES.get(run_id)
    if kept is not None:
        try:
            _FRAMES.move_to_end(run_id)
        except KeyError:  # dropped meanwhile by another thread of the server: it is still the right frame
            pass
        return kept
    run = descend_uncached(LOSS, batch, o["lr"], o["epochs"], o["seed"])
    per_epoch = 1 if batch is None else math.ceil(POINTS / batch)
    gaps = [J - LOSS.minimum for J in run["losses"]]
    tail = np.array(run["path"][-per_epoch:])  # the last epoch's positions: the jitter at the end
    row = {"id": run_id, "name": name, "label": label, "status": run["status"], "steps": run["steps"],
           "per_epoch": per_epoch, "path": tuple(map(tuple, run["path"])), "loss": run["losses"][-1],
           "gap": gaps[-1], "spread": float(np.sqrt(np.mean(np.sum((tail - tail.mean(axis=0)) ** 2, axis=1))))}
    line = {"id": run_id, "name": name, "label": label,
            "points": tuple(map(tuple, plotted([[k / per_epoch, g] for k, g in enumerate(gaps)], log=True,
                                               y_floor=1e-6)))}
    _FRAMES[run_id] = row, line
    while len(_FRAMES) > _FRAMES_KEPT:
        _FRAMES.popitem(last=False)
    return row, line


def race(options: dict, have=()) -> dict:
    """The three runs for validated ``options``, their chart, message and description (no contour map).

    ``have``: ids of runs the page already holds (from an earlier reply); their ``path`` and chart
    ``points`` are left out, the rest (numbers, box, ticks) is all there.
    """
    o = options
    runs, lines = [], []
    for name, label, batch in (("full", f"full batch ({POINTS})", None), ("mini", f"mini-batch ({o['batch']})", o["batch"]),
                               ("single", "single sample (1)", 1)):
        row, line = run_frame(name, label, batch, o)
        runs.append(dict(row))
        lines.append(dict(line))
    chart = chart_frame(lines, log=True)
    for row, line in zip(runs, lines):
        if row["id"] in have:
            del row["path"], line["points"]
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
    return {"options": o, "runs": runs, "chart": chart, "message": message, "message_kind": kind,
            "description": description}


def initial(options: dict) -> dict:
    """First frame: the loss surface (contours, start, minimum) and the three runs."""
    return {"map": surface_map(), "box": list(BOX), "start": list(START), "argmin": list(LOSS.argmin),
            "minimum": LOSS.minimum, **race(options)}


def rerun(args: dict) -> dict:
    """The runs again for changed options, without the contour map (it never changes, and was more than
    half of every reply) nor the paths of the runs the page says it ``have``s (the unchanged full-batch
    and single-sample runs while the mini-batch slider moves)."""
    have = args.get("have", [])
    if not isinstance(have, list) or len(have) > 16 or not all(isinstance(h, str) and len(h) < 200 for h in have):
        raise WidgetInputError("have", "must be a list of at most 16 run ids from an earlier reply")
    return race(OPTIONS.validate(args.get("options")), frozenset(have))


CALLS = {**option_calls(OPTIONS, initial), "rerun": rerun}
INPUTS = {"rerun": {"type": "object", "properties": {
    "options": OPTIONS.json_schema(),
    "have": {"type": "array", "maxItems": 16, "items": {"type": "string"}, "default": [],
             "description": "ids of runs the page holds: their path and chart points are left out"}}}}
