"""The unrolled RNN against its recurrence written out here, and BPTT against finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers import RNN
from engine.widgets.protocol import dispatch


def weights(options):
    """The widget's documented construction: RNN(1, n_h, seed), W_hh rescaled to spectral radius gain, b = 0."""
    rnn = RNN(1, options["hidden"], seed=options.get("seed", 0))
    W_xh = rnn.params["W_xh"]
    W_hh = rnn.params["W_hh"]
    W_hh = W_hh * options["gain"] / np.max(np.abs(np.linalg.eigvals(W_hh)))
    v = np.random.default_rng(options.get("seed", 0) + 1).standard_normal(options["hidden"]) / np.sqrt(options["hidden"])
    return W_xh, W_hh, v


def loss_of(xs, W_xh, W_hh, v):
    h = np.zeros(W_hh.shape[0])
    states = []
    for x in xs:
        h = np.tanh(W_xh[:, 0] * x + W_hh @ h)
        states.append(h)
    return 0.5 * (v @ h - 1.0) ** 2, np.array(states)


@pytest.mark.parametrize("options", [{"length": 6, "gain": 0.9, "hidden": 4}, {"length": 12, "gain": 1.5, "hidden": 8, "seed": 3},
                                     {"length": 9, "gain": 1.0, "hidden": 5, "seed": 2, "inputs": "noisy"}])
def test_states_and_step_gradients_match_the_recurrence_and_finite_differences(options):
    r = dispatch("rnn-unrolled", "initial", options)
    W_xh, W_hh, v = weights(options)
    xs = np.zeros(options["length"])
    if options.get("inputs") == "noisy":
        xs[1:] = 0.3 * np.random.default_rng(options.get("seed", 0) + 2).standard_normal(options["length"] - 1)
    xs[0] = 1.0
    np.testing.assert_allclose(r["xs"], xs, atol=1e-4)
    loss, states = loss_of(xs, W_xh, W_hh, v)
    np.testing.assert_allclose(r["hs"], states, atol=1e-4)
    assert r["loss"] == pytest.approx(loss, abs=1e-6)
    eps = 1e-6
    for t in range(options["length"]):
        up, down = xs.copy(), xs.copy()
        up[t] += eps
        down[t] -= eps
        numeric = (loss_of(up, W_xh, W_hh, v)[0] - loss_of(down, W_xh, W_hh, v)[0]) / (2 * eps)
        assert r["grad_norms"][t] == pytest.approx(abs(numeric), rel=1e-5, abs=1e-12), t


def test_gradients_vanish_as_the_sequence_grows_at_a_small_gain():
    ratios = [dispatch("rnn-unrolled", "initial", {"length": T, "gain": 0.5})["ratio"] for T in (5, 10, 20)]
    assert ratios[0] > ratios[1] > ratios[2]
    long = dispatch("rnn-unrolled", "initial", {"length": 20, "gain": 0.5})
    assert long["ratio"] < 1e-5 and long["verdict"].startswith("vanishing") and long["kind"] == "warning"
    assert np.all(np.diff(long["log10_norms"]) > 0)  # each step back loses size


def test_the_plot_box_holds_every_bar_and_the_description_names_the_ratio():
    r = dispatch("rnn-unrolled", "initial", {"length": 40, "gain": 3.0, "hidden": 16})
    lo, hi = r["box"][2:]
    assert all(lo <= g <= hi for g in r["log10_norms"])
    assert f"{r['ratio']:.2e}" in r["description"]
