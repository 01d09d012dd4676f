"""Checks for the state a page sends back, each raising WidgetInputError that names the field.

A figure's options are not checked here: its option table (engine/widgets/options.py) does that.
"""

from __future__ import annotations

import math

from ..errors import WidgetInputError


def number(args: dict, field: str, default: float, lo: float, hi: float) -> float:
    value = args.get(field, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WidgetInputError(field, f"must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or not lo <= value <= hi:
        raise WidgetInputError(field, f"must be between {lo:g} and {hi:g}, got {value:g}")
    return value


def integer(args: dict, field: str, default: int, lo: int, hi: int) -> int:
    value = args.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise WidgetInputError(field, f"must be an integer, got {value!r}")
    if not lo <= value <= hi:
        raise WidgetInputError(field, f"must be between {lo} and {hi}, got {value}")
    return value


def choice(args: dict, field: str, default: str, options) -> str:
    value = args.get(field, default)
    if value not in options:
        raise WidgetInputError(field, f"must be one of {', '.join(map(str, options))}, got {value!r}")
    return value


def number_list(args: dict, field: str, default, length: int | None = None, lo=-1e6, hi=1e6) -> list[float]:
    value = args.get(field, default)
    if not isinstance(value, (list, tuple)) or (length is not None and len(value) != length):
        want = f"a list of {length} numbers" if length is not None else "a list of numbers"
        raise WidgetInputError(field, f"must be {want}, got {value!r}")
    out = []
    for i, v in enumerate(value):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(float(v)) or not lo <= v <= hi:
            raise WidgetInputError(f"{field}[{i}]", f"must be a number between {lo:g} and {hi:g}, got {v!r}")
        out.append(float(v))
    return out


def loss_history(state: dict, field: str, max_points: int, last_epoch: int) -> list[list[float]]:
    """A thinned loss curve sent back by the page: 1 to ``max_points`` pairs [epoch, loss]
    with 0 <= epoch <= ``last_epoch`` and 0 <= loss <= 1e6."""
    losses = state.get(field)
    where = f"state.{field}"
    if not isinstance(losses, list) or not 1 <= len(losses) <= max_points:
        raise WidgetInputError(where, f"must be a list of 1 to {max_points} [epoch, loss] pairs")
    clean = []
    for pair in losses:
        if not isinstance(pair, list) or len(pair) != 2:
            raise WidgetInputError(where, "every entry must be an [epoch, loss] pair")
        clean.append([integer({"epoch": pair[0]}, "epoch", None, 0, last_epoch),
                      number({"loss": pair[1]}, "loss", None, 0.0, 1e6)])
    return clean
