"""A fused training step for a plain multilayer perceptron: every parameter in one flat buffer.

With the playground's networks (up to 6 hidden layers of 8 neurons, batches
of 10 points) a mini-batch step is a few thousand multiplications, and the
time goes to calling numpy, not to arithmetic: the general path
(:class:`engine.network.Network` -> blocks -> layers -> activations, a dict of
gradients per layer, the optimiser looping over 14 parameter arrays) makes
some 170 Python calls per step. This module trains the *same* Network with
the same arithmetic in about half as many numpy calls and few Python calls:

- each layer's [W[l] | b[l]] lies in one float64 buffer ``flat``, layer after
  layer, and the layer's input carries a row of ones, so z = [W | b] [a; 1] is
  one product; each Dense layer's ``params["W"]`` and ``params["b"]`` become
  views into it, so the Network, its ``trace``, ``set_params`` and ``to_dict``
  (and so the playground's frames and export) keep reading and writing them;
- the gradients go into a second flat buffer of the same layout, through
  ``out=`` arguments, and the optimiser's update rule
  (:meth:`engine.optimizers.Optimizer.apply`) runs once on the whole buffer
  instead of once per array, its state (velocities, moments) flat as well;
- L1/L2 touch the weights only: one update of the whole buffer through a
  mask that is 1 on every W entry and 0 on the biases.

The arithmetic is the general path's, except that the bias is summed inside
the product rather than added after it, which changes the rounding: on a
stable run both paths agree to 1e-12, and the tests compare them. (On a run
that is already blowing up, rounding differences grow with every epoch, as
they do between CPython and the browser's numpy.)

What it covers: networks without batch norm or dropout, whose hidden
activations are elementwise and not the step (which passes no gradient: its
backward is exact zeros, where ``delta * 0`` here would be NaN on a
non-finite delta), with a loss whose delta[L] = a - y shortcut applies
(:func:`engine.losses.loss_for`: sigmoid with "bce"/"bce_logits", softmax
with "cce_logits") or "mse" after an elementwise output. :func:`covers`
says so; other networks train on the general path.

Divergence. The general path stops at the first mini-batch whose loss is not
finite, before its update. Evaluating the loss at every step would cost as
much as the step's forward pass; instead the fused step checks a sufficient
condition, that the sum of squares of the output logits (or, for "mse", of
a - y) is below 1e300 -- then every term of the loss is finite. At the first
batch that fails the check, the fused step stops *before* updating, and the
caller goes on from that batch with the general path, which decides exactly.
"""

from __future__ import annotations

import numpy as np

from .activations import FORWARD_INTO
from .losses import get_loss, loss_for
from .regularization import l1_gradient, l2_gradient

# A sum of squares below this bounds every |logit| (or |a - y|) by 1e150: every term of the loss is finite.
SAFE_SQUARES = 1e300
KEPT_BATCH_SIZES = 8  # work arrays kept for this many batch sizes (training, losses, frames, predictions)


def covers(net, loss_name: str) -> bool:
    """True when :class:`FlatMLP` can train ``net`` on ``loss_name`` (with the general path's numbers, to rounding)."""
    if net.batch_norm or net.dropout > 0:
        return False
    acts = [block.activation.activation for block in net.blocks]
    if not all(a.elementwise and a.name != "step" for a in acts[:-1]):
        return False
    out = acts[-1]
    return loss_for(out.name, loss_name)[1] or (loss_name == "mse" and out.elementwise)


class _Work:
    """Arrays for batches of m points, made once per m: each layer's input with its row of ones, every
    hidden layer's z and a stacked (so their slopes come in one call), the output's z, the back-propagated
    gradients."""

    def __init__(self, sizes: list[int], m: int):
        hidden = sizes[1:-1]
        rows = [n + 1 for n in hidden]
        starts = np.cumsum([0] + rows).tolist()
        self.starts = starts[:-1]  # row of a[l] in A, l = 1..L-1
        self.x = np.ones((sizes[0] + 1, m))
        self.A = np.ones((starts[-1], m))  # a[1], 1, a[2], 1, ...: the ones rows are never written
        self.Z = np.zeros((starts[-1], m))
        self.inputs = [self.x] + [self.A[a:a + r] for a, r in zip(starts, rows)]  # [a[l-1]; 1] for l = 1..L
        self.a = [self.A[a:a + n] for a, n in zip(starts, hidden)]
        self.z = [self.Z[a:a + n] for a, n in zip(starts, hidden)]
        self.z_out = np.empty((sizes[-1], m))
        self.a_out = np.empty((sizes[-1], m))
        self.back: list[np.ndarray] | None = None  # [W | b]^T delta = dL/d[a; 1] per hidden layer: training only
        self.inner: tuple[np.ndarray, np.ndarray] | None = None

    def inner_arrays(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """With k + 1 equal hidden layers: the deltas of layers 2..k+1 stacked (k, n, m), and their inputs
        [a; 1] stacked and transposed (k, m, n + 1) -- a view of A."""
        if self.inner is None:
            blocks = self.A.reshape(k + 1, -1, self.A.shape[1])
            self.inner = (np.empty((k, blocks.shape[1] - 1, self.A.shape[1])), blocks[:k].transpose(0, 2, 1))
        return self.inner

    def backward_arrays(self) -> list[np.ndarray]:
        if self.back is None:
            self.back = [np.empty_like(a, shape=(a.shape[0] + 1, a.shape[1])) for a in self.a]
        return self.back


class FlatMLP:
    """Trains ``net`` (which :func:`covers` accepts) on ``loss_name`` with ``optimizer``, one fused step per batch.

    Building it moves the network's parameters into ``flat`` (values unchanged) and makes the Dense layers'
    params views of it. ``optimizer`` keeps its hyperparameters, ``lr`` and ``t``; its ``state`` arrays
    become views of flat buffers as well (:meth:`bind`, once), so the general ``optimizer.step`` and this
    one update the same memory.
    """

    def __init__(self, net, loss_name: str, optimizer):
        if not covers(net, loss_name):
            raise ValueError("FlatMLP covers networks without batch norm or dropout, elementwise hidden activations "
                             "and a loss that pairs with the output (or mse)")
        self.net, self.optimizer = net, optimizer
        self.sizes = list(net.sizes)
        shapes = [(n, n_in + 1) for n_in, n in zip(self.sizes[:-1], self.sizes[1:])]
        self._cuts = np.cumsum([0] + [r * c for r, c in shapes]).tolist()
        self._shapes = shapes
        self.flat = np.empty(self._cuts[-1])
        self.grad = np.zeros(self._cuts[-1])
        self.P = self._matrices(self.flat)  # [W[l] | b[l]] per layer
        self.G = self._matrices(self.grad)
        for P, block in zip(self.P, net.blocks):
            d = block.dense
            P[:, :-1], P[:, -1:] = d.params["W"], d.params["b"]
            d.params["W"], d.params["b"] = P[:, :-1], P[:, -1:]
        self.weight_mask = np.zeros_like(self.flat)  # 1 on every W entry, 0 on the biases: what L1/L2 touch
        for M in self._matrices(self.weight_mask):
            M[:, :-1] = 1.0
        self._penalty_rates: tuple[float, np.ndarray] | None = None
        self.names = list(net.params)  # "W[1]", "b[1]", ...: the optimiser's keys
        self.state: dict[str, np.ndarray] = {}
        self.state_views: dict[str, dict[str, np.ndarray]] = {}
        self.bind()

        acts = [block.activation.activation for block in net.blocks]
        self.hidden_acts, self.out_act = acts[:-1], acts[-1]
        self.forward_into = [None if a.params else FORWARD_INTO.get(a.name) for a in self.hidden_acts]
        self.out_into = None if self.out_act.params else FORWARD_INTO.get(self.out_act.name)
        self.shared_hidden = all(a == self.hidden_acts[0] for a in self.hidden_acts)
        self.shortcut = loss_for(self.out_act.name, loss_name)[1]
        self.mse_gradient = get_loss("mse").gradient
        self._work: dict[int, _Work] = {}
        # With three or more equal hidden layers, the gradients of the layers between them (n -> n) are one
        # batched product instead of one product each: they lie one after another in the flat buffer.
        hidden = self.sizes[1:-1]
        self.inner = len(hidden) - 1 if len(hidden) >= 3 and len(set(hidden)) == 1 else 0
        if self.inner:
            self.G_inner = self.grad[self._cuts[1]:self._cuts[1 + self.inner]].reshape(self.inner, hidden[0], hidden[0] + 1)

    def _matrices(self, buffer: np.ndarray) -> list[np.ndarray]:
        c = self._cuts
        return [buffer[a:b].reshape(shape) for a, b, shape in zip(c[:-1], c[1:], self._shapes)]

    def _named(self, buffer: np.ndarray) -> dict[str, np.ndarray]:
        """The optimiser's view of a flat buffer: name -> the part of it that parameter occupies."""
        out = {}
        for l, M in enumerate(self._matrices(buffer), start=1):
            out[f"W[{l}]"], out[f"b[{l}]"] = M[:, :-1], M[:, -1:]
        return {name: out[name] for name in self.names}

    # --- the optimiser's state, flat -------------------------------------------------------

    def bind(self) -> None:
        """Make ``optimizer.state[slot][name]`` views of this object's flat state buffers, keeping their values
        (zeros before the optimiser's first step). Called once, when this object is built: from then on
        everything that sets the state writes into those arrays -- the optimiser's first step and ``reset``
        zero them in place, an imported run's moments are copied into them
        (engine/widgets/playground/glue.py) -- so they stay the flat buffers' views for the whole run."""
        opt = self.optimizer
        for slot in opt.slots:
            self.state[slot] = np.zeros_like(self.flat)
            views = self.state_views[slot] = self._named(self.state[slot])
            if opt.t > 0:  # built over an optimiser that has already stepped: its moments carry on
                for name, view in views.items():
                    view[...] = opt.state[slot][name]
            opt.state[slot] = views
        opt._names = frozenset(self.names)

    # --- forward and one step ------------------------------------------------------------------

    def _buffers(self, m: int) -> _Work:
        if m not in self._work:
            if len(self._work) >= KEPT_BATCH_SIZES:  # the oldest goes: predictions may come in any size
                del self._work[next(iter(self._work))]
            self._work[m] = _Work(self.sizes, m)
        return self._work[m]

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, _Work]:
        """(z[L], a[L], the work arrays holding every hidden z and a) for inputs x (n0, m), evaluation mode.

        The arrays are reused by the next call with as many points: read them before calling again.
        Overflow is possible on the way (a sigmoid of a very negative z): call under ``np.errstate``."""
        w = self._buffers(x.shape[1])
        np.copyto(w.x[:-1], x)
        P, into = self.P, self.forward_into
        for l, act in enumerate(self.hidden_acts):
            z, a = w.z[l], w.a[l]
            np.matmul(P[l], w.inputs[l], out=z)
            if into[l] is not None:
                into[l](z, a)
            else:
                np.copyto(a, act.forward(z))
        z = np.matmul(P[-1], w.inputs[-1], out=w.z_out)
        out = self.out_act.forward(z) if self.out_into is None else self.out_into(z, w.a_out)
        return z, out, w

    def _slopes(self, w: _Work) -> list:
        """f'(z) of every hidden layer (None for the identity): one call for all when they share f."""
        acts = self.hidden_acts
        if self.shared_hidden and acts:
            S = acts[0].slope(w.Z, w.A)
            return [None if S is None else S[i:i + a.shape[0]] for i, a in zip(w.starts, w.a)]
        return [act.slope(z, a) for act, z, a in zip(acts, w.z, w.a)]

    def step(self, x: np.ndarray, y: np.ndarray, penalty: str = "none", rate: float = 0.0) -> bool:
        """One mini-batch step on x (n0, m), targets y (n_L, m); False (and nothing changed) when the batch's
        loss might not be finite: the caller then takes this batch on the general path."""
        m = x.shape[1]
        z, out, w = self.forward(x)
        if self.shortcut:
            if not np.vdot(z, z) < SAFE_SQUARES:
                return False
            delta = (out - y) / m
        else:
            d = out - y
            if not np.vdot(d, d) < SAFE_SQUARES:
                return False
            delta = self.mse_gradient(out, y)
            slope = self.out_act.slope(z, out)
            if slope is not None:
                delta *= slope
        P, G = self.P, self.G
        slopes, backs = self._slopes(w), w.backward_arrays()
        np.matmul(delta, w.inputs[-1].T, out=G[-1])
        k = self.inner
        if k:
            D, inputs_T = w.inner_arrays(k)
        for l in range(len(P) - 2, -1, -1):
            back = np.matmul(P[l + 1].T, delta, out=backs[l])
            if k and l:  # a layer between equal hidden layers: its gradient comes with the others' below
                delta = D[l - 1]
                if slopes[l] is None:
                    np.copyto(delta, back[:-1])
                else:
                    np.multiply(back[:-1], slopes[l], out=delta)
                continue
            delta = back[:-1]
            if slopes[l] is not None:
                np.multiply(delta, slopes[l], out=delta)
            np.matmul(delta, w.inputs[l].T, out=G[l])
        if k:
            np.matmul(D, inputs_T, out=self.G_inner)
        if rate and penalty in ("l1", "l2"):
            if self._penalty_rates is None or self._penalty_rates[0] != rate:
                self._penalty_rates = (rate, rate * self.weight_mask)
            self.grad += (l2_gradient if penalty == "l2" else l1_gradient)(self.flat, self._penalty_rates[1])
        opt = self.optimizer
        opt.t += 1
        opt.apply(self.flat, self.grad, *(self.state[slot] for slot in opt.slots))
        return True

    def train_batches(self, batches, penalty: str = "none", rate: float = 0.0) -> int:
        """Step through ``[(x, y), ...]`` in order; returns how many were taken (all, unless one might diverge)."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for done, (x, y) in enumerate(batches):
                if not self.step(x, y, penalty, rate):
                    return done
        return len(batches)

    # --- what the playground reads -----------------------------------------------------------

    def grad_norms(self) -> list[float]:
        """Frobenius norm of the last step's dL/dW[l] (with the penalty's part) per layer."""
        return [float(np.sqrt(np.vdot(g, g))) for g in (G[:, :-1] for G in self.G)]
