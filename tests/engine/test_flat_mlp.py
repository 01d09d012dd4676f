"""The fused training step (engine/flat_mlp.py) gives the general path's numbers, for every rule it covers.

The two differ only in the order of some additions (the bias inside the product's sum), so they agree to
rounding: 1e-12 after 24 steps here, and after hundreds in the playground's tests."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.flat_mlp import KEPT_BATCH_SIZES, FlatMLP, covers
from engine.losses import loss_for
from engine.network import Network
from engine.optimizers import OPTIMIZER_NAMES, get_optimizer
from engine.regularization import add_l1, add_l2

SIZES = [3, 8, 8, 5, 1]


def _data(n_out: int, loss: str, m: int = 40, seed: int = 7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(SIZES[0], m))
    if loss == "mse":
        Y = rng.normal(size=(n_out, m))
    elif loss == "cce_logits":
        Y = np.eye(n_out)[:, rng.integers(0, n_out, m)]
    else:
        Y = (X[:1] * X[1:2] > 0).astype(np.float64)
    return X, Y


def _pair(hidden: str, out: str, loss: str, optimizer: str, n_out: int = 1, **opt):
    """Two identical networks and optimisers: one trained the general way, one through FlatMLP."""
    sizes = SIZES[:-1] + [n_out]
    nets = [Network(sizes, [hidden] * (len(sizes) - 2) + [out], seed=3) for _ in range(2)]
    opts = [get_optimizer(optimizer, **opt) for _ in range(2)]
    return nets, opts, FlatMLP(nets[1], loss, opts[1])


def _general_step(net, opt, loss, x, y, penalty, rate):
    net.forward(x, training=True)
    value = net.backward_from_loss(loss, y)
    if penalty == "l2" and rate:
        add_l2(net.layers, rate)
    elif penalty == "l1" and rate:
        add_l1(net.layers, rate)
    opt.step(net.params, net.grads)
    return value


CASES = [
    ("tanh", "sigmoid", "bce", 1),
    ("relu", "sigmoid", "bce_logits", 1),
    ("sigmoid", "softmax", "cce_logits", 4),
    ("linear", "linear", "mse", 2),
    ("leaky_relu", "tanh", "mse", 1),  # mse through an output activation's own derivative
]


@pytest.mark.parametrize("optimizer", OPTIMIZER_NAMES)
@pytest.mark.parametrize("penalty", ["none", "l2", "l1"])
@pytest.mark.parametrize("hidden,out,loss,n_out", CASES)
def test_fused_steps_equal_the_general_path(hidden, out, loss, n_out, optimizer, penalty):
    (general, fused_net), (opt_g, opt_f), flat = _pair(hidden, out, loss, optimizer, n_out, lr=0.01)
    X, Y = _data(n_out, loss)
    rate = 0.003 if penalty != "none" else 0.0
    batches = [(X[:, a:a + 7], Y[:, a:a + 7]) for a in range(0, X.shape[1], 7)]  # the last batch is short
    start = general.params["W[1]"].copy()
    for _ in range(4):
        for x, y in batches:
            _general_step(general, opt_g, loss, x, y, penalty, rate)
        assert flat.train_batches(batches, penalty, rate) == len(batches)
    for name, p in general.params.items():
        np.testing.assert_allclose(fused_net.params[name], p, rtol=0, atol=1e-12, err_msg=name)
    assert np.abs(fused_net.params["W[1]"] - start).max() > 1e-4, "the steps moved the weights"
    for slot in opt_g.slots:
        for name, s in opt_g.state[slot].items():
            np.testing.assert_allclose(opt_f.state[slot][name], s, rtol=0, atol=1e-12, err_msg=f"{slot} {name}")
    assert opt_f.t == opt_g.t == 4 * len(batches)
    # The per-layer gradient norms of the last batch, penalty included, and the evaluation loss.
    expected = [float(np.sqrt(np.vdot(g["W"], g["W"]))) for g in general.gradients()]
    np.testing.assert_allclose(flat.grad_norms(), expected, rtol=1e-12, atol=1e-15)
    # The evaluation loss from the fused forward, with the loss the general path takes (losses.loss_for).
    general.forward(X)
    measured, on_z = loss_for(out, loss)
    z, a, _ = flat.forward(X)
    assert measured.value(z if on_z else a, Y) == pytest.approx(general.loss_value(loss, Y), rel=1e-12, abs=1e-15)


def test_the_network_reads_and_writes_the_flat_buffer():
    (_, net), (_, opt), flat = _pair("tanh", "sigmoid", "bce", "sgd", lr=0.1)
    before = net.get_params()
    assert [np.asarray(p["W"]).shape for p in before] == [(8, 3), (8, 8), (5, 8), (1, 5)]
    for block in net.blocks:  # every parameter is a view into flat, layer by layer [W | b]
        for p in block.dense.params.values():
            assert np.shares_memory(p, flat.flat)
    expected = np.concatenate([np.hstack([p["W"], p["b"]]).ravel() for p in before])
    assert np.array_equal(flat.flat, expected)
    weights = flat.weight_mask == 1.0
    assert weights.sum() == sum(np.asarray(p["W"]).size for p in before)
    net.set_params([{"W": np.full_like(np.asarray(p["W"]), 0.5), "b": p["b"]} for p in before])
    assert np.all(flat.flat[weights] == 0.5) and np.all(flat.flat[~weights] == 0.0)
    flat.flat[-1] = 2.0
    assert net.block(4).dense.params["b"][0, 0] == 2.0


def test_the_optimisers_state_is_the_flat_buffers_for_the_whole_run():
    """Bound once, when the FlatMLP is built: the general path's first step (t = 0) and ``reset`` zero those
    arrays in place instead of replacing them, so both paths go on updating the memory the fused step reads."""
    (general, net), (opt_g, opt_f), flat = _pair("tanh", "sigmoid", "bce", "adam", lr=0.01)
    X, Y = _data(1, "bce")

    def bound() -> bool:
        return all(opt_f.state[slot] is flat.state_views[slot]
                   and all(np.shares_memory(a, flat.state[slot]) for a in opt_f.state[slot].values())
                   for slot in opt_f.slots)

    assert bound() and not flat.state["m"].any(), "views of zeroed flat buffers before any step"
    for n, o in ((general, opt_g), (net, opt_f)):  # the first step on the general path: t 0 -> 1
        _general_step(n, o, "bce", X, Y, "none", 0.0)
    assert bound() and flat.state["m"].any()
    for _ in range(3):
        _general_step(general, opt_g, "bce", X, Y, "none", 0.0)
        flat.train_batches([(X, Y)])
    assert bound()
    for k, p in general.params.items():
        np.testing.assert_allclose(net.params[k], p, rtol=0, atol=1e-12)
    for slot in opt_g.slots:
        for k, s in opt_g.state[slot].items():
            np.testing.assert_allclose(opt_f.state[slot][k], s, rtol=0, atol=1e-12)
    opt_f.reset()  # a fresh start zeroes the flat moments where they are
    assert bound() and opt_f.t == 0 and not flat.state["m"].any() and not flat.state["v"].any()
    fresh = get_optimizer("adam", lr=0.01)  # ... and then steps as a fresh optimiser would
    general.set_params(net.get_params())
    _general_step(general, fresh, "bce", X, Y, "none", 0.0)
    assert flat.train_batches([(X, Y)]) == 1 and opt_f.t == 1
    for k, p in general.params.items():
        np.testing.assert_allclose(net.params[k], p, rtol=0, atol=1e-12)


def test_a_network_with_a_step_layer_trains_on_the_general_path():
    """A step passes no gradient (its backward is exact zeros); the fused step would multiply by zero."""
    assert not covers(Network([2, 3, 1], ["step", "sigmoid"], seed=0), "bce")
    assert covers(Network([2, 3, 1], ["tanh", "sigmoid"], seed=0), "bce")


def test_a_batch_whose_loss_may_not_be_finite_is_left_to_the_general_path():
    (_, net), (_, opt), flat = _pair("linear", "sigmoid", "bce", "sgd", lr=0.1)
    X, Y = _data(1, "bce")
    net.block(4).dense.params["W"][...] = 1e200  # logits near 1e200: the loss is still finite, the check is not
    before = flat.flat.copy()
    assert flat.train_batches([(X[:, :5], Y[:, :5]), (X[:, 5:], Y[:, 5:])]) == 0
    assert np.array_equal(flat.flat, before) and opt.t == 0, "nothing changes before the general path decides"
    net.forward(X[:, :5], training=True)
    assert math.isfinite(net.backward_from_loss("bce", Y[:, :5]))  # the general path would take this batch
    net.block(1).dense.params["W"][0, 0] = np.nan
    net.forward(X, training=True)
    assert not math.isfinite(net.backward_from_loss("bce", Y))  # ... and stop at this one
    assert flat.train_batches([(X, Y)]) == 0


@pytest.mark.parametrize("kwargs,reason", [
    ({"batch_norm": True}, "batch norm"),
    ({"dropout": 0.2}, "dropout"),
])
def test_covers_only_what_it_computes_exactly(kwargs, reason):
    net = Network([2, 4, 1], ["tanh", "sigmoid"], seed=0, **kwargs)
    assert not covers(net, "bce"), reason
    with pytest.raises(ValueError, match="batch norm or dropout"):
        FlatMLP(net, "bce", get_optimizer("sgd", 0.1))
    plain = Network([2, 4, 1], ["tanh", "sigmoid"], seed=0)
    assert covers(plain, "bce") and covers(plain, "mse") and not covers(plain, "cce_logits")
    assert not covers(Network([2, 4, 3], ["softmax", "softmax"], seed=0), "cce_logits")  # softmax hidden


def test_forward_equals_the_networks_and_keeps_work_arrays_for_a_few_sizes():
    (general, net), _, flat = _pair("relu", "softmax", "cce_logits", "sgd", n_out=3, lr=0.1)
    rng = np.random.default_rng(1)
    for m in range(1, 3 * KEPT_BATCH_SIZES):  # predictions may come in any size: the cache stays bounded
        x = rng.normal(size=(SIZES[0], m))
        z, out, work = flat.forward(x)
        np.testing.assert_allclose(out, general.forward(x), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(work.a[0], general.block(1).activation.a, rtol=1e-13, atol=1e-15)
        assert len(flat._work) <= KEPT_BATCH_SIZES


@pytest.mark.parametrize("hidden", ["tanh", "relu", "linear", "sigmoid"])
def test_equal_hidden_layers_take_their_gradients_in_one_batched_product(hidden):
    sizes = [2, 6, 6, 6, 6, 1]
    nets = [Network(sizes, [hidden] * 4 + ["sigmoid"], seed=5) for _ in range(2)]
    opts = [get_optimizer("momentum", 0.05) for _ in range(2)]
    flat = FlatMLP(nets[1], "bce", opts[1])
    assert flat.inner == 3 and flat.G_inner.shape == (3, 6, 7) and np.shares_memory(flat.G_inner, flat.grad)
    X, Y = _data(1, "bce")
    X = X[:2]
    batches = [(X[:, a:a + 8], Y[:, a:a + 8]) for a in range(0, X.shape[1], 8)]
    for _ in range(3):
        for x, y in batches:
            _general_step(nets[0], opts[0], "bce", x, y, "l2", 0.01)
        assert flat.train_batches(batches, "l2", 0.01) == len(batches)
    for name, p in nets[0].params.items():
        np.testing.assert_allclose(nets[1].params[name], p, rtol=0, atol=1e-12, err_msg=name)
    expected = [float(np.sqrt(np.vdot(g["W"], g["W"]))) for g in nets[0].gradients()]
    np.testing.assert_allclose(flat.grad_norms(), expected, rtol=1e-12, atol=1e-15)
