"""The one way into a figure: the browser worker, ``/api`` and the server's first frame all come here.

Every call answers with the same envelope, as a dict (:func:`handle`) or as
JSON text (:func:`handle_json`, the worker's entry point)::

    {"ok": true,  "result": {...}}
    {"ok": false, "error": {"field": "...", "reason": "...", "status": 404 | 422 | 500}}

404: unknown widget or call; 422: input the figure cannot use (the option
table or a state check names the field); 500: a fault in the engine, with a
readable reason. ``initial`` receives its options validated by the figure's
option table (``OPTIONS``), so no figure repeats that check.
"""

from __future__ import annotations

import json

from .errors import WidgetInputError
from .registry import WIDGETS, calls, module, widget_names

__all__ = ["WIDGETS", "call_schema", "calls", "dispatch", "handle", "handle_json", "preload", "widget_names"]


def _run(widget: str, call: str, args) -> dict:
    figure = module(widget)
    if call not in figure.CALLS:
        raise WidgetInputError("call", f"widget {widget!r} has no call {call!r}; known: {', '.join(sorted(figure.CALLS))}",
                               404)
    if args is not None and not isinstance(args, dict):
        raise WidgetInputError("args", "must be a JSON object")
    args = dict(args or {})
    if call == "initial":
        args = figure.OPTIONS.validate(args)
    return figure.CALLS[call](args)


def _non_finite(widget: str, call: str) -> ValueError:
    return ValueError(f"{widget}.{call} returned a non-finite number; it must report divergence instead")


def _to_json(envelope: dict, widget: str, call: str) -> str:
    """Serialising with ``allow_nan=False`` is also the finiteness check, done once in C: a figure must
    report divergence, never hand NaN or infinity to a drawing."""
    try:
        return json.dumps(envelope, allow_nan=False, separators=(",", ":"))
    except ValueError:
        raise _non_finite(widget, call) from None


def dispatch(widget: str, call: str, args: dict | None = None) -> dict:
    """Run ``call`` of ``widget``; the result is JSON-able and finite. Raises ``WidgetInputError`` on bad input."""
    result = _run(widget, call, args)
    _to_json(result, widget, call)
    return result


def _failure(field: str, reason: str, status: int) -> dict:
    return {"ok": False, "error": {"field": field, "reason": reason, "status": status}}


def _fault(widget: str, call: str, exc: Exception) -> dict:
    # An engine fault: the reader gets a readable reason and the page keeps working.
    return _failure(f"{widget}.{call}", f"the engine failed: {type(exc).__name__}: {exc}", 500)


def handle(widget: str, call: str, args) -> dict:
    """The envelope for one call, as a dict; never raises."""
    try:
        return {"ok": True, "result": dispatch(widget, call, args)}
    except WidgetInputError as exc:
        return _failure(exc.field, exc.reason, exc.status)
    except RecursionError:  # input nested deeper than the checks can walk: the input's fault, not the engine's
        return _failure("args", "nested too deeply", 422)
    except Exception as exc:
        return _fault(widget, call, exc)


def handle_json(widget: str, call: str, args_json: str) -> str:
    """The browser worker's entry point: JSON text in, the envelope as JSON text out; never raises."""
    try:
        return _to_json({"ok": True, "result": _run(widget, call, json.loads(args_json))}, widget, call)
    except WidgetInputError as exc:
        return json.dumps(_failure(exc.field, exc.reason, exc.status))
    except json.JSONDecodeError as exc:
        return json.dumps(_failure("args", f"not valid JSON: {exc}", 422))
    except Exception as exc:
        return json.dumps(_fault(widget, call, exc))


def call_schema(widget: str, call: str) -> dict:
    """JSON Schema of a call's request body (for OpenAPI): the option table's for ``initial``, and for
    calls that take the options (``reset``, and those kit/option_calls.py made); a figure lists other
    calls' schemas in ``INPUTS``."""
    figure = module(widget)
    options = figure.OPTIONS.json_schema()
    if call == "initial":
        return options
    if call == "reset" or getattr(figure.CALLS.get(call), "takes_options", False):
        return {"type": "object", "properties": {"options": options}, "additionalProperties": False}
    return getattr(figure, "INPUTS", {}).get(call) or {
        "type": "object", "description": "the state returned by a previous call, and this call's own inputs"}


def preload(widgets) -> None:
    """Import the figures' modules (and numpy with them) before the first call, so no reader waits on it."""
    for widget in widgets:
        if widget in WIDGETS:
            module(widget)
