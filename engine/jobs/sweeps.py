"""Job demos "data-hunger" and "capacity" (chapter 9): many small trainings, one curve.

Both train a one-hidden-layer network (ReLU, softmax output, Adam) on the 8x8
digits and measure error on the same held-out test set:

* data hunger -- test error against the number of training images, at a fixed
  network size: more data, lower error, with diminishing returns;
* capacity -- training and test error against the number of hidden units, at a
  fixed, small training set: the training error falls towards zero while the
  test error stops following it (the gap is overfitting).

Each point is the mean over ``repeats`` runs with different seeds (the spread
is reported as well), so one lucky initialisation does not make the curve.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from engine.datasets import one_hot
from engine.network import Network
from engine.optimizers import Adam
from engine.training import train
from engine.widgets.options import Option, Options

from .digits_data import N_CLASSES, load_digits, split

TEST_FRACTION = 0.25
TRAIN_SIZES = (20, 40, 80, 160, 320, 640, 1280)
HIDDEN_SIZES = (1, 2, 4, 8, 16, 32, 64, 128)
LEARNING_RATE = 0.01
BATCH_SIZE = 32

_COMMON = (
    Option("repeats", "integer", 3, min=1, max=5, label="Runs per point", help="seeds averaged for each point"),
    Option("seed", "integer", 0, min=0, max=9999, label="Seed", control="number"),
)
OPTIONS = {
    "data-hunger": Options(
        Option("hidden", "integer", 32, min=1, max=128, label="Hidden units"),
        Option("epochs", "integer", 40, min=1, max=100, label="Epochs"),
        *_COMMON,
    ),
    "capacity": Options(
        Option("train_size", "integer", 200, min=20, max=1280, label="Training images"),
        Option("epochs", "integer", 50, min=1, max=100, label="Epochs"),
        *_COMMON,
    ),
}


def _data(seed: int):
    images, labels = load_digits()
    train_idx, test_idx = split(labels, TEST_FRACTION, seed)
    X = images.reshape(len(images), -1).T
    return X, one_hot(labels, N_CLASSES), train_idx, test_idx


def _error(net: Network, X, Y) -> float:
    return float(np.mean(np.argmax(net.forward(X), axis=0) != np.argmax(Y, axis=0)))


def train_and_measure(X, Y, train_idx, test_idx, hidden: int, n_train: int, epochs: int, seed: int) -> dict:
    """Train on the first ``n_train`` of a seeded shuffle of ``train_idx``; errors on both sets."""
    rng = np.random.default_rng(seed)
    chosen = rng.permutation(train_idx)[:n_train]
    net = Network([X.shape[0], hidden, N_CLASSES], "relu", output_activation="softmax", seed=seed)
    result = train(net, X[:, chosen], Y[:, chosen], "cce_logits", Adam(LEARNING_RATE), epochs,
                   batch_size=BATCH_SIZE, seed=seed)
    return {
        "train_error": _error(net, X[:, chosen], Y[:, chosen]),
        "test_error": _error(net, X[:, test_idx], Y[:, test_idx]),
        "status": result.status,
    }


def _summary(runs: list[dict], key: str) -> dict:
    values = np.array([r[key] for r in runs])
    return {"mean": float(values.mean()), "min": float(values.min()), "max": float(values.max())}


def _sweep(axis: str, values, make_run, p: dict, progress) -> dict:
    repeats, seed = int(p["repeats"]), int(p["seed"])
    total, done = len(values) * repeats, 0
    points = []
    for value in values:
        runs = []
        for r in range(repeats):
            runs.append(make_run(value, seed + r))
            done += 1
            progress({"stage": "training", "step": done, "steps": total,
                      "message": f"{axis} {value}, run {r + 1} of {repeats}", "test_error": runs[-1]["test_error"]})
        points.append({axis: value, "train_error": _summary(runs, "train_error"),
                       "test_error": _summary(runs, "test_error"),
                       "diverged": sum(r["status"] == "diverged" for r in runs)})
    return {"axis": axis, "points": points, "params": p}


def run_data_hunger(params: dict, progress: Callable[[dict], None] = lambda e: None) -> dict:
    p = OPTIONS["data-hunger"].validate(params)
    X, Y, train_idx, test_idx = _data(int(p["seed"]))
    sizes = [n for n in TRAIN_SIZES if n <= train_idx.size]

    def one(n, seed):
        return train_and_measure(X, Y, train_idx, test_idx, int(p["hidden"]), n, int(p["epochs"]), seed)

    return {"demo": "data-hunger", "test_size": int(test_idx.size), **_sweep("train_size", sizes, one, p, progress)}


def run_capacity(params: dict, progress: Callable[[dict], None] = lambda e: None) -> dict:
    p = OPTIONS["capacity"].validate(params)
    X, Y, train_idx, test_idx = _data(int(p["seed"]))

    def one(hidden, seed):
        return train_and_measure(X, Y, train_idx, test_idx, hidden, int(p["train_size"]), int(p["epochs"]), seed)

    return {"demo": "capacity", "test_size": int(test_idx.size), **_sweep("hidden", list(HIDDEN_SIZES), one, p, progress)}


JOBS = {
    "data-hunger": (OPTIONS["data-hunger"], run_data_hunger),
    "capacity": (OPTIONS["capacity"], run_capacity),
}
