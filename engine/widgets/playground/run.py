"""One playground run: data, features, network, optimiser and schedule, trained K epochs at a time.

Everything random comes from the seed: the data from ``seed``, the weights and
dropout masks from ``seed + 1``, the order of the mini-batches from
``seed + 2``. So the same options give the same numbers, in CPython and in
Pyodide, and an exported run continues exactly as it would have.

Per epoch (as TensorFlow Playground counts one): the training points are
shuffled and cut into batches of ``batch``; per batch one forward pass in
training mode, backpropagation of the data loss, the L1 or L2 penalty's
gradient added to the weights' gradients, one optimiser step. Then the
losses are measured on all training and all test points (evaluation mode;
data loss only, without the penalty, as Playground shows it). A network
without batch norm or dropout takes these steps, and its losses, through the
fused step of :mod:`engine.flat_mlp` (the same mathematics in a quarter of the
numpy calls); the rest, and any batch whose loss might not be finite, go
through the Network's layers.

Divergence: as soon as a loss is not finite, the weights of the start of that
epoch are put back and the run stops with "diverged, lower the learning rate".
Early stopping (optional): once the test loss has not improved for
``patience`` epochs, the weights of its best epoch are put back.
"""

from __future__ import annotations

import math

import numpy as np

from engine.flat_mlp import FlatMLP, covers
from engine.losses import loss_for
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.regularization import add_l1, add_l2
from engine.schedules import get_schedule
from engine.training import DIVERGED_MESSAGE
from engine.widgets.errors import WidgetInputError

from . import data as datamod
from .features import feature_matrix, selected
from .glue import ParamAccess, dense_of

# Schedules in epochs, for runs of hundreds to a few thousand epochs.
SCHEDULE_SETTINGS = {
    "constant": {},
    "step": {"step_size": 200, "gamma": 0.5},
    "exponential": {"gamma": 0.997},
    "warmup_cosine": {"warmup_epochs": 20, "decay_epochs": 800, "start_factor": 0.1},
}


NO_DATA_MESSAGE = "no training points yet: paste a CSV or click on the plot to add points"


def check_options(options: dict) -> None:
    """What the option table alone cannot say: combinations that do not make a network."""
    if not selected(options):
        raise WidgetInputError("f_x1", "switch on at least one input feature")
    if options["batch_norm"] and options["batch"] < 2:
        raise WidgetInputError("batch", "batch norm needs batches of at least 2 points")


class Run:
    """A playground run; ``custom`` is parsed data (csv_data) for the dataset "custom"."""

    def __init__(self, options: dict, custom: dict | None = None):
        check_options(options)
        self.options = options
        self.custom = custom
        seed = options["seed"]
        if options["dataset"] == "custom" and custom is None:
            # Your own data, before any is given: an empty plot to click points on, or to paste a CSV into.
            custom = {"kind": "classification", "classes": max(2, options["classes"]),
                      "X": np.zeros((2, 0)), "y": np.zeros(0, dtype=np.int64)}
        if options["dataset"] == "custom":
            self.regression = custom["kind"] == "regression"
            self.classes = custom["classes"]
            X, y = np.asarray(custom["X"], dtype=np.float64), np.asarray(custom["y"])
        else:
            self.regression = datamod.is_regression(options)
            self.classes = 1 if self.regression else datamod.class_count(options)
            X, y = datamod.generate(options)
        self.X_train, self.y_train, self.X_test, self.y_test = datamod.split(X, y, options["train_ratio"], seed)
        self.features = selected(options)
        self.F_train = feature_matrix(self.X_train, self.features)
        self.F_test = feature_matrix(self.X_test, self.features)
        self.Y_train = datamod.targets(self.y_train, self.regression, self.classes)
        self.Y_test = datamod.targets(self.y_test, self.regression, self.classes)

        if self.regression:
            n_out, out_act, self.loss = 1, "linear", "mse"
        elif self.classes == 2:
            n_out, out_act, self.loss = 1, "sigmoid", "bce"
        else:
            n_out, out_act, self.loss = self.classes, "softmax", "cce_logits"
        hidden = list(options["layers"])
        self.sizes = [len(self.features), *hidden, n_out]
        init = None if options["init"] == "auto" else options["init"]
        self.net_rng = np.random.default_rng(seed + 1)
        self.net = Network(self.sizes, [options["activation"]] * len(hidden) + [out_act], init=init,
                           rng=self.net_rng, batch_norm=options["batch_norm"], dropout=options["dropout"])
        self.optimizer = get_optimizer(options["optimizer"], options["lr"])
        self.measured_loss, self.loss_on_z = loss_for(out_act, self.loss)  # the data loss, on z[L] or a[L]
        # The fused training step (engine/flat_mlp.py) where it applies: the same numbers to rounding, half the time.
        self.flat = FlatMLP(self.net, self.loss, self.optimizer) if covers(self.net, self.loss) else None
        self.access = ParamAccess(self.net, self.flat)
        self.schedule = get_schedule(options["schedule"], options["lr"], **SCHEDULE_SETTINGS[options["schedule"]])
        self.batch_rng = np.random.default_rng(seed + 2)
        self.epoch = 0
        self.history: list[list[float]] = []  # [epoch, train loss, test loss] after each epoch
        self.status, self.message = "ok", ""
        self.best_test, self.best_params, self.waited = math.inf, None, 0
        self.grad_norms = [0.0] * (len(self.sizes) - 1)
        self.train_loss, self.test_loss = self.losses()

    # --- measuring -------------------------------------------------------------------------

    def forward(self, F: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """(z[L], a[L], [a[l] of every hidden layer]) for features F (n0, m), evaluation mode: the one forward
        pass behind the losses, the predictions and the frames' heat maps (frame.grid_maps).

        The fused forward (engine/flat_mlp.py) where the run trains fused -- a third of the per-layer cost,
        the same numbers to rounding -- else the network's. Its arrays are reused by its next call with as
        many points: read (or copy) them first. Call under ``np.errstate``: a sigmoid may overflow on the way."""
        if self.flat is not None:
            z, out, work = self.flat.forward(F)
            return z, out, work.a
        out = self.net.forward(F, training=False)
        return self.net.blocks[-1].activation.z, out, [block.activation.a for block in self.net.blocks[:-1]]

    def _loss_on(self, F: np.ndarray, Y: np.ndarray) -> float:
        if F.shape[1] == 0:
            return 0.0
        z, out, _ = self.forward(F)
        return float(self.measured_loss.value(z if self.loss_on_z else out, Y))

    def losses(self) -> tuple[float, float]:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return self._loss_on(self.F_train, self.Y_train), self._loss_on(self.F_test, self.Y_test)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The network's output (evaluation mode) for points X (2, m): probabilities, class scores or values."""
        F = feature_matrix(np.asarray(X, dtype=np.float64), self.features)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return self.forward(F)[1].copy()

    # --- training --------------------------------------------------------------------------

    def _batches(self):
        m, size = self.F_train.shape[1], self.options["batch"]
        order = self.batch_rng.permutation(m)
        F, Y = self.F_train[:, order], self.Y_train[:, order]
        starts = list(range(0, m, size))
        if self.options["batch_norm"] and len(starts) > 1 and m - starts[-1] == 1:
            starts.pop()  # batch norm cannot normalise a batch of one point: it joins the one before
        ends = starts[1:] + [m]
        return [(F[:, a:b], Y[:, a:b]) for a, b in zip(starts, ends)]

    def _penalty(self) -> None:
        kind, rate = self.options["regularization"], self.options["reg_rate"]
        if kind == "l2" and rate:
            add_l2(self.net.layers, rate)
        elif kind == "l1" and rate:
            add_l1(self.net.layers, rate)

    def _measure_gradients(self, fused: bool) -> None:
        """Frobenius norm of dL/dW per layer, from the last batch (the vanishing-gradient chapter's picture)."""
        if fused:
            self.grad_norms = self.flat.grad_norms()
            return
        grads = self.net.gradients()
        self.grad_norms = [float(np.sqrt(np.vdot(g["W"], g["W"]))) for g in grads]

    def _epoch(self, batches: list) -> tuple[bool, bool]:
        """Train on the batches in order: (every loss was finite, the last batch went through the fused step).

        The fused step takes batches while it can; from the first whose loss might not be finite on, the
        general path goes on (and decides, as it always did, whether the run diverged)."""
        net, loss = self.net, self.loss
        done = 0
        if self.flat is not None:
            done = self.flat.train_batches(batches, self.options["regularization"], self.options["reg_rate"])
            if done == len(batches):
                return True, True
        for xb, yb in batches[done:]:
            net.forward(xb, training=True)
            if not math.isfinite(net.backward_from_loss(loss, yb)):
                return False, False
            self._penalty()
            self.access.step(self.optimizer)
        return True, False

    def train(self, epochs: int) -> list[list[float]]:
        """Run up to ``epochs`` epochs; returns the [epoch, train loss, test loss] rows they added."""
        added = []
        if self.status != "ok":
            return added
        if self.F_train.shape[1] == 0:
            self.message = NO_DATA_MESSAGE
            return added
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for _ in range(epochs):
                self.optimizer.lr = self.schedule.lr_at(self.epoch)
                start = self.access.copy()
                finite, fused = self._epoch(self._batches())
                if finite:
                    self._measure_gradients(fused)
                    train_loss, test_loss = self.losses()
                    finite = math.isfinite(train_loss) and math.isfinite(test_loss) and all(
                        math.isfinite(g) for g in self.grad_norms)
                if not finite:
                    self.access.restore(start)
                    self.status, self.message = "diverged", DIVERGED_MESSAGE
                    self.grad_norms = [0.0] * len(self.grad_norms)
                    self.train_loss, self.test_loss = self.losses()
                    break
                self.epoch += 1
                self.train_loss, self.test_loss = train_loss, test_loss
                row = [self.epoch, train_loss, test_loss]
                self.history.append(row)
                added.append(row)
                if self.options["early_stop"] and self._early_stop(test_loss):
                    break
        return added

    def _early_stop(self, test_loss: float) -> bool:
        if test_loss < self.best_test:
            self.best_test, self.best_epoch, self.waited = test_loss, self.epoch, 0
            self.best_params = self.access.copy()
            return False
        self.waited += 1
        if self.waited < self.options["patience"]:
            return False
        self.access.restore(self.best_params)
        self.train_loss, self.test_loss = self.losses()
        self.status = "early_stopped"
        self.message = (f"stopped at epoch {self.epoch}: the test loss has not improved for "
                        f"{self.options['patience']} epochs; kept the weights of epoch {self.best_epoch}")
        return True

    # --- editing ---------------------------------------------------------------------------

    def set_weight(self, layer: int, to: int, frm: int, value: float) -> None:
        """Set W[layer][to, frm] (book layers from 1) -- the reader clicking a link to edit its weight."""
        for field, index in (("layer", layer), ("to", to), ("from", frm)):
            if isinstance(index, bool) or not isinstance(index, int):
                raise WidgetInputError(field, f"must be a whole number, got {index!r}")
        if not 1 <= layer <= len(self.sizes) - 1:
            raise WidgetInputError("layer", f"must be between 1 and {len(self.sizes) - 1}, got {layer}")
        W = dense_of(self.net, layer).params["W"]
        if not 0 <= to < W.shape[0]:
            raise WidgetInputError("to", f"must be between 0 and {W.shape[0] - 1}, got {to}")
        if not 0 <= frm < W.shape[1]:
            raise WidgetInputError("from", f"must be between 0 and {W.shape[1] - 1}, got {frm}")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or abs(value) > 100:
            raise WidgetInputError("value", f"must be a number between -100 and 100, got {value!r}")
        W[to, frm] = float(value)
        if self.status == "diverged":
            self.status, self.message = "ok", ""
        self.train_loss, self.test_loss = self.losses()
