"""The book's figures: one module per figure, its option table declared once, pure JSON-in / JSON-out calls.

- ``options``: ``Option`` / ``Options``, the table each figure declares once;
- ``registry``: the explicit table of figures (widget name -> module);
- ``protocol``: the one entry point and envelope for the browser worker, ``/api`` and the server fallback;
- ``kit``: helpers shared by several figures (geometry, charts, state checks).
"""

from .errors import DemoInputError, WidgetInputError
from .options import Option, Options

__all__ = ["DemoInputError", "Option", "Options", "WidgetInputError"]
