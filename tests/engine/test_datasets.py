"""Data sets: shapes, truth tables, separability, seeding, the split."""

from __future__ import annotations

import numpy as np
import pytest

from engine import datasets as ds
from engine.perceptron import Perceptron

GENERATORS = {
    "circles": ds.circles,
    "xor_quadrants": ds.xor_quadrants,
    "spirals": ds.spirals,
    "moons": ds.moons,
}


def test_logic_gates_truth_tables():
    X, y = ds.logic_gate("and")
    assert X.shape == (2, 4) and X.dtype == np.float64
    assert X.T.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    expected = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "nand": [1, 1, 1, 0], "xor": [0, 1, 1, 0]}
    for name, truth in expected.items():
        X, y = ds.logic_gate(name)
        assert y.shape == (1, 4) and y.ravel().tolist() == truth
        # the table really is the boolean function of the columns
        a, b = X.astype(bool)
        fn = {"and": a & b, "or": a | b, "nand": ~(a & b), "xor": a ^ b}[name]
        assert y.ravel().astype(bool).tolist() == fn.tolist()
    X, y = ds.logic_gate("not")
    assert X.shape == (1, 2) and y.ravel().tolist() == [1.0, 0.0]
    with pytest.raises(ValueError):
        ds.logic_gate("xnor")


@pytest.mark.parametrize("seed", range(5))
def test_linearly_separable_is_separable(seed):
    X, y = ds.linearly_separable(n=40, seed=seed, noise=0.4)
    assert X.shape == (2, 40) and y.shape == (1, 40)
    assert y.sum() == 20
    # the perceptron convergence theorem: on separable data it must stop making mistakes
    p = Perceptron(w=np.zeros(2), b=0.0, eta=0.1)
    assert p.fit(X, y, max_epochs=1000)


@pytest.mark.parametrize("name", list(GENERATORS))
def test_two_class_generators(name):
    make = GENERATORS[name]
    X, y = make(n=101, noise=0.05, seed=0)
    assert X.shape == (2, 101) and y.shape == (1, 101)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert 40 <= y.sum() <= 61  # roughly balanced
    assert np.abs(X).max() < 1.5
    X2, y2 = make(n=101, noise=0.05, seed=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = make(n=101, noise=0.05, seed=1)
    assert not np.array_equal(X, X3)


def test_generators_put_labels_where_their_geometry_says():
    X, y = ds.circles(n=200, noise=0.0, seed=0)
    r = np.linalg.norm(X, axis=0)
    assert np.all(r[y[0] == 1] < 0.4) and np.all(r[y[0] == 0] >= 0.6)
    X, y = ds.xor_quadrants(n=200, noise=0.0, seed=0)
    np.testing.assert_array_equal(y[0] == 1, X[0] * X[1] < 0)
    X, y = ds.spirals(n=200, noise=0.0, seed=0)
    assert np.linalg.norm(X, axis=0).max() <= 1.0


def test_samples_come_shuffled():
    _, y = ds.circles(n=100, seed=0)
    assert 0 < y[0, :50].sum() < 50


def test_gaussian_clusters_one_hot_or_labels():
    X, Y = ds.gaussian_clusters(k=4, n=80, noise=0.1, seed=0)
    assert X.shape == (2, 80) and Y.shape == (4, 80)
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    assert Y.sum(axis=1).tolist() == [20.0] * 4
    _, labels = ds.gaussian_clusters(k=4, n=80, noise=0.1, seed=0, one_hot_targets=False)
    assert labels.shape == (1, 80)
    np.testing.assert_array_equal(ds.one_hot(labels, 4), Y)


@pytest.mark.parametrize("kind, f", [("sine", lambda x: np.sin(np.pi * x)), ("step", lambda x: (x >= 0) * 1.0), ("abs", np.abs)])
def test_regression_targets(kind, f):
    x, y = ds.regression_1d(kind, n=50, noise=0.0, seed=0)
    assert x.shape == y.shape == (1, 50)
    assert np.all(np.diff(x[0]) >= 0) and np.abs(x).max() <= 1
    np.testing.assert_allclose(y, f(x))
    _, noisy = ds.regression_1d(kind, n=50, noise=0.1, seed=0)
    assert 0.05 < np.std(noisy - f(x)) < 0.2


def test_train_val_split_partitions_the_columns():
    X = np.arange(20.0).reshape(2, 10)
    Y = np.arange(10.0)[None, :]
    X_tr, Y_tr, X_val, Y_val = ds.train_val_split(X, Y, val_fraction=0.3, seed=0)
    assert X_tr.shape == (2, 7) and X_val.shape == (2, 3)
    assert sorted(np.concatenate([Y_tr[0], Y_val[0]]).tolist()) == list(range(10))
    # columns stay paired with their targets: row 0 of X equals Y, row 1 is Y + 10
    np.testing.assert_array_equal(X_val[0], Y_val[0])
    np.testing.assert_array_equal(X_val[1], Y_val[0] + 10)
    again = ds.train_val_split(X, Y, val_fraction=0.3, seed=0)
    assert np.array_equal(again[3], Y_val)
    with pytest.raises(ValueError):
        ds.train_val_split(X, Y, val_fraction=1.0)
