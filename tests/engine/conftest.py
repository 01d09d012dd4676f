"""Shared test helpers for the engine: a central-difference gradient oracle.

Finite differences are the second, independent check of every backward pass
(the first is PyTorch, through the golden JSON files): they use nothing but
the forward pass, so a wrong derivative cannot agree with them by accident.
:func:`engine.gradient_check.gradient_check` does the same for whole
networks; the fixture here checks a single layer and its *inputs* too.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pytest

from engine.gradient_check import relative_error


def numerical_gradient(loss: Callable[[], float], array: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d loss / d array by central differences, ``(L(a + eps) - L(a - eps)) / (2 eps)`` per entry.

    ``array`` is perturbed in place (and restored), so ``loss`` must read it
    by reference, e.g. a closure over a layer's ``params`` entry. The error
    of the central difference is O(eps**2), about 1e-12 here, far below the
    1e-6 tolerance; eps is not smaller because the rounding error of the
    difference grows like 1e-16 / eps.
    """
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        original = array[index]
        array[index] = original + eps
        above = loss()
        array[index] = original - eps
        below = loss()
        array[index] = original
        grad[index] = (above - below) / (2.0 * eps)
    return grad


@pytest.fixture
def gradient_errors() -> Callable[..., dict[str, float]]:
    """``check(loss, {name: (array, analytic_gradient)}) -> {name: relative error}``.

    ``loss`` is a no-argument function that recomputes the scalar loss from
    the current contents of the arrays.
    """

    def check(loss: Callable[[], float], pairs: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, float]:
        return {
            name: relative_error(analytic, numerical_gradient(loss, array))
            for name, (array, analytic) in pairs.items()
        }

    return check
