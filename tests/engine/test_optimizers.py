"""Optimisers: hand-worked first steps, in-place updates, visible state, convergence."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.optimizers import OPTIMIZER_NAMES, get_optimizer


def test_first_steps_by_hand():
    g = {"p": np.array([2.0])}
    # SGD: 1 - 0.1 * 2
    p = np.array([1.0])
    get_optimizer("sgd", 0.1).step({"p": p}, g)
    assert p[0] == pytest.approx(0.8)
    # momentum: v = 2, then v = 0.9*2 + 2 = 3.8; p = 1 - 0.1*2 - 0.1*3.8
    p, opt = np.array([1.0]), get_optimizer("momentum", 0.1, momentum=0.9)
    opt.step({"p": p}, g)
    opt.step({"p": p}, g)
    assert p[0] == pytest.approx(1 - 0.2 - 0.38)
    assert opt.state["velocity"]["p"][0] == pytest.approx(3.8)
    # nesterov: v = 2, step g + mu v = 2 + 1.8
    p = np.array([1.0])
    get_optimizer("nesterov", 0.1, momentum=0.9).step({"p": p}, g)
    assert p[0] == pytest.approx(1 - 0.1 * 3.8)
    # rmsprop: s = 0.01 * 4 = 0.04, step 0.1 * 2 / 0.2 = 1
    p = np.array([1.0])
    get_optimizer("rmsprop", 0.1, rho=0.99, eps=0.0).step({"p": p}, g)
    assert p[0] == pytest.approx(0.0)
    # adam: bias correction makes the first step exactly lr * sign(g) (eps aside)
    p = np.array([1.0])
    get_optimizer("adam", 0.1, eps=0.0).step({"p": p}, g)
    assert p[0] == pytest.approx(0.9)


def test_updates_happen_in_place_and_state_is_per_parameter():
    W, b = np.ones((2, 3)), np.zeros((2, 1))
    W_id = id(W)
    opt = get_optimizer("adam", 0.01)
    opt.step({"W": W, "b": b}, {"W": np.ones((2, 3)), "b": np.ones((2, 1))})
    assert id(W) == W_id and W[0, 0] < 1 and b[0, 0] < 0
    assert {k: a.shape for k, a in opt.state["m"].items()} == {"W": (2, 3), "b": (2, 1)}
    assert opt.t == 1
    state = json.loads(json.dumps(opt.state_dict()))
    assert state["name"] == "adam" and state["t"] == 1 and state["beta1"] == 0.9 and state["beta2"] == 0.999
    assert state["eps"] == 1e-8
    assert np.array(state["v"]["W"]).shape == (2, 3)
    with pytest.raises(ValueError, match="started on parameters"):
        opt.step({"W": W}, {"W": W})


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_every_optimizer_minimises_an_ill_conditioned_quadratic(name):
    # f(x, y) = 0.5 (x^2 + 10 y^2), minimum at the origin
    H = np.array([1.0, 10.0])
    p = np.array([3.0, -2.0])
    lr = {"sgd": 0.05, "momentum": 0.02, "nesterov": 0.02, "rmsprop": 0.01, "adam": 0.05}[name]
    opt = get_optimizer(name, lr)
    for _ in range(500):
        opt.step({"p": p}, {"p": H * p})
    assert np.linalg.norm(p) < 0.05


def test_momentum_beats_plain_sgd_on_a_narrow_valley():
    H = np.array([0.01, 1.0])
    runs = {}
    for name in ("sgd", "momentum"):
        p = np.array([5.0, 1.0])
        opt = get_optimizer(name, 0.5)
        for _ in range(200):
            opt.step({"p": p}, {"p": H * p})
        runs[name] = np.linalg.norm(p)
    assert runs["momentum"] < runs["sgd"] / 10


def test_learning_rate_can_change_between_steps_and_reset_clears_state():
    p = np.array([1.0])
    opt = get_optimizer("momentum", 0.1)
    opt.step({"p": p}, {"p": np.array([1.0])})
    opt.lr = 0.0
    before = p.copy()
    opt.step({"p": p}, {"p": np.array([1.0])})
    assert p[0] == before[0]
    velocity = opt.state["velocity"]["p"]
    opt.reset()  # zeroed in place: a view of the state (the fused step's flat buffer) stays the state
    assert opt.t == 0 and opt.state["velocity"]["p"] is velocity and velocity[0] == 0.0
    opt.lr = 0.1
    fresh, q = get_optimizer("momentum", 0.1), p.copy()
    for _ in range(2):  # ... and steps on as a fresh optimiser does
        opt.step({"p": p}, {"p": np.array([1.0])})
        fresh.step({"p": q}, {"p": np.array([1.0])})
    assert p[0] == q[0] and opt.t == fresh.t == 2 and opt.state["velocity"]["p"] is velocity
    opt.reset()
    other = np.array([1.0, 2.0])
    opt.step({"w": other}, {"w": np.array([1.0, 1.0])})  # after a reset it may start on other parameters
    assert list(opt.state["velocity"]) == ["w"] and other.tolist() == [0.9, 1.9]


def test_registry_validates():
    assert OPTIMIZER_NAMES == ["sgd", "momentum", "nesterov", "rmsprop", "adam"]
    with pytest.raises(ValueError, match="unknown optimizer"):
        get_optimizer("adagrad", 0.1)
    with pytest.raises(ValueError, match="learning rate"):
        get_optimizer("sgd", -1.0)
    with pytest.raises(ValueError, match="learning rate"):
        get_optimizer("sgd", math.nan)
    with pytest.raises(ValueError, match="rmsprop"):
        get_optimizer("rmsprop", 0.1, momentum=0.9)


def test_step_takes_the_params_and_grads_dicts_only():
    p = np.array([1.0])
    opt = get_optimizer("sgd", 0.1)
    with pytest.raises(ValueError, match="dicts"):
        opt.step([p], [np.array([1.0])])  # positional lists are gone: names say which gradient is whose
    with pytest.raises(ValueError, match="same keys"):
        opt.step({"p": p}, {"q": np.array([1.0])})
    opt.step({"p": p}, {"p": np.array([1.0])})
    assert p[0] == pytest.approx(0.9)
