"""Regularization and early stopping (chapter 8): a noisy problem that overfits, and three cures.

Sixteen noisy samples of sin(πx) (:func:`engine.datasets.regression_1d`)
are fitted by a network far larger than they need (1 input, two hidden
layers of 32 tanh units, a linear output) with full-batch Adam on the mean
squared error; sixteen more samples of the same curve are held out for
validation. L2 (``train(l2=λ)``), dropout (``Network(dropout=p)``) and early
stopping (``train(early_stopping_patience=…)``, which keeps the weights of
the epoch with the lowest validation loss) can each be switched on. The
figure draws the training and validation losses per epoch, marks the epoch of
the lowest validation loss (where early stopping stops, or would), and the
fitted function over the points.
"""

from __future__ import annotations

import numpy as np

from engine.datasets import regression_1d
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.training import DIVERGED_MESSAGE, train

from .kit.option_calls import option_calls
from .kit.series_chart import series_chart
from .options import Option, Options

CAPTION = "Overfitting a noisy curve, and L2, dropout and early stopping switched on and off."
OPTIONS = Options(
    Option("l2", "number", 0.0, min=0.0, max=0.05, step=0.0005, label="L2 strength λ"),
    Option("dropout", "number", 0.0, min=0.0, max=0.5, step=0.05, label="dropout probability p"),
    Option("early_stopping", "boolean", False, label="early stopping"),
    Option("patience", "integer", 50, min=5, max=100, step=5, label="patience (epochs)"),
    Option("lr", "number", 0.01, min=0.001, max=0.1, step=0.001, label="learning rate η (Adam)"),
    Option("epochs", "integer", 300, min=50, max=600, step=50, label="epochs"),
)
POINTS, NOISE, SIZES = 16, 0.25, [1, 32, 32, 1]
CURVE_POINTS = 101


def data():
    """Training and validation samples of sin(πx) + N(0, 0.25²), drawn independently."""
    X, Y = regression_1d("sine", n=POINTS, noise=NOISE, seed=1)
    X_val, Y_val = regression_1d("sine", n=POINTS, noise=NOISE, seed=2)
    return X, Y, X_val, Y_val


def training(options: dict) -> dict:
    o = options
    X, Y, X_val, Y_val = data()
    net = Network(SIZES, "tanh", output_activation="linear", seed=0, dropout=o["dropout"])
    result = train(net, X, Y, "mse", get_optimizer("adam", o["lr"]), o["epochs"], seed=0, X_val=X_val, Y_val=Y_val,
                   l2=o["l2"], early_stopping_patience=o["patience"] if o["early_stopping"] else None)
    h = result.history
    best = int(np.argmin(h["val_loss"])) if h["val_loss"] else 0
    grid = np.linspace(-1.0, 1.0, CURVE_POINTS)[None, :]
    fit = net.forward(grid, training=False).ravel()
    target = np.sin(np.pi * grid.ravel())
    stopped = result.status == "early_stopped"
    label = "early stopping kept this epoch" if stopped else "lowest validation loss"
    chart = series_chart([{"name": "train", "label": "training", "points": [[e + 1, v] for e, v in enumerate(h["loss"])]},
                          {"name": "val", "label": "validation", "points": [[e + 1, v] for e, v in enumerate(h["val_loss"])]}],
                         log=True, y_floor=1e-4, marks=[{"x": best + 1, "label": f"{label}: {best + 1}"}] if h["loss"] else [])
    # The loss of the weights the network ends with (the best epoch's after early stopping).
    net.forward(X, training=False)
    final_train = net.loss_value("mse", Y)
    net.forward(X_val, training=False)
    final_val = net.loss_value("mse", Y_val)
    gap = final_val - final_train
    if result.status == "diverged":
        message, kind = DIVERGED_MESSAGE[0].upper() + DIVERGED_MESSAGE[1:] + ".", "bad"
    elif stopped:
        message, kind = (f"Early stopping: the validation loss did not improve for {o['patience']} epochs after epoch "
                         f"{best + 1}, so training stopped at epoch {len(h['loss'])} and kept the weights of epoch "
                         f"{best + 1}."), "good"
    elif best + 1 < len(h["loss"]) and h["val_loss"][-1] > 1.2 * h["val_loss"][best]:
        message, kind = (f"Overfitting: the validation loss was lowest at epoch {best + 1} ({h['val_loss'][best]:.3f}) and "
                         f"has risen to {h['val_loss'][-1]:.3f} while the training loss kept falling to "
                         f"{h['loss'][-1]:.3f}."), "warn"
    else:
        message, kind = (f"Training loss {final_train:.3f}, validation loss {final_val:.3f}: a gap of {gap:.3f}."), "info"
    on = [name for name, flag in (("L2 λ = %g" % o["l2"], o["l2"] > 0), ("dropout p = %g" % o["dropout"], o["dropout"] > 0),
                                  ("early stopping", o["early_stopping"])) if flag]
    description = (f"A network of two hidden layers of 32 tanh units fitted to {POINTS} noisy samples of sin(πx), "
                   f"with {', '.join(on) if on else 'no regularization'}, {len(h['loss'])} epochs of Adam "
                   f"(η = {o['lr']:g}). Lowest validation loss {h['val_loss'][best]:.3f} at epoch {best + 1}; "
                   f"the final weights have training loss {final_train:.3f} and validation loss {final_val:.3f}."
                   if h["loss"] else "The training diverged before the first epoch ended.")
    return {"options": o, "trained": o, "chart": chart, "best_epoch": best + 1, "epochs_run": len(h["loss"]),
            "status": result.status, "final_train": final_train, "final_val": final_val,
            "points": {"train": np.vstack([X, Y]).T.tolist(), "val": np.vstack([X_val, Y_val]).T.tolist()},
            "fit": np.vstack([grid.ravel(), fit]).T.tolist(), "target": np.vstack([grid.ravel(), target]).T.tolist(),
            # sin(πx) ± the noise's standard deviation, as one polygon: along the top, back along the bottom.
            "noise_band": np.vstack([np.r_[grid.ravel(), grid.ravel()[::-1]], np.r_[target + NOISE, (target - NOISE)[::-1]]]).T.tolist(),
            "message": message, "message_kind": kind, "description": description}


def initial(options: dict) -> dict:
    return training(options)


CALLS = option_calls(OPTIONS, initial, train=training)
