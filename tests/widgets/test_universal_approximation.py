"""Universal approximation by hand: the network's output against the bumps' formula written out here."""

from __future__ import annotations

import numpy as np
import pytest

from engine.widgets import universal_approximation as demo
from engine.widgets.protocol import dispatch


def sigma(z):
    with np.errstate(over="ignore"):  # exp(-z) = inf for very negative z: sigma 0, as it should
        return 1 / (1 + np.exp(-z))


def bumps_by_formula(x, n, w, heights):
    edges = np.linspace(0, 1, n + 1)
    a, b = edges[:-1].copy(), edges[1:].copy()
    a[0], b[-1] = -1.0, 2.0
    return sum(h * (sigma(w * (x - ai)) - sigma(w * (x - bi))) for h, ai, bi in zip(heights, a, b))


@pytest.mark.parametrize("target,n,w", [("wave", 5, 100), ("kink", 12, 40), ("steps", 30, 1000), ("bump", 1, 5)])
def test_the_network_is_the_sum_of_its_bumps(target, n, w):
    r = dispatch("universal-approximation", "initial", {"target": target, "bumps": n, "steepness": w})
    x = np.array([p[0] for p in r["network"]])
    f = demo.TARGETS[target][1]
    centres = (np.arange(n) + 0.5) / n
    np.testing.assert_allclose(r["heights"], f(centres), atol=1e-4)
    np.testing.assert_allclose([p[1] for p in r["network"]], bumps_by_formula(x, n, w, f(centres)), atol=2e-5)
    err = np.abs(np.array([p[1] for p in r["network"]]) - f(x))
    assert r["error"]["max"] == pytest.approx(err.max(), abs=1e-4)


def test_more_bumps_approximate_a_continuous_target_better():
    errors = [dispatch("universal-approximation", "initial", {"bumps": n, "steepness": 1000})["error"]["max"] for n in (2, 5, 10, 30)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 0.15


def test_heights_set_by_hand_replace_the_targets_and_the_rest_follow_the_target():
    r = dispatch("universal-approximation", "initial", {"bumps": 4, "auto": False, "heights": [1.5, -1.0]})
    f = demo.TARGETS["wave"][1]
    assert r["heights"][:2] == [1.5, -1.0]
    np.testing.assert_allclose(r["heights"][2:], f(np.array([0.625, 0.875])), atol=1e-4)
    assert "by hand" in r["description"]
    ignored = dispatch("universal-approximation", "initial", {"bumps": 4, "auto": True, "heights": [1.5, -1.0]})
    assert ignored["heights"][0] != 1.5


def test_training_a_network_of_the_same_size_reduces_its_error_and_reports_both():
    r = dispatch("universal-approximation", "fit", {"bumps": 5, "target": "bump"})
    fit = r["fit"]
    x = np.array([p[0] for p in fit["curve"]])
    target = demo.TARGETS["bump"][1](x)
    assert fit["error"]["rms"] < 0.6 * np.std(target)  # far better than the best constant
    assert fit["error"]["max"] == pytest.approx(np.max(np.abs(np.array([p[1] for p in fit["curve"]]) - demo.TARGETS["bump"][1](x))), abs=1e-4)
    assert f"{fit['error']['max']:.3f}" in r["description"] and f"{r['error']['max']:.3f}" in fit["text"]
