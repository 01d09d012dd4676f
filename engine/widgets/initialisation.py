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


def distinct_rows(A: np.ndarray) -> int:
    """How many different rows (units) ``A`` has, to 1e-9 relative to its largest value.

    Rows are compared through their projections on one fixed random direction: two
    different rows project to the same number with probability zero, and sorting 100
    numbers is far cheaper than sorting 100 rows.
    """
    scale = float(np.max(np.abs(A))) or 1.0
    direction = np.random.default_rng(12345).standard_normal(A.shape[1])
    return int(np.unique(np.round((A / scale) @ direction / np.sqrt(A.shape[1]), 9)).size)


def histogram(a: np.ndarray, activation: str) -> dict:
    """Fractions of the values in BINS equal bins: [-1, 1] for tanh, [0, max] for ReLU."""
    lo, hi = (-1.0, 1.0) if activation == "tanh" else (0.0, max(float(a.max()), 1e-12))
    counts, _ = np.histogram(np.clip(a, lo, hi), bins=BINS, range=(lo, hi))
    return {"range": [lo, hi], "fractions": (counts / a.size).tolist()}


def initial(options: dict) -> dict:
    o = options
    rng = np.random.default_rng(o["seed"])
    units = o["units"]
    X = rng.standard_normal((units, SAMPLES))
    Y = (rng.random((1, SAMPLES)) < 0.5).astype(float)
    net = Network([units] * (LAYERS + 1) + [1], o["activation"], output_activation="sigmoid", init=o["init"],
                  seed=o["seed"])
    net.forward(X, training=True)
    net.backward_from_loss("bce", Y)
    layers = []
    for row in net.trace()[:LAYERS]:
        a, dW = row["a"], row["dW"]
        layers.append({
            "layer": row["layer"], "std": float(a.std()), "mean": float(a.mean()),
            "zero_fraction": float(np.mean(a == 0.0)),
            "saturated_fraction": float(np.mean(np.abs(a) > SATURATED)) if o["activation"] == "tanh" else 0.0,
            "distinct_units": distinct_rows(a), "distinct_gradients": distinct_rows(dW) if np.any(dW) else 1,
            "grad_norm": float(np.linalg.norm(dW)), **histogram(a, o["activation"]),
        })
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
    return {"options": o, "layers": layers, "units": units, "message": message, "message_kind": kind,
            "description": description}


CALLS = option_calls(OPTIONS, initial)
