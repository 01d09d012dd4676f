"""The backpropagation stepper (chapter 7): every number of one forward pass, backward pass and update.

A 2-n-1 network of sigmoid units (n = 2 or 3) and one example (x, y). The
engine's :class:`~engine.network.Network` runs the pass; this module lays the
numbers out in the order the chapter computes them, as stages the page steps
through (the page reveals stages; it computes nothing):

    0  input x, target y, weights W[l] and biases b[l]
    1  hidden layer   z[1] = W[1] x + b[1],   a[1] = sigmoid(z[1])
    2  output layer   z[2] = W[2] a[1] + b[2], a[2] = sigmoid(z[2])
    3  loss           BCE -[y log a + (1-y) log(1-a)]  or  MSE (a - y)^2
    4  output error   delta[2] = a[2] - y  (BCE)  or  2 (a[2] - y) sigmoid'(z[2])  (MSE)
    5  output grads   dL/dW[2] = delta[2] a[1]^T,  dL/db[2] = delta[2]
    6  hidden errors  delta[1] = W[2]^T delta[2] * sigmoid'(z[1])
    7  hidden grads   dL/dW[1] = delta[1] x^T,     dL/db[1] = delta[1]
    8  update         W <- W - eta dL/dW,  b <- b - eta dL/db  (engine SGD), and the new loss

"Check gradients" compares every gradient with central finite differences
(:func:`engine.gradient_check.gradient_check`).

The default weights are the chapter's worked example, so the figure opens on
the numbers the text derives; "random" draws Xavier-normal weights from a seed.
"""

from __future__ import annotations

import math

import numpy as np

from engine.activations import sigmoid_derivative
from engine.gradient_check import gradient_check
from engine.network import Network
from engine.optimizers import SGD

from ..errors import WidgetInputError
from ..kit import validate
from ..options import Option, Options
from .diagram import diagram

# The chapter's worked example (content/07-backpropagation.md, engine/book_numbers/ch07.py).
EXAMPLE_PARAMS = [
    {"W": [[0.5, -0.4], [0.3, 0.8]], "b": [[0.1], [-0.2]]},
    {"W": [[0.7, -0.6]], "b": [[0.05]]},
]
EXAMPLE_X = [1.0, 2.0]
EXAMPLE_Y = 1
EXAMPLE_ETA = 0.5

LOSSES = {"bce": "binary cross-entropy", "mse": "squared error"}
PARAM_LIMIT = 1e4  # weights beyond this mean the updates have run away

# Per stage: title, sentence, which layer's edges carry the computation (1, 2 or None for all), direction.
STAGES = [
    ("Input and weights", "The example x, its label y, and the current weights and biases.", None, "none"),
    ("Forward: hidden layer", "z[1] = W[1] x + b[1], then a[1] = σ(z[1]) for each hidden unit.", 1, "forward"),
    ("Forward: output", "z[2] = W[2] a[1] + b[2], then the prediction a[2] = σ(z[2]).", 2, "forward"),
    ("Loss", "", None, "none"),
    ("Backward: output error δ[2]", "", None, "backward"),
    ("Backward: output-layer gradients",
     "∂L/∂W[2] = δ[2] a[1]ᵀ (error at the output × activity at the input) and ∂L/∂b[2] = δ[2].", 2, "backward"),
    ("Backward: hidden errors δ[1]",
     "δ[1] = (W[2]ᵀ δ[2]) ⊙ σ′(z[1]): the output error sent back along each weight, times the unit's slope a(1 − a).",
     2, "backward"),
    ("Backward: hidden-layer gradients", "∂L/∂W[1] = δ[1] xᵀ and ∂L/∂b[1] = δ[1].", 1, "backward"),
    ("Update", "Every parameter takes a step against its gradient: W ← W − η ∂L/∂W, b ← b − η ∂L/∂b.", None, "update"),
]

CAPTION = "Backpropagation, one stage at a time: forward, loss, the errors δ sent back, the gradients and the update."
OPTIONS = Options(
    Option("hidden", "choice", 2, label="hidden units", choices=[(2, "2 (2-2-1)"), (3, "3 (2-3-1)")]),
    Option("weights", "choice", "example", label="start weights",
           choices=[("example", "the chapter's example"), ("random", "random (Xavier, seeded)")]),
    Option("seed", "integer", 1, min=0, max=2**31 - 1, control="hidden", label="seed of the random weights"),
    Option("x1", "number", EXAMPLE_X[0], min=-5, max=5, step=0.1, label="input x₁"),
    Option("x2", "number", EXAMPLE_X[1], min=-5, max=5, step=0.1, label="input x₂"),
    Option("y", "choice", EXAMPLE_Y, label="label y", choices=[(1, "1"), (0, "0")]),
    Option("loss", "choice", "bce", label="loss", choices=[("bce", "cross-entropy"), ("mse", "squared error")]),
    # Up to 5: large enough to see an update overshoot, and run away with random weights.
    Option("eta", "number", EXAMPLE_ETA, min=0.01, max=5, step=0.01, label="learning rate η"),
    Option("step", "integer", 0, min=0, max=len(STAGES) - 1, control="hidden", label="stage shown"),
)

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(*indices: int) -> str:
    """1-based subscripts: _sub(0, 1) -> '₁₂'."""
    return "".join(str(i + 1) for i in indices).translate(_SUB)


def _num(v: float) -> str:
    """Four significant digits with a typographic minus, for sentences."""
    return f"{v:.4g}".replace("-", "−")


def _factor(v: float) -> str:
    """A number as a factor in a written-out product or sum: negatives in brackets."""
    return f"({_num(v)})" if v < 0 else _num(v)


def example_params() -> list[dict]:
    return [{k: [list(row) for row in v] for k, v in layer.items()} for layer in EXAMPLE_PARAMS]


def random_params(hidden: int, seed: int) -> list[dict]:
    """Xavier-normal weights of a seeded engine Network, zero biases."""
    return Network([2, hidden, 1], "sigmoid", init="xavier_normal", seed=seed).get_params()


def _network(state: dict) -> Network:
    net = Network([2, state["hidden"], 1], "sigmoid", init="zeros")
    net.set_params(state["params"])
    return net


def _xy(state: dict) -> tuple[np.ndarray, np.ndarray]:
    return np.array(state["x"], dtype=np.float64)[:, None], np.array([[float(state["y"])]])


def _entry(key: str, stage: int, anchor: str, row: int, prefix: str, label: str, value) -> dict:
    """One number: revealed at ``stage``, drawn on line ``row`` of ``anchor`` as "prefix value", listed as "label = value"."""
    return {"key": key, "stage": stage, "anchor": anchor, "row": row, "prefix": prefix, "label": label, "value": float(value)}


def _entries(state: dict, trace: list[dict], loss: float, new_params: list[dict], loss_after: float) -> list[dict]:
    """Every number of the pass, tagged with the stage that reveals it and where the drawing puts it.

    Lines at a node: 0 bias (and its new value), 1 z and a, 2 delta and dL/db.
    Lines at an edge: 0 weight (and its new value), 1 its gradient. A weight has no prefix:
    the edge it sits on names it, and the drawing is short of room.
    """
    h = state["hidden"]
    l1, l2 = trace
    W1n, W2n = np.array(new_params[0]["W"]), np.array(new_params[1]["W"])
    b1n, b2n = np.array(new_params[0]["b"]), np.array(new_params[1]["b"])
    out = [_entry(f"x{k}", 0, f"in-{k}", 0, f"x{_sub(k)} =", f"x{_sub(k)}", state["x"][k]) for k in range(2)]
    out.append(_entry("y", 0, "target", 0, "y =", "y", state["y"]))
    for j in range(h):
        for k in range(2):
            out.append(_entry(f"W1_{j}{k}", 0, f"w1-{j}-{k}", 0, "", f"W[1]{_sub(j, k)}", l1["W"][j, k]))
        out.append(_entry(f"b1_{j}", 0, f"h-{j}", 0, "b", f"b[1]{_sub(j)}", l1["b"][j, 0]))
    for j in range(h):
        out.append(_entry(f"W2_0{j}", 0, f"w2-0-{j}", 0, "", f"W[2]{_sub(0, j)}", l2["W"][0, j]))
    out.append(_entry("b2_0", 0, "out", 0, "b", f"b[2]{_sub(0)}", l2["b"][0, 0]))
    for n, layer, anchors in ((1, l1, [f"h-{j}" for j in range(h)]), (2, l2, ["out"])):
        for j, anchor in enumerate(anchors):
            out.append(_entry(f"z{n}_{j}", n, anchor, 1, "z", f"z[{n}]{_sub(j)}", layer["z"][j, 0]))
            out.append(_entry(f"a{n}_{j}", n, anchor, 1, "a", f"a[{n}]{_sub(j)}", layer["a"][j, 0]))
    out.append(_entry("loss", 3, "target", 1, "L =", "L", loss))
    out.append(_entry("delta2_0", 4, "out", 2, "δ", f"δ[2]{_sub(0)}", l2["delta"][0, 0]))
    for j in range(h):
        out.append(_entry(f"dW2_0{j}", 5, f"w2-0-{j}", 1, "∂", f"∂L/∂W[2]{_sub(0, j)}", l2["dW"][0, j]))
    out.append(_entry("db2_0", 5, "out", 2, "∂b", f"∂L/∂b[2]{_sub(0)}", l2["db"][0, 0]))
    for j in range(h):
        out.append(_entry(f"delta1_{j}", 6, f"h-{j}", 2, "δ", f"δ[1]{_sub(j)}", l1["delta"][j, 0]))
    for j in range(h):
        for k in range(2):
            out.append(_entry(f"dW1_{j}{k}", 7, f"w1-{j}-{k}", 1, "∂", f"∂L/∂W[1]{_sub(j, k)}", l1["dW"][j, k]))
        out.append(_entry(f"db1_{j}", 7, f"h-{j}", 2, "∂b", f"∂L/∂b[1]{_sub(j)}", l1["db"][j, 0]))
    for j in range(h):
        for k in range(2):
            out.append(_entry(f"newW1_{j}{k}", 8, f"w1-{j}-{k}", 0, "→", f"new W[1]{_sub(j, k)}", W1n[j, k]))
        out.append(_entry(f"newb1_{j}", 8, f"h-{j}", 0, "→", f"new b[1]{_sub(j)}", b1n[j, 0]))
    for j in range(h):
        out.append(_entry(f"newW2_0{j}", 8, f"w2-0-{j}", 0, "→", f"new W[2]{_sub(0, j)}", W2n[0, j]))
    out.append(_entry("newb2_0", 8, "out", 0, "→", f"new b[2]{_sub(0)}", b2n[0, 0]))
    out.append(_entry("loss_after", 8, "target", 1, "→", "L after the update", loss_after))
    return out


def _stage_texts(state: dict, trace: list[dict], loss: float, loss_after: float) -> list[dict]:
    """Title and sentence per stage, with the first unit's arithmetic written out."""
    l1, l2 = trace
    x, y = state["x"], state["y"]
    a2, z2 = l2["a"][0, 0], l2["z"][0, 0]
    texts = []
    for i, (title, text, layer, direction) in enumerate(STAGES):
        if i == 1:
            w, b = l1["W"][0], l1["b"][0, 0]
            text += (f" For unit 1: z = {_factor(w[0])}·{_factor(x[0])} + {_factor(w[1])}·{_factor(x[1])} + {_factor(b)}"
                     f" = {_num(l1['z'][0, 0])}, a = σ({_num(l1['z'][0, 0])}) = {_num(l1['a'][0, 0])}.")
        elif i == 2:
            text += f" Here z[2] = {_num(z2)} and a[2] = {_num(a2)}."
        elif i == 3:
            text = (f"Binary cross-entropy with y = {y}: L = −log({'a[2]' if y == 1 else '1 − a[2]'}) = {_num(loss)}."
                    if state["loss"] == "bce" else f"Squared error: L = (a[2] − y)² = ({_num(a2)} − {y})² = {_num(loss)}.")
        elif i == 4:
            d = l2["delta"][0, 0]
            text = (f"With cross-entropy the sigmoid's slope cancels: δ[2] = a[2] − y = {_num(a2)} − {y} = {_num(d)}."
                    if state["loss"] == "bce" else
                    f"With squared error the slope stays: δ[2] = 2(a[2] − y)·a[2](1 − a[2]) = 2·({_num(a2)} − {y})·{_num(float(sigmoid_derivative(z2)))} = {_num(d)}.")
        elif i == 6:
            a, d = l1["a"][0, 0], l1["delta"][0, 0]
            text += (f" For unit 1: {_factor(l2['W'][0, 0])}·{_factor(l2['delta'][0, 0])}·{_num(a)}·(1 − {_num(a)}) = {_num(d)}.")
        elif i == 8:
            text += f" With η = {_num(state['eta'])} the loss goes from {_num(loss)} to {_num(loss_after)}."
        texts.append({"title": title, "text": text, "layer": layer, "direction": direction})
    return texts


def _run(state: dict) -> dict:
    net = _network(state)
    X, Y = _xy(state)
    net.forward(X)
    loss = net.backward_from_loss(state["loss"], Y)
    trace = [{k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in row.items()} for row in net.trace()]
    # One engine SGD step on copies of the parameters, then the loss at the new weights.
    params = [layer.params[k] for layer in net.layers for k in layer.params]
    grads = [layer.grads[k] for layer in net.layers for k in layer.params]
    SGD(state["eta"]).step(params, grads)
    new_params = net.get_params()
    diverged = not all(np.all(np.isfinite(p)) and np.max(np.abs(p)) <= PARAM_LIMIT for p in params)
    net.forward(X)
    loss_after = net.loss_value(state["loss"], Y)
    if diverged or not math.isfinite(loss_after):
        return {"diverged": True}
    return {"diverged": False, "trace": trace, "loss": loss, "new_params": new_params, "loss_after": loss_after}


def _result(state: dict) -> dict:
    run = _run(state)
    if run["diverged"]:
        raise WidgetInputError("eta", "the update ran away (weights beyond ±1e4): diverged, lower the learning rate")
    trace = run["trace"]
    entries = _entries(state, trace, run["loss"], run["new_params"], run["loss_after"])
    a2 = trace[1]["a"][0, 0]
    description = (
        f"Backpropagation through a 2-{state['hidden']}-1 sigmoid network for x = ({_num(state['x'][0])}, {_num(state['x'][1])}), "
        f"y = {state['y']}, {LOSSES[state['loss']]} loss: prediction {_num(a2)}, loss {_num(run['loss'])}, "
        f"output error δ[2] = {_num(trace[1]['delta'][0, 0])}; one step with η = {_num(state['eta'])} "
        f"brings the loss to {_num(run['loss_after'])}."
    )
    return {
        "state": state,
        "diagram": diagram(state["hidden"]),
        "entries": entries,
        "stages": _stage_texts(state, trace, run["loss"], run["loss_after"]),
        "new_params": run["new_params"],
        "loss": run["loss"],
        "loss_after": run["loss_after"],
        "description": description,
    }


def _params(value, hidden: int) -> list[dict]:
    """Check a params list of the shape get_params gives for a 2-hidden-1 network."""
    shapes = [((hidden, 2), (hidden, 1)), ((1, hidden), (1, 1))]
    if not isinstance(value, list) or len(value) != 2:
        raise WidgetInputError("state.params", "must be two layers of {W, b}")
    clean = []
    for l, (layer, (w_shape, b_shape)) in enumerate(zip(value, shapes), start=1):
        if not isinstance(layer, dict):
            raise WidgetInputError(f"state.params[{l}]", "must be {W, b}")
        arrays = {}
        for key, shape in (("W", w_shape), ("b", b_shape)):
            rows = layer.get(key)
            if not isinstance(rows, list) or len(rows) != shape[0]:
                raise WidgetInputError(f"state.params[{l}].{key}", f"must be a {shape[0]}×{shape[1]} list of lists")
            name = f"state.params[{l}].{key}"
            arrays[key] = [validate.number_list({f"{name}[{i}]": r}, f"{name}[{i}]", None, shape[1], -PARAM_LIMIT, PARAM_LIMIT)
                           for i, r in enumerate(rows)]
        clean.append(arrays)
    return clean


def _settings(args: dict) -> dict:
    """The reader's settings (the figure's options, validated), common to the options and to a state sent back."""
    o = OPTIONS.validate(args)
    if o["weights"] == "example" and o["hidden"] != 2:
        raise WidgetInputError("weights", "the chapter's example has 2 hidden units; choose random weights for 3")
    return {"hidden": o["hidden"], "weights": o["weights"], "seed": o["seed"], "x": [o["x1"], o["x2"]],
            "y": o["y"], "loss": o["loss"], "eta": o["eta"]}


def initial(options: dict) -> dict:
    """First frame for the (validated) options; ``step`` is the stage the page shows first."""
    state = _settings({k: v for k, v in options.items() if k != "step"})
    state["params"] = example_params() if state["weights"] == "example" else random_params(state["hidden"], state["seed"])
    state["round"] = 0
    return {**_result(state), "step": options["step"]}


def _read_state(args: dict) -> dict:
    raw = args.get("state")
    if not isinstance(raw, dict):
        raise WidgetInputError("state", "must be the widget state returned by a previous call")
    flat = {k: raw[k] for k in ("hidden", "weights", "seed", "y", "loss", "eta") if k in raw}
    x = raw.get("x")
    if not isinstance(x, list) or len(x) != 2:
        raise WidgetInputError("x", f"must be a list of 2 numbers, got {x!r}")
    state = _settings({**flat, "x1": x[0], "x2": x[1]})
    state["params"] = _params(raw.get("params"), state["hidden"])
    state["round"] = validate.integer(raw, "round", 0, 0, 10**6)
    return state


def evaluate(args: dict) -> dict:
    """Recompute every number for a state whose x, y, loss or eta the reader changed."""
    return _result(_read_state(args))


def apply(args: dict) -> dict:
    """Take the update: the new weights become the current ones (one more round)."""
    state = _read_state(args)
    run = _run(state)
    if run["diverged"]:
        raise WidgetInputError("eta", "the update ran away (weights beyond ±1e4): diverged, lower the learning rate")
    state["params"] = [{k: np.asarray(v).tolist() for k, v in layer.items()} for layer in run["new_params"]]
    state["round"] += 1
    return _result(state)


def check(args: dict) -> dict:
    """Every gradient against a central finite difference (eps = 1e-6), with its relative error."""
    state = _read_state(args)
    net = _network(state)
    X, Y = _xy(state)
    report = gradient_check(net, X, Y, state["loss"])
    dense = [i for i, layer in enumerate(net.layers) if layer.params]  # engine layer index -> book layer
    rows = []
    for p in report["parameters"]:
        l = dense.index(p["layer"]) + 1
        for index in np.ndindex(p["analytic"].shape):
            rows.append({
                "label": f"∂L/∂{p['name']}[{l}]{_sub(*index) if p['name'] == 'W' else _sub(index[0])}",
                "backprop": float(p["analytic"][index]),
                "numeric": float(p["numeric"][index]),
                "relative_error": float(p["elementwise"][index]),
            })
    worst = max(r["relative_error"] for r in rows)
    return {
        "rows": rows,
        "max_relative_error": float(report["max_relative_error"]),
        "max_entry_error": worst,
        "passed": bool(worst < 1e-6),
        "description": (f"Gradient check: {len(rows)} gradients against central differences, "
                        f"largest relative error {worst:.1e}."),
    }


def reset(args: dict) -> dict:
    """Back to the first frame for ``options``."""
    return initial(OPTIONS.validate(args.get("options")))


CALLS = {"initial": initial, "evaluate": evaluate, "apply": apply, "check": check, "reset": reset}
