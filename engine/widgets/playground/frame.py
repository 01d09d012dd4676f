"""What the page draws after a train call: heat maps, neuron thumbnails, weights, losses.

The grids are sent as bytes (base64 of uint8), not as JSON number lists: a
frame of the largest network holds about 15,000 values, and encoding them as
text would cost the worker more than an epoch of training. A byte b stands
for the value ``b / 255 * 2 - 1`` in [-1, 1]; the page only maps bytes to
colours (static/js/widgets/playground.js).

- ``output``: the network's output on an ``OUTPUT_GRID`` x ``OUTPUT_GRID`` grid
  over [-6, 6]^2 (rows from top, x2 = +6, to bottom): 2p - 1 for two classes,
  the prediction clipped to [-1, 1] for regression; with 3-5 classes the
  winning class per cell (``winner``, bytes 0..k-1) and its probability
  (``confidence``, as 2p - 1).
- ``neurons``: per layer (inputs first, then each hidden layer), per neuron,
  its output on a coarser ``THUMB_GRID`` grid, clipped to [-1, 1] as
  Playground colours them; input features are scaled by their largest value
  on the square so each spans the colours.
"""

from __future__ import annotations

import base64

import numpy as np

from .data import EXTENT
from .features import LABELS, feature_matrix
from .table import MULTICLASS_SETS

OUTPUT_GRID = 50
THUMB_GRID = 16
DIGITS = 4


def grid_points(n: int) -> np.ndarray:
    """(2, n*n): cell centres, row by row from the top (x2 = +6) and left (x1 = -6)."""
    centres = (np.arange(n) + 0.5) / n * 2 * EXTENT - EXTENT
    x1, x2 = np.meshgrid(centres, centres[::-1])
    return np.vstack([x1.ravel(), x2.ravel()])


_GRIDS = {n: grid_points(n) for n in (OUTPUT_GRID, THUMB_GRID)}


def byte_rows(values: np.ndarray) -> np.ndarray:
    """Values in [-1, 1] (clipped; NaN as 0) as one byte each, b = rint((v + 1) · 127.5), any shape."""
    v = np.clip(values, -1.0, 1.0)
    v[np.isnan(v)] = 0.0
    v += 1.0
    v *= 127.5
    return np.rint(v).astype(np.uint8)


def to_bytes(values: np.ndarray) -> str:
    """Values in [-1, 1] (clipped; NaN as 0) as base64 of one byte each."""
    return base64.b64encode(byte_rows(values).tobytes()).decode("ascii")


def rows_to_bytes(values: np.ndarray) -> list[str]:
    """``[to_bytes(row) for row in values]`` with the arithmetic done once for all rows: a frame of the
    largest network has 48 neuron thumbnails, and per-row numpy calls cost the worker more than the sums."""
    return [base64.b64encode(row.tobytes()).decode("ascii") for row in byte_rows(values)]


def _grid_features(features: list[str]) -> tuple[np.ndarray, int]:
    """The features of both grids side by side (output grid first) and the output grid's column count.

    The grids never move, so this is computed once per choice of features."""
    key = tuple(features)
    if key not in _GRID_FEATURES:
        both = np.hstack([feature_matrix(_GRIDS[OUTPUT_GRID], features), feature_matrix(_GRIDS[THUMB_GRID], features)])
        both.setflags(write=False)  # shared by every frame: nothing may write into it
        _GRID_FEATURES[key] = both
    return _GRID_FEATURES[key], OUTPUT_GRID * OUTPUT_GRID


_GRID_FEATURES: dict[tuple, np.ndarray] = {}


def _output_maps(out: np.ndarray, run) -> dict:
    if run.regression:
        return {"output": to_bytes(out[0])}
    if run.classes == 2:
        return {"output": to_bytes(2.0 * out[0] - 1.0)}
    winner = np.argmax(out, axis=0).astype(np.uint8)
    return {"winner": base64.b64encode(winner.tobytes()).decode("ascii"),
            "output": to_bytes(2.0 * out.max(axis=0) - 1.0)}


def _neuron_maps(F: np.ndarray, hidden: list[np.ndarray]) -> list[list[str]]:
    inputs = rows_to_bytes(F / np.maximum(np.abs(F).max(axis=1, keepdims=True), 1e-12))
    if not hidden:
        return [inputs]
    codes = rows_to_bytes(np.vstack(hidden))
    cuts = np.cumsum([0] + [a.shape[0] for a in hidden]).tolist()
    return [inputs, *(codes[a:b] for a, b in zip(cuts[:-1], cuts[1:]))]


def grid_maps(run) -> dict:
    """The output heat map and every neuron's thumbnail from ONE forward pass (evaluation mode) over
    both grids side by side: a separate pass for the thumbnails cost the worker as much again in
    per-layer overhead. Each column is its own point, so the values are those of separate passes."""
    F, m = _grid_features(run.features)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        _, out, hidden = run.forward(F)
    return {"neurons": _neuron_maps(F[:, m:], [a[:, m:] for a in hidden]), **_output_maps(out[:, :m], run)}


def _rounded(a) -> list:
    return np.round(np.asarray(a, dtype=np.float64), DIGITS).tolist()


def weights(run) -> list[dict]:
    """Per layer l = 1..L: W (n_l x n_(l-1)) and b (n_l), rounded for the picture and hover."""
    return [{"W": _rounded(row["W"]), "b": _rounded(np.ravel(row["b"]))} for row in run.net.trace()]


def points(run) -> dict:
    """The training and test points, [x1, x2, label or target] each, for drawing over the heat map."""
    def rows(X, y):
        return np.round(np.vstack([X, np.asarray(y, dtype=np.float64)[None, :]]).T, 4).tolist()
    return {"train": rows(run.X_train, run.y_train), "test": rows(run.X_test, run.y_test)}


def describe(run) -> str:
    task = ("regression" if run.regression else
            f"{run.classes}-class classification")
    shape = " × ".join(str(n) for n in run.sizes[1:-1]) or "no hidden layer"
    o = run.options
    n = run.X_train.shape[1] + run.X_test.shape[1]
    data = (f"your own data ({n} points" if o["dataset"] == "custom" else
            f"{o['dataset']} data ({n} points, noise {o['noise']}") + f", {o['train_ratio']} % for training)"
    text = (f"Playground, {task} on {data}, network {shape} "
            f"({run.options['activation']}), epoch {run.epoch}: training loss {run.train_loss:.3g}, "
            f"test loss {run.test_loss:.3g}.")
    if run.message:
        text += f" Training {run.message}." if run.status == "diverged" else f" {run.message[0].upper()}{run.message[1:]}."
    return text


def frame(run, *, full: bool, added: list | None = None) -> dict:
    """The drawing of a run now. ``full`` adds what changes only on a restart: points, history, labels."""
    out = {
        "epoch": run.epoch,
        "train_loss": run.train_loss,  # full precision: the browser and the server agree to 1e-12
        "test_loss": run.test_loss,
        "lr": run.optimizer.lr,
        "status": run.status,
        "message": run.message,
        "grad_norms": [round(g, 6) for g in run.grad_norms],
        "sizes": run.sizes,
        "weights": weights(run),
        "grid": {"output": OUTPUT_GRID, "thumb": THUMB_GRID, "extent": EXTENT},
        "curve": [[e, round(a, 6), round(b, 6)] for e, a, b in (added if added is not None else [])],
        "description": describe(run),
        **grid_maps(run),
    }
    if full:
        out.update(
            full=True,
            options=dict(run.options),
            classes_apply=run.options["dataset"] in MULTICLASS_SETS,  # the page turns the classes slider off else
            problem="regression" if run.regression else "classification",
            classes=run.classes,
            features=[LABELS[f] for f in run.features],
            points=points(run),
            curve=[[e, round(a, 6), round(b, 6)] for e, a, b in _thinned(run.history)],
            start_loss=[round(run.train_loss, 6), round(run.test_loss, 6)] if not run.history else None,
        )
    return out


def _thinned(history: list, most: int = 600) -> list:
    """At most ``most`` rows of the loss history (every k-th, and always the last)."""
    if len(history) <= most:
        return history
    k = -(-len(history) // most)
    return history[::k] + ([history[-1]] if (len(history) - 1) % k else [])
