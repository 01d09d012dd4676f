"""Activation functions, each written beside its derivative.

Every function works elementwise on an array ``z`` of any shape (the book's
pre-activations ``Z[l]`` have shape ``(n[l], m)``, one column per sample) and
returns an array of the same shape, in float64. The one exception is softmax,
which mixes the entries of a column: it normalises over axis 0, so each column
of a ``(K, m)`` array of logits becomes a probability distribution over ``K``
classes.

Conventions at the kinks, chosen to agree with PyTorch so that golden tests
compare like with like: relu'(0) = 0, leaky_relu'(0) = alpha, step(0) = 1
(the book's perceptron convention) and step' = 0 everywhere (undefined at 0).

:func:`get_activation` returns an :class:`Activation`, a small object that
carries a name and its hyperparameters (only leaky ReLU has one, ``alpha``)
and round-trips through plain dicts for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import numpy as np


def _as_float(z) -> np.ndarray:
    """float64 view of ``z`` (no copy when it already is float64)."""
    return np.asarray(z, dtype=np.float64)


# --- step (the perceptron's threshold) ------------------------------------


def step(z) -> np.ndarray:
    """Heaviside step: 1 where z >= 0, else 0. Range {0, 1}."""
    return (_as_float(z) >= 0).astype(np.float64)


def step_derivative(z) -> np.ndarray:
    """0 everywhere (undefined at 0): why the step cannot be trained by gradients."""
    return np.zeros_like(_as_float(z))


# --- linear (identity, the regression output) -----------------------------


def linear(z) -> np.ndarray:
    """Identity: f(z) = z."""
    return _as_float(z).copy()


def linear_derivative(z) -> np.ndarray:
    """f'(z) = 1."""
    return np.ones_like(_as_float(z))


# --- sigmoid ---------------------------------------------------------------


def sigmoid(z) -> np.ndarray:
    """Logistic function s(z) = 1 / (1 + e^-z). Range (0, 1).

    Written with e^-|z| only, which never overflows: for z >= 0 it is
    1 / (1 + e^-z), for z < 0 the equal form e^z / (1 + e^z).
    """
    z = _as_float(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z) -> np.ndarray:
    """s'(z) = s(z) (1 - s(z)); at most 0.25, reached at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)


# --- tanh -----------------------------------------------------------------


def tanh(z) -> np.ndarray:
    """Hyperbolic tangent. Range (-1, 1), zero-centred."""
    return np.tanh(_as_float(z))


def tanh_derivative(z) -> np.ndarray:
    """tanh'(z) = 1 - tanh(z)^2; at most 1, reached at z = 0."""
    t = np.tanh(_as_float(z))
    return 1.0 - t * t


# --- ReLU and leaky ReLU ---------------------------------------------------


def relu(z) -> np.ndarray:
    """max(0, z). Range [0, inf)."""
    return np.maximum(_as_float(z), 0.0)


def relu_derivative(z) -> np.ndarray:
    """1 for z > 0, else 0 (0 at z = 0, as in PyTorch)."""
    return (_as_float(z) > 0).astype(np.float64)


def leaky_relu(z, alpha: float = 0.01) -> np.ndarray:
    """z for z > 0, alpha z otherwise; the small slope keeps 'dead' units trainable."""
    z = _as_float(z)
    return np.where(z > 0, z, alpha * z)


def leaky_relu_derivative(z, alpha: float = 0.01) -> np.ndarray:
    """1 for z > 0, alpha otherwise (alpha at z = 0, as in PyTorch)."""
    return np.where(_as_float(z) > 0, 1.0, alpha)


# --- softmax ---------------------------------------------------------------


def softmax(z) -> np.ndarray:
    """Column-wise softmax over axis 0: s_k = e^{z_k} / sum_j e^{z_j}.

    Subtracting each column's maximum first leaves the result unchanged
    (numerator and denominator gain the same factor) and keeps every exponent
    <= 0, so logits of any size give finite probabilities.
    Shape: ``(K,)`` or ``(K, m)`` in, same shape out; each column sums to 1.
    """
    z = _as_float(z)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_backward(s, dout) -> np.ndarray:
    """Jacobian-vector product of softmax, given its output ``s``.

    With J = diag(s) - s s^T for one column, the gradient for the logits is
    J^T dout = s * (dout - sum_k s_k dout_k), computed for every column at
    once without forming J. ``s`` and ``dout`` have shape ``(K, m)``.
    """
    s = _as_float(s)
    dout = _as_float(dout)
    return s * (dout - np.sum(s * dout, axis=0, keepdims=True))


def softmax_derivative(z) -> np.ndarray:
    """The full Jacobian ds/dz: ``(K, K)`` for a column ``(K,)``, ``(m, K, K)`` for ``(K, m)``.

    Entry [i, j] is s_i (delta_ij - s_j). Only for display: backpropagation
    uses :func:`softmax_backward`, which never builds the matrix.
    """
    s = softmax(z)
    cols = s.T if s.ndim == 2 else s[None, :]
    jac = np.einsum("mi,ij->mij", cols, np.eye(cols.shape[1])) - cols[:, :, None] * cols[:, None, :]
    return jac if s.ndim == 2 else jac[0]


# --- into a given array (the fused training step) ------------------------------


def _sigmoid_into(z, out):
    """s(z) = 1 / (1 + e^-z) in four passes over ``out``, where :func:`sigmoid` takes nine. e^-z overflows
    to inf below z = -709, and 1 / inf = 0 is the right limit there: callers silence the warning."""
    np.negative(z, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


# name -> f(z, out) writing f(z) into the preallocated ``out`` and returning it: the same function as the
# registry's, to rounding, with no array made per call (engine/flat_mlp.py calls these at every step).
FORWARD_INTO: dict[str, Callable] = {
    "tanh": lambda z, out: np.tanh(z, out=out),
    "relu": lambda z, out: np.maximum(z, 0.0, out=out),
    "sigmoid": _sigmoid_into,
}


# --- registry ----------------------------------------------------------------


# slope(z, a) = f'(z) from the cached input z and output a, where that is cheaper than recomputing
# f'(z) from z alone (tanh' = 1 - a^2 needs no second tanh). An elementwise layer's backward is
# dout * slope(z, a) (except step's, exact zeros: :func:`_step_backward`); the fused training step
# (engine/flat_mlp.py) computes the slopes of several layers in one call. None for the identity: its
# backward passes dout through.
_SLOPES: dict[str, Callable | None] = {
    "step": lambda z, a: np.zeros_like(a),
    "linear": None,
    "sigmoid": lambda z, a: a * (1.0 - a),
    "tanh": lambda z, a: 1.0 - a * a,
    "relu": lambda z, a: z > 0,  # relu'(0) = 0; a boolean array multiplies as 0.0 and 1.0
    "leaky_relu": lambda z, a, alpha=0.01: leaky_relu_derivative(z, alpha),
}


def _slope_backward(name: str) -> Callable:
    """Chain rule for an elementwise f: dL/dz = dL/da * f'(z), with f'(z) from its slope."""
    slope = _SLOPES[name]
    if slope is None:
        return lambda z, a, dout, **params: dout
    return lambda z, a, dout, **params: dout * slope(z, a, **params)


def _step_backward(z, a, dout) -> np.ndarray:
    """Exact zeros, whatever dout holds: dout * 0 would be NaN where dout is inf or NaN, and a step layer
    passes no gradient at all (it is why the perceptron is not trained by backpropagation)."""
    return np.zeros(np.shape(dout))


# name -> (f, f', backward(z, a, dout, **params)).
_REGISTRY: dict[str, tuple[Callable, Callable, Callable]] = {
    "step": (step, step_derivative, _step_backward),
    "linear": (linear, linear_derivative, _slope_backward("linear")),
    "sigmoid": (sigmoid, sigmoid_derivative, _slope_backward("sigmoid")),
    "tanh": (tanh, tanh_derivative, _slope_backward("tanh")),
    "relu": (relu, relu_derivative, _slope_backward("relu")),
    "leaky_relu": (leaky_relu, leaky_relu_derivative, _slope_backward("leaky_relu")),
    "softmax": (softmax, softmax_derivative, lambda z, a, dout: softmax_backward(a, dout)),
}

ACTIVATION_NAMES: list[str] = list(_REGISTRY)

# Hyperparameters each activation accepts, with defaults.
_DEFAULT_PARAMS: dict[str, dict[str, float]] = {"leaky_relu": {"alpha": 0.01}}


@dataclass(frozen=True)
class Activation:
    """A named activation with its hyperparameters, e.g. leaky ReLU's ``alpha``.

    ``forward(z)`` and ``derivative(z)`` are the module's functions;
    ``backward(z, a, dout)`` is the chain rule through it, given the cached
    input ``z`` and output ``a`` (``(n, m)`` each) and the upstream gradient.
    """

    name: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        # Bind the hyperparameters once: these run for every layer at every step.
        functions = _REGISTRY[self.name]
        slope = _SLOPES.get(self.name)
        if self.params:
            functions = tuple(partial(f, **self.params) for f in functions)
            slope = partial(slope, **self.params)
        object.__setattr__(self, "_functions", functions)
        object.__setattr__(self, "_slope", slope)

    def forward(self, z) -> np.ndarray:
        return self._functions[0](z)

    def derivative(self, z) -> np.ndarray:
        return self._functions[1](z)

    def backward(self, z: np.ndarray, a: np.ndarray, dout: np.ndarray) -> np.ndarray:
        return self._functions[2](z, a, dout)

    def slope(self, z: np.ndarray, a: np.ndarray):
        """f'(z) from the cached z and a = f(z), such that ``backward(z, a, dout) = dout * slope(z, a)``
        wherever dout is finite (step's backward is zero even where it is not); None for the identity
        (nothing to multiply). Elementwise activations only."""
        if not self.elementwise:
            raise ValueError("softmax mixes the entries of a column: it has a Jacobian, not a slope per entry")
        return None if self._slope is None else self._slope(z, a)

    @property
    def elementwise(self) -> bool:
        """False only for softmax, whose outputs each depend on the whole column."""
        return self.name != "softmax"

    def to_dict(self) -> dict:
        return {"name": self.name, "params": dict(self.params)}


def get_activation(name: str, **params) -> Activation:
    """The activation called ``name`` (one of :data:`ACTIVATION_NAMES`)."""
    if name not in _REGISTRY:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(ACTIVATION_NAMES)}")
    allowed = _DEFAULT_PARAMS.get(name, {})
    unknown = set(params) - set(allowed)
    if unknown:
        raise ValueError(f"activation {name!r} takes no parameter {', '.join(sorted(unknown))}")
    return Activation(name, {**allowed, **{k: float(v) for k, v in params.items()}})


def activation_from_dict(d: dict) -> Activation:
    """Inverse of :meth:`Activation.to_dict`."""
    return get_activation(d["name"], **d.get("params", {}))
