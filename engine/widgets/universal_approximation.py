"""Universal approximation built by hand (chapter 9), then by training.

The interval [0, 1] is cut into n equal pieces [a_i, b_i]. Each piece gets a
*bump*: two steep sigmoid units, one switching on at a_i and one at b_i,

    bump_i(x) = h_i * (sigma(w (x - a_i)) - sigma(w (x - b_i))),

which is close to h_i on the piece and close to 0 elsewhere when the
steepness w is large (the first bump starts at -1 and the last ends at 2, so
the ends of [0, 1] are not at half height) (Nielsen, *Neural Networks and Deep Learning*, ch. 4).
Their sum is exactly a network [1, 2n, 1] with sigmoid hidden units and a
linear output: hidden weights w, biases -w a_i and -w b_i, output weights
+h_i and -h_i. The figure builds that engine :class:`~engine.network.Network`
with those weights and evaluates it. Heights are the target at each piece's
centre unless the reader sets them (``auto`` off, ``heights``: one per bump,
the rest from the target).

``fit`` trains a network of the same shape from random weights (Adam on the
squared error over 101 points, full batch), for comparison with the hand-built one.
"""

from __future__ import annotations

import numpy as np

from engine.network import Network
from engine.optimizers import Adam
from engine.training import train

from .options import Option, Options

GRID = np.linspace(0.0, 1.0, 201)
TARGETS = {
    "wave": ("a wave, sin(2πx) + x/2", lambda x: np.sin(2 * np.pi * x) + 0.5 * x),
    "bump": ("a smooth bump", lambda x: np.exp(-((x - 0.5) ** 2) / 0.02)),
    "kink": ("a kink, |x − 0.4|", lambda x: 1.5 * np.abs(x - 0.4) - 0.2),
    "steps": ("two steps", lambda x: np.where(x < 0.3, -0.5, np.where(x < 0.7, 0.8, 0.2))),
}
FIT_EPOCHS = 800
MOST_BUMPS = 30  # the heights list holds one number per bump
CAPTION = "Pairs of steep sigmoids make bumps; enough bumps trace any continuous function on a closed interval. Then a network of the same size, trained."
OPTIONS = Options(
    Option("target", "choice", "wave", label="target function", choices=[(k, v[0]) for k, v in TARGETS.items()]),
    Option("bumps", "integer", 5, min=1, max=MOST_BUMPS, label="bumps n"),
    Option("steepness", "number", 100, min=5, max=1000, step=5, label="steepness w"),
    Option("auto", "boolean", True, label="heights from the target"),
    Option("heights", "numbers", [0.0], min=-2, max=2, step=0.01, length=(1, MOST_BUMPS), control="hidden", label="bump heights"),
    Option("seed", "integer", 0, min=0, max=10**6, control="hidden", label="seed of the trained network"),
)


def _pieces(n: int):
    edges = np.linspace(0.0, 1.0, n + 1)
    return edges[:-1], edges[1:]


def _heights(o: dict, f) -> np.ndarray:
    a, b = _pieces(o["bumps"])
    heights = f((a + b) / 2)
    if not o["auto"]:
        given = np.asarray(o["heights"][: o["bumps"]], dtype=float)
        heights[: len(given)] = given
    return heights


def hand_network(o: dict) -> Network:
    """The [1, 2n, 1] network whose hidden pairs are the bumps."""
    f = TARGETS[o["target"]][1]
    n, w = o["bumps"], float(o["steepness"])
    a, b = _pieces(n)
    h = _heights(o, f)
    net = Network([1, 2 * n, 1], "sigmoid", output_activation="linear", seed=0)
    # Units 0..n-1 switch on at a_i, units n..2n-1 at b_i; the outermost edges sit beyond [0, 1]
    # so that the end bumps are at full height at x = 0 and x = 1 (not half, as sigma(0) = 1/2 would give).
    a, b = a.copy(), b.copy()
    a[0], b[-1] = -1.0, 2.0
    starts = np.concatenate([a, b])
    net.set_params([
        {"W": np.full((2 * n, 1), w), "b": (-w * starts)[:, None]},
        {"W": np.concatenate([h, -h])[None, :], "b": np.zeros((1, 1))},
    ])
    return net


def _errors(y, t) -> dict:
    return {"max": float(np.max(np.abs(y - t))), "rms": float(np.sqrt(np.mean((y - t) ** 2)))}


def _curve(y) -> list:
    return np.column_stack([GRID, y]).round(5).tolist()


def initial(options: dict) -> dict:
    o = options
    name, f = TARGETS[o["target"]]
    target = f(GRID)
    net = hand_network(o)
    y = net.forward(GRID[None, :])[0]
    a, b = _pieces(o["bumps"])
    h = _heights(o, f)
    err = _errors(y, target)
    lo = float(min(target.min(), y.min(), h.min(), 0.0)) - 0.15
    hi = float(max(target.max(), y.max(), h.max(), 0.0)) + 0.15
    description = (f"{o['bumps']} bump{'s' if o['bumps'] > 1 else ''} of steepness w = {o['steepness']:g} "
                   f"({2 * o['bumps']} sigmoid units) approximate {name}: largest error {err['max']:.3f}, "
                   f"root-mean-square error {err['rms']:.3f}."
                   + ("" if o["auto"] else " Heights set by hand."))
    return {
        "target": _curve(target), "network": _curve(y), "target_name": name,
        "bumps": [{"left": float(a[i]), "right": float(b[i]), "height": round(float(h[i]), 4)} for i in range(len(a))],
        "heights": np.round(h, 4).tolist(), "auto": o["auto"], "error": err, "box": [0.0, 1.0, lo, hi],
        "fit": None, "description": description,
    }


def fit(args: dict) -> dict:
    """Train a [1, 2n, 1] sigmoid network on the target (101 points); its curve and error."""
    o = OPTIONS.validate(args)
    name, f = TARGETS[o["target"]]
    X = np.linspace(0.0, 1.0, 101)[None, :]
    net = Network([1, 2 * o["bumps"], 1], "sigmoid", output_activation="linear", seed=o["seed"])
    result = train(net, X, f(X), "mse", Adam(lr=0.05), epochs=FIT_EPOCHS, seed=o["seed"])
    y = net.forward(GRID[None, :])[0]
    err = _errors(y, f(GRID))
    hand = initial(o)
    text = (f"Trained for {FIT_EPOCHS} epochs from random weights, the same {2 * o['bumps']} sigmoid units reach a largest error "
            f"of {err['max']:.3f} (root-mean-square {err['rms']:.3f}); the hand-built bumps: {hand['error']['max']:.3f}.")
    if result.status == "diverged":
        text = result.message
    hand["fit"] = {"curve": _curve(y), "error": err, "epochs": FIT_EPOCHS, "text": text}
    hand["description"] = f"{hand['description']} {text}"
    lo, hi = hand["box"][2:]
    hand["box"] = [0.0, 1.0, min(lo, float(y.min()) - 0.15), max(hi, float(y.max()) + 0.15)]
    return hand


CALLS = {"initial": initial, "fit": fit}
INPUTS = {"fit": OPTIONS.json_schema()}
