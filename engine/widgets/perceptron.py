"""The perceptron widget (chapter 2): a line, two half-planes, and the learning rule.

State travels whole between the page and the engine (plain lists), so every
call is a pure function and the browser worker and the server API agree.
"""

from __future__ import annotations

import numpy as np

from engine import datasets
from engine.perceptron import count_errors, predict

from .errors import WidgetInputError
from .kit import validate
from .kit.geometry import boundary_segment, positive_region
from .kit.perceptron_steps import is_converged, run_steps
from .options import Option, Options

CAPTION = "The perceptron: drag the weights, or let the learning rule move the line until every point is on its side."
OPTIONS = Options(
    Option("dataset", "choice", "and", label="data",
           choices=[("and", "AND gate"), ("or", "OR gate"), ("separable", "Random separable points")]),
    Option("w1", "number", 0.5, min=-5, max=5, step=0.05, label="w₁"),
    Option("w2", "number", -0.5, min=-5, max=5, step=0.05, label="w₂"),
    Option("b", "number", 0.1, min=-5, max=5, step=0.05, label="b"),
    Option("eta", "number", 0.1, min=0.01, max=1, step=0.01, label="learning rate η"),
    Option("seed", "integer", 0, min=0, max=2**31 - 1, control="hidden", label="seed of the random points"),
)
MAX_EPOCHS = 100


def _points(dataset: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    if dataset == "separable":
        return datasets.linearly_separable(n=30, seed=seed)
    return datasets.logic_gate(dataset)


def _view_box(X: np.ndarray) -> list[float]:
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = 0.25 * max(float(np.max(hi - lo)), 1.0)
    return [float(lo[0] - pad), float(hi[0] + pad), float(lo[1] - pad), float(hi[1] + pad)]


def _frame(state: dict) -> dict:
    """What the figure draws for the current weights."""
    X = np.array([state["points"]["x1"], state["points"]["x2"]], dtype=np.float64)
    y = np.array(state["points"]["y"], dtype=np.float64)
    w, b = state["w"], state["b"]
    box = tuple(state["box"])
    errors = count_errors(np.array(w), b, X, y)
    return {
        "segment": boundary_segment(w, b, box),
        "region": positive_region(w, b, box),
        "region_zero": positive_region([-w[0], -w[1]], -b, box),
        "predictions": predict(np.array(w), b, X).tolist(),
        "errors": errors,
    }


def _read_state(args: dict) -> dict:
    """Validate a state sent back by the page (or by an API client)."""
    state = args.get("state")
    if not isinstance(state, dict):
        raise WidgetInputError("state", "must be the widget state returned by a previous call")
    points = state.get("points")
    if not isinstance(points, dict) or not all(isinstance(points.get(k), list) for k in ("x1", "x2", "y")):
        raise WidgetInputError("state.points", "must hold lists x1, x2 and y")
    m = len(points["y"])
    if not 1 <= m <= 500 or len(points["x1"]) != m or len(points["x2"]) != m:
        raise WidgetInputError("state.points", "x1, x2 and y must have the same length, 1 to 500")
    clean = dict(state)
    clean["points"] = {
        "x1": validate.number_list(points, "x1", None, m),
        "x2": validate.number_list(points, "x2", None, m),
        "y": validate.number_list(points, "y", None, m, lo=0, hi=1),
    }
    clean["w"] = validate.number_list(state, "w", None, 2, lo=-1e6, hi=1e6)
    clean["b"] = validate.number(state, "b", 0.0, -1e6, 1e6)
    clean["eta"] = OPTIONS["eta"].check(state.get("eta"))
    clean["box"] = validate.number_list(state, "box", None, 4)
    clean["epoch"] = validate.integer(state, "epoch", 0, 0, 10**6)
    clean["position"] = validate.integer(state, "position", 0, 0, m - 1)
    clean["updates_this_epoch"] = validate.integer(state, "updates_this_epoch", 0, 0, 10**6)
    history = state.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, int) and h >= 0 for h in history):
        raise WidgetInputError("state.history", "must be a list of non-negative integers")
    clean["history"] = history[-MAX_EPOCHS:]
    return clean


def initial(options: dict) -> dict:
    """First frame for the (validated) options: the data, and the line of the start weights."""
    X, y = _points(options["dataset"], options["seed"])
    state = {
        "dataset": options["dataset"],
        "seed": options["seed"],
        "points": {"x1": X[0].tolist(), "x2": X[1].tolist(), "y": np.ravel(y).tolist()},
        "w": [options["w1"], options["w2"]],
        "b": options["b"],
        "eta": options["eta"],
        "box": _view_box(X),
        "epoch": 0,
        "position": 0,
        "updates_this_epoch": 0,
        "history": [],
    }
    return _result(state, None)


def _result(state: dict, update: dict | None) -> dict:
    frame = _frame(state)
    converged = is_converged(state)
    m = len(state["points"]["y"])
    description = (
        f"Perceptron on the {state['dataset'].upper() if state['dataset'] != 'separable' else 'random separable'} data: "
        f"w1 = {state['w'][0]:.3f}, w2 = {state['w'][1]:.3f}, b = {state['b']:.3f}; "
        f"{frame['errors']} of {m} points misclassified after {state['epoch']} epochs."
    )
    return {"state": state, "frame": frame, "update": update, "converged": converged,
            "gave_up": state["epoch"] >= MAX_EPOCHS and not converged, "description": description}


def evaluate(args: dict) -> dict:
    """Redraw for weights set by hand (sliders): ``state`` with new ``w``/``b``."""
    return _result(_read_state(args), None)


def step(args: dict) -> dict:
    """Apply the learning rule to ``steps`` samples (default 1) in order, epoch by epoch."""
    state = _read_state(args)
    steps = validate.integer(args, "steps", 1, 1, 10_000)
    X = np.array([state["points"]["x1"], state["points"]["x2"]], dtype=np.float64)
    y = np.array(state["points"]["y"], dtype=np.float64)
    update = run_steps(state, X, y, steps, MAX_EPOCHS)
    return _result(state, update)


def reset(args: dict) -> dict:
    """Back to the first frame of the same options."""
    return initial(OPTIONS.validate(args.get("options")))


CALLS = {"initial": initial, "evaluate": evaluate, "step": step, "reset": reset}
