"""What a training run reports: its history, its status, and how accuracy is counted."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

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
