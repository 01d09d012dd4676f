"""Initialisers: the variances of Glorot & Bengio (2010) and He et al. (2015), seeded draws."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.initializers import INIT_NAMES, as_generator, default_init, fans, initialize

SHAPE = (300, 200)  # 60 000 draws: sample std within ~0.5 % of the target


@pytest.mark.parametrize(
    "name, expected_std",
    [
        ("normal", 0.01),
        ("xavier_normal", math.sqrt(2 / (200 + 300))),
        ("xavier_uniform", math.sqrt(2 / (200 + 300))),  # U(-a, a) has variance a^2/3 = 2/(fan_in+fan_out)
        ("he_normal", math.sqrt(2 / 200)),
        ("he_uniform", math.sqrt(2 / 200)),
    ],
)
def test_standard_deviation(name, expected_std):
    W = initialize(name, SHAPE, np.random.default_rng(0))
    assert W.shape == SHAPE and W.dtype == np.float64
    assert W.std() == pytest.approx(expected_std, rel=0.02)
    assert abs(W.mean()) < 0.02 * expected_std * 5


def test_uniform_bounds():
    a = math.sqrt(6 / (200 + 300))
    W = initialize("xavier_uniform", SHAPE, np.random.default_rng(1))
    assert W.min() >= -a and W.max() <= a and W.max() > 0.99 * a


def test_same_seed_same_weights_other_seed_other_weights():
    a = initialize("he_normal", (4, 3), np.random.default_rng(7))
    b = initialize("he_normal", (4, 3), np.random.default_rng(7))
    c = initialize("he_normal", (4, 3), np.random.default_rng(8))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_zeros_needs_no_generator_and_random_ones_do():
    assert not initialize("zeros", (2, 3), None).any()
    with pytest.raises(ValueError, match="Generator"):
        initialize("xavier_normal", (2, 3), None)
    with pytest.raises(ValueError, match="unknown initializer"):
        initialize("orthogonal", (2, 3), np.random.default_rng(0))


def test_fans_follow_pytorch_for_dense_and_kernel_shapes():
    assert fans((5, 3)) == (3, 5)
    assert fans((8, 4, 3, 3)) == (36, 72)


def test_he_keeps_relu_signal_variance_through_many_layers():
    # the reason He init exists: with Xavier the ReLU signal shrinks by ~2 per layer
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 500))
    a_he, a_xavier = x, x
    for _ in range(10):
        a_he = np.maximum(initialize("he_normal", (256, 256), rng) @ a_he, 0)
        a_xavier = np.maximum(initialize("xavier_normal", (256, 256), rng) @ a_xavier, 0)
    assert 0.5 < np.mean(a_he**2) < 2.0
    assert np.mean(a_xavier**2) < 0.01


def test_default_init_and_generator_helper():
    assert default_init("relu") == "he_normal" and default_init("leaky_relu") == "he_normal"
    assert default_init("tanh") == "xavier_normal" and default_init("sigmoid") == "xavier_normal"
    assert INIT_NAMES[0] == "zeros" and {"xavier_normal", "xavier_uniform", "he_normal"} <= set(INIT_NAMES)
    g = np.random.default_rng(3)
    assert as_generator(g) is g
    assert as_generator(5).random() == np.random.default_rng(5).random()
    with pytest.raises(ValueError):
        as_generator(None)
