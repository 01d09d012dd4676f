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

from engine.gradient_check import numerical_gradient, relative_error


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
