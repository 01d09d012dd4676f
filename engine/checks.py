"""Argument checks shared by the layers, the network and the trainer.

Each raises ``ValueError`` with a message that names the argument and says
what it must be, so a bad size never surfaces later as a numpy shape error
(or, worse, as an empty array that trains silently).
"""

from __future__ import annotations

import math

import numpy as np


def positive_int(value, name: str) -> int:
    """``value`` as an int, or ``ValueError`` unless it is a whole number >= 1."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, float, np.floating)):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not math.isfinite(value) or value != int(value) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def non_negative_int(value, name: str) -> int:
    """``value`` as an int, or ``ValueError`` unless it is a whole number >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, float, np.floating)):
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if not math.isfinite(value) or value != int(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def number_in(value, name: str, low: float, high: float, *, high_open: bool = False) -> float:
    """``value`` as a float, or ``ValueError`` unless low <= value <= high (< high when ``high_open``)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    above = number >= high if high_open else number > high
    if not math.isfinite(number) or number < low or above:
        closing = ")" if high_open else "]"
        raise ValueError(f"{name} must be in [{low:g}, {high:g}{closing}, got {value!r}")
    return number


def samples(array: np.ndarray, name: str) -> int:
    """The number of samples (columns) m of a ``(features, m)`` array; ``ValueError`` when it holds nothing."""
    if array.ndim == 0 or array.shape[-1] == 0:
        raise ValueError(f"{name} has no samples (shape {array.shape}): need at least one column")
    if array.size == 0:
        raise ValueError(f"{name} has no features (shape {array.shape}): need at least one row")
    return array.shape[-1]
