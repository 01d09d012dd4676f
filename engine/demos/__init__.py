"""Widget functions: one module per widget, pure JSON-in / JSON-out.

Every widget of the book is a module here exposing ``CALLS``, a dict from a
call name to a function ``f(args: dict) -> dict``. ``"initial"`` is required:
it receives the directive's options from the Markdown and returns the first
frame's state, computed on the server and embedded in the page. The browser's
Web Worker and the server API both go through :func:`dispatch`, so both give
the same numbers for the same inputs and seed.
"""

from __future__ import annotations

import importlib
import math
import pkgutil

from .errors import DemoInputError


def _discover() -> dict[str, str]:
    """Widget name (as written in ```{widget} NAME) -> module: ``logic_gates_demo.py`` is ``logic-gates``."""
    return {
        info.name[: -len("_demo")].replace("_", "-"): info.name
        for info in pkgutil.iter_modules(__path__)
        if info.name.endswith("_demo")
    }


WIDGETS: dict[str, str] = _discover()


def widget_names() -> list[str]:
    return sorted(WIDGETS)


def _module(widget: str):
    if widget not in WIDGETS:
        raise DemoInputError("widget", f"unknown widget {widget!r}; known: {', '.join(widget_names())}")
    return importlib.import_module(f"{__name__}.{WIDGETS[widget]}")


def calls(widget: str) -> list[str]:
    return sorted(_module(widget).CALLS)


def dispatch(widget: str, call: str, args: dict | None = None) -> dict:
    """Run ``call`` of ``widget`` with ``args``; the result is JSON-able and finite."""
    table = _module(widget).CALLS
    if call not in table:
        raise DemoInputError("call", f"widget {widget!r} has no call {call!r}; known: {', '.join(sorted(table))}")
    if args is not None and not isinstance(args, dict):
        raise DemoInputError("args", "must be a JSON object")
    result = table[call](dict(args or {}))
    _check_finite(result, f"{widget}.{call}")
    return result


def _check_finite(value, where: str) -> None:
    """Refuse to hand NaN or infinity to a drawing: a demo must report divergence instead."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where} returned a non-finite number; it must report divergence instead")
    elif isinstance(value, dict):
        for v in value.values():
            _check_finite(v, where)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_finite(v, where)
