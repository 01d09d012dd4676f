"""Self-attention against torch's scaled_dot_product_attention (golden JSON) and finite differences."""

import json
from pathlib import Path

import numpy as np
import pytest

from engine.layers import SelfAttention, causal_mask

CASES = json.loads((Path(__file__).parents[2] / "golden" / "beyond.json").read_text())["attention"]
TOL = {"rtol": 1e-10, "atol": 1e-12}


def layer_for(case):
    layer = SelfAttention(case["d_model"], case["d_k"], case["d_v"], causal=case["causal"], seed=0)
    for name in ("W_q", "W_k", "W_v"):
        layer.params[name] = np.array(case[name])
    return layer


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_forward_weights_and_gradients_match_torch(case):
    layer = layer_for(case)
    out = layer.forward(np.array(case["X"]))
    np.testing.assert_allclose(out, case["out"], **TOL)
    np.testing.assert_allclose(layer.attention_weights, case["attention_weights"], **TOL)
    dX = layer.backward(np.array(case["dout"]))
    np.testing.assert_allclose(dX, case["dX"], **TOL)
    for name in ("W_q", "W_k", "W_v"):
        np.testing.assert_allclose(layer.grads[name], case["d" + name], **TOL, err_msg=name)


@pytest.mark.parametrize("causal", [False, True])
def test_gradients_match_finite_differences(causal, gradient_errors):
    # Moderate inputs (the golden "large_scores" case saturates the softmax,
    # where finite differences say little).
    rng = np.random.default_rng(11)
    layer = SelfAttention(4, 3, 2, causal=causal, seed=12)
    X = rng.standard_normal((5, 4))
    dout = rng.standard_normal((5, 2))
    layer.forward(X)
    dX = layer.backward(dout)
    pairs = {"X": (X, dX)}
    pairs.update({name: (layer.params[name], layer.grads[name]) for name in layer.params})
    errors = gradient_errors(lambda: np.sum(layer.forward(X) * dout), pairs)
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("causal", [False, True])
def test_unscaled_gradients_match_finite_differences(causal, gradient_errors):
    rng = np.random.default_rng(13)
    layer = SelfAttention(4, 3, 2, causal=causal, scaled=False, seed=14)
    X = rng.standard_normal((5, 4)) * 0.5
    dout = rng.standard_normal((5, 2))
    layer.forward(X)
    dX = layer.backward(dout)
    pairs = {"X": (X, dX)}
    pairs.update({name: (layer.params[name], layer.grads[name]) for name in layer.params})
    errors = gradient_errors(lambda: np.sum(layer.forward(X) * dout), pairs)
    assert max(errors.values()) < 1e-6, errors


def test_unscaled_scores_are_the_scaled_ones_times_sqrt_dk():
    # Unscaled attention with W_q equals scaled attention with W_q * sqrt(d_k): the only difference is the factor.
    rng = np.random.default_rng(3)
    X = rng.standard_normal((4, 5))
    plain = SelfAttention(5, 9, causal=True, scaled=False, seed=1)
    scaled = SelfAttention(5, 9, causal=True, seed=1)
    scaled.params["W_q"] = plain.params["W_q"] * 3.0
    np.testing.assert_allclose(plain.forward(X), scaled.forward(X), rtol=1e-12)
    assert not np.allclose(SelfAttention(5, 9, seed=1).forward(X), plain.forward(X))


def test_weights_are_a_distribution_over_keys_for_every_query():
    layer = SelfAttention(3, 2, seed=1)
    layer.forward(np.random.default_rng(2).standard_normal((6, 3)))
    A = layer.attention_weights
    assert A.shape == (6, 6) and isinstance(A, np.ndarray)
    assert np.all(A > 0)
    np.testing.assert_allclose(A.sum(axis=1), np.ones(6), rtol=1e-14)


def test_causal_weights_never_look_ahead():
    layer = SelfAttention(3, 2, causal=True, seed=1)
    X = np.random.default_rng(2).standard_normal((5, 3))
    Y = layer.forward(X)
    A = layer.attention_weights
    assert np.all(A[np.triu_indices(5, k=1)] == 0.0)
    np.testing.assert_allclose(A.sum(axis=1), np.ones(5), rtol=1e-14)
    # The first token can only see itself, so its output is its own value vector.
    np.testing.assert_allclose(Y[0], X[0] @ layer.params["W_v"], rtol=1e-14)
    # Changing the last token leaves every earlier output as it was.
    X[4] += 3.0
    np.testing.assert_array_equal(layer.forward(X)[:4], Y[:4])


def test_equal_scores_average_the_values():
    # With W_q = 0 every score is 0, so each query weighs all T tokens by 1/T
    # and every output row is the mean of the value rows.
    layer = SelfAttention(3, 2, seed=4)
    layer.params["W_q"] = np.zeros((3, 2))
    X = np.random.default_rng(5).standard_normal((4, 3))
    Y = layer.forward(X)
    np.testing.assert_allclose(layer.attention_weights, np.full((4, 4), 0.25), rtol=1e-14)
    mean_value = (X @ layer.params["W_v"]).mean(axis=0)
    np.testing.assert_allclose(Y, np.tile(mean_value, (4, 1)), rtol=1e-13)


def test_huge_scores_stay_finite():
    layer = SelfAttention(2, 2, seed=0)
    layer.params["W_q"] = np.eye(2) * 1e3
    layer.params["W_k"] = np.eye(2) * 1e3
    Y = layer.forward(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))  # scores up to 1.4e6
    assert np.all(np.isfinite(Y)) and np.all(np.isfinite(layer.attention_weights))
    assert np.all(np.isfinite(layer.backward(np.ones_like(Y))))


def test_causal_mask():
    np.testing.assert_array_equal(causal_mask(3), [[False, True, True], [False, False, True], [False, False, False]])


def test_parameter_shapes_and_default_init_bounds():
    layer = SelfAttention(6, 4, 3, seed=0)
    shapes = {name: value.shape for name, value in layer.params.items()}
    assert shapes == {"W_q": (6, 4), "W_k": (6, 4), "W_v": (6, 3)}
    assert SelfAttention(6, 4, seed=0).params["W_v"].shape == (6, 4)  # d_v defaults to d_k
    bound = 1.0 / np.sqrt(6)
    assert all(np.abs(value).max() <= bound for value in layer.params.values())
    assert set(layer.grads) == set(layer.params)
    with pytest.raises(ValueError):
        SelfAttention(6, 4)  # neither rng nor seed


def test_rejects_bad_shapes_and_backward_before_forward():
    layer = SelfAttention(4, 2, seed=0)
    with pytest.raises(RuntimeError):
        layer.backward(np.zeros((3, 2)))
    with pytest.raises(ValueError):
        layer.forward(np.zeros((3, 5)))
    layer.forward(np.zeros((3, 4)))
    with pytest.raises(ValueError):
        layer.backward(np.zeros((3, 3)))
