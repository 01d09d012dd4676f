"""Figure "digits-cnn" under engine.demos' discovery, until the figure kit's explicit registry lists it.

The figure lives in :mod:`engine.widgets.digits_cnn`; with ``engine/widgets/registry.py``
in place this file goes and the registry gets ``"digits-cnn": "engine.widgets.digits_cnn"``.
"""

from engine.widgets.digits_cnn import CALLS, CAPTION, OPTIONS  # noqa: F401
