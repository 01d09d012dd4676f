"""The forward-pass figure (chapter 5): a small network evaluated one operation at a time.

Two networks, both with two ReLU hidden layers and a sigmoid output:
``example``, the chapter's worked example ([2, 3, 2, 1] with hand-picked
weights, from :mod:`engine.book_numbers.ch05`), and ``seeded``, a
[2, 3, 3, 1] network whose weights are seeded and rounded to two decimals so a
reader can redo any product by hand. Step s = 1 … 2L walks the book's two
operations per layer,

    odd  s (l = (s + 1) / 2):  z[l] = W[l] a[l-1] + b[l]
    even s (l = s / 2):        a[l] = g[l](z[l])

and the cache (a[0] = x, then z[1], a[1], …) grows by one entry per step.
In batch mode the same pass runs on m samples at once, the columns of
A[0] = X (n0 x m): the first column is the reader's x, the others fixed
inputs (the chapter's batch, then seeded ones), and b[l] (n_l x 1) is
broadcast over the m columns. Every number comes from
:class:`engine.network.Network`.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache

import numpy as np

from engine.network import Network

from .kit.network_layout import network_layout
from .options import Option, Options

# The chapter's worked example (content/05-*.md quotes its numbers through engine/book_numbers/ch05.py).
EXAMPLE_SIZES = [2, 3, 2, 1]
EXAMPLE_ACTIVATIONS = ["relu", "relu", "sigmoid"]
EXAMPLE_PARAMS = [
    {"W": [[0.5, -0.2], [-1.0, 0.4], [0.3, 0.8]], "b": [[0.1], [-0.5], [0.0]]},
    {"W": [[1.0, -0.5, 0.5], [-0.6, 0.9, 0.2]], "b": [[0.0], [0.1]]},
    {"W": [[0.8, -1.2]], "b": [[-0.3]]},
]
EXAMPLE_X_SINGLE = [[1.0], [2.0]]  # one example, a column (2, 1)
EXAMPLE_X_BATCH = [[1.0, 0.0, -1.0], [2.0, 0.0, 1.0]]  # three examples, the first is EXAMPLE_X_SINGLE

SEEDED_SIZES = [2, 3, 3, 1]
ACTIVATIONS = ["relu", "relu", "sigmoid"]  # both networks
STEPS = 2 * (len(ACTIVATIONS))  # a linear and an activation step per layer, for both networks

CAPTION = "The forward pass, one step at a time: z = W a + b, then the activation, layer by layer."
OPTIONS = Options(
    Option("network", "choice", "example", label="network",
           choices=[("example", "Worked example 2-3-2-1"), ("seeded", "Random 2-3-3-1")]),
    Option("x", "numbers", [row[0] for row in EXAMPLE_X_SINGLE], min=-3, max=3, step=0.1, length=(2, 2), label="input x"),
    Option("step", "integer", 0, min=0, max=STEPS, control="hidden", label="steps done"),
    Option("batch", "boolean", False, label="a batch of samples at once"),
    Option("m", "integer", 4, min=1, max=8, label="samples m"),
    # 5: for x = (1, 2) ReLU switches one neuron off in each hidden layer.
    Option("seed", "integer", 5, min=0, max=10**6, control="hidden", label="seed of the random network"),
)
MAX_BATCH = OPTIONS["m"].max


@lru_cache(maxsize=64)
def _seeded_params(seed: int) -> str:
    """The seeded network's parameters as JSON (immutable, so the cache can be shared): the engine's
    He-initialised weights and small random biases, rounded to 0.01."""
    net = Network(SEEDED_SIZES, ACTIVATIONS, seed=seed)
    rng = np.random.default_rng(seed + 1)
    return json.dumps([{"W": np.round(p["W"], 2).tolist(), "b": np.round(rng.uniform(-0.5, 0.5, (len(p["b"]), 1)), 2).tolist()}
                       for p in net.get_params()])


@lru_cache(maxsize=16)
def _network(kind: str, seed: int) -> Network:
    """The worked example, or the seeded [2, 3, 3, 1] network. Built once per (kind, seed) and
    reused, so run it only through :func:`_run`, which serialises its forward passes."""
    if kind == "example":
        net = Network(EXAMPLE_SIZES, EXAMPLE_ACTIVATIONS, init="zeros")
        net.set_params(EXAMPLE_PARAMS)
        return net
    net = Network(SEEDED_SIZES, ACTIVATIONS, init="zeros")
    net.set_params(json.loads(_seeded_params(seed)))
    return net


# The server may run calls on several threads; a shared network must not interleave two passes.
_NETWORK_LOCK = threading.Lock()


def _run(kind: str, seed: int, A0: np.ndarray) -> tuple[np.ndarray, list[dict]]:
    """(prediction, trace) of one forward pass of A0 (n0, m). Each pass makes new z and a arrays, so the
    trace taken under the lock stays valid after the next pass."""
    with _NETWORK_LOCK:
        net = _network(kind, seed)
        prediction = net.forward(A0)
        return prediction, net.trace()


@lru_cache(maxsize=64)
def _other_inputs(kind: str, seed: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Rows x1, x2 of the MAX_BATCH - 1 fixed samples after the reader's: the chapter's other batch
    inputs (example network only), then seeded ones in [-2, 2] rounded to 0.1."""
    book = np.array(EXAMPLE_X_BATCH, dtype=np.float64)[:, 1:] if kind == "example" else np.zeros((2, 0))
    seeded = np.round(np.random.default_rng(seed + 2).uniform(-2.0, 2.0, (2, MAX_BATCH - 1)), 1)
    others = np.column_stack([book, seeded])[:, : MAX_BATCH - 1]
    return tuple(others[0].tolist()), tuple(others[1].tolist())


def _batch_inputs(kind: str, x: list[float], m: int, seed: int) -> np.ndarray:
    """X (2, m): the reader's x, then the fixed samples; column j is the same for every m > j."""
    others = np.array(_other_inputs(kind, seed))
    return np.column_stack([np.array(x), others[:, : m - 1]])


def _view(step: int, rows: list[dict], A0: np.ndarray, activations: list[str]) -> dict:
    """What step ``step`` computes, with its operands: a linear step or an activation step."""
    if step == 0:
        return {"kind": "input", "layer": 0, "a": A0.tolist()}
    l = (step + 1) // 2
    row = rows[l - 1]
    A_prev = A0 if l == 1 else rows[l - 2]["a"]
    if step % 2:
        Wa = row["W"] @ A_prev
        b_broadcast = np.broadcast_to(row["b"], Wa.shape)
        return {"kind": "linear", "layer": l, "W": row["W"].tolist(), "a_prev": A_prev.tolist(),
                "Wa": Wa.tolist(), "b": row["b"].tolist(), "b_broadcast": b_broadcast.tolist(), "z": row["z"].tolist(),
                "shapes": {"W": list(row["W"].shape), "a_prev": list(A_prev.shape), "b": list(row["b"].shape),
                           "z": list(row["z"].shape)}}
    return {"kind": "activation", "layer": l, "activation": activations[l - 1], "z": row["z"].tolist(),
            "a": row["a"].tolist(), "shapes": {"z": list(row["z"].shape), "a": list(row["a"].shape)}}


def _cache(step: int, rows: list[dict], A0: np.ndarray) -> list[dict]:
    """The values stored for backpropagation after ``step`` steps: a[0] = x, then z[1], a[1], …"""
    entries = [{"name": "a[0]", "layer": 0, "kind": "a", "values": A0.tolist()}]
    for s in range(1, step + 1):
        l, kind = (s + 1) // 2, "z" if s % 2 else "a"
        entries.append({"name": f"{kind}[{l}]", "layer": l, "kind": kind, "values": rows[l - 1][kind].tolist()})
    return entries


def _describe(state: dict, sizes: list[int], activations: list[str], view: dict) -> str:
    x, step, steps = state["x"], state["step"], 2 * len(activations)
    which = "the worked example's" if state["network"] == "example" else f"a seeded (seed {state['seed']})"
    head = (f"Forward pass of {which} {'-'.join(map(str, sizes))} network ({', '.join(activations)}) "
            f"for x = ({x[0]:g}, {x[1]:g})" + (f", in a batch of m = {state['m']} samples" if state["batch"] else "")
            + f": step {step} of {steps}. ")
    if view["kind"] == "input":
        return head + "Only the input a[0] = x is known; the next step computes z[1] = W[1] a[0] + b[1]."
    l = view["layer"]
    if view["kind"] == "linear":
        z = [v[0] for v in view["z"]]
        return head + f"z[{l}] = W[{l}] a[{l - 1}] + b[{l}] = ({', '.join(f'{v:.4g}' for v in z)})."
    a = [v[0] for v in view["a"]]
    done = " This is the prediction ŷ." if l == len(activations) else ""
    return head + f"a[{l}] = {view['activation']}(z[{l}]) = ({', '.join(f'{v:.4g}' for v in a)}).{done}"


def forward(args: dict) -> dict:
    """The pass for ``network`` and inputs ``x`` (2 numbers in [-3, 3]) after ``step`` (0..2L) steps;
    with ``batch`` true, on ``m`` (1..8) samples at once."""
    state = OPTIONS.validate(args)
    net = _network(state["network"], state["seed"])  # read only: sizes, activations, parameters
    steps = 2 * net.n_layers
    activations = [spec["name"] for spec in net.activation_specs]
    m = state["m"] if state["batch"] else 1
    A0 = _batch_inputs(state["network"], state["x"], m, state["seed"])
    prediction, rows = _run(state["network"], state["seed"], A0)
    view = _view(state["step"], rows, A0, activations)
    # What the diagram can write in each neuron (sample 1): a once computed, z while only z is.
    known = [{"kind": "a", "values": A0[:, 0].tolist()}]
    for l in range(1, net.n_layers + 1):
        kind = "a" if state["step"] >= 2 * l else "z" if state["step"] >= 2 * l - 1 else None
        known.append({"kind": kind, "values": rows[l - 1][kind][:, 0].tolist() if kind else None})
    return {
        "state": state,
        "sizes": net.sizes,
        "activations": activations,
        "steps": steps,
        "params": net.get_params(),
        "X": A0.tolist(),
        "view": view,
        "cache": _cache(state["step"], rows, A0),
        "known": known,
        "prediction": prediction.tolist(),
        "layout": network_layout(net.sizes),
        "description": _describe(state, net.sizes, activations, view),
    }


def initial(options: dict) -> dict:
    """First frame for the (validated) options ``network``, ``x``, ``step``, ``batch``, ``m``, ``seed``."""
    return forward(options)


INPUTS = {"forward": OPTIONS.json_schema()}
CALLS = {"initial": initial, "forward": forward}
