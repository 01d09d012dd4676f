"""Figure "training-sweep" under engine.demos' discovery, until the figure kit's explicit registry lists it
(then this file goes and the registry gets ``"training-sweep": "engine.widgets.training_sweep"``)."""

from engine.widgets.training_sweep import CALLS, CAPTION, OPTIONS  # noqa: F401
