"""Weight initialisers: how the first weights are drawn.

A weight array has shape ``(n_out, n_in)`` (the book's ``W[l]`` is
``(n[l], n[l-1])``) or, for convolution kernels, ``(n_out, n_in, *kernel)``.
Following PyTorch, fan_in = n_in * prod(kernel) and fan_out = n_out * prod(kernel).

The scaled initialisers keep the variance of the signal roughly constant from
layer to layer, so activations neither vanish nor explode at the start:

- Xavier / Glorot (Glorot & Bengio 2010, "Understanding the difficulty of
  training deep feedforward neural networks", AISTATS): Var(W) = 2 / (fan_in + fan_out),
  derived for symmetric activations such as tanh and sigmoid near 0.
  Normal: std = sqrt(2 / (fan_in + fan_out)); uniform: U(-a, a) with
  a = sqrt(6 / (fan_in + fan_out)) (a uniform on [-a, a] has variance a^2 / 3).
- He / Kaiming (He et al. 2015, "Delving Deep into Rectifiers", ICCV):
  Var(W) = 2 / fan_in, twice the fan-in rule, because ReLU zeroes half of
  its inputs and so halves the variance it passes on.

Every random draw goes through the caller's ``numpy.random.Generator``.
"""

from __future__ import annotations

import math

import numpy as np


def as_generator(rng_or_seed) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator (returned as is) or an int seed.

    None is refused: every random draw in the engine must be reproducible.
    """
    if isinstance(rng_or_seed, np.random.Generator):
        return rng_or_seed
    if isinstance(rng_or_seed, (int, np.integer)) and not isinstance(rng_or_seed, bool):
        return np.random.default_rng(int(rng_or_seed))
    raise ValueError(f"need a seeded numpy.random.Generator or an int seed, got {rng_or_seed!r}")


def generator_from(seed=None, rng=None, *, needed_by: str | None = None) -> np.random.Generator | None:
    """The generator a layer draws from: ``rng`` as given, else one seeded with ``seed``.

    This is every layer's constructor convention: pass ``seed=<int>`` or
    ``rng=<numpy.random.Generator>`` (one generator shared by several layers,
    as a :class:`~engine.network.Network` does), never both. With neither,
    returns None, or raises ``ValueError`` when ``needed_by`` names a layer
    that must draw random numbers (the engine draws no unseeded numbers).
    """
    if seed is not None and rng is not None:
        raise ValueError("pass seed or rng, not both")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise ValueError(f"rng must be a numpy.random.Generator, got {rng!r}")
        return rng
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise ValueError(f"seed must be an int, got {seed!r}")
        return np.random.default_rng(int(seed))
    if needed_by is not None:
        raise ValueError(f"{needed_by} draws random numbers: pass seed=<int> or rng=<numpy.random.Generator>")
    return None


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight shape ``(n_out, n_in, *kernel)``."""
    if len(shape) < 2:
        raise ValueError(f"a weight shape needs at least 2 dimensions (n_out, n_in), got {shape}")
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def zeros(shape, rng: np.random.Generator | None = None) -> np.ndarray:
    """All zeros. Fine for biases; for weights every unit of a layer stays identical (symmetry is never broken)."""
    return np.zeros(shape, dtype=np.float64)


def normal(shape, rng: np.random.Generator, std: float = 0.01) -> np.ndarray:
    """N(0, std^2) with a fixed small std: the naive scaled normal, blind to the layer's size."""
    return rng.normal(0.0, std, size=shape)


def xavier_normal(shape, rng: np.random.Generator) -> np.ndarray:
    """N(0, 2 / (fan_in + fan_out)) (Glorot & Bengio 2010)."""
    fan_in, fan_out = fans(tuple(shape))
    return rng.normal(0.0, math.sqrt(2.0 / (fan_in + fan_out)), size=shape)


def xavier_uniform(shape, rng: np.random.Generator) -> np.ndarray:
    """U(-a, a) with a = sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio 2010)."""
    fan_in, fan_out = fans(tuple(shape))
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)


def he_normal(shape, rng: np.random.Generator) -> np.ndarray:
    """N(0, 2 / fan_in) (He et al. 2015)."""
    fan_in, _ = fans(tuple(shape))
    return rng.normal(0.0, math.sqrt(2.0 / fan_in), size=shape)


def he_uniform(shape, rng: np.random.Generator) -> np.ndarray:
    """U(-a, a) with a = sqrt(6 / fan_in), the uniform with He's variance 2 / fan_in."""
    fan_in, _ = fans(tuple(shape))
    limit = math.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, size=shape)


_INITIALIZERS = {
    "zeros": zeros,
    "normal": normal,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
}

INIT_NAMES: list[str] = list(_INITIALIZERS)


def default_init(activation_name: str) -> str:
    """He for the rectifiers, Xavier for everything else."""
    return "he_normal" if activation_name in ("relu", "leaky_relu") else "xavier_normal"


def initialize(name: str, shape_out_in, rng: np.random.Generator | None) -> np.ndarray:
    """A float64 array of shape ``shape_out_in`` drawn by the initialiser ``name``."""
    if name not in _INITIALIZERS:
        raise ValueError(f"unknown initializer {name!r}; known: {', '.join(INIT_NAMES)}")
    shape = tuple(int(s) for s in shape_out_in)
    if name != "zeros" and rng is None:
        raise ValueError(f"initializer {name!r} is random: pass a seeded numpy.random.Generator")
    return _INITIALIZERS[name](shape, rng)
