"""The training loop: batch sizes, seeding, schedules, L2, early stopping, divergence."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.datasets import circles, gaussian_clusters, regression_1d, train_val_split
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.schedules import get_schedule
from engine.training import DIVERGED_MESSAGE, train

X, Y = circles(n=100, noise=0.05, seed=1)


def small_net(seed=0):
    return Network([2, 8, 1], ["tanh", "sigmoid"], seed=seed)


@pytest.mark.parametrize("batch_size, steps_per_epoch", [(None, 1), (1, 100), (10, 10), (30, 4), (500, 1)])
def test_batch_size_sets_the_number_of_steps(batch_size, steps_per_epoch):
    result = train(small_net(), X, Y, "bce", get_optimizer("sgd", 0.1), epochs=3, batch_size=batch_size)
    assert result.steps == 3 * steps_per_epoch
    assert result.epochs_run == 3 and len(result.history["loss"]) == 3


def test_same_seed_same_run_other_seed_other_run():
    runs = []
    for seed in (7, 7, 8):
        net = small_net()
        r = train(net, X, Y, "bce", get_optimizer("adam", 0.05), epochs=5, batch_size=10, seed=seed)
        runs.append((r.history["loss"], net.get_params()))
    assert runs[0] == runs[1]
    assert runs[0][0] != runs[2][0]


def test_learns_circles_and_reports_accuracy():
    net = Network([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], seed=0)
    result = train(net, X, Y, "bce", get_optimizer("adam", 0.03), epochs=150, batch_size=10)
    h = result.history
    assert result.status == "ok" and result.message == "trained 150 epochs"
    assert h["accuracy"][-1] >= 0.97
    assert h["loss"][-1] < h["loss"][0] / 5
    assert h["val_loss"] == [] and h["val_accuracy"] == []


def test_multiclass_accuracy_uses_argmax_and_regression_has_none():
    Xc, Yc = gaussian_clusters(k=3, n=90, noise=0.1, seed=0)
    net = Network([2, 6, 3], ["relu", "softmax"], seed=0)
    r = train(net, Xc, Yc, "cce_logits", get_optimizer("adam", 0.05), epochs=60)
    assert r.history["accuracy"][-1] == 1.0  # well separated clusters
    Xr, Yr = regression_1d("sine", n=40, seed=0)
    r = train(Network([1, 8, 1], ["tanh", "linear"]), Xr, Yr, "mse", get_optimizer("adam", 0.01), epochs=5)
    assert r.history["accuracy"] == [] and len(r.history["loss"]) == 5


def test_schedule_sets_the_learning_rate_of_each_epoch():
    schedule = get_schedule("step", 0.2, step_size=2, gamma=0.5)
    opt = get_optimizer("sgd", 99.0)  # overridden by the schedule from epoch 0
    r = train(small_net(), X, Y, "bce", opt, epochs=6, schedule=schedule)
    assert r.history["lr"] == schedule.curve(6) == [0.2, 0.2, 0.1, 0.1, 0.05, 0.05]


def test_l2_shrinks_the_weights():
    norms = {}
    for lam in (0.0, 0.05):
        net = small_net()
        train(net, X, Y, "bce", get_optimizer("sgd", 0.5), epochs=100, l2=lam)
        norms[lam] = np.linalg.norm(net.block(1).dense.params["W"])
    assert norms[0.05] < 0.7 * norms[0.0]


def test_divergence_stops_with_a_message_and_no_nan_anywhere():
    Xr, Yr = regression_1d("sine", n=50, seed=0)
    net = Network([1, 16, 16, 1], ["relu", "relu", "linear"], seed=0)
    result = train(net, Xr, Yr, "mse", get_optimizer("sgd", 50.0), epochs=200, batch_size=5)
    assert result.status == "diverged"
    assert result.message == DIVERGED_MESSAGE == "diverged, lower the learning rate"
    assert result.epochs_run < 200
    assert all(math.isfinite(v) for values in result.history.values() for v in values)
    assert all(np.isfinite(np.array(p["W"])).all() for p in net.get_params())
    assert all(np.isfinite(row["a"]).all() for row in net.trace())


def test_early_stopping_restores_the_best_weights():
    # 20 noisy points, a wide network and a high rate: it overfits quickly
    Xn, Yn = circles(n=60, noise=0.35, seed=3)
    X_tr, Y_tr, X_val, Y_val = train_val_split(Xn, Yn, val_fraction=0.5, seed=0)
    net = Network([2, 64, 64, 1], ["relu", "relu", "sigmoid"], seed=0)
    result = train(
        net, X_tr, Y_tr, "bce", get_optimizer("adam", 0.02), epochs=500,
        X_val=X_val, Y_val=Y_val, early_stopping_patience=10,
    )
    h = result.history
    assert result.status == "early_stopped"
    assert result.epochs_run == result.best_epoch + 11  # ten epochs without improvement after the best
    assert min(h["val_loss"]) == h["val_loss"][result.best_epoch]
    assert "epoch" in result.message
    net.forward(X_val)
    assert net.loss_value("bce", Y_val) == pytest.approx(h["val_loss"][result.best_epoch], rel=1e-12)


def test_on_epoch_sees_every_record_and_to_dict_is_plain():
    seen = []
    r = train(small_net(), X, Y, "bce", get_optimizer("sgd", 0.1), epochs=4, on_epoch=lambda e, rec: seen.append((e, rec)))
    assert [e for e, _ in seen] == [0, 1, 2, 3]
    assert [rec["loss"] for _, rec in seen] == r.history["loss"]
    d = r.to_dict()
    assert d["status"] == "ok" and d["epochs_run"] == 4 and d["history"]["loss"] == r.history["loss"]


def test_argument_checks():
    with pytest.raises(ValueError, match="validation"):
        train(small_net(), X, Y, "bce", get_optimizer("sgd", 0.1), epochs=1, early_stopping_patience=3)
    with pytest.raises(ValueError, match="batch_size"):
        train(small_net(), X, Y, "bce", get_optimizer("sgd", 0.1), epochs=1, batch_size=0)
    with pytest.raises(ValueError, match="samples"):
        train(small_net(), X, Y[:, :10], "bce", get_optimizer("sgd", 0.1), epochs=1)
