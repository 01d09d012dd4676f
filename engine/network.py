"""A fully connected network, as the book draws it: layer l computes

    Z[l] = W[l] A[l-1] + b[l]        W[l] (n[l], n[l-1]),  b[l] (n[l], 1)
    A[l] = f[l](Z[l])                Z[l], A[l] (n[l], m), one column per sample

with A[0] = X and A[L] the prediction. Backpropagation computes, from the
output back to the input,

    delta[L] = dL/dZ[L]                          (= (A[L] - Y) / m for sigmoid + BCE or softmax + CE)
    delta[l] = (W[l+1]^T delta[l+1]) * f[l]'(Z[l])
    dW[l]    = delta[l] A[l-1]^T,    db[l] = sum over columns of delta[l]

Because the loss is a mean over the m samples, every delta here carries the
1/m (the book's per-sample delta[L] = a - y, divided by m).

Inside, the network is a flat list ``layers`` of engine layers (Dense,
optional BatchNorm, ActivationLayer, optional Dropout per book layer), so the
trainer, the gradient checker and L2 work on it through the layer contract
alone.
"""

from __future__ import annotations

import numpy as np

from .activations import activation_from_dict
from .initializers import default_init
from .layers import ActivationLayer, BatchNorm, Dense, Dropout
from .losses import LOGITS_FORM, get_loss


def layer_shapes(sizes: list[int]) -> list[dict]:
    """Shapes and parameter counts of each layer l >= 1 of a network with layer sizes ``sizes``.

    ``{"layer": l, "W": [n_l, n_prev], "b": [n_l, 1], "params": n_l * n_prev + n_l}``.
    """
    return [
        {"layer": l, "W": [n, n_prev], "b": [n, 1], "params": n * n_prev + n}
        for l, (n_prev, n) in enumerate(zip(sizes[:-1], sizes[1:]), start=1)
    ]


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
        raise ValueError(f"{len(sizes)} layer sizes need {n_layers} activations, got {len(activations)}")
    specs = [a if isinstance(a, dict) else {"name": a} for a in activations]
    return [activation_from_dict(s).to_dict() for s in specs]


class Network:
    """A multilayer perceptron with layer sizes ``sizes = [n0, n1, ..., nL]``.

    ``activations`` is either a list of L names (or ``{"name", "params"}``
    dicts), one per layer l = 1..L, or a single name used for every hidden
    layer; the output layer then uses ``output_activation`` (default: the
    same name). ``init`` names one initialiser for all weights; None picks He
    for ReLU-like layers and Xavier otherwise. Biases start at 0.

    Options for the chapters on training: ``batch_norm=True`` inserts a
    BatchNorm between each hidden layer's Dense and its activation;
    ``dropout=p`` puts a Dropout after each hidden activation.

    Randomness comes from ``rng`` if given, else ``numpy.random.default_rng(seed)``.
    """

    def __init__(
        self,
        sizes: list[int],
        activations: list[str] | str,
        init: str | None = None,
        seed: int | None = 0,
        rng: np.random.Generator | None = None,
        output_activation: str | None = None,
        batch_norm: bool = False,
        dropout: float = 0.0,
        dropout_mode: str = "inverted",
    ):
        if len(sizes) < 2 or any(int(n) < 1 for n in sizes):
            raise ValueError(f"sizes must list at least two positive layer sizes, got {sizes}")
        self.sizes = [int(n) for n in sizes]
        self.activation_specs = _activation_specs(self.sizes, activations, output_activation)
        self.init = init
        self.batch_norm = bool(batch_norm)
        self.dropout = float(dropout)
        self.dropout_mode = dropout_mode
        rng = rng if rng is not None else np.random.default_rng(seed)

        self.layers: list = []
        # Per book layer l = 1..L (index l - 1): the index in ``layers`` of its parts.
        self._dense_at: list[int] = []
        self._bn_at: list[int | None] = []
        self._act_at: list[int] = []
        self._drop_at: list[int | None] = []
        n_layers = len(self.sizes) - 1
        for l, spec in enumerate(self.activation_specs, start=1):
            hidden = l < n_layers
            self._dense_at.append(len(self.layers))
            self.layers.append(Dense(self.sizes[l - 1], self.sizes[l], init or default_init(spec["name"]), rng))
            self._bn_at.append(len(self.layers) if hidden and self.batch_norm else None)
            if hidden and self.batch_norm:
                self.layers.append(BatchNorm(self.sizes[l]))
            self._act_at.append(len(self.layers))
            self.layers.append(ActivationLayer(spec["name"], **spec.get("params", {})))
            self._drop_at.append(len(self.layers) if hidden and self.dropout > 0 else None)
            if hidden and self.dropout > 0:
                self.layers.append(Dropout(self.dropout, rng, dropout_mode))
        self._block_of_activation = {i: l for l, i in enumerate(self._act_at)}
        self.output: np.ndarray | None = None
        self.deltas: list[np.ndarray | None] = [None] * n_layers

    # --- structure ---------------------------------------------------------------

    @property
    def n_layers(self) -> int:
        """L, the number of layers with weights (the input layer is not counted)."""
        return len(self.sizes) - 1

    def dense(self, l: int) -> Dense:
        """The Dense part of book layer l (1-based)."""
        return self.layers[self._dense_at[l - 1]]

    def activation(self, l: int) -> ActivationLayer:
        """The activation part of book layer l (1-based)."""
        return self.layers[self._act_at[l - 1]]

    def param_count(self) -> int:
        """Number of learnable numbers: sum of n_l n_(l-1) + n_l, plus 2 n_l per batch-norm layer."""
        return sum(p.size for layer in self.layers for p in layer.params.values())

    # --- forward and backward ----------------------------------------------------

    def forward(self, X, training: bool = False) -> np.ndarray:
        """A[L] for input X of shape (n0, m) (a 1-D X is one sample); caches every z and a."""
        x = np.asarray(X, dtype=np.float64)
        if x.ndim == 1:
            x = x[:, None]
        if x.shape[0] != self.sizes[0]:
            raise ValueError(f"input has {x.shape[0]} rows, the network expects {self.sizes[0]}")
        for layer in self.layers:
            x = layer.forward(x, training)
        self.output = x
        return x

    def _backward_through(self, grad: np.ndarray, stop: int) -> list[np.ndarray]:
        """Backpropagate ``grad`` = dL/d(output of layers[stop - 1]) down to the input."""
        for i in range(stop - 1, -1, -1):
            grad = self.layers[i].backward(grad)
            l = self._block_of_activation.get(i)
            if l is not None:
                self.deltas[l] = grad
        return self.deltas

    def backward(self, dA_L) -> list[np.ndarray]:
        """Backpropagate dL/dA[L] (n_L, m); returns [delta[1], ..., delta[L]] and fills every layer's grads."""
        self.deltas = [None] * self.n_layers
        return self._backward_through(np.asarray(dA_L, dtype=np.float64), len(self.layers))

    def _loss_inputs(self, loss_name: str, Y):
        """(loss, what it is evaluated on, Y as float64 (n_L, m), whether the a - y shortcut applies).

        When the output activation is the one the loss pairs with (sigmoid
        for "bce"/"bce_logits", softmax for "cce_logits"), the loss is taken
        in its logits form from the cached z[L], which is exact even where
        A[L] has rounded to 0 or 1. Otherwise the network's output is handed
        to the loss as is (probabilities for "bce", logits for the "_logits"
        losses).
        """
        loss = get_loss(loss_name)
        Y = np.asarray(Y, dtype=np.float64)
        if Y.ndim == 1:
            Y = Y[None, :]
        if self.output is None or Y.shape != self.output.shape:
            shape = None if self.output is None else self.output.shape
            raise ValueError(f"targets of shape {Y.shape} do not match the last output {shape}")
        out = self.layers[-1]  # the output activation: the output layer never has dropout
        if loss.pairs_with == out.name:
            return get_loss(LOGITS_FORM[loss_name]), out.z, Y, True
        return loss, self.output, Y, False

    def loss_value(self, loss_name: str, Y) -> float:
        """The loss of the last forward pass against Y (n_L, m), without backpropagating."""
        loss, inputs, Y, _ = self._loss_inputs(loss_name, Y)
        return loss.value(inputs, Y)

    def backward_from_loss(self, loss_name: str, Y) -> float:
        """Evaluate the loss of the last forward against Y, backpropagate it, return the loss.

        With a paired output activation (see :meth:`_loss_inputs`),
        delta[L] = (A[L] - Y) / m directly, skipping the activation's own
        derivative; otherwise dL/dA[L] goes back through f[L].
        """
        loss, inputs, Y, shortcut = self._loss_inputs(loss_name, Y)
        self.deltas = [None] * self.n_layers
        if shortcut:
            delta = (self.output - Y) / Y.shape[1]
            self.deltas[-1] = delta
            self._backward_through(delta, len(self.layers) - 1)
        else:
            self._backward_through(loss.gradient(inputs, Y), len(self.layers))
        return loss.value(inputs, Y)

    # --- what the widgets read ---------------------------------------------------

    def trace(self) -> list[dict]:
        """Per layer l = 1..L, the arrays of the last forward/backward (None where not yet computed).

        Keys: "layer", "W", "b", "z" (input of f[l], after batch norm if any),
        "a" (output of f[l], before dropout), "delta" (dL/dz), "dW", "db";
        plus "gamma", "beta", "dgamma", "dbeta" with batch norm and "mask" with dropout.
        """
        rows = []
        for l in range(1, self.n_layers + 1):
            dense, act = self.dense(l), self.activation(l)
            have_grads = self.deltas[l - 1] is not None
            row = {
                "layer": l,
                "W": dense.params["W"],
                "b": dense.params["b"],
                "z": act.z,
                "a": act.a,
                "delta": self.deltas[l - 1],
                "dW": dense.grads["W"] if have_grads else None,
                "db": dense.grads["b"] if have_grads else None,
            }
            if self._bn_at[l - 1] is not None:
                bn = self.layers[self._bn_at[l - 1]]
                row.update(gamma=bn.params["gamma"], beta=bn.params["beta"])
                row.update(dgamma=bn.grads["gamma"] if have_grads else None, dbeta=bn.grads["beta"] if have_grads else None)
            if self._drop_at[l - 1] is not None:
                row["mask"] = self.layers[self._drop_at[l - 1]].mask
            rows.append(row)
        return rows

    def _blocks(self):
        """Per book layer, the layers that hold parameters or state: (dense, batch norm or None)."""
        for l in range(self.n_layers):
            bn = self.layers[self._bn_at[l]] if self._bn_at[l] is not None else None
            yield self.layers[self._dense_at[l]], bn

    def gradients(self) -> list[dict]:
        """Per layer, {"W": dW, "b": db} (+ "gamma", "beta" with batch norm), as arrays."""
        out = []
        for dense, bn in self._blocks():
            g = dict(dense.grads)
            if bn is not None:
                g.update(bn.grads)
            out.append(g)
        return out

    def get_params(self) -> list[dict]:
        """Per layer, {"W": nested list, "b": nested list} (+ gamma, beta, running_mean, running_var with batch norm)."""
        out = []
        for dense, bn in self._blocks():
            p = {k: v.tolist() for k, v in dense.params.items()}
            if bn is not None:
                p.update({k: v.tolist() for k, v in bn.params.items()})
                p.update(running_mean=bn.running_mean.tolist(), running_var=bn.running_var.tolist())
            out.append(p)
        return out

    def set_params(self, params: list[dict]) -> None:
        """Load parameters in the form :meth:`get_params` returns (nested lists or arrays).

        Values are copied into the existing arrays, so optimisers holding
        references to them stay valid. Shapes must match exactly.
        """
        if len(params) != self.n_layers:
            raise ValueError(f"expected parameters for {self.n_layers} layers, got {len(params)}")
        for l, ((dense, bn), given) in enumerate(zip(self._blocks(), params), start=1):
            targets = dict(dense.params)
            if bn is not None:
                targets.update(bn.params, running_mean=bn.running_mean, running_var=bn.running_var)
            for key, value in given.items():
                if key not in targets:
                    raise ValueError(f"layer {l} has no parameter {key!r}")
                value = np.asarray(value, dtype=np.float64)
                if value.shape != targets[key].shape:
                    raise ValueError(f"layer {l} {key}: shape {value.shape}, expected {targets[key].shape}")
                targets[key][...] = value

    def to_dict(self) -> dict:
        """Architecture and parameters as plain JSON-able data; :meth:`from_dict` rebuilds the network."""
        return {
            "sizes": list(self.sizes),
            "activations": [dict(s) for s in self.activation_specs],
            "batch_norm": self.batch_norm,
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
            dropout=d.get("dropout", 0.0),
            dropout_mode=d.get("dropout_mode", "inverted"),
        )
        net.set_params(d["params"])
        return net

