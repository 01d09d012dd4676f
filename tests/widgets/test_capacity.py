"""Capacity: the errors against networks fitted here by an independent least-squares solve."""

from __future__ import annotations

import numpy as np
import pytest

from engine.datasets import regression_1d
from engine.widgets import capacity as demo
from engine.widgets.protocol import dispatch


def reference(options, h):
    """The documented construction in plain NumPy: first h random tanh units, output by least squares."""
    seed = options.get("seed", 0)
    X, Y = regression_1d(options.get("target", "sine"), n=options.get("points", 12), noise=options.get("noise", 0.2), seed=seed)
    Xt, Yt = regression_1d(options.get("target", "sine"), n=demo.TEST_POINTS, noise=options.get("noise", 0.2), seed=seed + 1)
    rng = np.random.default_rng(seed + 2)
    W = 3.0 * rng.standard_normal((demo.MOST_UNITS, 1))
    b = rng.uniform(-3.0, 3.0, (demo.MOST_UNITS, 1))
    feats = lambda x: np.vstack([np.tanh(W[:h] @ x + b[:h]), np.ones((1, x.shape[1]))])  # noqa: E731
    coef = np.linalg.pinv(feats(X).T) @ Y[0]
    return float(np.mean((coef @ feats(X) - Y[0]) ** 2)), float(np.mean((coef @ feats(Xt) - Yt[0]) ** 2))


@pytest.mark.parametrize("options", [{}, {"target": "abs", "points": 20, "noise": 0.1, "seed": 4}])
@pytest.mark.parametrize("h", [1, 3, 6])
def test_errors_match_an_independent_least_squares_fit(options, h):
    r = dispatch("capacity", "initial", {**options, "width": h})
    train, test = reference(options, h)
    assert r["train_error"][h - 1] == pytest.approx(train, rel=1e-5, abs=1e-10)
    assert r["test_error"][h - 1] == pytest.approx(test, rel=1e-5)


def test_training_error_falls_to_zero_at_as_many_units_as_points_while_test_error_rises():
    r = dispatch("capacity", "initial", {"points": 12, "noise": 0.2})
    train, test = np.array(r["train_error"]), np.array(r["test_error"])
    assert train[0] > 0.1 and np.all(train[11:] < 1e-6)  # 11 units + the bias pass through 12 points
    assert np.all(np.diff(train) <= 1e-9)  # nested networks: more units never fit worse
    best = r["best"]
    assert best < 12 and test[11] > 10 * test[best - 1]
    over = dispatch("capacity", "initial", {"points": 12, "noise": 0.2, "width": 12})
    assert over["regime"].startswith("overfitting") and "overfitting" in over["description"]
    under = dispatch("capacity", "initial", {"points": 12, "noise": 0.2, "width": 1})
    assert under["regime"].startswith("underfitting")


def test_the_log_scale_holds_every_error():
    r = dispatch("capacity", "initial", {"noise": 0.0, "points": 30})
    lo, hi = r["error_box"][2:]
    assert all(lo <= v <= hi for v in r["log10_train"] + r["log10_test"])
