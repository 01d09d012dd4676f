"""The default initialisation of the chapter-10 layers: uniform in +-1/sqrt(fan_in).

Every weight and bias starts as an independent draw from

    U(-k, k),   k = 1 / sqrt(fan_in)

where ``fan_in`` is how many inputs feed one output unit (``C*kh*kw`` for a
convolution filter, the hidden size for a recurrent cell, ``d_model`` for an
attention projection). These are the distributions PyTorch uses by default
for ``nn.Conv2d``, ``nn.RNN`` and ``nn.Linear``, so an engine layer and a torch
layer start from the same *distribution* (not the same numbers). Keeping the
scale at ``1/sqrt(fan_in)`` keeps a pre-activation's variance near that of
its inputs (LeCun et al. 1998, "Efficient BackProp").
"""

from __future__ import annotations

import numpy as np


def fan_in_uniform(rng: np.random.Generator, shape: tuple[int, ...], fan_in: int) -> np.ndarray:
    """An array of ``shape`` drawn from ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` (float64)."""
    bound = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=shape)
