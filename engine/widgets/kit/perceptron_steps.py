"""The perceptron learning rule applied sample by sample, with the bookkeeping a figure shows.

Shared by the `perceptron` and `logic-gates` figures. ``state`` is the plain
dict a figure sends back: ``w``, ``b``, ``eta``, ``epoch``, ``position`` (next
sample), ``updates_this_epoch`` and ``history`` (updates per finished epoch).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from engine.perceptron import learning_rule


def is_converged(state: dict) -> bool:
    """A whole epoch without a single update: every sample is right and nothing will change."""
    return bool(state["history"]) and state["history"][-1] == 0 and state["position"] == 0


def run_steps(state: dict, X: np.ndarray, y: np.ndarray, steps: int, max_epochs: int,
              on_epoch_end: Callable[[dict, np.ndarray, float], None] | None = None) -> dict | None:
    """Apply ``w <- w + eta (y - y_hat) x`` to the next ``steps`` samples (X is (n, m), y is (m,)).

    Stops early at convergence or after ``max_epochs``. Updates ``state`` in
    place and returns the last update with every number of the rule, for display.
    """
    m = X.shape[1]
    w, b = np.array(state["w"], dtype=np.float64), state["b"]
    update = None
    for _ in range(steps):
        if state["epoch"] >= max_epochs or is_converged(state):
            break
        i = state["position"]
        w_before, b_before = w.tolist(), b
        w, b, y_hat, z = learning_rule(w, b, X[:, i], y[i], state["eta"])
        error = float(y[i] - y_hat)
        update = {"index": i, "x": X[:, i].tolist(), "y": float(y[i]), "z": z, "y_hat": y_hat, "error": error,
                  "w_before": w_before, "b_before": b_before, "w_after": w.tolist(), "b_after": b,
                  "eta": state["eta"]}
        state["updates_this_epoch"] += int(error != 0)
        state["position"] += 1
        if state["position"] == m:
            state["history"] = (state["history"] + [state["updates_this_epoch"]])[-max_epochs:]
            state["epoch"] += 1
            state["position"] = 0
            state["updates_this_epoch"] = 0
            if on_epoch_end is not None:
                on_epoch_end(state, w, b)
    state["w"], state["b"] = w.tolist(), float(b)
    return update
