"""Job demo "digits-cnn": train the chapter-10 CNN on the 8x8 digits.

``run(params, progress)`` trains :class:`engine.jobs.small_cnn.SmallCNN` with
Adam on a stratified 80/20 split of the 1,797 digits (see
:mod:`engine.jobs.digits_data`), reporting after every epoch, and returns the
trained weights with what the figure shows: learning curves, the filters, the
test set's confusion matrix and a few test images with their predictions.

Same seed, same numbers: the split, the initial weights and the mini-batch
order all come from ``params["seed"]``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from engine.datasets import one_hot
from engine.optimizers import Adam
from engine.training import train
from engine.widgets.options import Option, Options

from .digits_data import CITATION, N_CLASSES, load_digits, split
from .small_cnn import LOSS, SmallCNN

TEST_FRACTION = 0.2
SAMPLES_PER_DIGIT = 3

# The demo's parameters, declared once: POST /api/jobs validates against this table (422 naming
# the field), OpenAPI shows it, and the chapter-10 figure builds its controls from it.
OPTIONS = Options(
    Option("epochs", "integer", 15, min=1, max=60, label="Epochs",
           help="passes over the 1,438 training images"),
    Option("filters", "integer", 8, min=1, max=16, label="Filters", help="convolution filters (feature maps)"),
    Option("kernel", "choice", 3, choices=((3, "3 × 3"), (5, "5 × 5")), label="Filter size"),
    Option("learning_rate", "number", 0.01, min=0.0001, max=0.5, step=0.0001, label="Learning rate (Adam)"),
    Option("batch_size", "integer", 32, min=1, max=1438, label="Mini-batch size", control="number"),
    Option("seed", "integer", 0, min=0, max=9999, label="Seed", control="number",
           help="the split, the initial weights and the batch order"),
)
DEFAULTS = OPTIONS.defaults()


def confusion_matrix(true: np.ndarray, predicted: np.ndarray, k: int = N_CLASSES) -> list[list[int]]:
    """``C[i][j]`` = how many samples of class ``i`` were predicted as ``j`` (rows: truth)."""
    matrix = np.zeros((k, k), dtype=np.int64)
    np.add.at(matrix, (true, predicted), 1)
    return matrix.tolist()


def _samples(images, labels, predicted, seed: int) -> dict:
    """A few test images per digit, with what the network said; the figure's image picker."""
    rng = np.random.default_rng(seed)
    chosen = [int(i) for d in range(N_CLASSES) for i in rng.permutation(np.flatnonzero(labels == d))[:SAMPLES_PER_DIGIT]]
    return {
        "images": [images[i].ravel().tolist() for i in chosen],
        "labels": [int(labels[i]) for i in chosen],
        "predicted": [int(predicted[i]) for i in chosen],
    }


def run(params: dict, progress: Callable[[dict], None] = lambda event: None) -> dict:
    """Train with ``params`` (checked against :data:`OPTIONS`, defaults filled) and return the result."""
    p = OPTIONS.validate(params)
    epochs, seed = int(p["epochs"]), int(p["seed"])
    images, labels = load_digits()
    train_idx, test_idx = split(labels, TEST_FRACTION, seed)
    X = images.reshape(len(images), -1).T  # (64, 1797), one image per column
    Y = one_hot(labels, N_CLASSES)  # (10, 1797)
    progress({"stage": "preparing", "message": f"{train_idx.size} training and {test_idx.size} test images"})

    net = SmallCNN(int(p["filters"]), int(p["kernel"]), seed=seed)

    def on_epoch(epoch: int, record: dict) -> None:
        progress({
            "stage": "training", "epoch": epoch + 1, "epochs": epochs, "loss": record["loss"],
            "accuracy": record["accuracy"], "test_loss": record["val_loss"], "test_accuracy": record["val_accuracy"],
        })

    history = train(net, X[:, train_idx], Y[:, train_idx], LOSS, Adam(float(p["learning_rate"])), epochs,
                    batch_size=int(p["batch_size"]), seed=seed, X_val=X[:, test_idx], Y_val=Y[:, test_idx],
                    on_epoch=on_epoch)

    test_images, test_labels = images[test_idx], labels[test_idx]
    predicted = np.argmax(net.forward(X[:, test_idx], training=False), axis=0)
    train_predicted = np.argmax(net.forward(X[:, train_idx], training=False), axis=0)
    h = history.history
    return {
        "status": history.status,
        "message": history.message,
        "model": net.to_dict(),
        "history": {"loss": h["loss"], "accuracy": h["accuracy"], "test_loss": h["val_loss"],
                    "test_accuracy": h["val_accuracy"]},
        "epochs_run": history.epochs_run,
        "train_accuracy": float(np.mean(train_predicted == labels[train_idx])),
        "test_accuracy": float(np.mean(predicted == test_labels)),
        "confusion": confusion_matrix(test_labels, predicted),
        "filters": net.conv.params["W"][:, 0].tolist(),  # (F, k, k): what each filter looks for
        "samples": _samples(test_images, test_labels, predicted, seed),
        "split": {"train": int(train_idx.size), "test": int(test_idx.size)},
        "params": p,
        "citation": CITATION,
    }


JOBS = {"digits-cnn": (OPTIONS, run)}
