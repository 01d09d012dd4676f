"""The logic-gates figure with a hidden layer: a 2-2-1 network that learns XOR.

    h = f(W1 x + b1)        W1 (2, 2), b1 (2, 1), f = tanh or sigmoid
    p = sigmoid(W2 h + b2)  W2 (1, 2), b2 (1, 1)

trained by full-batch gradient descent on the binary cross-entropy of the
four truth-table rows (:func:`engine.training.train` with SGD on the whole
table, so one epoch is one gradient step). Each hidden unit is a perceptron
with a smooth step: it draws its own line W1[j] . x + b1[j] = 0, and the
output unit combines the two half-planes into a region no single line can
bound. Weights start from the engine's seeded Xavier initialisation.

Small networks on XOR can get stuck: some starts lead gradient descent onto a
flat stretch of the loss with rows still wrong. The figure says so (the loss
has barely moved for a while) and offers another seed.
"""

from __future__ import annotations

import numpy as np

from engine.network import Network
from engine.optimizers import SGD
from engine.training import DIVERGED_MESSAGE, train

from ..kit import validate
from ..kit.epoch_charts import line_chart, record_thinned
from ..errors import WidgetInputError
from ..kit.geometry import boundary_segment
from .perceptron_mode import BOX_2D, gate_data
from ..kit.probability_map import probability_map

HIDDEN_UNITS = 2
TWO_INPUT_GATES = ("and", "or", "nand", "xor")
MAX_EPOCHS = 5000
MAX_EPOCHS_PER_CALL = 500
SOLVED_LOSS = 0.05
# "Stuck": after STUCK_AFTER epochs, the loss fell by less than STUCK_FRACTION of
# itself over the last STUCK_WINDOW epochs while some row is still wrong.
STUCK_AFTER = 1500
STUCK_WINDOW = 500
STUCK_FRACTION = 0.01
# The loss curve keeps at most this many points; older ones are thinned by halving.
MAX_LOSS_POINTS = 200
GRID = 40


def build(activation: str, params: dict | None = None, seed: int = 0) -> Network:
    """A 2-2-1 network; seeded Xavier weights, or ``params`` in the form :func:`params_of` returns."""
    if params is None:
        return Network([2, HIDDEN_UNITS, 1], [activation, "sigmoid"], seed=seed)
    net = Network([2, HIDDEN_UNITS, 1], [activation, "sigmoid"], init="zeros")
    net.set_params([
        {"W": params["W1"], "b": [[v] for v in params["b1"]]},
        {"W": [params["W2"]], "b": [[params["b2"]]]},
    ])
    return net


def params_of(net: Network) -> dict:
    """The network's weights as plain lists: W1 (2 x 2 nested), b1 (2), W2 (2), b2 (a number)."""
    first, second = net.get_params()
    return {"W1": first["W"], "b1": [row[0] for row in first["b"]], "W2": second["W"][0], "b2": second["b"][0][0]}


def _loss_and_accuracy(net: Network, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy over the table and p (m,) from one forward pass."""
    p = net.forward(X)[0]
    return net.loss_value("bce", y[None, :]), p


def new_state(gate: str, activation: str, seed: int, eta: float) -> dict:
    X, y = gate_data(gate)
    net = build(activation, seed=seed)
    loss, _ = _loss_and_accuracy(net, X, y)
    return {"mode": "network", "gate": gate, "activation": activation, "seed": seed, "eta": float(eta),
            "params": params_of(net), "epoch": 0, "losses": [[0, loss]], "stride": 1}


def read_state(state: dict) -> dict:
    """Validate a network-mode state sent back by the page."""
    gate = validate.choice(state, "gate", None, TWO_INPUT_GATES)
    clean = {"mode": "network", "gate": gate}
    # activation, seed and eta are options of the figure: the package checks them with its table.
    params = state.get("params")
    if not isinstance(params, dict):
        raise WidgetInputError("state.params", "must hold W1, b1, W2 and b2")
    W1 = params.get("W1")
    if not isinstance(W1, list) or len(W1) != HIDDEN_UNITS:
        raise WidgetInputError("state.params.W1", "must be 2 rows of 2 numbers")
    clean["params"] = {
        "W1": [validate.number_list({"W1": row}, "W1", None, 2) for row in W1],
        "b1": validate.number_list(params, "b1", None, HIDDEN_UNITS),
        "W2": validate.number_list(params, "W2", None, HIDDEN_UNITS),
        "b2": validate.number(params, "b2", None, -1e6, 1e6),
    }
    clean["epoch"] = validate.integer(state, "epoch", 0, 0, MAX_EPOCHS)
    clean["stride"] = validate.integer(state, "stride", 1, 1, 2**20)
    clean["losses"] = validate.loss_history(state, "losses", MAX_LOSS_POINTS + 1, clean["epoch"])
    return clean


def step(state: dict, epochs: int) -> tuple[dict, str]:
    """Train ``epochs`` full-batch gradient steps; returns (state, status) with status "ok" or "diverged"."""
    epochs = min(epochs, MAX_EPOCHS - state["epoch"])
    if epochs <= 0:
        return state, "ok"
    X, y = gate_data(state["gate"])
    net = build(state["activation"], state["params"])
    run = train(net, X, y[None, :], "bce", SGD(state["eta"]), epochs=epochs)
    state["losses"], state["stride"] = record_thinned(state["losses"], state["stride"], run.history["loss"],
                                                      state["epoch"] + 1, MAX_LOSS_POINTS)
    state["epoch"] += run.epochs_run
    state["params"] = params_of(net)
    return state, run.status


def _loss_back_then(state: dict) -> float | None:
    """The recorded loss closest to, and no later than, STUCK_WINDOW epochs ago."""
    older = [loss for epoch, loss in state["losses"] if epoch <= state["epoch"] - STUCK_WINDOW]
    return older[-1] if older else None


def frame(state: dict) -> dict:
    """The probability map with its 0.5 contour, both hidden units' lines, the table and the loss curve."""
    X, y = gate_data(state["gate"])
    net = build(state["activation"], state["params"])
    loss, p = _loss_and_accuracy(net, X, y)
    hidden = net.trace()[0]["a"]  # (2, m): what each hidden unit outputs for each row
    predictions = (p >= 0.5).astype(np.float64)
    rows = [{"x": X[:, i].tolist(), "target": float(y[i]), "h": hidden[:, i].tolist(), "p": float(p[i]),
             "prediction": float(predictions[i]), "wrong": bool(predictions[i] != y[i])} for i in range(X.shape[1])]
    heat = probability_map(lambda P: net.forward(P)[0], BOX_2D, GRID, levels=(0.5,))
    W1, b1 = state["params"]["W1"], state["params"]["b1"]
    curve = state["losses"] if state["losses"][-1][0] == state["epoch"] else state["losses"] + [[state["epoch"], loss]]
    return {
        "box": list(BOX_2D),
        "points": X.T.tolist(),
        "heat": heat,
        "hidden_lines": [boundary_segment(W1[j], b1[j], BOX_2D) for j in range(HIDDEN_UNITS)],
        "rows": rows,
        "loss": loss,
        "errors": int(sum(r["wrong"] for r in rows)),
        "chart": line_chart(curve),
    }


def result(state: dict, status: str = "ok") -> dict:
    fr = frame(state)
    gate, m = state["gate"].upper(), len(fr["rows"])
    solved = fr["errors"] == 0 and fr["loss"] < SOLVED_LOSS
    back_then = _loss_back_then(state)
    stuck = (not solved and fr["errors"] > 0 and state["epoch"] >= STUCK_AFTER and back_then is not None
             and back_then - fr["loss"] < STUCK_FRACTION * back_then)
    diverged = status == "diverged"
    if diverged:
        message, kind = DIVERGED_MESSAGE, "bad"
    elif solved:
        beyond = (" The two hidden units each draw a line (dashed); the output unit combines their half-planes "
                  "into a region that no single line can bound." if state["gate"] == "xor" else "")
        message, kind = (f"Solved {gate}: all {m} rows right and the loss down to {fr['loss']:.3f} after "
                         f"{state['epoch']} epochs.{beyond}"), "good"
    elif stuck:
        message, kind = (f"Stuck: over the last {STUCK_WINDOW} epochs the loss fell by less than "
                         f"{STUCK_FRACTION:.0%}, with {fr['errors']} of {m} rows still wrong. Gradient descent has "
                         "settled on a flat stretch of the loss (a local minimum or a plateau); press "
                         "\u201cNew start\u201d for other initial weights."), "warn"
    elif state["epoch"] >= MAX_EPOCHS:
        message, kind = f"Not solved after {MAX_EPOCHS} epochs.", "warn"
    else:
        message, kind = "", "info"
    params = state["params"]
    description = (
        f"A 2-2-1 network ({state['activation']} hidden units, sigmoid output) learning {gate} after "
        f"{state['epoch']} epochs: loss {fr['loss']:.4f}, {m - fr['errors']} of {m} rows right. Hidden unit 1 has "
        f"w = ({params['W1'][0][0]:.2f}, {params['W1'][0][1]:.2f}), b = {params['b1'][0]:.2f}; hidden unit 2 has "
        f"w = ({params['W1'][1][0]:.2f}, {params['W1'][1][1]:.2f}), b = {params['b1'][1]:.2f}."
    )
    return {"state": state, "frame": fr, "solved": solved, "stuck": stuck, "diverged": diverged,
            "done": solved or stuck or diverged or state["epoch"] >= MAX_EPOCHS,
            "message": message, "message_kind": kind, "description": description}
