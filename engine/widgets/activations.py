"""The activations figure (chapter 4): curves and derivatives, softmax, and the collapse of linear layers.

Three parts, each with its own call so a drag recomputes only what changed:

- ``curve`` / ``point``: one activation f (step, linear, sigmoid, tanh, ReLU,
  leaky ReLU with its alpha) and f' sampled on z in [-5, 5], split into pieces
  where they jump (at z = 0), and the values f(z), f'(z) at the reader's z.
- ``softmax``: probabilities softmax((z + c) / T) for K = 3 or 4 logits z,
  a temperature T and a shift c added to every logit; the shift leaves the
  probabilities unchanged but makes the naive formula e^z / sum e^z overflow
  (or underflow), which the engine's max-subtracting softmax never does.
- ``collapse``: k seeded random 2 x 2 linear layers, applied one after another
  and folded into the single layer W = W_k … W_1, b (see
  :mod:`engine.widgets.kit.linear_collapse`); a test input goes through both.
"""

from __future__ import annotations

import numpy as np

from engine.activations import get_activation, relu, softmax
from engine.network import Network

from .kit.linear_collapse import compose_affine
from .options import Option, Options

NAMES = {"step": "step", "linear": "linear", "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU"}
RANGES = {"step": "{0, 1}", "linear": "all real numbers", "sigmoid": "(0, 1)", "tanh": "(−1, 1)",
          "relu": "[0, ∞)", "leaky_relu": "all real numbers"}
CAPTION = "Activation functions and their slopes, softmax with its temperature, and why stacked linear layers collapse into one."
OPTIONS = Options(
    Option("activation", "choice", "sigmoid", label="activation",
           choices=[("step", "Step"), ("linear", "Linear (identity)"), ("sigmoid", "Sigmoid"), ("tanh", "Tanh"),
                    ("relu", "ReLU"), ("leaky_relu", "Leaky ReLU")]),
    Option("z", "number", 1.0, min=-5, max=5, step=0.01, label="input z"),
    Option("alpha", "number", 0.1, min=0, max=1, step=0.01, label="leaky slope α"),
    Option("logits", "numbers", [2.0, 1.0, 0.1], min=-10, max=10, step=0.1, length=(3, 4), items="logits",
           label="logits z"),
    Option("temperature", "number", 1.0, min=0.1, max=10, step=0.1, label="temperature T"),
    # ±1000: far enough that the naive exp overflows, to show why softmax subtracts the maximum.
    Option("shift", "number", 0.0, min=-1000, max=1000, step=10, label="add c to all"),
    Option("k", "integer", 3, min=1, max=8, label="layers k"),
    Option("seed", "integer", 0, min=0, max=10**6, control="hidden", label="seed of the layers' weights"),
    Option("x", "numbers", [1.0, -0.5], min=-3, max=3, step=0.1, length=(2, 2), label="test input x"),
)
Z_LIMIT = OPTIONS["z"].max
SAMPLES = 201  # z step 0.05, and z = 0 is a sample
JUMP_PROBE = 1e-9  # f(±probe) are the one-sided limits at 0, the only place these functions jump


# --- one activation and its derivative --------------------------------------


def _activation(o: dict):
    name, alpha = o["activation"], o["alpha"]
    return name, (get_activation(name, alpha=alpha) if name == "leaky_relu" else get_activation(name)), alpha


def _pieces(fn, grid: np.ndarray) -> tuple[list, list]:
    """Polylines of ``fn`` over ``grid``, broken at 0 where it jumps, and the dots that mark a jump.

    Returns (pieces, dots): pieces are lists of [z, value]; at a jump a
    filled dot marks the value the engine takes at 0 and an open dot the
    one-sided limit it does not take.
    """
    left, right, at = (float(fn(np.array([v]))[0]) for v in (-JUMP_PROBE, JUMP_PROBE, 0.0))
    values = fn(grid)
    if abs(left - right) < 1e-6:
        return [np.column_stack([grid, values]).tolist()], []
    negative, positive = grid < 0, grid > 0
    pieces = [np.column_stack([grid[negative], values[negative]]).tolist() + [[0.0, left]],
              [[0.0, right]] + np.column_stack([grid[positive], values[positive]]).tolist()]
    dots = [{"z": 0.0, "value": at, "filled": True}]
    dots += [{"z": 0.0, "value": v, "filled": False} for v in (left, right) if abs(v - at) >= 1e-6]
    return pieces, dots


def _point(name: str, act, alpha: float, z: float) -> dict:
    f = float(act.forward(np.array([z]))[0])
    df = float(act.derivative(np.array([z]))[0])
    label = NAMES[name]
    if name == "step":
        note = "The step is flat on both sides of 0: f' = 0 (undefined at 0), so no gradient flows through it."
    elif name in ("relu", "leaky_relu") and z <= 0:
        note = (f"Below 0 the slope is α = {alpha:g}: a small gradient still flows." if name == "leaky_relu"
                else "The unit is off: f' = 0 here (at z = 0 the engine takes 0, as PyTorch does).")
    elif name in ("sigmoid", "tanh") and df < 0.02:
        note = f"Saturated: f'(z) = {df:.4f} is nearly 0, so the gradient through this unit vanishes."
    else:
        note = ""
    description = f"At z = {z:.2f}, {label}(z) = {f:.4f} and its derivative is {df:.4f}."
    return {"z": z, "f": f, "df": df, "note": note, "description": description}


def _curve(name: str, act, alpha: float) -> dict:
    grid = np.linspace(-Z_LIMIT, Z_LIMIT, SAMPLES)
    f_pieces, f_dots = _pieces(act.forward, grid)
    df_pieces, df_dots = _pieces(act.derivative, grid)
    values = np.concatenate([act.forward(grid), act.derivative(grid)])
    lo, hi = min(float(values.min()), 0.0), max(float(values.max()), 1.0)
    pad = 0.08 * (hi - lo)
    df = act.derivative(grid)
    peak = int(np.argmax(df))
    label = NAMES[name] + (f" with α = {alpha:g}" if name == "leaky_relu" else "")
    description = (f"The {label} activation f (solid) and its derivative f' (dashed) for z from −5 to 5. "
                   f"Range of f: {RANGES[name]}. Largest f' on the plot: {float(df[peak]):.3g}"
                   + (f" at z = {float(grid[peak]):.2f}." if float(df.max() - df.min()) > 1e-12 else " everywhere."))
    return {"name": name, "alpha": alpha, "box": [-Z_LIMIT, Z_LIMIT, lo - pad, hi + pad],
            "f": f_pieces, "df": df_pieces, "f_dots": f_dots, "df_dots": df_dots, "description": description}


def curve(args: dict) -> dict:
    """Sampled f and f' of ``activation`` (with ``alpha`` for leaky ReLU) and their values at ``z``."""
    o = OPTIONS.validate(args)
    name, act, alpha = _activation(o)
    z = o["z"]
    c = _curve(name, act, alpha)
    p = _point(name, act, alpha, z)
    return {"curve": c, "point": p, "description": f"{c['description']} {p['description']}"}


def point(args: dict) -> dict:
    """f(z) and f'(z) only: what a drag of z changes."""
    o = OPTIONS.validate(args)
    name, act, alpha = _activation(o)
    p = _point(name, act, alpha, o["z"])
    return {"point": p, "description": p["description"]}


# --- softmax -----------------------------------------------------------------


def _softmax_frame(logits: list[float], temperature: float, shift: float) -> dict:
    u = (np.array(logits) + shift) / temperature
    probs = softmax(u)
    stable = np.exp(u - u.max())
    # The textbook formula without the max trick, to show where it breaks in float64.
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        naive_exps = np.exp(u)
        naive = naive_exps / naive_exps.sum()
    if np.all(np.isfinite(naive)):
        naive_status = "ok"
    else:
        naive_status = "overflow" if not np.all(np.isfinite(naive_exps)) else "underflow"
    total = float(probs.sum())
    best = int(np.argmax(probs))
    description = (f"Softmax of the logits {', '.join(f'{v:g}' for v in logits)}"
                   + (f" shifted by {shift:g}" if shift else "") + f" at temperature {temperature:g}: probabilities "
                   + ", ".join(f"{p:.3f}" for p in probs) + f", summing to {total:.6f}; class {best + 1} is most likely.")
    return {"logits": list(logits), "temperature": temperature, "shift": shift, "scaled": u.tolist(),
            "stable_exps": stable.tolist(), "max": float(u.max()), "probs": probs.tolist(), "sum": total,
            "argmax": best, "naive": {"status": naive_status, "largest_exponent": float(u.max()),
                                      "smallest_exponent": float(u.min())},
            "description": description}


def softmax_part(args: dict) -> dict:
    """Probabilities for ``logits`` (3 or 4, each in [-10, 10]), ``temperature`` and ``shift``."""
    o = OPTIONS.validate(args)
    s = _softmax_frame(o["logits"], o["temperature"], o["shift"])
    return {"softmax": s, "description": s["description"]}


# --- k linear layers are one linear layer --------------------------------------


def _layers(k: int, seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """k seeded 2 x 2 layers with one-decimal entries in [-1, 1]; layer i is the same for every k >= i."""
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for _ in range(k):
        weights.append(np.round(rng.uniform(-1.0, 1.0, (2, 2)), 1))
        biases.append(np.round(rng.uniform(-1.0, 1.0, (2, 1)), 1))
    return weights, biases


def _collapse_frame(k: int, seed: int, x: list[float]) -> dict:
    weights, biases = _layers(k, seed)
    params = [{"W": W, "b": b} for W, b in zip(weights, biases)]
    stacked = Network([2] * (k + 1), "linear", init="zeros")
    stacked.set_params(params)
    out_stacked = stacked.forward(np.array(x))
    path = [row["a"][:, 0].tolist() for row in stacked.trace()]
    W, b = compose_affine(weights, biases)
    out_single = W @ np.array(x).reshape(2, 1) + b
    # The same layers with a ReLU after each hidden one (not after the last).
    out_relu = np.array(x).reshape(2, 1)
    for i, (W_i, b_i) in enumerate(zip(weights, biases), start=1):
        out_relu = W_i @ out_relu + b_i
        out_relu = relu(out_relu) if i < k else out_relu
    difference = float(np.max(np.abs(out_stacked - out_single)))
    description = (f"{k} linear layer{'s' if k > 1 else ''} of 2×2 weights applied one after another map x = "
                   f"({x[0]:g}, {x[1]:g}) to ({out_stacked[0, 0]:.4f}, {out_stacked[1, 0]:.4f}); the single layer "
                   f"W = W{k}…W1 and b gives ({out_single[0, 0]:.4f}, {out_single[1, 0]:.4f}), "
                   + ("the same up to rounding." if difference < 1e-9 else f"a difference of {difference:.1e}."))
    return {"k": k, "seed": seed, "x": list(x), "weights": [w.tolist() for w in weights],
            "biases": [v.tolist() for v in biases], "W": W.tolist(), "b": b.tolist(), "path": path,
            "output_stacked": out_stacked[:, 0].tolist(), "output_single": out_single[:, 0].tolist(),
            "difference": difference, "output_relu": out_relu[:, 0].tolist(), "description": description}


def collapse(args: dict) -> dict:
    """``k`` (1..8) seeded layers (``seed``) and the test input ``x`` (2 numbers in [-3, 3])."""
    o = OPTIONS.validate(args)
    c = _collapse_frame(o["k"], o["seed"], o["x"])
    return {"collapse": c, "description": c["description"]}


def initial(options: dict) -> dict:
    """First frame of all three parts; every call takes the figure's options (each uses its own)."""
    parts = {**curve(options), **softmax_part(options), **collapse(options)}
    parts["description"] = " ".join(parts[key]["description"] for key in ("curve", "point", "softmax", "collapse"))
    return parts


# Every call takes the figure's options (each uses its own): their request body is the table's.
INPUTS = {call: OPTIONS.json_schema() for call in ("curve", "point", "softmax", "collapse")}
CALLS = {"initial": initial, "curve": curve, "point": point, "softmax": softmax_part, "collapse": collapse}
