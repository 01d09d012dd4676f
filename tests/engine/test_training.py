"""The training loop: batch sizes, seeding, schedules, L2, early stopping, divergence."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.datasets import circles, gaussian_clusters, regression_1d, train_val_split
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.schedules import get_schedule
from engine import training
from engine.training import DIVERGED_MESSAGE, EarlyStopping, batches, diverged, train

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


# --- divergence for every loss, not only overflow -------------------------------------------


@pytest.mark.parametrize("batch_size", [None, 10])
@pytest.mark.parametrize(
    "sizes, acts",
    [([2, 8, 1], ["tanh", "sigmoid"]), ([2, 8, 8, 1], ["relu", "relu", "sigmoid"])],
)
def test_a_classifier_at_learning_rate_100_ends_diverged(sizes, acts, batch_size):
    net = Network(sizes, acts, seed=0)
    net.forward(X)
    start = net.loss_value("bce", Y)
    result = train(net, X, Y, "bce", get_optimizer("sgd", 100.0), epochs=50, batch_size=batch_size)
    assert result.status == "diverged" and result.message == DIVERGED_MESSAGE
    assert result.epochs_run < 50
    h = result.history
    assert all(math.isfinite(v) for values in h.values() for v in values)  # never NaN in the history
    assert all(v <= training.DIVERGENCE_FACTOR * start for v in h["loss"])  # the climb itself is not recorded
    assert all(np.isfinite(p).all() for p in net.params.values())


def test_the_cross_entropy_climb_stays_finite_so_overflow_alone_would_miss_it(monkeypatch):
    # Cross-entropy of logits grows only linearly in the weights: at lr 100 the loss jumps
    # to tens or hundreds without ever overflowing. Without the climb test the run says "ok".
    Xc, Yc = gaussian_clusters(k=3, n=90, noise=0.1, seed=0)

    def run():
        net = Network([2, 6, 3], ["relu", "softmax"], seed=0)
        return train(net, Xc, Yc, "cce_logits", get_optimizer("sgd", 100.0), epochs=20)

    start_net = Network([2, 6, 3], ["relu", "softmax"], seed=0)
    start_net.forward(Xc)
    start = start_net.loss_value("cce_logits", Yc)
    monkeypatch.setattr(training, "DIVERGENCE_FACTOR", math.inf)
    blind = run()
    assert blind.status == "ok" and all(math.isfinite(v) for v in blind.history["loss"])
    assert min(blind.history["loss"]) > 10 * start  # far above the start every epoch, yet finite
    monkeypatch.undo()
    seen = run()
    assert seen.status == "diverged" and seen.message == DIVERGED_MESSAGE


def test_a_good_run_is_never_called_diverged():
    Xc, Yc = gaussian_clusters(k=3, n=90, noise=0.1, seed=0)
    for loss, net, data in [
        ("bce", small_net(), (X, Y)),
        ("cce_logits", Network([2, 6, 3], ["relu", "softmax"], seed=0), (Xc, Yc)),
    ]:
        result = train(net, *data, loss, get_optimizer("adam", 0.05), epochs=60, batch_size=10)
        assert result.status == "ok", loss


def test_diverged_judges_non_finite_and_climbing_losses():
    assert not diverged(0.69, None, 0.69)
    assert not diverged(6.8, 0.7, 0.69)
    assert diverged(7.0, None, 0.69)  # more than ten times the start
    assert diverged(math.nan, None, 0.69) and diverged(0.5, math.inf, 0.69)
    assert not diverged(1e-7, None, 0.0)  # a perfect fit is not diverging on rounding noise


# --- the parts of train() --------------------------------------------------------------------


def test_batches_cover_every_sample_once_per_epoch():
    Xs = np.arange(10.0)[None, :]
    assert [b[0].shape for b in batches(Xs, Xs, None, np.random.default_rng(0))] == [(1, 10)]
    cut = list(batches(Xs, Xs * 2, 4, np.random.default_rng(0)))
    assert [xb.shape[1] for xb, _ in cut] == [4, 4, 2]
    assert sorted(np.concatenate([xb[0] for xb, _ in cut])) == list(range(10))
    assert all(np.array_equal(yb, 2 * xb) for xb, yb in cut)  # X and Y shuffled together


def test_early_stopping_remembers_the_best_epoch_and_its_weights():
    params = {"W": np.array([1.0])}
    stopper = EarlyStopping(patience=2)
    assert not stopper.update(0, 0.5, params)
    params["W"][0] = 2.0
    assert not stopper.update(1, 0.4, params)
    params["W"][0] = 3.0
    assert not stopper.update(2, 0.45, params)
    assert stopper.update(3, 0.41, params)  # two epochs without improvement
    assert stopper.best_epoch == 1 and stopper.best_params["W"][0] == 2.0


# --- empty data and bad options -------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"X": np.zeros((2, 0)), "Y": np.zeros((1, 0))}, "X has no samples"),
        ({"Y": np.zeros((1, 0))}, "Y has no samples"),
        ({"X_val": np.zeros((2, 0)), "Y_val": np.zeros((1, 0))}, "X_val has no samples"),
        ({"X_val": X[:, :5], "Y_val": Y[:, :4]}, "X_val has 5 samples but Y_val has 4"),
        ({"epochs": -1}, "epochs"),
        ({"epochs": 2.5}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"X_val": X, "Y_val": Y, "early_stopping_patience": 0}, "early_stopping_patience"),
    ],
)
def test_empty_data_and_bad_options_raise_naming_the_argument(kwargs, argument):
    args = {"X": X, "Y": Y, "epochs": 1, **kwargs}
    with pytest.raises(ValueError, match=argument):
        train(small_net(), args.pop("X"), args.pop("Y"), "bce", get_optimizer("sgd", 0.1), **args)
