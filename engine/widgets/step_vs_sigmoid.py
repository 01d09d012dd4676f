"""The step-vs-sigmoid widget (chapter 2): one set of weights, two output functions.

The same z = w1 x1 + w2 x2 + b goes through the perceptron's step (two hard
regions, 0 or 1) and through the sigmoid (a probability that fades across the
same line, drawn with contours at p = 0.1, ..., 0.9). Then logistic
regression trains those weights by full-batch gradient descent on the mean
binary cross-entropy (:mod:`engine.logistic_regression`), and the figure
follows the contours and the loss.

Because the sigmoid is monotone, the contour p = q is the straight line
w . x + b = logit(q) = ln(q / (1 - q)), parallel to the step's boundary
(q = 0.5, logit 0); the contours are computed exactly that way, not traced.

On separable data such as AND the cross-entropy has no minimum at finite
weights: gradient descent keeps growing w, the contours crowd together and
the sigmoid approaches the step (Soudry et al. 2018, "The implicit bias of
gradient descent on separable data", JMLR 19). Its gradient is bounded
(|p - y| <= 1), so a large learning rate overshoots -- the loss goes up on
some steps -- but cannot produce infinities; a non-finite value is still
guarded against and reported as divergence.
"""

from __future__ import annotations

import math

import numpy as np

from engine import datasets
from engine import logistic_regression as logreg
from engine.activations import sigmoid
from engine.perceptron import predict as step_predict
from engine.training import DIVERGED_MESSAGE

from .errors import WidgetInputError
from .kit import validate
from .kit.epoch_charts import line_chart, record_thinned
from .kit.geometry import boundary_segment, positive_region
from .kit.probability_map import probability_map
from .options import Option, Options

CAPTION = ("Step and sigmoid: the same weighted sum through a hard threshold and through the sigmoid, "
           "then trained by gradient descent on the cross-entropy.")
SEPARABLE_POINTS = 20
OPTIONS = Options(
    Option("dataset", "choice", "and", label="data",
           choices=[("and", "AND gate"), ("separable", f"{SEPARABLE_POINTS} separable points")]),
    Option("w1", "number", 1.0, min=-10, max=10, step=0.05, label="w₁"),
    Option("w2", "number", 0.5, min=-10, max=10, step=0.05, label="w₂"),
    Option("b", "number", -1.5, min=-10, max=10, step=0.05, label="b"),
    # 0.01 to 20: small enough for a smooth descent, large enough to see the loss overshoot.
    Option("eta", "number", 2.0, min=0.01, max=20, step=0.01, label="learning rate η"),
    Option("seed", "integer", 0, min=0, max=2**31 - 1, control="hidden", label="seed of the separable points"),
)
CONTOUR_LEVELS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MAX_EPOCHS = 2000
MAX_EPOCHS_PER_CALL = 500
TARGET_LOSS = 0.05
MAX_LOSS_POINTS = 200
GRID = 40
TABLE_MAX_ROWS = 8


def points(dataset: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """X (2, m) and y (m,)."""
    if dataset == "and":
        X, y = datasets.logic_gate("and")
    else:
        X, y = datasets.linearly_separable(n=SEPARABLE_POINTS, seed=seed)
    return X, np.ravel(y)


def view_box(dataset: str, X: np.ndarray) -> list[float]:
    """The unit square with a margin for AND; the data's bounding square, padded, otherwise."""
    if dataset == "and":
        return [-0.5, 1.5, -0.5, 1.5]
    lo, hi = float(X.min()), float(X.max())
    pad = 0.2 * (hi - lo)
    return [lo - pad, hi + pad, lo - pad, hi + pad]


def _new_run(dataset: str, seed: int, w: list[float], b: float, eta: float) -> dict:
    X, y = points(dataset, seed)
    loss = logreg.loss(w, b, X, y)
    return {"dataset": dataset, "seed": seed, "w": [float(v) for v in w], "b": float(b), "eta": float(eta),
            "epoch": 0, "losses": [[0, loss]], "stride": 1, "rises": 0}


def initial(options: dict) -> dict:
    """First frame for the (validated) options: start weights ``w1``, ``w2``, ``b``, learning rate ``eta``."""
    o = options
    return _result(_new_run(o["dataset"], o["seed"], [o["w1"], o["w2"]], o["b"], o["eta"]))


def _read_state(args: dict) -> dict:
    state = args.get("state")
    if not isinstance(state, dict):
        raise WidgetInputError("state", "must be the widget state returned by a previous call")
    clean = {"dataset": OPTIONS["dataset"].check(state.get("dataset")),
             "seed": OPTIONS["seed"].check(state.get("seed", 0)),
             "w": validate.number_list(state, "w", None, 2, lo=-1e6, hi=1e6),
             "b": validate.number(state, "b", None, -1e6, 1e6),
             "eta": OPTIONS["eta"].check(state.get("eta")),
             "epoch": validate.integer(state, "epoch", 0, 0, MAX_EPOCHS),
             "stride": validate.integer(state, "stride", 1, 1, 2**20)}
    clean["rises"] = validate.integer(state, "rises", 0, 0, clean["epoch"])
    clean["losses"] = validate.loss_history(state, "losses", MAX_LOSS_POINTS + 1, clean["epoch"])
    return clean


def _logit(q: float) -> float:
    return math.log(q / (1.0 - q))


def _frame(state: dict) -> dict:
    X, y = points(state["dataset"], state["seed"])
    w, b = state["w"], state["b"]
    box = view_box(state["dataset"], X)
    z = logreg.logits(w, b, X)
    p = sigmoid(z)
    hard = step_predict(w, b, X)
    loss = logreg.loss(w, b, X, y)
    curve = state["losses"] if state["losses"][-1][0] == state["epoch"] else state["losses"] + [[state["epoch"], loss]]
    rows = [{"x": X[:, i].tolist(), "y": float(y[i]), "z": float(z[i]), "step": float(hard[i]), "p": float(p[i])}
            for i in range(X.shape[1])]
    return {
        "box": box,
        "points": X.T.tolist(),
        "labels": y.tolist(),
        "step": {"region": positive_region(w, b, box), "region_zero": positive_region([-w[0], -w[1]], -b, box),
                 "segment": boundary_segment(w, b, box)},
        "sigmoid": {"heat": probability_map(lambda P: logreg.predict_proba(w, b, P), box, GRID, levels=()),
                    "contours": [{"level": q, "segment": boundary_segment(w, b - _logit(q), box)}
                                 for q in CONTOUR_LEVELS]},
        "rows": rows if len(rows) <= TABLE_MAX_ROWS else None,
        "loss": loss,
        "wrong": (hard != y).tolist(),
        "errors": int(np.sum(hard != y)),
        "chart": line_chart(curve),
    }


def _result(state: dict, status: str = "ok") -> dict:
    fr = _frame(state)
    m = len(fr["points"])
    if status == "diverged":
        message, kind = DIVERGED_MESSAGE, "bad"
    elif fr["loss"] < TARGET_LOSS:
        bumpy = f" On the way it went up on {state['rises']} steps." if state["rises"] else ""
        message, kind = (f"Loss below {TARGET_LOSS} after {state['epoch']} epochs.{bumpy} It would keep falling "
                         "forever: once every point is on its side, scaling the weights up lowers the loss again, so "
                         "the weights grow without bound and the sigmoid sharpens towards the step."), "good"
    elif state["rises"]:
        message, kind = (f"The loss went up on {state['rises']} of the {state['epoch']} steps so far: at this learning "
                         "rate a step carries the weights past the lowest point in its direction, to a higher loss on "
                         "the far side. Lower the learning rate for a smooth descent."), "warn"
    elif state["epoch"] >= MAX_EPOCHS:
        message, kind = f"Stopped after {MAX_EPOCHS} epochs.", "info"
    else:
        message, kind = "", "info"
    w, b = state["w"], state["b"]
    what = "the AND gate" if state["dataset"] == "and" else f"{m} separable points"
    description = (
        f"Weights w1 = {w[0]:.3f}, w2 = {w[1]:.3f}, b = {b:.3f} on {what}. Left, the step: the line "
        f"w1 x1 + w2 x2 + b = 0 splits the plane into output 1 and output 0, with {fr['errors']} of {m} points on "
        f"the wrong side. Right, the sigmoid of the same sum: a probability shading with parallel contour lines "
        f"from 0.1 to 0.9. Cross-entropy loss {fr['loss']:.4f} after {state['epoch']} epochs of gradient descent."
    )
    return {"state": state, "frame": fr, "status": status,
            "done": status == "diverged" or fr["loss"] < TARGET_LOSS or state["epoch"] >= MAX_EPOCHS,
            "message": message, "message_kind": kind, "description": description}


def evaluate(args: dict) -> dict:
    """Redraw for weights set by hand: a new run starts from them (epoch 0, a fresh loss curve)."""
    state = _read_state(args)
    return _result(_new_run(state["dataset"], state["seed"], state["w"], state["b"], state["eta"]))


def step(args: dict) -> dict:
    """``steps`` epochs (1 to 500) of full-batch gradient descent: w <- w - eta dL/dw, b <- b - eta dL/db."""
    state = _read_state(args)
    steps = min(validate.integer(args, "steps", 1, 1, MAX_EPOCHS_PER_CALL), MAX_EPOCHS - state["epoch"])
    X, y = points(state["dataset"], state["seed"])
    w, b = np.array(state["w"]), state["b"]
    previous = logreg.loss(w, b, X, y)
    losses, status = [], "ok"
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(steps):
            dw, db = logreg.gradient(w, b, X, y)
            w_next, b_next = w - state["eta"] * dw, b - state["eta"] * db
            loss = logreg.loss(w_next, b_next, X, y)
            if not (math.isfinite(loss) and np.all(np.isfinite(w_next)) and math.isfinite(b_next)):
                status = "diverged"  # keep the last finite weights on screen
                break
            state["rises"] += int(loss > previous)
            w, b, previous = w_next, b_next, loss
            losses.append(loss)
    state["losses"], state["stride"] = record_thinned(state["losses"], state["stride"], losses, state["epoch"] + 1,
                                                      MAX_LOSS_POINTS)
    state["epoch"] += len(losses)
    state["w"], state["b"] = w.tolist(), float(b)
    return _result(state, status)


def reset(args: dict) -> dict:
    """Back to the first frame of ``options``."""
    return initial(OPTIONS.validate(args.get("options")))


CALLS = {"initial": initial, "evaluate": evaluate, "step": step, "reset": reset}
