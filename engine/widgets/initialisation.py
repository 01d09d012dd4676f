"""Weight initialisation (chapter 8): each layer's activations through ten layers.

A network of ten hidden layers of 100 units (the reader may change the width;
every weight drawn by the chosen initialiser, biases 0) takes 200 standard
normal inputs. The figure shows, per layer, the histogram of the activations
and their standard deviation; then one backward pass of the cross-entropy
against random labels, to show the gradients each layer receives.

With zeros every unit of a layer computes the same function of the same
inputs and receives the same gradient, so no training step can make the
units differ: the figure counts the distinct units (rows of A[l]) and the
distinct gradient rows of dW[l] per layer, 1 of them all with zeros. Small normal
weights (σ = 0.01) shrink the signal by about 0.01·√n per layer (0.1 for n = 100);
Xavier keeps tanh alive, He keeps ReLU's variance steady (Glorot & Bengio
2010; He et al. 2015).
"""

from __future__ import annotations

import functools

import numpy as np

from engine.network import Network

from .kit.option_calls import option_calls
from .options import Option, Options

CAPTION = "Initialisation: the activations of ten layers under four initialisers, and the symmetry of zeros."
OPTIONS = Options(
    Option("init", "choice", "xavier_normal", label="initialiser",
           choices=[("zeros", "zeros"), ("normal", "small normal (σ = 0.01)"), ("xavier_normal", "Xavier (Glorot)"),
                    ("he_normal", "He")]),
    Option("activation", "choice", "tanh", label="activation", choices=[("tanh", "tanh"), ("relu", "ReLU")]),
    # The fan-in n: small normal weights scale the spread by about 0.01·√n per layer, Xavier and He by 1.
    Option("units", "integer", 100, min=20, max=150, step=10, label="units per layer"),
    Option("seed", "integer", 0, min=0, max=2**31 - 1, control="hidden", label="seed"),
)
LAYERS, SAMPLES, BINS = 10, 200, 30
SATURATED = 0.99  # |tanh| above this: the unit is saturated and its derivative below 0.02


_DIRECTIONS: dict[int, np.ndarray] = {}


def _direction(n: int) -> np.ndarray:
    """The fixed random direction rows of length ``n`` are projected on, divided by √n (made once per n)."""
    if n not in _DIRECTIONS:
        _DIRECTIONS[n] = np.random.default_rng(12345).standard_normal(n) / np.sqrt(n)
    return _DIRECTIONS[n]


def distinct_rows(A: np.ndarray) -> int:
    """How many different rows (units) ``A`` has, to 1e-9 relative to its largest value.

    Rows are compared through their projections on one fixed random direction: two
    different rows project to the same number with probability zero, and sorting 100
    numbers is far cheaper than sorting 100 rows.
    """
    scale = max(float(A.max()), -float(A.min())) or 1.0
    return int(np.unique(np.round((A / scale) @ _direction(A.shape[1]), 9)).size)


def histogram_range(a: np.ndarray, activation: str) -> tuple[float, float]:
    """The histogram's bins span [-1, 1] for tanh, [0, max] for ReLU: the whole range of the values."""
    return (-1.0, 1.0) if activation == "tanh" else (0.0, max(float(a.max()), 1e-12))


def bin_counts(a: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """``np.histogram(a, BINS, range=(lo, hi))[0]`` for values already in [lo, hi], in fewer passes.

    numpy's own rule, kept exactly: bin i holds edges[i] <= v < edges[i + 1] with the edges of
    ``np.linspace(lo, hi, BINS + 1)``, the last bin also holds v = hi. The arithmetic guess
    (v - lo)·BINS/(hi - lo) can be one bin off next to an edge; one comparison with each
    neighbouring edge settles it (tests/widgets/test_initialisation.py checks equality with
    ``np.histogram``, edges and saturated values included).
    """
    v = a.ravel()
    edges = np.linspace(lo, hi, BINS + 1)
    upper = np.append(edges[1:BINS], np.inf)  # upper[i] = the first value past bin i (none past the last)
    guess = v - lo
    guess *= BINS / (hi - lo)
    index = guess.astype(np.intp)
    np.minimum(index, BINS - 1, out=index)
    index -= v < edges[index]
    index += v >= upper[index]
    return np.bincount(index, minlength=BINS)


def layer_summary(row: dict, activation: str) -> dict:
    """What the figure shows of one layer: the spread, zeros, saturation, distinct rows, ‖dW‖, histogram."""
    a, dW = row["a"], row["dW"]
    lo, hi = histogram_range(a, activation)
    return {
        "layer": row["layer"], "std": float(a.std()), "mean": float(a.mean()),
        "zero_fraction": np.count_nonzero(a == 0.0) / a.size,
        "saturated_fraction": np.count_nonzero(np.abs(a) > SATURATED) / a.size if activation == "tanh" else 0.0,
        "distinct_units": distinct_rows(a), "distinct_gradients": distinct_rows(dW) if np.any(dW) else 1,
        "grad_norm": float(np.linalg.norm(dW)), "range": [lo, hi],
        "fractions": (bin_counts(a, lo, hi) / a.size).tolist(),
    }


def initial(options: dict) -> dict:
    """The figure for validated ``options``: a fresh copy of the remembered frame (a caller may edit it)."""
    frame = _frame(options["init"], options["activation"], options["units"], options["seed"])
    return {**frame, "options": dict(options),
            "layers": [{**l, "range": list(l["range"]), "fractions": list(l["fractions"])} for l in frame["layers"]]}


# A drag over the units slider, or a reader switching back and forth between initialisers, asks for the
# same few frames again: each costs ~30 products of units × units matrices, so the last ones are kept.
@functools.lru_cache(maxsize=32)
def _frame(init: str, activation: str, units: int, seed: int) -> dict:
    """The ten layers' numbers, the message and the description for one setting (computed once)."""
    o = {"init": init, "activation": activation, "units": units, "seed": seed}
    rng = np.random.default_rng(o["seed"])
    units = o["units"]
    X = rng.standard_normal((units, SAMPLES))
    Y = (rng.random((1, SAMPLES)) < 0.5).astype(float)
    net = Network([units] * (LAYERS + 1) + [1], o["activation"], output_activation="sigmoid", init=o["init"],
                  seed=o["seed"])
    net.forward(X, training=True)
    net.backward_from_loss("bce", Y)
    layers = [layer_summary(row, o["activation"]) for row in net.trace()[:LAYERS]]
    first, last = layers[0], layers[-1]
    if o["init"] == "zeros":
        message, kind = (f"Every unit of a layer computes the same value and receives the same gradient: "
                         f"{last['distinct_units']} distinct unit of {units} in each layer. Gradient descent keeps "
                         "them equal, so the layer never becomes more than one unit."), "bad"
    elif last["std"] < 0.01 * max(first["std"], 1e-300) or last["std"] < 1e-3:
        message, kind = (f"The signal dies out: the spread of the activations falls from {first['std']:.3g} at layer 1 "
                         f"to {last['std']:.3g} at layer {LAYERS}, and the gradients with it."), "warn"
    elif o["activation"] == "tanh" and first["saturated_fraction"] > 0.2:
        message, kind = (f"{100 * first['saturated_fraction']:.0f}% of the first layer's units are saturated "
                         "(|a| > 0.99), where tanh's slope is almost 0."), "warn"
    else:
        message, kind = (f"The spread of the activations goes from {first['std']:.3g} at layer 1 to "
                         f"{last['std']:.3g} at layer {LAYERS}."), "info"
    labels = dict(OPTIONS["init"].choices)
    description = (f"{labels[o['init']]} initialisation with {o['activation']} through {LAYERS} layers of {units} units, "
                   f"{SAMPLES} standard normal inputs. Standard deviation of the activations per layer: "
                   + ", ".join(f"{l['std']:.3g}" for l in layers)
                   + f". Distinct units in layer {LAYERS}: {last['distinct_units']} of {units}.")
    return {"layers": layers, "units": units, "message": message, "message_kind": kind, "description": description}


CALLS = option_calls(OPTIONS, initial)
