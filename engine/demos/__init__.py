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
import json
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


def _run(widget: str, call: str, args) -> dict:
    table = _module(widget).CALLS
    if call not in table:
        raise DemoInputError("call", f"widget {widget!r} has no call {call!r}; known: {', '.join(sorted(table))}")
    if args is not None and not isinstance(args, dict):
        raise DemoInputError("args", "must be a JSON object")
    return table[call](dict(args or {}))


def dispatch_json(widget: str, call: str, args_json: str) -> str:
    """The browser worker's entry point: JSON text in, JSON text out.

    Serialising with ``allow_nan=False`` is also the finiteness check, done
    once in C: a demo must report divergence, never hand NaN or infinity to
    a drawing.
    """
    try:
        args = json.loads(args_json)
    except ValueError as exc:
        raise DemoInputError("args", f"not valid JSON: {exc}") from None
    result = _run(widget, call, args)
    try:
        return json.dumps(result, allow_nan=False, separators=(",", ":"))
    except ValueError:
        raise ValueError(f"{widget}.{call} returned a non-finite number; it must report divergence instead") from None


def dispatch(widget: str, call: str, args: dict | None = None) -> dict:
    """Run ``call`` of ``widget`` with ``args``; the result is JSON-able and finite."""
    result = _run(widget, call, args)
    try:
        json.dumps(result, allow_nan=False)
    except ValueError:
        raise ValueError(f"{widget}.{call} returned a non-finite number; it must report divergence instead") from None
    return result


def preload(widgets) -> None:
    """Import the demo modules (and numpy with them) before the first call, so no reader waits on it."""
    for widget in widgets:
        if widget in WIDGETS:
            _module(widget)
