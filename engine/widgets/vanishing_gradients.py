"""The vanishing-gradients widget (chapter 7): how large is dL/dW[l] in each layer of a deep network?

A fully connected network with ``depth`` hidden layers of ``width`` units (the
chosen activation) and one sigmoid output unit is given one seeded batch of
random inputs X ~ N(0, 1) of shape (width, 64) with random 0/1 labels, and
backpropagates binary cross-entropy once. Each bar is

    log10 ||dL/dW[l]||_F ,   l = 1 .. L  (L = depth + 1, the output layer last)

Unrolling the backward recurrence (chapter 7) gives
delta[l] = D[l] W[l+1]^T D[l+1] ... W[L]^T delta[L] with D[k] = diag(g'(z[k])),
so every hidden layer between l and the output multiplies the error by its
weights and its slopes. With ``measure: delta`` the bars show log10 ||delta[l]||_F
(the error signal over the batch, 1/m included) instead: dL/dW[l] = delta[l] A[l-1]^T
also carries the layer's input activations, which can hide a growing delta
(ReLU with large weights) behind activations that shrink, or the reverse. For sigmoid the slopes are at most sigmoid'(0) = 0.25
(from the engine), and the dashed reference line falls by that factor per layer:

    ref[l] = log10 ||dL/dW[L]|| + (L - l) log10 sigmoid'(0).

It is the chapter's 0.25^k estimate, not a strict bound: weights larger than
about 4 in size can lift the bars above it, small weights push them far below.

Initialisations: N(0, 0.01^2) ("small"), Xavier normal, He normal (Glorot &
Bengio 2010; He et al. 2015, see engine/initializers.py), and N(0, 1) ("large").
A norm that overflows is reported as "exploded" and an exactly zero one
(every unit of a ReLU layer switched off) as "zero", never as NaN or -inf.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from engine import initializers
from engine.activations import sigmoid_derivative
from engine.network import Network

from .kit.geometry import decade_ticks
from .options import Option, Options

INITS = {
    "small": "N(0, 0.01²)",
    "xavier": "Xavier normal, Var = 2 / (fan_in + fan_out)",
    "he": "He normal, Var = 2 / fan_in",
    "large": "N(0, 1)",
}
BATCH = 64
MEASURES = {"weights": "‖∂L/∂W[l]‖", "delta": "‖δ[l]‖"}
CAPTION = "Vanishing and exploding gradients: the size of each layer's gradient in a deep network, on a log scale."
OPTIONS = Options(
    Option("activation", "choice", "sigmoid", label="activation",
           choices=[("sigmoid", "sigmoid"), ("tanh", "tanh"), ("relu", "ReLU")]),
    Option("init", "choice", "xavier", label="initial weights",
           choices=[("small", "small normal, σ = 0.01"), ("xavier", "Xavier"), ("he", "He"),
                    ("large", "large normal, σ = 1")]),
    Option("depth", "integer", 10, min=1, max=30, label="hidden layers"),
    Option("width", "integer", 16, min=2, max=64, control="hidden", label="units per hidden layer"),
    Option("seed", "integer", 7, min=0, max=2**31 - 2, control="hidden", label="seed of the weights and data"),
    Option("measure", "choice", "weights", label="bar height",
           choices=[("weights", "‖∂L/∂W[l]‖"), ("delta", "‖δ[l]‖")]),
)


def _draw_weights(init: str, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    if init == "small":
        return initializers.normal(shape, rng, std=0.01)
    if init == "large":
        return initializers.normal(shape, rng, std=1.0)
    return initializers.initialize("xavier_normal" if init == "xavier" else "he_normal", shape, rng)


def build_network(activation: str, init: str, depth: int, width: int, seed: int) -> tuple[Network, np.ndarray, np.ndarray]:
    """The seeded network and batch: sizes [width] + [width] * depth + [1], X (width, 64), Y (1, 64).

    Data come from ``default_rng(seed)``, weights from ``default_rng(seed + 1)``
    in layer order; biases are 0.
    """
    data_rng = np.random.default_rng(seed)
    X = data_rng.standard_normal((width, BATCH))
    Y = (data_rng.random((1, BATCH)) < 0.5).astype(np.float64)
    sizes = [width] + [width] * depth + [1]
    net = Network(sizes, activation, init="zeros", output_activation="sigmoid")
    weight_rng = np.random.default_rng(seed + 1)
    net.set_params([{"W": _draw_weights(init, (n, n_prev), weight_rng)} for n_prev, n in zip(sizes[:-1], sizes[1:])])
    return net, X, Y


def log10_norm(g: np.ndarray) -> tuple[str, float | None]:
    """("ok", log10 ||g||_F), ("zero", None) or ("exploded", None).

    The norm is taken as s ||g / s|| with s = max |g|, so squares of entries
    near 1e-200 or 1e+200 neither underflow nor overflow on the way.
    """
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # the fallback below handles those cases
        direct = float(np.linalg.norm(g))
    if math.isfinite(direct) and 1e-150 < direct < 1e150:
        return "ok", math.log10(direct)  # the common case: no square came near the float limits
    if not np.all(np.isfinite(g)):
        return "exploded", None
    s = float(np.max(np.abs(g)))
    if s == 0.0:
        return "zero", None
    return "ok", math.log10(s) + math.log10(float(np.linalg.norm(g / s)))


def scientific(log10_value: float) -> str:
    """10^v as text such as "3.2e-05", also far outside the float range ("1.0e-400")."""
    if -300 < log10_value < 300:
        return f"{10.0 ** log10_value:.1e}"
    exponent = math.floor(log10_value)
    mantissa = 10.0 ** (log10_value - exponent)
    if mantissa >= 9.95:  # would print as "10.0"
        mantissa, exponent = 1.0, exponent + 1
    return f"{mantissa:.1f}e{exponent:+03d}"


@functools.lru_cache(maxsize=256)
def measure_network(activation: str, init: str, depth: int, width: int, seed: int, measure: str) -> tuple:
    """One forward and backward pass: ((status, log10 norm) per layer l = 1..L, loss), the norm
    being ||dL/dW[l]|| (measure "weights") or ||delta[l]|| (measure "delta").

    Cached: the page's worker keeps its Python alive, so a reader who drags the
    depth back and forth pays for each network once (about 12 ms in the
    browser's Pyodide, against about 1 ms in CPython).
    """
    net, X, Y = build_network(activation, init, depth, width, seed)
    # Overflow is a possible outcome here, not a bug: it is reported as "exploded" below.
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        net.forward(X)
        loss = net.backward_from_loss("bce", Y)
        arrays = [g["W"] for g in net.gradients()] if measure == "weights" else [row["delta"] for row in net.trace()]
        return tuple(log10_norm(a) for a in arrays), loss


def _compute(settings: dict) -> dict:
    measure = settings["measure"]
    measured, loss = measure_network(**settings)
    L = len(measured)
    bars = [
        {"layer": l, "status": status, "log10_norm": value, "text": scientific(value) if status == "ok" else status}
        for l, (status, value) in enumerate(measured, start=1)
    ]
    top = bars[-1]["log10_norm"]
    reference = None
    if settings["activation"] == "sigmoid" and top is not None:
        per_layer = math.log10(float(sigmoid_derivative(np.array(0.0))))
        reference = [top + (L - l) * per_layer for l in range(1, L + 1)]

    finite = [b["log10_norm"] for b in bars if b["status"] == "ok"] + (reference or [])
    lo = math.floor(min(finite) - 0.5) if finite else -1.0
    hi = math.ceil(max(finite) + 0.5) if finite else 1.0
    first, last = bars[0], bars[-1]
    ratio_log10 = first["log10_norm"] - last["log10_norm"] if first["status"] == last["status"] == "ok" else None
    summary = {
        "first": first["text"],
        "last": last["text"],
        "ratio": scientific(ratio_log10) if ratio_log10 is not None else "—",
        "ratio_log10": ratio_log10,
        "loss": loss if math.isfinite(loss) else None,
    }
    return {
        "state": settings,
        "bars": bars,
        "reference": reference,
        # Bars stand at x = l; label every layer of a short network, every fifth of a long one.
        "box": [0.4, L + 0.6, float(lo), float(hi)],
        "x_ticks": [l for l in range(1, L + 1) if L <= 12 or l in (1, L) or l % 5 == 0],
        "y_ticks": decade_ticks(lo, hi),
        "summary": summary,
        "regime": _regime(bars, ratio_log10),
        "measure_name": MEASURES[measure],
        "message": _message(settings, bars, ratio_log10),
        "description": _description(settings, bars, summary),
    }


def _regime(bars: list[dict], ratio_log10: float | None) -> str:
    """One word for what the bars show, read first from failures, then from sizes and the first/last ratio."""
    if any(b["status"] == "exploded" for b in bars):
        return "exploded"
    if any(b["status"] == "zero" for b in bars):
        return "dead"
    largest = max(b["log10_norm"] for b in bars)
    if largest > 3 or ratio_log10 > 3:
        return "exploding"
    if ratio_log10 < -3:
        return "vanishing"
    if largest < -6:
        return "tiny"
    return "stable"


def _message(settings: dict, bars: list[dict], ratio_log10: float | None) -> str:
    what = "gradient" if settings["measure"] == "weights" else "error signal"
    regime = _regime(bars, ratio_log10)
    if regime == "exploded":
        layers = [str(b["layer"]) for b in bars if b["status"] == "exploded"]
        return (f"Exploded: the {what} of layer{'s' if len(layers) > 1 else ''} {', '.join(layers)} "
                "overflowed the floating-point range; use smaller initial weights.")
    if regime == "dead":
        layers = [str(b["layer"]) for b in bars if b["status"] == "zero"]
        return (f"No {what} at all in layer{'s' if len(layers) > 1 else ''} {', '.join(layers)}: "
                "a layer of ReLUs is switched off for every input, so its slopes are all 0.")
    k = ratio_log10
    first_over_last = f"the first layer's {what} is {scientific(k)} times the output layer's"
    if regime == "exploding":
        largest = max(bars, key=lambda b: b["log10_norm"])
        return (f"Exploding: {first_over_last}, and the largest, layer {largest['layer']}'s, is {largest['text']}; "
                "one gradient step with an ordinary learning rate would throw the weights far away.")
    if regime == "vanishing":
        return f"Vanishing: {first_over_last}, about {-k:.0f} orders of magnitude smaller; the first layers barely learn."
    if regime == "tiny":
        return f"Everything is tiny: {first_over_last}, but every layer's {what} is below 1e-06, so the whole network barely learns."
    return f"Stable: {first_over_last}, within three orders of magnitude."


def _description(settings: dict, bars: list[dict], summary: dict) -> str:
    listing = "; ".join(f"layer {b['layer']}: {b['text']}" for b in bars)
    return (
        f"Norms {MEASURES[settings['measure']]} per layer of a network with {settings['depth']} hidden {settings['activation']} layers "
        f"of {settings['width']} units, {INITS[settings['init']]} initialisation, on a log scale. {listing}. "
        f"First over last: {summary['ratio']}."
    )


def initial(options: dict) -> dict:
    """First frame for the (validated) options ``activation``, ``init``, ``depth`` (hidden layers),
    ``width``, ``seed`` and ``measure``."""
    return _compute(options)


def evaluate(args: dict) -> dict:
    """Bars for new settings (the figure's options)."""
    return _compute(OPTIONS.validate(args))


INPUTS = {"evaluate": OPTIONS.json_schema()}
CALLS = {"initial": initial, "evaluate": evaluate}
