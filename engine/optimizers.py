"""Gradient-descent optimisers with the update rules of ``torch.optim``.

An optimiser updates a model's parameters **in place** from its gradients,
both given as the dicts every layer and network keeps (name -> array, same
keys): ``opt.step(net.params, net.grads)``. Its state (velocities, moving
averages) is kept per parameter name, as plain arrays in
``opt.state[slot][name]``, so a widget can draw it. The learning rate
``opt.lr`` may be changed between steps (schedules do).

Each rule is written once, in ``apply(p, g, *state)``: one update of one
array in place. ``step`` applies it to every parameter of the dicts; a
caller that keeps all parameters in one flat buffer (the playground's
fused training step, :mod:`engine.flat_mlp`) applies it once to the whole
buffer, with the same arithmetic element by element.

With g the gradient and eta the learning rate:

- SGD:       p <- p - eta g
- Momentum:  v <- mu v + g;                     p <- p - eta v                (Polyak 1964)
- Nesterov:  v <- mu v + g;                     p <- p - eta (g + mu v)       (Sutskever et al. 2013 form)
- RMSProp:   s <- rho s + (1 - rho) g^2;        p <- p - eta g / (sqrt(s) + eps)   (Tieleman & Hinton 2012)
- Adam:      m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
             m_hat = m / (1 - b1^t),  v_hat = v / (1 - b2^t);
             p <- p - eta m_hat / (sqrt(v_hat) + eps)                          (Kingma & Ba 2015)

Velocities start at 0, which makes the first momentum step equal to PyTorch's
(it starts its buffer at g). Momentum here is PyTorch's form, v accumulating
raw gradients and eta applied outside; some texts write v <- mu v - eta g
instead, which is the same when eta is constant.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np


class Optimizer:
    """Base class: holds ``lr``, hyperparameters and per-parameter ``state`` (slot -> name -> array)."""

    name = "base"
    # State arrays kept per parameter, created as zeros on the first step.
    slots: tuple[str, ...] = ()

    def __init__(self, lr: float):
        if not lr > 0 or not math.isfinite(lr):
            raise ValueError(f"learning rate must be a positive number, got {lr}")
        self.lr = float(lr)
        self.t = 0  # number of steps taken
        self.state: dict[str, dict[str, np.ndarray]] = {slot: {} for slot in self.slots}
        self._names: frozenset[str] = frozenset()

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        """Update every ``params[name]`` in place from ``grads[name]``; state is created on the first call.

        ``params`` and ``grads`` are dicts with the same keys, such as a
        layer's or a network's ``params`` and ``grads``.
        """
        if not (type(params) is dict or isinstance(params, Mapping)) or not (
            type(grads) is dict or isinstance(grads, Mapping)
        ):
            raise ValueError(
                "params and grads must be dicts name -> array (a layer's or network's params and grads), "
                f"got {type(params).__name__} and {type(grads).__name__}"
            )
        if params.keys() != grads.keys():
            raise ValueError(f"params and grads must have the same keys, got {sorted(params)} and {sorted(grads)}")
        if self.t == 0:
            self._start(params)
        elif params.keys() != self._names:
            raise ValueError(f"this optimizer was started on parameters {sorted(self._names)}, got {sorted(params)}")
        self.t += 1
        self._update(params, grads)

    def _start(self, params: Mapping[str, np.ndarray]) -> None:
        """State at zero for ``params``. Arrays already there for exactly these parameters are zeroed in
        place, not replaced: the fused training step (engine/flat_mlp.py) has made them views of its flat
        buffers once per run, and a fresh array here would leave it updating moments nobody reads."""
        same = all(
            self.state.get(slot, {}).keys() == params.keys()
            and all(self.state[slot][k].shape == np.shape(p) for k, p in params.items())
            for slot in self.slots
        )
        if same:
            for arrays in self.state.values():
                for a in arrays.values():
                    a[...] = 0.0
        else:
            self.state = {slot: {k: np.zeros_like(p) for k, p in params.items()} for slot in self.slots}
        self._names = frozenset(params)

    def reset(self) -> None:
        """Forget the state and the step count, as a fresh optimiser would: the state arrays are zeroed in
        place (kept, so views of them stay valid), and the next step starts from t = 1."""
        self.t = 0
        for arrays in self.state.values():
            for a in arrays.values():
                a[...] = 0.0

    def _update(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        state = [self.state[slot] for slot in self.slots]
        for k, p in params.items():
            self.apply(p, grads[k], *(arrays[k] for arrays in state))

    def apply(self, p: np.ndarray, g: np.ndarray, *state: np.ndarray) -> None:
        """One update of the array ``p`` in place from its gradient ``g``, with its state arrays (one per
        slot, updated in place too) and the step count ``t`` already advanced. Elementwise, so ``p`` may
        be every parameter at once in one flat buffer."""
        raise NotImplementedError

    def hyperparameters(self) -> dict:
        return {"lr": self.lr}

    def state_dict(self) -> dict:
        """Step count, hyperparameters and state (slot -> name -> nested list), JSON-able."""
        return {
            "name": self.name,
            "t": self.t,
            **self.hyperparameters(),
            **{slot: {k: a.tolist() for k, a in arrays.items()} for slot, arrays in self.state.items()},
        }


class SGD(Optimizer):
    """Plain gradient descent: p <- p - lr g."""

    name = "sgd"

    def apply(self, p, g):
        p -= self.lr * g


class Momentum(Optimizer):
    """Heavy-ball momentum: v <- mu v + g, p <- p - lr v (torch.optim.SGD with momentum=mu)."""

    name = "momentum"
    slots = ("velocity",)

    def __init__(self, lr: float, momentum: float = 0.9):
        super().__init__(lr)
        self.momentum = float(momentum)

    def hyperparameters(self):
        return {"lr": self.lr, "momentum": self.momentum}

    def apply(self, p, g, v):
        v *= self.momentum
        v += g
        p -= self.lr * v


class Nesterov(Momentum):
    """Nesterov momentum: v <- mu v + g, p <- p - lr (g + mu v) (torch.optim.SGD with nesterov=True).

    The gradient is taken at the current point, and the step looks ahead by
    mu v: the reformulation of Nesterov's accelerated gradient that needs no
    second gradient evaluation.
    """

    name = "nesterov"

    def apply(self, p, g, v):
        mu = self.momentum
        v *= mu
        v += g
        p -= self.lr * (g + mu * v)


class RMSProp(Optimizer):
    """RMSProp: s <- rho s + (1 - rho) g^2, p <- p - lr g / (sqrt(s) + eps).

    Defaults are torch.optim.RMSprop's (its ``alpha`` is ``rho`` here).
    """

    name = "rmsprop"
    slots = ("square_avg",)

    def __init__(self, lr: float, rho: float = 0.99, eps: float = 1e-8):
        super().__init__(lr)
        self.rho = float(rho)
        self.eps = float(eps)

    def hyperparameters(self):
        return {"lr": self.lr, "rho": self.rho, "eps": self.eps}

    def apply(self, p, g, s):
        rho = self.rho
        s *= rho
        s += (1.0 - rho) * g * g
        p -= self.lr * g / (np.sqrt(s) + self.eps)


class Adam(Optimizer):
    """Adam with bias correction; defaults beta1 = 0.9, beta2 = 0.999, eps = 1e-8.

    The moments start at 0 and so are biased towards 0 in the first steps;
    dividing by 1 - beta^t removes that bias. Computed in PyTorch's order:
    p <- p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
    """

    name = "adam"
    slots = ("m", "v")

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)

    def hyperparameters(self):
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def apply(self, p, g, m, v):
        b1, b2 = self.beta1, self.beta2
        step_size = self.lr / (1.0 - b1**self.t)
        sqrt_correction2 = math.sqrt(1.0 - b2**self.t)
        m *= b1
        m += (1.0 - b1) * g
        v *= b2
        v += (1.0 - b2) * g * g
        p -= step_size * m / (np.sqrt(v) / sqrt_correction2 + self.eps)


_OPTIMIZERS = {cls.name: cls for cls in (SGD, Momentum, Nesterov, RMSProp, Adam)}

OPTIMIZER_NAMES: list[str] = list(_OPTIMIZERS)


def get_optimizer(name: str, lr: float, **kw) -> Optimizer:
    """A fresh optimiser "sgd", "momentum", "nesterov", "rmsprop" or "adam" with learning rate ``lr``.

    Keyword arguments are its hyperparameters: ``momentum`` (momentum,
    nesterov), ``rho``, ``eps`` (rmsprop), ``beta1``, ``beta2``, ``eps`` (adam).
    """
    if name not in _OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; known: {', '.join(OPTIMIZER_NAMES)}")
    try:
        return _OPTIMIZERS[name](lr, **kw)
    except TypeError as exc:  # an unknown hyperparameter for this optimiser
        raise ValueError(f"optimizer {name!r}: {exc}") from None
