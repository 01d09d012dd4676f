"""The attention figure against softmax(Q K^T / sqrt(d_k)) written out here in plain NumPy."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers import SelfAttention
from engine.widgets import attention as demo
from engine.widgets.protocol import dispatch


def reference(options):
    """The widget's documented construction, then attention by hand."""
    seed = options.get("seed", 0)
    rng = np.random.default_rng(seed)
    table = {w: 2.0 * rng.standard_normal(4) for w in dict.fromkeys(demo.TOKENS)}
    X = np.array([table[w] for w in demo.TOKENS])
    head = SelfAttention(4, options.get("d_k", 4), seed=seed + 1)
    Q, K, V = (X @ head.params[n] for n in ("W_q", "W_k", "W_v"))
    S = Q @ K.T / (np.sqrt(options.get("d_k", 4)) if options.get("scaled", True) else 1.0)
    if options.get("causal", False):
        S[np.triu_indices(len(X), 1)] = -np.inf
    E = np.exp(S - S.max(axis=1, keepdims=True))
    A = E / E.sum(axis=1, keepdims=True)
    return Q, K, V, S, A, A @ V


@pytest.mark.parametrize("options", [{}, {"causal": True}, {"scaled": False, "d_k": 16}, {"causal": True, "scaled": False, "seed": 5, "query": 6}])
def test_weights_scores_and_output_match_the_formula(options):
    r = dispatch("attention", "initial", options)
    Q, K, V, S, A, Y = reference(options)
    np.testing.assert_allclose(r["Q"], Q, atol=1e-4)
    np.testing.assert_allclose(r["weights"], A, atol=1e-4)
    np.testing.assert_allclose(r["output"], Y, atol=1e-4)
    for i, row in enumerate(r["scores"]):
        for j, s in enumerate(row):
            assert (s is None) == (options.get("causal", False) and j > i)
            if s is not None:
                assert s == pytest.approx(S[i, j], abs=1e-4)
    i = r["query"] - 1
    np.testing.assert_allclose(r["row"], A[i], atol=1e-4)
    assert r["best"] == int(np.argmax(A[i]))
    assert f"token {r['best'] + 1} ('{demo.TOKENS[r['best']]}')" in r["description"]


def test_causal_rows_never_look_ahead_and_the_first_token_sees_only_itself():
    r = dispatch("attention", "initial", {"causal": True, "query": 1})
    A = np.array(r["weights"])
    assert np.all(A[np.triu_indices(6, 1)] == 0)
    assert A[0, 0] == 1.0 and "over 1 token" in r["description"]


def test_without_the_scaling_a_large_key_size_makes_the_rows_sharper():
    r = dispatch("attention", "initial", {"d_k": 64, "scaled": False})
    assert r["peak"]["unscaled"] > r["peak"]["scaled"] + 0.1
    assert "sharper" in r["comparison"] and "not divided by √64" in r["switch"]
    same_head = dispatch("attention", "initial", {"d_k": 64, "scaled": True})
    assert same_head["peak"] == r["peak"]  # both ways are reported, whichever is shown
