"""Capacity and overfitting (chapter 9): one noisy data set, networks of growing width.

Data: ``points`` training samples and 200 test samples of y = f(x) + N(0, noise^2)
on [-1, 1] (:func:`engine.datasets.regression_1d`). Networks [1, h, 1], tanh
hidden units and a linear output, for h = 1 .. 40 hidden units.

To keep 40 trainings instant, each network's hidden layer is drawn at random
(weights N(0, 3^2) and biases U(-3, 3), so the tanh kinks spread over the
interval; the network with h units uses the first h of the 40 drawn units)
and only the output layer is trained, to the exact minimum of the training
squared error: the least-squares solution, the one of smallest norm when
several fit equally well (the point that gradient descent from zero on that
layer converges to). As h grows, the training error falls to 0 once there
are as many units (plus the bias) as points, and the test error shows the
price: small networks underfit, a network just able to pass through every
noisy point overfits worst.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from engine.datasets import regression_1d
from engine.network import Network

from .kit.geometry import decade_ticks
from .options import Option, Options

MOST_UNITS = 40
TEST_POINTS = 200
GRID = np.linspace(-1.0, 1.0, 201)
CAPTION = "Networks of growing width fitted to the same noisy points: training error keeps falling, test error falls and then rises."
OPTIONS = Options(
    Option("target", "choice", "sine", label="true function", choices=[("sine", "sin(πx)"), ("abs", "|x|"), ("step", "a step")]),
    Option("width", "integer", 4, min=1, max=MOST_UNITS, label="hidden units h (the fit shown)"),
    Option("points", "integer", 12, min=4, max=30, label="training points"),
    Option("noise", "number", 0.2, min=0.0, max=0.5, step=0.05, label="noise σ"),
    Option("seed", "integer", 0, min=0, max=10**6, control="hidden", label="seed of the data and the units"),
)


def _network(h: int, W: np.ndarray, b: np.ndarray, X: np.ndarray, Y: np.ndarray) -> Network:
    """[1, h, 1] with the first h random units, its output layer fitted by least squares."""
    net = Network([1, h, 1], "tanh", output_activation="linear", seed=0)
    net.set_params([{"W": W[:h], "b": b[:h]}, {"W": np.zeros((1, h)), "b": np.zeros((1, 1))}])
    hidden = net.blocks[0].forward(X)  # (h, m)
    design = np.vstack([hidden, np.ones((1, X.shape[1]))]).T  # (m, h + 1)
    coef, *_ = np.linalg.lstsq(design, Y[0], rcond=None)
    net.set_params([{"W": W[:h], "b": b[:h]}, {"W": coef[:h][None, :], "b": coef[h:][None, :]}])
    return net


def _mse(net: Network, X, Y) -> float:
    """The mean squared error to 6 significant digits.

    The least-squares problem is ill-conditioned (saturated tanh units are nearly collinear), so
    LAPACK builds (CPython's numpy, Pyodide's) agree only to about 1e-9 relative; the figure shows 4.
    """
    return float(f"{float(np.mean((net.forward(X) - Y) ** 2)):.6g}")


@functools.lru_cache(maxsize=16)
def _fits(target: str, points: int, noise: float, seed: int):
    """Every width's errors and fitted curve for one data set (cached: the width slider only picks one)."""
    X, Y = regression_1d(target, n=points, noise=noise, seed=seed)
    X_test, Y_test = regression_1d(target, n=TEST_POINTS, noise=noise, seed=seed + 1)
    rng = np.random.default_rng(seed + 2)
    W = 3.0 * rng.standard_normal((MOST_UNITS, 1))
    b = rng.uniform(-3.0, 3.0, (MOST_UNITS, 1))
    train_err, test_err, curves = [], [], []
    for h in range(1, MOST_UNITS + 1):
        net = _network(h, W, b, X, Y)
        train_err.append(_mse(net, X, Y))
        test_err.append(_mse(net, X_test, Y_test))
        curves.append(net.forward(GRID[None, :])[0])
    return X, Y, X_test, Y_test, train_err, test_err, curves


def initial(options: dict) -> dict:
    o = options
    X, Y, X_test, Y_test, train_err, test_err, curves = _fits(o["target"], o["points"], o["noise"], o["seed"])
    shown = curves[o["width"] - 1]
    floor = 1e-4  # errors below this are drawn at it: 0 has no logarithm
    logs_train = [math.log10(max(e, floor)) for e in train_err]
    logs_test = [math.log10(max(e, floor)) for e in test_err]
    lo, hi = math.floor(min(logs_train + logs_test)), math.ceil(max(logs_train + logs_test))
    best = int(np.argmin(test_err)) + 1
    h = o["width"]
    i = h - 1
    if h < best:
        regime = "underfitting: too few units to follow the function"
    elif h == best:
        regime = "the smallest test error of all widths"
    elif test_err[i] > 2 * test_err[best - 1]:
        regime = "overfitting: the curve bends to the noise of the training points"
    else:
        regime = "more units than needed, and the test error no better"
    y_lo = float(min(Y.min(), np.clip(shown, -3, 3).min())) - 0.2
    y_hi = float(max(Y.max(), np.clip(shown, -3, 3).max())) + 0.2
    description = (f"{o['points']} noisy points, a network with {h} hidden unit{'s' if h > 1 else ''}: training error {train_err[i]:.4f}, "
                   f"test error {test_err[i]:.4f} — {regime}. The best width here is {best} (test error {test_err[best - 1]:.4f}).")
    return {
        "width": h, "points": o["points"], "best": best,
        "train": np.column_stack([X[0], Y[0]]).round(4).tolist(),
        "test": np.column_stack([X_test[0], Y_test[0]])[::4].round(4).tolist(),
        "curve": np.column_stack([GRID, np.clip(shown, -3, 3)]).round(4).tolist(),
        "train_error": train_err, "test_error": test_err, "log10_train": logs_train, "log10_test": logs_test,
        "error_box": [0.5, MOST_UNITS + 0.5, lo, hi if hi > lo else lo + 1], "y_ticks": decade_ticks(lo, hi if hi > lo else lo + 1),
        "x_ticks": [1, 10, 20, 30, 40], "fit_box": [-1.0, 1.0, y_lo, y_hi], "regime": regime,
        "description": description,
    }


CALLS = {"initial": initial}
