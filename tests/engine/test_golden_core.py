"""The engine against PyTorch 2.13 (float64) reference numbers.

tests/golden/core.json is written by tests/golden/make_golden_core.py, run
with torch installed; this file only reads it, so the suite never needs torch.
Agreement is asked to 1e-7 relative (an absolute floor of 1e-12 covers values
that are exactly 0 on one side and rounding noise on the other).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from engine import activations as act
from engine import losses
from engine.layers import BatchNorm, Dense
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.schedules import get_schedule

GOLDEN = json.loads((Path(__file__).parents[1] / "golden" / "core.json").read_text())
RTOL, ATOL = 1e-7, 1e-12


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64), rtol=RTOL, atol=ATOL)


def test_fixture_comes_from_torch_2_13_float64():
    assert GOLDEN["meta"]["torch"].startswith("2.13")
    assert GOLDEN["meta"]["dtype"] == "float64"


@pytest.mark.parametrize("key", ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu_0.2"])
def test_elementwise_activation_and_derivative(key):
    case = GOLDEN["activations"][key]
    f = act.get_activation(case.get("name", key), **case["params"])
    close(f.forward(case["z"]), case["a"])
    close(f.derivative(case["z"]), case["derivative"])


def test_step_matches_heaviside_with_value_one_at_zero():
    case = GOLDEN["activations"]["step"]
    close(act.step(case["z"]), case["a"])


def test_softmax_and_its_vector_jacobian_product():
    case = GOLDEN["activations"]["softmax"]
    s = act.softmax(case["z"])
    close(s, case["a"])
    close(act.softmax_backward(s, case["dout"]), case["dz"])


@pytest.mark.parametrize(
    "name, value, gradient",
    [
        ("mse", losses.mse, losses.mse_gradient),
        ("bce", losses.binary_cross_entropy, losses.binary_cross_entropy_gradient),
        ("bce_logits", losses.binary_cross_entropy_with_logits, losses.binary_cross_entropy_with_logits_gradient),
        ("cce_logits", losses.categorical_cross_entropy_with_logits, losses.categorical_cross_entropy_with_logits_gradient),
    ],
)
def test_loss_and_gradient(name, value, gradient):
    case = GOLDEN["losses"][name]
    close(value(case["input"], case["y"]), case["loss"])
    close(gradient(case["input"], case["y"]), case["gradient"])
    loss = losses.get_loss(name)
    close(loss.value(case["input"], case["y"]), case["loss"])


def test_dense_forward_and_backward():
    case = GOLDEN["dense"]
    W = np.array(case["W"])
    layer = Dense(W.shape[1], W.shape[0], init="zeros")
    layer.params["W"][...] = W
    layer.params["b"][...] = case["b"]
    close(layer.forward(np.array(case["x"])), case["z"])
    close(layer.backward(np.array(case["dout"])), case["dx"])
    close(layer.grads["W"], case["dW"])
    close(layer.grads["b"], case["db"])


def test_batch_norm_training_running_stats_and_inference():
    case = GOLDEN["batch_norm"]
    bn = BatchNorm(case["n"], momentum=case["momentum"], eps=case["eps"])
    bn.params["gamma"][...] = case["gamma"]
    bn.params["beta"][...] = case["beta"]
    for x, expected in zip(case["batches"], case["outputs"]):
        close(bn.forward(np.array(x), training=True), expected)
    tb = case["train_backward"]
    close(bn.backward(np.array(tb["dout"])), tb["dx"])
    close(bn.grads["gamma"], tb["dgamma"])
    close(bn.grads["beta"], tb["dbeta"])
    close(bn.running_mean, case["running_mean"])
    close(bn.running_var, case["running_var"])  # unbiased, as torch keeps it
    ev = case["eval"]
    close(bn.forward(np.array(ev["x"]), training=False), ev["y"])
    close(bn.backward(np.array(ev["dout"])), ev["dx"])
    close(bn.grads["gamma"], ev["dgamma"])
    close(bn.grads["beta"], ev["dbeta"])


@pytest.mark.parametrize("index", range(len(GOLDEN["networks"])), ids=lambda i: GOLDEN["networks"][i]["loss"])
def test_whole_network_forward_deltas_and_gradients(index):
    case = GOLDEN["networks"][index]
    net = Network(case["sizes"], case["activations"], init="zeros")
    net.set_params(case["params"])
    close(net.forward(case["X"]), case["output"])
    close(net.backward_from_loss(case["loss"], case["Y"]), case["loss_value"])
    trace = net.trace()
    for l, row in enumerate(trace):
        close(row["z"], case["z"][l])
        close(row["delta"], case["delta"][l])
        close(row["dW"], case["dW"][l])
        close(row["db"], case["db"][l])


def _least_squares_gradients(problem, P):
    return [np.array(A).T @ (np.array(A) @ p - np.array(C)) for A, C, p in zip(problem["A"], problem["C"], P)]


@pytest.mark.parametrize("key", list(GOLDEN["optimizers"]["runs"]))
def test_ten_optimizer_steps_and_state(key):
    problem = GOLDEN["optimizers"]["problem"]
    run = GOLDEN["optimizers"]["runs"][key]
    kwargs = dict(run["kwargs"])
    opt = get_optimizer(run["name"], kwargs.pop("lr"), **kwargs)
    names = [f"p{i}" for i in range(len(problem["P0"]))]
    P = {k: np.array(p) for k, p in zip(names, problem["P0"])}
    for expected in run["trajectory"]:
        opt.step(P, dict(zip(names, _least_squares_gradients(problem, list(P.values())))))
        for k, e in zip(names, expected):
            close(P[k], e)
    for slot, arrays in run["state"].items():
        for k, theirs in zip(names, arrays):
            close(opt.state[slot][k], theirs)


@pytest.mark.parametrize("key", list(GOLDEN["schedules"]))
def test_schedule_matches_torch_lr_scheduler(key):
    case = GOLDEN["schedules"][key]
    schedule = get_schedule(case["name"], case["lr"], **case["kwargs"])
    close(schedule.curve(len(case["lrs"])), case["lrs"])
