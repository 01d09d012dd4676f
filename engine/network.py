"""A fully connected network, as the book draws it: a list of blocks, block l
being the book's layer l (see :class:`engine.layers.Block`):

    Z[l] = W[l] A[l-1] + b[l]        W[l] (n[l], n[l-1]),  b[l] (n[l], 1)
    A[l] = f[l](Z[l])                Z[l], A[l] (n[l], m), one column per sample

with A[0] = X and A[L] the prediction. Backpropagation computes, from the
output back to the input,

    delta[L] = dL/dZ[L]                          (= (A[L] - Y) / m for sigmoid + BCE or softmax + CE)
    delta[l] = (W[l+1]^T delta[l+1]) * f[l]'(Z[l])
    dW[l]    = delta[l] A[l-1]^T,    db[l] = sum over columns of delta[l]
    dL/dX    = W[1]^T delta[1]

Because the loss is a mean over the m samples, every delta here carries the
1/m (the book's per-sample delta[L] = a - y, divided by m).

The network keeps the layer contract itself: ``forward(X, training=False)``,
``backward(dA_L)`` returning dL/dX, and ``params``/``grads`` dicts with the
same keys, named as in the book: "W[1]", "b[1]", ..., "gamma[l]", "beta[l]"
with batch norm. Optimisers update those dicts.
"""

from __future__ import annotations

import numpy as np

from .activations import activation_from_dict
from .checks import positive_int, samples
from .initializers import generator_from
from .layers import Block
from .losses import loss_for


def layer_shapes(sizes: list[int]) -> list[dict]:
    """Shapes and parameter counts of each layer l >= 1 of a network with layer sizes ``sizes``.

    ``{"layer": l, "W": [n_l, n_prev], "b": [n_l, 1], "params": n_l * n_prev + n_l}``.
    """
    return [
        {"layer": l, "W": [n, n_prev], "b": [n, 1], "params": n * n_prev + n}
        for l, (n_prev, n) in enumerate(zip(sizes[:-1], sizes[1:]), start=1)
    ]


def _checked_sizes(sizes) -> list[int]:
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer sizes (input and output), got {sizes!r}")
    return [positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)]


def _activation_specs(sizes, activations, output_activation) -> list[dict]:
    """One activation dict per layer l = 1..L from the two accepted forms."""
    n_layers = len(sizes) - 1
    if isinstance(activations, (str, dict)):
        hidden = activations
        output = activations if output_activation is None else output_activation
        activations = [hidden] * (n_layers - 1) + [output]
    elif output_activation is not None:
        raise ValueError("output_activation is only for a single hidden-layer name; the list already names the output")
    if len(activations) != n_layers:
        raise ValueError(f"activations: {len(sizes)} layer sizes need {n_layers} activations, got {len(activations)}")
    specs = [a if isinstance(a, dict) else {"name": a} for a in activations]
    return [activation_from_dict(s).to_dict() for s in specs]


class Network:
    """A multilayer perceptron with layer sizes ``sizes = [n0, n1, ..., nL]``.

    Parameters
    ----------
    sizes : list of int >= 1
        n0 (inputs) to nL (outputs).
    activations : str, dict or list
        A list of L names (or ``{"name", "params"}`` dicts), one per layer
        l = 1..L, or a single name used for every hidden layer; the output
        layer then uses ``output_activation`` (default: the same name).
    init : str, optional
        One initialiser for all weights; None picks He for ReLU-like layers
        and Xavier otherwise. Biases start at 0.
    seed, rng : int or numpy.random.Generator
        One generator for every layer's weights and dropout masks: ``rng``
        if given, else ``numpy.random.default_rng(seed)`` (seed 0 by default).
    batch_norm, batch_norm_momentum, batch_norm_eps
        Insert a BatchNorm between each hidden layer's Dense and its
        activation, with that momentum and eps.
    dropout, dropout_mode
        Put a Dropout of probability ``dropout`` after each hidden activation.

    ``blocks[l - 1]`` (or ``block(l)``) is the book's layer l.
    """

    def __init__(
        self,
        sizes: list[int],
        activations: list[str] | str,
        *,
        init: str | None = None,
        seed: int | None = 0,
        rng: np.random.Generator | None = None,
        output_activation: str | None = None,
        batch_norm: bool = False,
        batch_norm_momentum: float = 0.1,
        batch_norm_eps: float = 1e-5,
        dropout: float = 0.0,
        dropout_mode: str = "inverted",
    ):
        self.sizes = _checked_sizes(sizes)
        self.activation_specs = _activation_specs(self.sizes, activations, output_activation)
        self.init = init
        self.batch_norm = bool(batch_norm)
        self.batch_norm_momentum = float(batch_norm_momentum)
        self.batch_norm_eps = float(batch_norm_eps)
        self.dropout = float(dropout)
        self.dropout_mode = dropout_mode
        if rng is not None:  # a shared generator wins over the default seed
            gen = generator_from(None, rng)
        else:
            needs_rng = init != "zeros" or self.dropout > 0
            gen = generator_from(seed, None, needed_by="Network" if needs_rng else None)
        n_layers = len(self.sizes) - 1
        self.blocks: list[Block] = []
        for l, spec in enumerate(self.activation_specs, start=1):
            hidden = l < n_layers  # the output layer has neither batch norm nor dropout
            self.blocks.append(
                Block(
                    self.sizes[l - 1],
                    self.sizes[l],
                    spec,
                    init=init,
                    rng=gen,
                    batch_norm=hidden and self.batch_norm,
                    batch_norm_momentum=self.batch_norm_momentum,
                    batch_norm_eps=self.batch_norm_eps,
                    dropout=self.dropout if hidden else 0.0,
                    dropout_mode=dropout_mode,
                )
            )
        # (book name, part, the part's own name) for every learnable array, e.g.
        # ("W[1]", blocks[0].dense, "W"): params and grads are read at every
        # training step, so the names are made once here.
        self._slots = [
            (f"{k}[{l}]", part, k)
            for l, block in enumerate(self.blocks, start=1)
            for part in (block.dense, block.batch_norm)
            if part is not None
            for k in part.params
        ]
        self.output: np.ndarray | None = None
        self.input_grad: np.ndarray | None = None  # dL/dX of the last backward

    # --- structure ---------------------------------------------------------------

    @property
    def n_layers(self) -> int:
        """L, the number of layers with weights (the input layer is not counted)."""
        return len(self.sizes) - 1

    def block(self, l: int) -> Block:
        """The book's layer l (1-based)."""
        if not 1 <= l <= self.n_layers:
            raise ValueError(f"l must be a layer from 1 to {self.n_layers}, got {l}")
        return self.blocks[l - 1]

    @property
    def layers(self) -> list:
        """Every engine layer in order (Dense, [BatchNorm], activation, [Dropout] per block)."""
        return [layer for block in self.blocks for layer in block.layers]

    @property
    def params(self) -> dict[str, np.ndarray]:
        """{"W[1]": W[1], "b[1]": b[1], ...} (+ "gamma[l]", "beta[l]"): the arrays themselves, updated in place."""
        return {name: part.params[k] for name, part, k in self._slots}

    @property
    def grads(self) -> dict[str, np.ndarray]:
        """The gradients of the last backward, with the keys of :attr:`params`."""
        return {name: part.grads[k] for name, part, k in self._slots}

    @property
    def deltas(self) -> list[np.ndarray | None]:
        """[delta[1], ..., delta[L]] of the last backward (None before any)."""
        return [block.delta for block in self.blocks]

    def param_count(self) -> int:
        """Number of learnable numbers: sum of n_l n_(l-1) + n_l, plus 2 n_l per batch-norm layer."""
        return sum(p.size for p in self.params.values())

    # --- forward and backward ----------------------------------------------------

    def forward(self, X, *, training: bool = False) -> np.ndarray:
        """A[L] (n_L, m) for input X (n0, m) (a 1-D X is one sample); caches every z and a.

        ``training=True`` makes batch norm use (and update) batch statistics
        and dropout draw masks; the default, inference, does neither.
        """
        x = np.asarray(X, dtype=np.float64)
        if x.ndim == 1:
            x = x[:, None]
        if x.ndim != 2 or x.shape[0] != self.sizes[0]:
            raise ValueError(f"X has shape {x.shape}: the network expects {self.sizes[0]} rows, one column per sample")
        samples(x, "X")
        for block in self.blocks:
            x = block.forward(x, training=training)
        self.output = x
        return x

    def backward(self, dA_L) -> np.ndarray:
        """Backpropagate dL/dA[L] (n_L, m); fills every block's grads and deltas, returns dL/dX (n0, m)."""
        grad = np.asarray(dA_L, dtype=np.float64)
        for block in reversed(self.blocks):
            grad = block.backward(grad)
        self.input_grad = grad
        return grad

    def _loss_inputs(self, loss_name: str, Y):
        """(loss, what it is evaluated on, Y as float64 (n_L, m), whether the a - y shortcut applies).

        :func:`engine.losses.loss_for` decides: with the shortcut, the loss
        in its logits form on the cached z[L]; otherwise the loss on the
        network's output as is.
        """
        loss, shortcut = loss_for(self.blocks[-1].activation.name, loss_name)
        Y = np.asarray(Y, dtype=np.float64)
        if Y.ndim == 1:
            Y = Y[None, :]
        if self.output is None or Y.shape != self.output.shape:
            shape = None if self.output is None else self.output.shape
            raise ValueError(f"targets Y of shape {Y.shape} do not match the last output {shape}")
        # The output layer never has dropout: its activation's z is the z[L] of the last forward.
        return loss, self.blocks[-1].activation.z if shortcut else self.output, Y, shortcut

    def loss_value(self, loss_name: str, Y) -> float:
        """The loss of the last forward pass against Y (n_L, m), without backpropagating."""
        loss, inputs, Y, _ = self._loss_inputs(loss_name, Y)
        return loss.value(inputs, Y)

    def backward_from_loss(self, loss_name: str, Y) -> float:
        """Evaluate the loss of the last forward against Y, backpropagate it, return the loss.

        With a paired output activation (see :meth:`_loss_inputs`),
        delta[L] = (A[L] - Y) / m directly, skipping the activation's own
        derivative; otherwise dL/dA[L] goes back through f[L]. dL/dX is left
        in ``input_grad``.
        """
        loss, inputs, Y, shortcut = self._loss_inputs(loss_name, Y)
        if shortcut:
            grad = self.blocks[-1].backward_from_delta((self.output - Y) / Y.shape[1])
            for block in reversed(self.blocks[:-1]):
                grad = block.backward(grad)
            self.input_grad = grad
        else:
            self.backward(loss.gradient(inputs, Y))
        return loss.value(inputs, Y)

    # --- what the widgets read ---------------------------------------------------

    def trace(self) -> list[dict]:
        """Per layer l = 1..L, the arrays of the last forward/backward (None where not yet computed).

        Keys: "layer", "W", "b", "z" (input of f[l], after batch norm if any),
        "a" (output of f[l], before dropout), "delta" (dL/dz), "dW", "db";
        plus "gamma", "beta", "dgamma", "dbeta" with batch norm and "mask" with dropout.
        """
        rows = []
        for l, block in enumerate(self.blocks, start=1):
            dense, act, bn = block.dense, block.activation, block.batch_norm
            have_grads = block.delta is not None
            row = {
                "layer": l,
                "W": dense.params["W"],
                "b": dense.params["b"],
                "z": act.z,
                "a": act.a,
                "delta": block.delta,
                "dW": dense.grads["W"] if have_grads else None,
                "db": dense.grads["b"] if have_grads else None,
            }
            if bn is not None:
                row.update(gamma=bn.params["gamma"], beta=bn.params["beta"])
                row.update(dgamma=bn.grads["gamma"] if have_grads else None, dbeta=bn.grads["beta"] if have_grads else None)
            if block.dropout is not None:
                row["mask"] = block.dropout.mask
            rows.append(row)
        return rows

    def gradients(self) -> list[dict]:
        """Per layer, {"W": dW, "b": db} (+ "gamma", "beta" with batch norm), as arrays."""
        return [block.grads for block in self.blocks]

    def get_params(self) -> list[dict]:
        """Per layer, {"W": nested list, "b": nested list} (+ gamma, beta, running_mean, running_var with batch norm)."""
        out = []
        for block in self.blocks:
            p = {k: v.tolist() for k, v in block.params.items()}
            if block.batch_norm is not None:
                bn = block.batch_norm
                p.update(running_mean=bn.running_mean.tolist(), running_var=bn.running_var.tolist())
            out.append(p)
        return out

    def set_params(self, params: list[dict]) -> None:
        """Load parameters in the form :meth:`get_params` returns (nested lists or arrays).

        Values are copied into the existing arrays, so optimisers holding
        references to them stay valid. Shapes must match exactly.
        """
        if len(params) != self.n_layers:
            raise ValueError(f"params: expected parameters for {self.n_layers} layers, got {len(params)}")
        for l, (block, given) in enumerate(zip(self.blocks, params), start=1):
            targets = block.params
            if block.batch_norm is not None:
                targets.update(running_mean=block.batch_norm.running_mean, running_var=block.batch_norm.running_var)
            for key, value in given.items():
                if key not in targets:
                    raise ValueError(f"params: layer {l} has no parameter {key!r}")
                value = np.asarray(value, dtype=np.float64)
                if value.shape != targets[key].shape:
                    raise ValueError(f"params: layer {l} {key}: shape {value.shape}, expected {targets[key].shape}")
                targets[key][...] = value

    def to_dict(self) -> dict:
        """Architecture and parameters as plain JSON-able data; :meth:`from_dict` rebuilds the network."""
        return {
            "sizes": list(self.sizes),
            "activations": [dict(s) for s in self.activation_specs],
            "batch_norm": self.batch_norm,
            "batch_norm_momentum": self.batch_norm_momentum,
            "batch_norm_eps": self.batch_norm_eps,
            "dropout": self.dropout,
            "dropout_mode": self.dropout_mode,
            "params": self.get_params(),
        }

    @classmethod
    def from_dict(cls, d: dict, seed: int | None = 0) -> "Network":
        """Inverse of :meth:`to_dict`; ``seed`` drives dropout masks only (weights come from ``d``)."""
        net = cls(
            d["sizes"],
            d["activations"],
            init="zeros",
            seed=seed,
            batch_norm=d.get("batch_norm", False),
            batch_norm_momentum=d.get("batch_norm_momentum", 0.1),
            batch_norm_eps=d.get("batch_norm_eps", 1e-5),
            dropout=d.get("dropout", 0.0),
            dropout_mode=d.get("dropout_mode", "inverted"),
        )
        net.set_params(d["params"])
        return net
