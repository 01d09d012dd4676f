"""Every layer keeps one contract: constructor conventions, forward/backward, params/grads, bad sizes refused."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import engine.layers as layers_package
from engine.layers import RNN, ActivationLayer, BatchNorm, Block, Conv2D, Dense, Dropout, MaxPool2D, SelfAttention
from engine.network import Network

rng = np.random.default_rng(11)

# One small instance of every layer with the input it takes.
INSTANCES = {
    "Dense": (lambda: Dense(3, 2, seed=0), (3, 4)),
    "ActivationLayer": (lambda: ActivationLayer("tanh"), (3, 4)),
    "BatchNorm": (lambda: BatchNorm(3), (3, 4)),
    "Dropout": (lambda: Dropout(0.5, seed=0), (3, 4)),
    "Block": (lambda: Block(3, 2, "relu", batch_norm=True, dropout=0.2, seed=0), (3, 4)),
    "Conv2D": (lambda: Conv2D(2, 3, 2, seed=0), (2, 2, 4, 4)),
    "MaxPool2D": (lambda: MaxPool2D(2), (2, 2, 4, 4)),
    "RNN": (lambda: RNN(3, 2, seed=0), (5, 3, 4)),
    "SelfAttention": (lambda: SelfAttention(3, 2, seed=0), (5, 3)),
}


def test_every_exported_layer_is_covered_here():
    exported = {name for name in layers_package.__all__ if inspect.isclass(getattr(layers_package, name))}
    assert exported == set(INSTANCES)


@pytest.mark.parametrize("name", sorted(INSTANCES))
@pytest.mark.parametrize("training", [False, True])
def test_forward_backward_params_grads(name, training):
    make, shape = INSTANCES[name]
    layer = make()
    x = rng.normal(size=shape)
    y = layer.forward(x, training=training)
    dx = layer.backward(np.ones_like(y))
    assert dx.shape == x.shape  # backward returns the gradient for the input
    assert set(layer.grads) == set(layer.params)
    for k, p in layer.params.items():
        assert layer.grads[k].shape == p.shape and p.dtype == np.float64


@pytest.mark.parametrize("name", sorted(INSTANCES))
def test_backward_before_forward_is_refused(name):
    with pytest.raises(RuntimeError, match="before forward"):
        INSTANCES[name][0]().backward(np.ones(INSTANCES[name][1]))


@pytest.mark.parametrize("cls", [Dense, ActivationLayer, BatchNorm, Dropout, Block, Conv2D, MaxPool2D, RNN, SelfAttention, Network])
def test_one_default_for_training_everywhere_and_keyword_only(cls):
    parameter = inspect.signature(cls.forward).parameters["training"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is False  # inference unless asked: a forward without the flag changes nothing


def test_default_forward_is_inference_it_draws_no_mask_and_moves_no_statistic():
    bn, drop = BatchNorm(2), Dropout(0.5, seed=0)
    x = rng.normal(size=(2, 6))
    bn.forward(x)
    np.testing.assert_array_equal(bn.running_mean, 0.0)
    np.testing.assert_array_equal(drop.forward(x), x)  # inverted dropout is the identity at inference
    assert drop.mask is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: Dense(3, 2, "he_normal"),
        lambda: BatchNorm(3, 0.1),
        lambda: Dropout(0.5, "classic"),
        lambda: Conv2D(1, 1, 3, 1),
        lambda: MaxPool2D(2, 2),
        lambda: RNN(3, 2, 0),
        lambda: SelfAttention(3, 2, 2, True),
    ],
)
def test_options_after_the_sizes_are_keyword_only(make):
    with pytest.raises(TypeError):
        make()


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: Dense(0, 3, seed=0), "n_in"),
        (lambda: Dense(3, 0, seed=0), "n_out"),
        (lambda: Dense(2.5, 3, seed=0), "n_in"),
        (lambda: BatchNorm(0), "n"),
        (lambda: BatchNorm(3, momentum=1.5), "momentum"),
        (lambda: BatchNorm(3, eps=-1e-5), "eps"),
        (lambda: Dropout(1.0, seed=0), "p"),
        (lambda: Dropout(0.5, mode="gaussian", seed=0), "mode"),
        (lambda: Block(0, 3, seed=0), "n_in"),
        (lambda: Conv2D(0, 1, 3, seed=0), "in_channels"),
        (lambda: Conv2D(1, 0, 3, seed=0), "out_channels"),
        (lambda: Conv2D(1, 1, 0, seed=0), "kernel_size"),
        (lambda: Conv2D(1, 1, 3, stride=0, seed=0), "stride"),
        (lambda: Conv2D(1, 1, 3, padding=-1, seed=0), "padding"),
        (lambda: MaxPool2D(0), "kernel_size"),
        (lambda: MaxPool2D(2, stride=0), "stride"),
        (lambda: RNN(0, 3, seed=0), "n_x"),
        (lambda: RNN(3, 0, seed=0), "n_h"),
        (lambda: SelfAttention(0, 2, seed=0), "d_model"),
        (lambda: SelfAttention(3, 0, seed=0), "d_k"),
        (lambda: SelfAttention(3, 2, 0, seed=0), "d_v"),
        (lambda: Network([2, 0, 1], "tanh"), r"sizes\[1\]"),
        (lambda: Network([3], "tanh"), "sizes"),
        (lambda: Network([2, 3, 1], "tanh", batch_norm=True, batch_norm_momentum=-0.1), "momentum"),
    ],
)
def test_bad_sizes_raise_a_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


@pytest.mark.parametrize("cls, sizes", [(Dense, (3, 2)), (Dropout, (0.5,)), (Conv2D, (1, 1, 3)), (RNN, (3, 2)), (SelfAttention, (3, 2))])
def test_randomness_comes_from_seed_or_rng_and_never_from_nowhere(cls, sizes):
    with pytest.raises(ValueError, match="seed"):
        cls(*sizes)
    with pytest.raises(ValueError, match="not both"):
        cls(*sizes, seed=1, rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match="rng"):
        cls(*sizes, rng=1)  # a seed where a Generator belongs
    by_seed, by_rng = cls(*sizes, seed=4), cls(*sizes, rng=np.random.default_rng(4))
    for k in by_seed.params:
        np.testing.assert_array_equal(by_seed.params[k], by_rng.params[k])
