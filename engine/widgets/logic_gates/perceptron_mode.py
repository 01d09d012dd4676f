"""The logic-gates figure without a hidden layer: one perceptron learning a gate.

The perceptron visits the four rows of the truth table in order and applies
Rosenblatt's rule (:func:`engine.perceptron.learning_rule`) to each. On AND,
OR, NAND and NOT it stops after a few epochs (the convergence theorem of
Novikoff 1962, "On convergence proofs for perceptrons"); on XOR
it never does, and the figure proves it: the weights at the start of each
epoch are remembered, and once an epoch starts exactly where an earlier one
started, the rule is in a loop that repeats the same mistakes forever.

NOT has a single input. It is drawn on a number line, not in the plane: its
"line" w x + b = 0 is one threshold point x = -b / w. (Treating NOT as a
two-input gate with x2 ignored would put four points where the truth table
has two, two of them duplicates.)
"""

from __future__ import annotations

import numpy as np

from engine import datasets
from engine.perceptron import count_errors, predict, weighted_sum

from ..kit import validate
from ..kit.epoch_charts import bar_chart
from ..errors import WidgetInputError
from ..kit.geometry import boundary_segment, positive_region
from ..kit.perceptron_steps import is_converged, run_steps

MAX_EPOCHS = 100
# Train stops once the loop has gone round this many times, so the reader sees it repeat.
LOOP_ROUNDS_SHOWN = 3
# Weights equal to this (relative) tolerance count as "the same": learning rates such as
# 0.1 are not exact in binary, so a loop may come back a rounding error away.
SAME_WEIGHTS_TOL = 1e-9
BOX_2D = (-0.5, 1.5, -0.5, 1.5)
# NOT lives on a number line: the x axis of this box, shaded in a thin strip around y = 0.
BOX_1D = (-0.5, 1.5, -1.0, 1.0)
STRIP_1D = (-0.5, 1.5, -0.2, 0.2)


def gate_data(gate: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table: X (n_inputs, m) and y (m,)."""
    X, y = datasets.logic_gate(gate)
    return X, np.ravel(y)


def new_state(gate: str, w: list[float], b: float, eta: float) -> dict:
    """The state of a fresh run from weights ``w`` (one per input) and bias ``b``."""
    return {"mode": "perceptron", "gate": gate, "w": list(w), "b": float(b), "eta": float(eta), "epoch": 0,
            "position": 0, "updates_this_epoch": 0, "history": [], "epoch_starts": [[*w, float(b)]]}


def read_state(state: dict) -> dict:
    """Validate a perceptron-mode state sent back by the page."""
    gate = validate.choice(state, "gate", None, datasets.GATE_NAMES)
    n_inputs = 1 if gate == "not" else 2
    clean = {"mode": "perceptron", "gate": gate}
    clean["w"] = validate.number_list(state, "w", None, n_inputs, lo=-1e6, hi=1e6)
    clean["b"] = validate.number(state, "b", None, -1e6, 1e6)
    # eta is an option of the figure: the package checks it with its table.
    clean["epoch"] = validate.integer(state, "epoch", 0, 0, MAX_EPOCHS)
    clean["position"] = validate.integer(state, "position", 0, 0, 3 if n_inputs == 2 else 1)
    clean["updates_this_epoch"] = validate.integer(state, "updates_this_epoch", 0, 0, 4)
    history = state.get("history", [])
    if not isinstance(history, list) or len(history) != clean["epoch"] or not all(
        isinstance(h, int) and not isinstance(h, bool) and 0 <= h <= 4 for h in history
    ):
        raise WidgetInputError("state.history", "must list one error count (0 to 4) per finished epoch")
    clean["history"] = history
    starts = state.get("epoch_starts")
    if not isinstance(starts, list) or len(starts) != clean["epoch"] + 1:
        raise WidgetInputError("state.epoch_starts", "must hold the weights at the start of every epoch so far")
    clean["epoch_starts"] = [validate.number_list({"start": s}, "start", None, n_inputs + 1) for s in starts]
    return clean


def _same(a: list[float], b: list[float]) -> bool:
    scale = 1.0 + max(abs(v) for v in a + b)
    return all(abs(p - q) <= SAME_WEIGHTS_TOL * scale for p, q in zip(a, b))


def find_loop(state: dict) -> dict | None:
    """The first repeat among the epoch-start weights, if the rule is cycling.

    Returns ``{"from_epoch": j, "to_epoch": k, "period": k - j}`` (1-based
    epochs) when epoch k starts with the same weights as epoch j < k while
    still making mistakes; the rule is deterministic, so from there on it
    repeats epochs j .. k-1 forever. None while no repeat has happened, and
    None once converged (unchanged weights with no mistakes are a fixed point,
    not a loop).
    """
    history, starts = state["history"], state["epoch_starts"]
    if not history or history[-1] == 0:
        return None
    for k in range(1, len(starts)):
        for j in range(k):
            if _same(starts[j], starts[k]) and any(history[j:k]):
                return {"from_epoch": j + 1, "to_epoch": k + 1, "period": k - j}
    return None


def _remember_epoch_start(state: dict, w: np.ndarray, b: float) -> None:
    # the weights at each epoch's start reveal the loop on XOR
    state["epoch_starts"] = state["epoch_starts"] + [[*w.tolist(), float(b)]]


def step(state: dict, steps: int) -> tuple[dict, dict | None]:
    """Apply the learning rule to ``steps`` samples in order; returns (state, last update)."""
    X, y = gate_data(state["gate"])
    update = run_steps(state, X, y, steps, MAX_EPOCHS, on_epoch_end=_remember_epoch_start)
    return state, update


def _display_points(X: np.ndarray) -> list[list[float]]:
    """Where each truth-table row is drawn: (x1, x2), or (x, 0) on NOT's number line."""
    if X.shape[0] == 1:
        return [[float(x), 0.0] for x in X[0]]
    return X.T.tolist()


def frame(state: dict) -> dict:
    """What the figure draws for the current weights: the line, the two regions, the table, the chart."""
    X, y = gate_data(state["gate"])
    w, b = np.array(state["w"]), state["b"]
    one_d = X.shape[0] == 1
    # NOT's threshold point is the line w x + 0 * x2 + b = 0 crossing a thin strip around the x axis.
    w2d = [float(w[0]), 0.0] if one_d else w.tolist()
    area = STRIP_1D if one_d else BOX_2D
    z = weighted_sum(w, b, X)
    predictions = predict(w, b, X)
    rows = [{"x": X[:, i].tolist(), "target": float(y[i]), "z": float(z[i]), "prediction": float(predictions[i]),
             "wrong": bool(predictions[i] != y[i])} for i in range(X.shape[1])]
    return {
        "box": list(BOX_1D if one_d else BOX_2D),
        "one_d": one_d,
        "points": _display_points(X),
        "segment": boundary_segment(w2d, b, area),
        "region": positive_region(w2d, b, area),
        "region_zero": positive_region([-v for v in w2d], -b, area),
        "threshold": (-b / float(w[0]) if one_d and w[0] != 0 else None),
        "rows": rows,
        "errors": count_errors(w, b, X, y),
        "chart": bar_chart(state["history"], min_top=X.shape[1]),
    }


def result(state: dict, update: dict | None) -> dict:
    """The page's whole answer: state, frame, status flags, a message and the text alternative."""
    fr = frame(state)
    converged = is_converged(state)
    loop = find_loop(state)
    m = len(fr["rows"])
    gate = state["gate"].upper()
    # The bars of the epochs since the loop began, for the chart to mark.
    fr["chart"]["highlight"] = list(range(loop["from_epoch"] - 1, state["epoch"])) if loop else []
    loop_shown = loop is not None and state["epoch"] >= loop["to_epoch"] - 1 + LOOP_ROUNDS_SHOWN * loop["period"]
    if converged:
        message, kind = (f"Learned {gate} in {state['epoch']} epoch{'s' if state['epoch'] != 1 else ''}: a whole epoch "
                         f"without an update, every row of the truth table is right."), "good"
    elif loop is not None:
        rounds = "epoch" if loop["period"] == 1 else f"{loop['period']} epochs"
        message = (f"Epoch {loop['to_epoch']} started with exactly the weights of epoch {loop['from_epoch']}: the rule is "
                   f"in a loop and will repeat the same mistakes every {rounds}, forever. "
                   + (f"{gate} is not linearly separable: no line has (0, 1) and (1, 0) on one side and "
                      f"(0, 0) and (1, 1) on the other. Tick \u201cadd a hidden layer\u201d to solve it."
                      if state["gate"] == "xor" else ""))
        kind = "warn"
    elif state["epoch"] >= MAX_EPOCHS:
        message, kind = f"Still {fr['errors']} mistakes after {MAX_EPOCHS} epochs.", "warn"
    else:
        message, kind = "", "info"
    if fr["one_d"]:
        where = (f"threshold at x = {fr['threshold']:.3f}" if fr["threshold"] is not None else "no threshold (w = 0)")
        weights = f"w = {state['w'][0]:.3f}, b = {state['b']:.3f} ({where})"
    else:
        weights = f"w1 = {state['w'][0]:.3f}, w2 = {state['w'][1]:.3f}, b = {state['b']:.3f}"
    description = (f"A perceptron learning the {gate} gate: {weights}; {fr['errors']} of {m} rows of the truth table "
                   f"wrong after {state['epoch']} epochs. Errors per epoch: "
                   f"{', '.join(map(str, state['history'])) or 'none yet'}.")
    return {"state": state, "frame": fr, "update": update, "converged": converged, "loop": loop,
            "done": converged or loop_shown or state["epoch"] >= MAX_EPOCHS,
            "message": message, "message_kind": kind, "description": description}
