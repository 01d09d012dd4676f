"""A block is the book's layer l: Dense, [BatchNorm], activation, [Dropout], with the layer contract."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers import Block

rng = np.random.default_rng(13)


def test_parts_in_the_books_order_and_params_named_as_in_the_book():
    block = Block(3, 4, "relu", batch_norm=True, dropout=0.3, seed=0)
    assert block.layers == [block.dense, block.batch_norm, block.activation, block.dropout]
    assert list(block.params) == ["W", "b", "gamma", "beta"]
    assert block.params["W"] is block.dense.params["W"]  # the arrays themselves: optimisers update in place
    plain = Block(3, 4, "tanh", seed=0)
    assert plain.batch_norm is None and plain.dropout is None and list(plain.params) == ["W", "b"]


def test_forward_is_the_books_equations():
    block = Block(2, 3, "tanh", seed=1)
    x = rng.normal(size=(2, 5))
    W, b = block.params["W"], block.params["b"]
    np.testing.assert_allclose(block.forward(x), np.tanh(W @ x + b), rtol=1e-14)


@pytest.mark.parametrize(
    "options, training",
    [
        ({"activation": "sigmoid"}, False),
        ({"activation": "relu", "batch_norm": True}, True),
        ({"activation": "leaky_relu", "batch_norm": True}, False),
        ({"activation": "softmax"}, False),
    ],
)
def test_backward_against_finite_differences(options, training, gradient_errors):
    block = Block(3, 4, seed=2, **options)
    if block.batch_norm is not None:
        block.batch_norm.params["gamma"][...] = rng.normal(1.0, 0.3, (4, 1))
    x = rng.normal(size=(3, 6)) + 0.01
    dout = rng.normal(size=(4, 6))
    block.forward(x, training=training)
    dx = block.backward(dout)
    pairs = {"x": (x, dx), **{k: (p, block.grads[k].copy()) for k, p in block.params.items()}}
    errors = gradient_errors(lambda: float(np.sum(dout * block.forward(x, training=training))), pairs)
    assert max(errors.values()) < 1e-6, errors
    assert block.delta.shape == (4, 6)


def test_backward_from_delta_skips_the_activation():
    block = Block(3, 2, "sigmoid", seed=3)
    x = rng.normal(size=(3, 4))
    block.forward(x)
    delta = rng.normal(size=(2, 4))
    dx = block.backward_from_delta(delta)
    np.testing.assert_allclose(block.grads["W"], delta @ x.T, rtol=1e-14)
    np.testing.assert_allclose(dx, block.params["W"].T @ delta, rtol=1e-14)
    assert block.delta is delta


def test_dropout_block_needs_a_generator_even_with_zero_weights():
    assert Block(2, 2, init="zeros").params["W"].sum() == 0.0  # nothing random: no seed needed
    with pytest.raises(ValueError, match="seed"):
        Block(2, 2, init="zeros", dropout=0.5)
