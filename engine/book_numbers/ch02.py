"""Numbers quoted in chapter 2 (The Perceptron).

The worked example trains a perceptron on the AND gate, one sample at a time,
from the starting point below — the same start the chapter's perceptron
figure is given, so pressing its Step button replays the table row by row.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from engine.activations import sigmoid
from engine.datasets import logic_gate
from engine.perceptron import learning_rule, step, weighted_sum

# The start of the worked example: the OR gate's line, which AND must move.
START_W = (1.0, 1.0)
START_B = 0.0
ETA = 0.5
MAX_EPOCHS = 20


def _num(x: float) -> str:
    """Short decimal for use inside $math$: 1.0 -> '1', -0.5 -> '-0.5'."""
    return f"{x:g}"


def _cell(x: float) -> str:
    """The same for a table cell outside math, with a typographic minus."""
    return _num(x).replace("-", "\u2212")


def _signed(x: float) -> str:
    """An error y - y_hat for a table cell: '+1', '−1' or '0'."""
    return "0" if x == 0 else _cell(x) if x < 0 else f"+{x:g}"


def _vec(v, fmt=_num) -> str:
    return "(" + ", ".join(fmt(float(t)) for t in v) + ")"


@lru_cache(maxsize=1)
def and_training_run() -> dict:
    """Train on AND in sample order until an epoch passes without an update.

    Returns ``rows`` (one per visited sample: epoch, x, y, z, y_hat, w, b
    after the update), ``epochs`` (the error-free epoch included), ``updates``
    and the final ``w``, ``b``.
    """
    X, y = logic_gate("and")
    y = np.ravel(y)
    w, b = np.array(START_W, dtype=np.float64), START_B
    rows, updates = [], 0
    for epoch in range(1, MAX_EPOCHS + 1):
        mistakes = 0
        for i in range(X.shape[1]):
            w, b, y_hat, z = learning_rule(w, b, X[:, i], float(y[i]), ETA)
            changed = y_hat != y[i]
            mistakes += int(changed)
            rows.append({"epoch": epoch, "x": X[:, i].tolist(), "y": float(y[i]), "z": z,
                         "y_hat": y_hat, "w": w.tolist(), "b": b, "changed": changed})
        updates += mistakes
        if mistakes == 0:
            return {"rows": rows, "epochs": epoch, "updates": updates, "w": w.tolist(), "b": b}
    raise RuntimeError("the AND example did not converge; the chapter's text assumes it does")


def and_table() -> str:
    """The worked example as a Markdown table."""
    lines = [
        "| Epoch | $x$ | $y$ | $z$ | $\\hat{y}$ | $y - \\hat{y}$ | $w$ after | $b$ after |",
        "|---:|:---:|---:|---:|---:|---:|:---:|---:|",
    ]
    for row in and_training_run()["rows"]:
        error = row["y"] - row["y_hat"]
        mark = "**" if row["changed"] else ""
        lines.append(
            f"| {row['epoch']} | {_vec(row['x'], _cell)} | {_cell(row['y'])} | {_cell(row['z'])} | {_cell(row['y_hat'])} "
            f"| {mark}{_signed(error)}{mark} | {_vec(row['w'], _cell)} | {_cell(row['b'])} |"
        )
    return "\n".join(lines)


def and_probabilities() -> str:
    """sigma(w . x + b) for the four AND inputs with the learned weights, as a table."""
    run = and_training_run()
    X, y = logic_gate("and")
    z = np.array(run["w"]) @ X + run["b"]
    p = sigmoid(z)
    lines = ["| $x$ | $z$ | $\\sigma(z)$ | label $y$ |", "|:---:|---:|---:|---:|"]
    for i in range(X.shape[1]):
        lines.append(f"| {_vec(X[:, i], _cell)} | {_cell(float(z[i]))} | {float(p[i]):.3f} | {_cell(float(np.ravel(y)[i]))} |")
    return "\n".join(lines)


# Exercise 1: a perceptron set by hand, applied to the four corners of the unit square.
EX1_W = (2.0, -1.0)
EX1_B = -0.5
# Self-check: the AND weights of the gate table, applied to (1, 1).
QUIZ_W = (1.0, 1.0)
QUIZ_B = -1.5


def exercise_outputs() -> tuple[list[float], list[float]]:
    """z and y_hat of Exercise 1's perceptron for the inputs (0,0), (0,1), (1,0), (1,1)."""
    X, _ = logic_gate("and")
    z = weighted_sum(np.array(EX1_W), EX1_B, X)
    return [float(v) for v in z], [float(v) for v in step(z)]


def quiz_z() -> str:
    return _num(float(weighted_sum(np.array(QUIZ_W), QUIZ_B, np.array([[1.0], [1.0]]))[0]))


def sigmoid_at(z: float) -> str:
    return f"{float(sigmoid(np.array([z]))[0]):.4f}"


NUMBERS = {
    "ch02_and_start_w": lambda: _vec(START_W),
    "ch02_and_start_w1": lambda: _num(START_W[0]),
    "ch02_and_start_w2": lambda: _num(START_W[1]),
    "ch02_and_start_b": lambda: _num(START_B),
    "ch02_and_eta": lambda: _num(ETA),
    "ch02_and_table": and_table,
    "ch02_and_epochs": lambda: str(and_training_run()["epochs"]),
    "ch02_and_updates": lambda: str(and_training_run()["updates"]),
    "ch02_and_final_w": lambda: _vec(and_training_run()["w"]),
    "ch02_and_final_b": lambda: _num(and_training_run()["b"]),
    # the learned weights one by one, for figure options that start from them
    "ch02_and_final_w1": lambda: _num(and_training_run()["w"][0]),
    "ch02_and_final_w2": lambda: _num(and_training_run()["w"][1]),
    "ch02_and_probabilities": and_probabilities,
    "ch02_ex1_w": lambda: _vec(EX1_W),
    "ch02_ex1_b": lambda: _num(EX1_B),
    "ch02_ex1_z": lambda: ", ".join(_num(v) for v in exercise_outputs()[0]),
    "ch02_ex1_yhat": lambda: ", ".join(_num(v) for v in exercise_outputs()[1]),
    "ch02_quiz_z": quiz_z,
    "ch02_sigmoid_at_0": lambda: sigmoid_at(0.0),
    "ch02_sigmoid_at_2": lambda: sigmoid_at(2.0),
    "ch02_sigmoid_at_minus_2": lambda: sigmoid_at(-2.0),
}
