"""The training loop: mini-batches, an optimiser, an optional schedule, L2,
early stopping, and a clear verdict when the run blows up.

It works on any model that keeps the engine's contract:
``forward(X, training=...)``, ``backward_from_loss(loss_name, Y) -> float``,
``loss_value(loss_name, Y) -> float``, ``params``/``grads`` dicts with the
same keys, and ``layers`` (for L2) -- :class:`engine.network.Network` does.

Batch sizes: ``None`` is full-batch gradient descent (one step per epoch, the
whole data set), ``1`` is stochastic gradient descent (m steps per epoch),
anything between is mini-batch. Samples are reshuffled every epoch with a
generator seeded by ``seed``, so the same seed gives the same run.

The parts, in the order one epoch uses them: :func:`batches` cuts the data,
:func:`run_epoch` takes the optimiser steps, :func:`measure` evaluates,
:func:`diverged` judges, :class:`EarlyStopping` watches the validation loss.
"""

from __future__ import annotations

import math
from typing import Callable, Iterator

import numpy as np

from .checks import non_negative_int, positive_int, samples
from .optimizers import Optimizer
from .regularization import add_l2
from .schedules import Schedule
from .train_result import DIVERGED_MESSAGE, STATUSES, TrainResult, accuracy, accuracy_kind

__all__ = [
    "DIVERGED_MESSAGE",
    "DIVERGENCE_FACTOR",
    "STATUSES",
    "EarlyStopping",
    "TrainResult",
    "accuracy",
    "accuracy_kind",
    "batches",
    "diverged",
    "measure",
    "run_epoch",
    "train",
]

# A run has diverged when its training loss, measured after an epoch, is more
# than this many times the loss it started from. Gradient descent that works
# lowers the loss; ten times the start is far beyond any noise of mini-batch
# steps, and a bounded loss (cross-entropy of logits grows only linearly in
# the weights) can climb that high without ever overflowing.
DIVERGENCE_FACTOR = 10.0
# A start loss below this counts as this much, so that a model that already
# fits perfectly (loss 0) is not declared diverged by any rounding noise.
DIVERGENCE_FLOOR = 1e-6


def _as_columns(A, name: str) -> np.ndarray:
    A = np.asarray(A, dtype=np.float64)
    A = A[None, :] if A.ndim == 1 else A
    samples(A, name)
    return A


def _checked_pair(X, Y, x_name: str, y_name: str) -> tuple[np.ndarray, np.ndarray]:
    """X (n0, m) and Y (n_L, m) as float64 columns; ``ValueError`` naming the argument when empty or unequal."""
    X, Y = _as_columns(X, x_name), _as_columns(Y, y_name)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"{x_name} has {X.shape[1]} samples but {y_name} has {Y.shape[1]}")
    return X, Y


def batches(X: np.ndarray, Y: np.ndarray, batch_size: int | None, rng: np.random.Generator) -> Iterator[tuple]:
    """The (X_batch, Y_batch) pairs of one epoch: the whole set, or a fresh shuffle cut into ``batch_size`` columns.

    The last batch is smaller when ``batch_size`` does not divide m.
    """
    m = X.shape[1]
    if batch_size is None or batch_size >= m:
        yield X, Y
        return
    order = rng.permutation(m)
    Xs, Ys = X[:, order], Y[:, order]  # one copy per epoch; the batches are views
    for i in range(0, m, batch_size):
        yield Xs[:, i : i + batch_size], Ys[:, i : i + batch_size]


def run_epoch(network, epoch_batches, loss: str, optimizer: Optimizer, l2: float, params: dict) -> tuple[int, bool]:
    """One optimiser step per batch: forward (training mode), backward, L2, step.

    Returns (steps taken, whether every batch loss was finite). Stops at the
    first non-finite loss, before stepping on it.
    """
    steps = 0
    for xb, yb in epoch_batches:
        network.forward(xb, training=True)
        value = network.backward_from_loss(loss, yb)
        if l2:
            value += add_l2(network.layers, l2)
        if not math.isfinite(value):
            return steps, False
        optimizer.step(params, network.grads)
        steps += 1
    return steps, True


def measure(network, X, Y, loss: str, kind: str | None) -> tuple[float, float | None]:
    """(loss, accuracy or None) on the whole set, in inference mode, without the L2 penalty."""
    out = network.forward(X, training=False)
    value = network.loss_value(loss, Y)
    return value, (accuracy(out, Y, kind) if kind else None)


def diverged(train_loss: float, val_loss: float | None, start_loss: float) -> bool:
    """True when a loss is not finite or the training loss has climbed past DIVERGENCE_FACTOR x its start."""
    if not math.isfinite(train_loss) or (val_loss is not None and not math.isfinite(val_loss)):
        return True
    return train_loss > DIVERGENCE_FACTOR * max(start_loss, DIVERGENCE_FLOOR)


class EarlyStopping:
    """Watches the validation loss: remembers the best epoch and its weights, says when to stop.

    ``patience`` None only tracks the best epoch; an int stops once the loss
    has not improved for that many epochs in a row.
    """

    def __init__(self, patience: int | None):
        self.patience = patience
        self.best_loss = math.inf
        self.best_epoch: int | None = None
        self.best_params: dict | None = None
        self.waited = 0

    def update(self, epoch: int, val_loss: float, params: dict) -> bool:
        """Record this epoch's validation loss; True when training should stop."""
        if val_loss < self.best_loss:
            self.best_loss, self.best_epoch, self.waited = val_loss, epoch, 0
            if self.patience is not None:
                self.best_params = _snapshot(params)
        else:
            self.waited += 1
        return self.patience is not None and self.waited >= self.patience


def _snapshot(params: dict) -> dict:
    return {k: p.copy() for k, p in params.items()}


def _restore(params: dict, saved: dict) -> None:
    for k, p in params.items():
        p[...] = saved[k]


def _record(result: TrainResult, epoch: int, lr: float, train_m, val_m) -> dict:
    """Append one epoch's measurements to the history; return the record handed to ``on_epoch``."""
    h = result.history
    record = {"epoch": epoch, "loss": train_m[0], "lr": lr}
    h["loss"].append(train_m[0])
    h["lr"].append(lr)
    if train_m[1] is not None:
        h["accuracy"].append(train_m[1])
        record["accuracy"] = train_m[1]
    if val_m is not None:
        h["val_loss"].append(val_m[0])
        record["val_loss"] = val_m[0]
        if val_m[1] is not None:
            h["val_accuracy"].append(val_m[1])
            record["val_accuracy"] = val_m[1]
    result.epochs_run = epoch + 1
    return record


def _check_options(epochs, batch_size, early_stopping_patience, has_val) -> tuple[int, int | None]:
    """(epochs, batch_size) as ints; ``ValueError`` naming the first bad option."""
    epochs = non_negative_int(epochs, "epochs")
    if batch_size is not None:
        try:
            batch_size = positive_int(batch_size, "batch_size")
        except ValueError:
            raise ValueError(f"batch_size must be None (full batch) or at least 1, got {batch_size!r}") from None
    if early_stopping_patience is not None:
        positive_int(early_stopping_patience, "early_stopping_patience")
        if not has_val:
            raise ValueError("early_stopping_patience watches the validation loss: pass X_val and Y_val")
    return epochs, batch_size


def train(
    network,
    X,
    Y,
    loss: str,
    optimizer: Optimizer,
    epochs: int,
    batch_size: int | None = None,
    seed: int = 0,
    X_val=None,
    Y_val=None,
    schedule: Schedule | None = None,
    early_stopping_patience: int | None = None,
    l2: float = 0.0,
    on_epoch: Callable[[int, dict], None] | None = None,
) -> TrainResult:
    """Train ``network`` in place on X (n0, m), Y (n_L, m) for up to ``epochs`` epochs.

    Per step: forward in training mode, ``backward_from_loss``, add the L2
    gradient lambda W (``l2`` = lambda), one ``optimizer.step(params,
    grads)``. Per epoch: set ``optimizer.lr = schedule.lr_at(epoch)`` first
    (if a schedule is given), measure loss/accuracy after, call
    ``on_epoch(epoch, record)``.

    Early stopping (needs validation data): stop once the validation loss
    has not improved for ``early_stopping_patience`` epochs, and put back the
    weights of the best epoch. Divergence (see :func:`diverged`): as soon as
    a loss or a weight is not finite, or the training loss climbs far above
    its value before training, stop, put back the weights from the start of
    that epoch and report status "diverged" with :data:`DIVERGED_MESSAGE`.
    The history holds finite values only.
    """
    X, Y = _checked_pair(X, Y, "X", "Y")
    has_val = X_val is not None and Y_val is not None
    if has_val:
        X_val, Y_val = _checked_pair(X_val, Y_val, "X_val", "Y_val")
    epochs, batch_size = _check_options(epochs, batch_size, early_stopping_patience, has_val)

    rng = np.random.default_rng(seed)
    params = network.params  # the arrays themselves, updated in place: these stay valid
    kind = accuracy_kind(loss, getattr(network.layers[-1], "name", None))
    result = TrainResult()
    stopper = EarlyStopping(early_stopping_patience) if has_val else None

    # Overflow on the way to divergence is expected and handled; keep it quiet.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        start_loss, _ = measure(network, X, Y, loss, None)
        for epoch in range(epochs):
            if schedule is not None:
                optimizer.lr = schedule.lr_at(epoch)
            saved = _snapshot(params)
            steps, finite = run_epoch(network, batches(X, Y, batch_size, rng), loss, optimizer, l2, params)
            result.steps += steps
            train_m = val_m = None
            if finite and all(np.isfinite(p).all() for p in params.values()):
                train_m = measure(network, X, Y, loss, kind)
                val_m = measure(network, X_val, Y_val, loss, kind) if has_val else None
            if train_m is None or diverged(train_m[0], val_m[0] if val_m else None, start_loss):
                _restore(params, saved)
                network.forward(X, training=False)  # leave finite caches behind for display
                result.status, result.message = "diverged", DIVERGED_MESSAGE
                break

            record = _record(result, epoch, optimizer.lr, train_m, val_m)
            if on_epoch is not None:
                on_epoch(epoch, record)
            if stopper is not None:
                stop = stopper.update(epoch, val_m[0], params)
                result.best_epoch = stopper.best_epoch
                if stop:
                    _restore(params, stopper.best_params)
                    result.status = "early_stopped"
                    result.message = (
                        f"stopped after epoch {epoch + 1}: the validation loss has not improved for "
                        f"{early_stopping_patience} epochs; kept the weights of epoch {result.best_epoch + 1}"
                    )
                    break

    if result.status == "ok":
        result.message = f"trained {result.epochs_run} epochs"
    return result
