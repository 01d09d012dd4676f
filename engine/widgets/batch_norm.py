"""Batch normalization (chapter 8): one deep network trained with and without it.

Two networks with the same layer sizes and the same initial weights (the
engine's :class:`Network`, ``batch_norm=True`` inserting a BatchNorm between
each hidden layer's Dense and its activation) are trained by the same
mini-batch SGD on the same two-moons points (:func:`engine.training.train`).
The figure draws both training losses per epoch and, for one hidden layer,
how the distribution of its activation's input z moves during training: the
15th, 50th and 85th percentiles over the training points after every epoch,
as in Ioffe & Szegedy (2015), "Batch normalization: accelerating deep network
training by reducing internal covariate shift", ICML, figure 1. With batch
norm the inputs stay centred with a spread set by γ; without it they drift.
"""

from __future__ import annotations

import numpy as np

from engine.datasets import moons
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.training import DIVERGED_MESSAGE, train

from .kit.option_calls import option_calls
from .kit.series_chart import series_chart
from .options import Option, Options

CAPTION = "Batch normalization: the same deep network trained with and without it, and one layer's inputs over time."
OPTIONS = Options(
    Option("lr", "number", 0.15, min=0.01, max=2.0, step=0.01, label="learning rate η"),
    Option("depth", "integer", 6, min=2, max=10, label="hidden layers"),
    Option("activation", "choice", "sigmoid", label="activation",
           choices=[("sigmoid", "sigmoid"), ("tanh", "tanh"), ("relu", "ReLU")]),
    Option("layer", "choice", "last", label="layer watched",
           choices=[("first", "first hidden layer"), ("middle", "middle hidden layer"), ("last", "last hidden layer")]),
    Option("epochs", "integer", 30, min=5, max=60, step=5, label="epochs"),
)
POINTS, NOISE, WIDTH, BATCH = 128, 0.1, 12, 32
PERCENTILES = (15, 50, 85)


def watched_layer(options: dict) -> int:
    """The book's layer number l (1-based) of the hidden layer the reader watches."""
    return {"first": 1, "middle": (options["depth"] + 1) // 2, "last": options["depth"]}[options["layer"]]


def run(options: dict, batch_norm: bool) -> dict:
    """Train one of the two networks; the loss per epoch and the watched layer's z percentiles per epoch."""
    o = options
    X, Y = moons(n=POINTS, noise=NOISE, seed=0)
    net = Network([2] + [WIDTH] * o["depth"] + [1], o["activation"], output_activation="sigmoid", seed=3,
                  batch_norm=batch_norm)
    l = watched_layer(o)

    def percentiles() -> list[float]:
        net.forward(X, training=False)
        return np.percentile(net.trace()[l - 1]["z"], PERCENTILES).tolist()

    bands = [percentiles()]
    start = net.loss_value("bce", Y)
    result = train(net, X, Y, "bce", get_optimizer("sgd", o["lr"]), o["epochs"], batch_size=BATCH, seed=0,
                   on_epoch=lambda epoch, record: bands.append(percentiles()))
    return {"losses": [start, *result.history["loss"]], "bands": bands, "status": result.status,
            "accuracy": result.history["accuracy"][-1] if result.history["accuracy"] else None}


def training(options: dict) -> dict:
    o = options
    plain, normed = run(o, False), run(o, True)
    l = watched_layer(o)
    runs = []
    for name, label, r in (("plain", "without batch norm", plain), ("bn", "with batch norm", normed)):
        runs.append({"name": name, "label": label, "status": r["status"], "epochs": len(r["losses"]) - 1,
                     "loss": r["losses"][-1], "accuracy": r["accuracy"], "final_band": r["bands"][-1]})
    loss_chart = series_chart([{"name": "plain", "label": "without batch norm", "points": list(enumerate(plain["losses"]))},
                               {"name": "bn", "label": "with batch norm", "points": list(enumerate(normed["losses"]))}])
    band_chart = series_chart([{"name": f"{name}-{p}", "label": f"{label}, {p}th percentile",
                                "points": [[e, b[k]] for e, b in enumerate(r["bands"])]}
                               for name, label, r in (("plain", "without", plain), ("bn", "with", normed))
                               for k, p in enumerate(PERCENTILES)])
    diverged = [r["label"] for r in runs if r["status"] == "diverged"]
    if diverged:
        message, kind = f"{' and '.join(diverged).capitalize()}: {DIVERGED_MESSAGE}.", "bad"
    else:
        better = min(runs, key=lambda r: r["loss"])
        message, kind = (f"After {o['epochs']} epochs the loss is {runs[0]['loss']:.3f} without batch norm and "
                         f"{runs[1]['loss']:.3f} with it; lower {better['label']}."), "info"
    def spread(r):
        return f"from {r['final_band'][0]:.2f} to {r['final_band'][2]:.2f}"
    description = (f"A network of {o['depth']} hidden {o['activation']} layers of {WIDTH} units trained for {o['epochs']} "
                   f"epochs with η = {o['lr']:g}, with and without batch norm: "
                   + "; ".join(f"{r['label']} " + ("diverged" if r["status"] == "diverged" else f"final loss {r['loss']:.3f}")
                               for r in runs)
                   + f". Inputs of layer {l}'s activation at the end, 15th to 85th percentile: without batch norm "
                   f"{spread(runs[0])}, with it {spread(runs[1])}.")
    return {"options": o, "trained": o, "layer": l, "losses": loss_chart, "bands": band_chart, "runs": runs,
            "message": message, "message_kind": kind, "description": description}


def initial(options: dict) -> dict:
    return training(options)


CALLS = option_calls(OPTIONS, initial, train=training)
