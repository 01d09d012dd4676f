"""Checks for widget inputs, each raising DemoInputError that names the field."""

from __future__ import annotations

import math

from .errors import DemoInputError


def _short(value) -> str:
    """A value for an error message: a 400-digit integer (or a huge list) is cut, not echoed whole."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _as_float(value) -> float | None:
    """``value`` as a finite float, or None when it is no number or too large for one (int → float overflows)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        value = float(value)
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def number(args: dict, field: str, default: float, lo: float, hi: float) -> float:
    raw = args.get(field, default)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise DemoInputError(field, f"must be a number, got {_short(raw)}")
    value = _as_float(raw)
    if value is None or not lo <= value <= hi:
        raise DemoInputError(field, f"must be between {lo:g} and {hi:g}, got {_short(raw)}")
    return value


def integer(args: dict, field: str, default: int, lo: int, hi: int) -> int:
    value = args.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise DemoInputError(field, f"must be an integer, got {_short(value)}")
    if not lo <= value <= hi:
        raise DemoInputError(field, f"must be between {lo} and {hi}, got {_short(value)}")
    return value


def choice(args: dict, field: str, default: str, options) -> str:
    value = args.get(field, default)
    if value not in options:
        raise DemoInputError(field, f"must be one of {', '.join(map(str, options))}, got {_short(value)}")
    return value


def boolean(args: dict, field: str, default: bool) -> bool:
    value = args.get(field, default)
    if not isinstance(value, bool):
        raise DemoInputError(field, f"must be true or false, got {_short(value)}")
    return value


def number_list(args: dict, field: str, default, length: int | None = None, lo=-1e6, hi=1e6) -> list[float]:
    value = args.get(field, default)
    if not isinstance(value, (list, tuple)) or (length is not None and len(value) != length):
        want = f"a list of {length} numbers" if length is not None else "a list of numbers"
        raise DemoInputError(field, f"must be {want}, got {_short(value)}")
    out = []
    for i, v in enumerate(value):
        number = _as_float(v)
        if number is None or not lo <= number <= hi:
            raise DemoInputError(f"{field}[{i}]", f"must be a number between {lo:g} and {hi:g}, got {_short(v)}")
        out.append(number)
    return out


def mapping(args: dict, field: str) -> dict:
    """An object argument such as ``options`` (absent means empty)."""
    value = args.get(field, {})
    if not isinstance(value, dict):
        raise DemoInputError(field, f"must be an object of widget options, got {_short(value)}")
    return value


def loss_history(state: dict, field: str, max_points: int, last_epoch: int) -> list[list[float]]:
    """A thinned loss curve sent back by the page: 1 to ``max_points`` pairs [epoch, loss]
    with 0 <= epoch <= ``last_epoch`` and 0 <= loss <= 1e6."""
    losses = state.get(field)
    where = f"state.{field}"
    if not isinstance(losses, list) or not 1 <= len(losses) <= max_points:
        raise DemoInputError(where, f"must be a list of 1 to {max_points} [epoch, loss] pairs")
    clean = []
    for pair in losses:
        if not isinstance(pair, list) or len(pair) != 2:
            raise DemoInputError(where, "every entry must be an [epoch, loss] pair")
        clean.append([integer({"epoch": pair[0]}, "epoch", None, 0, last_epoch),
                      number({"loss": pair[1]}, "loss", None, 0.0, 1e6)])
    return clean
