"""The training loop: mini-batches, an optimiser, an optional schedule, L2,
early stopping, and a clear verdict when the run blows up.

It works on any model that keeps the engine's contract:
``forward(X, training)``, ``backward_from_loss(loss_name, Y) -> float``,
``loss_value(loss_name, Y) -> float`` and ``layers`` (each with ``params``
and ``grads``) -- :class:`engine.network.Network` does.

Batch sizes: ``None`` is full-batch gradient descent (one step per epoch, the
whole data set), ``1`` is stochastic gradient descent (m steps per epoch),
anything between is mini-batch. Samples are reshuffled every epoch with a
generator seeded by ``seed``, so the same seed gives the same run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .optimizers import Optimizer
from .regularization import add_l2
from .schedules import Schedule

DIVERGED_MESSAGE = "diverged, lower the learning rate"
STATUSES = ("ok", "early_stopped", "diverged")


@dataclass
class TrainResult:
    """What a run did.

    ``history`` maps "loss", "accuracy", "val_loss", "val_accuracy", "lr" to
    one value per finished epoch, measured after the epoch in inference mode
    on the whole set (the data loss, without the L2 penalty). Accuracy lists
    stay empty for "mse" and validation lists without validation data.
    Values are always finite: a diverging epoch is not recorded.
    """

    history: dict[str, list[float]] = field(
        default_factory=lambda: {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": [], "lr": []}
    )
    status: str = "ok"
    message: str = ""
    epochs_run: int = 0
    best_epoch: int | None = None  # epoch (0-based) of the lowest validation loss
    steps: int = 0  # optimiser steps taken

    def to_dict(self) -> dict:
        return {
            "history": {k: list(v) for k, v in self.history.items()},
            "status": self.status,
            "message": self.message,
            "epochs_run": self.epochs_run,
            "best_epoch": self.best_epoch,
            "steps": self.steps,
        }


def _as_columns(A) -> np.ndarray:
    A = np.asarray(A, dtype=np.float64)
    return A[None, :] if A.ndim == 1 else A


def accuracy_kind(loss_name: str, output_activation: str | None) -> str | None:
    """How predictions become classes: "threshold_prob", "threshold_logit", "argmax" or None (regression)."""
    if loss_name == "cce_logits":
        return "argmax"
    if loss_name == "bce" or (loss_name == "bce_logits" and output_activation == "sigmoid"):
        return "threshold_prob"
    if loss_name == "bce_logits":
        return "threshold_logit"
    return None


def accuracy(output: np.ndarray, Y: np.ndarray, kind: str) -> float:
    """Fraction of correct predictions: argmax per column, or a threshold at p = 0.5 (z = 0) per entry."""
    if kind == "argmax":
        return float(np.mean(np.argmax(output, axis=0) == np.argmax(Y, axis=0)))
    cut = 0.5 if kind == "threshold_prob" else 0.0
    return float(np.mean((output >= cut) == (Y >= 0.5)))


def _all_finite(arrays) -> bool:
    return all(np.isfinite(a).all() for a in arrays)


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
    gradient lambda W (``l2`` = lambda), one ``optimizer.step``. Per epoch:
    set ``optimizer.lr = schedule.lr_at(epoch)`` first (if a schedule is
    given), measure loss/accuracy after, call ``on_epoch(epoch, record)``.

    Early stopping (needs validation data): stop once the validation loss
    has not improved for ``early_stopping_patience`` epochs, and put back the
    weights of the best epoch. Divergence: as soon as a loss or a weight is
    not finite, stop, put back the weights from the start of that epoch and
    report status "diverged" with :data:`DIVERGED_MESSAGE`.
    """
    X, Y = _as_columns(X), _as_columns(Y)
    m = X.shape[1]
    if Y.shape[1] != m:
        raise ValueError(f"X has {m} samples but Y has {Y.shape[1]}")
    has_val = X_val is not None and Y_val is not None
    if has_val:
        X_val, Y_val = _as_columns(X_val), _as_columns(Y_val)
    if early_stopping_patience is not None and int(early_stopping_patience) < 1:
        raise ValueError(f"early_stopping_patience must be at least 1, got {early_stopping_patience}")
    if early_stopping_patience is not None and not has_val:
        raise ValueError("early stopping watches the validation loss: pass X_val and Y_val")
    if batch_size is not None and int(batch_size) < 1:
        raise ValueError(f"batch_size must be None (full batch) or at least 1, got {batch_size}")
    full_batch = batch_size is None or batch_size >= m

    rng = np.random.default_rng(seed)
    layers = network.layers
    slots = [(layer, k) for layer in layers for k in layer.params]
    params = [layer.params[k] for layer, k in slots]  # updated in place, so these stay valid
    kind = accuracy_kind(loss, getattr(layers[-1], "name", None))
    result = TrainResult()
    h = result.history
    best_loss, best_params, waited = math.inf, None, 0

    def evaluate(Xe, Ye) -> tuple[float, float | None]:
        out = network.forward(Xe, training=False)
        value = network.loss_value(loss, Ye)
        return value, (accuracy(out, Ye, kind) if kind else None)

    # Overflow on the way to divergence is expected and handled below; keep it quiet.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for epoch in range(epochs):
            if schedule is not None:
                optimizer.lr = schedule.lr_at(epoch)
            start = [p.copy() for p in params]
            if full_batch:
                batches = [(X, Y)]
            else:
                order = rng.permutation(m)
                Xs, Ys = X[:, order], Y[:, order]  # one copy per epoch; batches below are views
                batches = [(Xs[:, i : i + batch_size], Ys[:, i : i + batch_size]) for i in range(0, m, batch_size)]
            finite = True
            for xb, yb in batches:
                network.forward(xb, training=True)
                value = network.backward_from_loss(loss, yb)
                if l2:
                    value += add_l2(layers, l2)
                if not math.isfinite(value):
                    finite = False
                    break
                optimizer.step(params, [layer.grads[k] for layer, k in slots])
                result.steps += 1

            if finite and _all_finite(params):
                train_loss, train_acc = evaluate(X, Y)
                val_loss, val_acc = evaluate(X_val, Y_val) if has_val else (None, None)
                finite = math.isfinite(train_loss) and (val_loss is None or math.isfinite(val_loss))
            else:
                finite = False
            if not finite:
                for p, saved in zip(params, start):
                    p[...] = saved
                network.forward(X, training=False)  # leave finite caches behind for display
                result.status, result.message = "diverged", DIVERGED_MESSAGE
                break

            record = {"epoch": epoch, "loss": train_loss, "lr": optimizer.lr}
            h["loss"].append(train_loss)
            h["lr"].append(optimizer.lr)
            if train_acc is not None:
                h["accuracy"].append(train_acc)
                record["accuracy"] = train_acc
            if has_val:
                h["val_loss"].append(val_loss)
                record["val_loss"] = val_loss
                if val_acc is not None:
                    h["val_accuracy"].append(val_acc)
                    record["val_accuracy"] = val_acc
            result.epochs_run = epoch + 1
            if on_epoch is not None:
                on_epoch(epoch, record)

            if has_val:
                if val_loss < best_loss:
                    best_loss, result.best_epoch, waited = val_loss, epoch, 0
                    if early_stopping_patience is not None:
                        best_params = [p.copy() for p in params]
                else:
                    waited += 1
                if early_stopping_patience is not None and waited >= early_stopping_patience:
                    for p, saved in zip(params, best_params):
                        p[...] = saved
                    result.status = "early_stopped"
                    result.message = (
                        f"stopped after epoch {epoch + 1}: the validation loss has not improved for "
                        f"{early_stopping_patience} epochs; kept the weights of epoch {result.best_epoch + 1}"
                    )
                    break

    if result.status == "ok":
        result.message = f"trained {result.epochs_run} epochs"
    return result
