"""Learning-rate schedules: the learning rate as a function of the epoch.

``schedule.lr_at(epoch)`` is the rate used *during* epoch ``epoch`` (0-based),
which is what ``optimizer.param_groups[0]["lr"]`` holds in PyTorch after
``epoch`` calls of ``scheduler.step()``. Each class names the
``torch.optim.lr_scheduler`` it reproduces; the golden tests check that.

- constant:        eta_e = eta0
- step decay:      eta_e = eta0 gamma^floor(e / step_size)                 (StepLR)
- exponential:     eta_e = eta0 gamma^e                                     (ExponentialLR)
- cosine with warm restarts (SGDR, Loshchilov & Hutter 2017, "SGDR:
  Stochastic Gradient Descent with Warm Restarts", ICLR):
                   eta_e = eta_min + (eta0 - eta_min) (1 + cos(pi T_cur / T_i)) / 2,
  where T_cur counts epochs since the last restart and the period T_i starts
  at T_0 and is multiplied by T_mult at each restart     (CosineAnnealingWarmRestarts)
- linear warm-up, then cosine decay: from start_factor eta0 up to eta0 over
  ``warmup_epochs``, then down to eta_min over ``decay_epochs`` and flat after
  (LinearLR then CosineAnnealingLR, chained by SequentialLR).
"""

from __future__ import annotations

import math


class Schedule:
    """Base class: ``lr`` is the base learning rate eta0."""

    name = "base"

    def __init__(self, lr: float):
        if not lr > 0 or not math.isfinite(lr):
            raise ValueError(f"learning rate must be a positive number, got {lr}")
        self.lr = float(lr)

    def lr_at(self, epoch: int) -> float:
        raise NotImplementedError

    def curve(self, epochs: int) -> list[float]:
        """[lr_at(0), ..., lr_at(epochs - 1)], for plotting."""
        return [self.lr_at(e) for e in range(epochs)]

    def to_dict(self) -> dict:
        return {"name": self.name, **vars(self)}


class Constant(Schedule):
    """eta_e = eta0."""

    name = "constant"

    def lr_at(self, epoch):
        return self.lr


class StepDecay(Schedule):
    """eta_e = eta0 gamma^floor(e / step_size): multiply by gamma every step_size epochs."""

    name = "step"

    def __init__(self, lr: float, step_size: int = 30, gamma: float = 0.1):
        super().__init__(lr)
        if int(step_size) < 1:
            raise ValueError(f"step_size must be at least 1, got {step_size}")
        self.step_size = int(step_size)
        self.gamma = float(gamma)

    def lr_at(self, epoch):
        return self.lr * self.gamma ** (int(epoch) // self.step_size)


class ExponentialDecay(Schedule):
    """eta_e = eta0 gamma^e."""

    name = "exponential"

    def __init__(self, lr: float, gamma: float = 0.95):
        super().__init__(lr)
        self.gamma = float(gamma)

    def lr_at(self, epoch):
        return self.lr * self.gamma**epoch


def _cosine(lr: float, eta_min: float, t: float, period: float) -> float:
    """eta_min + (lr - eta_min) (1 + cos(pi t / period)) / 2: lr at t = 0, eta_min at t = period."""
    return eta_min + (lr - eta_min) * (1.0 + math.cos(math.pi * t / period)) / 2.0


class CosineWarmRestarts(Schedule):
    """SGDR: cosine from eta0 down towards eta_min over T_i epochs, then jump back to eta0.

    Periods are T_0, T_0 T_mult, T_0 T_mult^2, ... (T_mult = 1: all equal).
    """

    name = "cosine_restarts"

    def __init__(self, lr: float, T_0: int = 10, T_mult: int = 1, eta_min: float = 0.0):
        super().__init__(lr)
        if int(T_0) < 1 or int(T_mult) < 1:
            raise ValueError(f"T_0 and T_mult must be at least 1, got {T_0}, {T_mult}")
        self.T_0, self.T_mult, self.eta_min = int(T_0), int(T_mult), float(eta_min)

    def position(self, epoch) -> tuple[float, int]:
        """(T_cur, T_i): epochs since the last restart and the current period's length."""
        if self.T_mult == 1:
            return epoch % self.T_0, self.T_0
        t_cur, period = epoch, self.T_0
        while t_cur >= period:  # at most log_T_mult(epoch / T_0) + 1 rounds
            t_cur -= period
            period *= self.T_mult
        return t_cur, period

    def lr_at(self, epoch):
        t_cur, period = self.position(epoch)
        return _cosine(self.lr, self.eta_min, t_cur, period)


class WarmupCosine(Schedule):
    """Linear warm-up from start_factor eta0 to eta0 over warmup_epochs, then cosine decay
    to eta_min over decay_epochs, then eta_min.

    Warm-up guards the first steps, taken while the weights are random and
    the gradients large and erratic (adaptive optimisers' moment estimates are
    also still poor then); the decay lets training settle at the end.
    """

    name = "warmup_cosine"

    def __init__(self, lr: float, warmup_epochs: int = 5, decay_epochs: int = 45, start_factor: float = 0.1, eta_min: float = 0.0):
        super().__init__(lr)
        if int(warmup_epochs) < 1 or int(decay_epochs) < 1 or not 0 < start_factor <= 1:
            raise ValueError("need warmup_epochs >= 1, decay_epochs >= 1 and 0 < start_factor <= 1")
        self.warmup_epochs, self.decay_epochs = int(warmup_epochs), int(decay_epochs)
        self.start_factor, self.eta_min = float(start_factor), float(eta_min)

    def lr_at(self, epoch):
        w = self.warmup_epochs
        if epoch < w:
            return self.lr * (self.start_factor + (1.0 - self.start_factor) * epoch / w)
        return _cosine(self.lr, self.eta_min, min(epoch - w, self.decay_epochs), self.decay_epochs)


_SCHEDULES = {cls.name: cls for cls in (Constant, StepDecay, ExponentialDecay, CosineWarmRestarts, WarmupCosine)}

SCHEDULE_NAMES: list[str] = list(_SCHEDULES)


def get_schedule(name: str, lr: float, **kw) -> Schedule:
    """The schedule ``name`` (one of :data:`SCHEDULE_NAMES`) with base rate ``lr`` and its keyword settings."""
    if name not in _SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}; known: {', '.join(SCHEDULE_NAMES)}")
    try:
        return _SCHEDULES[name](lr, **kw)
    except TypeError as exc:
        raise ValueError(f"schedule {name!r}: {exc}") from None


def schedule_from_dict(d: dict) -> Schedule:
    """Inverse of :meth:`Schedule.to_dict`."""
    kw = {k: v for k, v in d.items() if k != "name"}
    return get_schedule(d["name"], **kw)
