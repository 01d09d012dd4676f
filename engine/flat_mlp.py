"""A fused training step for a plain multilayer perceptron: every parameter in one flat buffer.

With the playground's networks (up to 6 hidden layers of 8 neurons, batches
of 10 points) a mini-batch step is a few thousand multiplications, and the
time goes to calling numpy, not to arithmetic: the general path
(:class:`engine.network.Network` -> blocks -> layers -> activations, a dict of
gradients per layer, the optimiser looping over 14 parameter arrays) makes
some 170 Python calls per step. This module trains the *same* Network with
the same arithmetic in about half as many numpy calls and few Python calls:

- the weights W[1..L] and then the biases b[1..L] live in one float64 buffer
  ``flat``; each Dense layer's ``params["W"]`` and ``params["b"]`` become views
  into it, so the Network, its ``trace``, ``set_params`` and ``to_dict`` (and
  so the playground's frames and export) keep reading and writing them;
- the gradients go into a second flat buffer of the same layout, through
  ``out=`` arguments, and the optimiser's update rule
  (:meth:`engine.optimizers.Optimizer.apply`) runs once on the whole buffer
  instead of once per array, its state (velocities, moments) flat as well;
- L1/L2 touch the weights only, which lie together at the front of the
  buffer: one update for all layers.

Every number is computed exactly as the general path computes it (the same
numpy operations on the same values, in the same order; the bias is added
after the product, not folded into it, which would change the rounding), so
both paths give the same weights bit for bit, and the tests compare them.

What it covers: networks without batch norm or dropout, whose hidden
activations are elementwise, with a loss whose delta[L] = a - y shortcut
applies (sigmoid with "bce"/"bce_logits", softmax with "cce_logits") or
"mse" after an elementwise output. :func:`covers` says so; other networks
train on the general path.

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

from .losses import LOGITS_FORM, get_loss
from .regularization import l1_gradient, l2_gradient

SHORTCUT_PAIRS = {("sigmoid", "bce"), ("sigmoid", "bce_logits"), ("softmax", "cce_logits")}
# A sum of squares below this bounds every |logit| (or |a - y|) by 1e150: every term of the loss is finite.
SAFE_SQUARES = 1e300

# Activations whose forward pass can write into a preallocated array: the same ufunc the engine's
# activation applies (engine/activations.py), given an ``out``. Others allocate through the engine's own.
_FORWARD_INTO = {
    "tanh": lambda z, out: np.tanh(z, out=out),
    "relu": lambda z, out: np.maximum(z, 0.0, out=out),
}


def covers(net, loss_name: str) -> bool:
    """True when :class:`FlatMLP` can train ``net`` on ``loss_name`` with exactly the general path's numbers."""
    if net.batch_norm or net.dropout > 0:
        return False
    acts = [block.activation.activation for block in net.blocks]
    if not all(a.elementwise for a in acts[:-1]):
        return False
    out = acts[-1]
    return (out.name, loss_name) in SHORTCUT_PAIRS or (loss_name == "mse" and out.elementwise)


class FlatMLP:
    """Trains ``net`` (which :func:`covers` accepts) on ``loss_name`` with ``optimizer``, one fused step per batch.

    Building it moves the network's weights into ``flat`` (values unchanged) and makes the Dense layers'
    params views of it. ``optimizer`` keeps its hyperparameters, ``lr`` and ``t``; its ``state`` arrays
    become views of flat buffers as well (:meth:`bind`), so the general ``optimizer.step`` and this one
    update the same memory.
    """

    def __init__(self, net, loss_name: str, optimizer):
        if not covers(net, loss_name):
            raise ValueError("FlatMLP covers networks without batch norm or dropout, elementwise hidden activations "
                             "and a loss that pairs with the output (or mse)")
        self.net, self.optimizer = net, optimizer
        denses = [block.dense for block in net.blocks]
        shapes = [d.params["W"].shape for d in denses] + [d.params["b"].shape for d in denses]
        sizes = [r * c for r, c in shapes]
        cuts = np.cumsum([0] + sizes).tolist()
        self.n_weights = cuts[len(denses)]  # flat[:n_weights] holds every W: the part L1/L2 acts on
        self.flat = np.empty(cuts[-1])
        self.grad = np.zeros(cuts[-1])

        def views(buffer):
            return [buffer[a:b].reshape(shape) for a, b, shape in zip(cuts[:-1], cuts[1:], shapes)]

        n = len(denses)
        flat_views, grad_views = views(self.flat), views(self.grad)
        for l, d in enumerate(denses):
            for k, view in (("W", flat_views[l]), ("b", flat_views[n + l])):
                view[...] = d.params[k]
                d.params[k] = view
        self.W, self.b = flat_views[:n], flat_views[n:]
        self.gW, self.gb = grad_views[:n], grad_views[n:]
        # The optimiser's names ("W[1]", "b[1]", ...) and the flat part of each, for its state.
        self.names = list(net.params)
        by_name = {f"{k}[{l + 1}]": (a, b) for l in range(n) for k, (a, b) in
                   (("W", (cuts[l], cuts[l + 1])), ("b", (cuts[n + l], cuts[n + l + 1])))}
        self.cuts = [by_name[name] for name in self.names]
        self.state: dict[str, np.ndarray] = {}
        self.state_views: dict[str, dict[str, np.ndarray]] = {}

        acts = [block.activation.activation for block in net.blocks]
        self.forward_into = [_FORWARD_INTO.get(a.name) for a in acts[:-1]]
        self.act_forward = [a.forward for a in acts]
        self.act_backward = [a.backward for a in acts]
        self.loss_name = loss_name
        self.shortcut = (acts[-1].name, loss_name) in SHORTCUT_PAIRS
        self.loss = get_loss(LOGITS_FORM[loss_name] if self.shortcut else loss_name)
        self.mse_gradient = get_loss("mse").gradient
        self._buffers: dict[int, tuple] = {}

    # --- the optimiser's state, flat -------------------------------------------------------

    def bind(self) -> None:
        """Make ``optimizer.state[slot][name]`` views of this object's flat state buffers, keeping their values.

        The general ``optimizer.step`` replaces the state with fresh arrays on its first step, and an imported
        run loads its own: either way the values are copied into the flat buffers and the views put back."""
        opt = self.optimizer
        for slot in opt.slots:
            if slot not in self.state_views:
                self.state[slot] = np.zeros_like(self.flat)
                self.state_views[slot] = {name: self.state[slot][a:b].reshape(p.shape) for name, (a, b), p in
                                          zip(self.names, self.cuts, self.net.params.values())}
            views = self.state_views[slot]
            if opt.t == 0:  # a fresh start: the moments are 0, whatever an earlier run left here
                self.state[slot][...] = 0.0
            elif opt.state.get(slot) is not views:
                for name, view in views.items():
                    view[...] = opt.state[slot][name]
            opt.state[slot] = views
        opt._names = frozenset(self.names)

    # --- training ----------------------------------------------------------------------------

    def _work(self, m: int) -> tuple:
        """Arrays for a batch of m points, made once per batch size: z and a per layer."""
        if m not in self._buffers:
            sizes = self.net.sizes[1:]
            self._buffers[m] = ([np.empty((n, m)) for n in sizes], [np.empty((n, m)) for n in sizes[:-1]])
        return self._buffers[m]

    def forward(self, x: np.ndarray, zs=None, acts=None) -> tuple[np.ndarray, np.ndarray, list]:
        """(z[L], a[L], [a[0] = x, a[1], ..., a[L-1]]) for inputs x (n0, m), in evaluation mode (no caches)."""
        W, b, into = self.W, self.b, self.forward_into
        last = len(W) - 1
        hidden = [x]
        a = x
        for l in range(last):
            z = np.dot(W[l], a) if zs is None else np.dot(W[l], a, out=zs[l])
            z += b[l]
            f = into[l]
            a = self.act_forward[l](z) if f is None or acts is None else f(z, acts[l])
            hidden.append(a)
        z = np.dot(W[last], a) if zs is None else np.dot(W[last], a, out=zs[last])
        z += b[last]
        return z, self.act_forward[last](z), hidden

    def step(self, x: np.ndarray, y: np.ndarray, penalty: str = "none", rate: float = 0.0) -> bool:
        """One mini-batch step on x (n0, m), targets y (n_L, m); False (and nothing changed) when the batch's
        loss might not be finite: the caller then takes this batch on the general path."""
        m = x.shape[1]
        zs, acts = self._work(m)
        z, out, hidden = self.forward(x, zs, acts)
        if self.shortcut:
            if not np.vdot(z, z) < SAFE_SQUARES:
                return False
            delta = (out - y) / m
        else:
            d = out - y
            if not np.vdot(d, d) < SAFE_SQUARES:
                return False
            delta = self.act_backward[-1](z, out, self.mse_gradient(out, y))
        W, gW, gb, backward = self.W, self.gW, self.gb, self.act_backward
        for l in range(len(W) - 1, -1, -1):
            np.dot(delta, hidden[l].T, out=gW[l])
            np.add.reduce(delta, axis=1, keepdims=True, out=gb[l])
            if l:
                delta = backward[l - 1](zs[l - 1], hidden[l], np.dot(W[l].T, delta))
        if rate and penalty in ("l1", "l2"):
            weights = self.flat[:self.n_weights]
            self.grad[:self.n_weights] += (l2_gradient if penalty == "l2" else l1_gradient)(weights, rate)
        opt = self.optimizer
        opt.t += 1
        opt.apply(self.flat, self.grad, *(self.state[slot] for slot in opt.slots))
        return True

    def train_batches(self, batches, penalty: str = "none", rate: float = 0.0) -> int:
        """Step through ``[(x, y), ...]`` in order; returns how many were taken (all, unless one might diverge)."""
        self.bind()
        for done, (x, y) in enumerate(batches):
            if not self.step(x, y, penalty, rate):
                return done
        return len(batches)

    # --- what the playground reads -----------------------------------------------------------

    def loss_value(self, x: np.ndarray, y: np.ndarray) -> float:
        """The data loss on x, y in evaluation mode: what ``net.forward`` then ``net.loss_value`` give."""
        z, out, _ = self.forward(x)
        return float(self.loss.value(z if self.shortcut else out, y))

    def grad_norms(self) -> list[float]:
        """Frobenius norm of the last step's dL/dW[l] (with the penalty's part) per layer."""
        return [float(np.sqrt(np.vdot(g, g))) for g in self.gW]
