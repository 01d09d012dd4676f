"""Calls that take a figure's options, made from its option table instead of written out per figure.

Many figures are a pure function of their options: ``reset`` (and ``train``,
``rates`` …) receive ``{"options": {...}}``, validate them with the figure's
table and call the same function ``initial`` does. ``option_calls`` builds
those calls once::

    CALLS = option_calls(OPTIONS, initial, train=training)
    # {"initial": initial, "train": …, "reset": …}

Each built call is marked ``takes_options``, so the protocol's OpenAPI schema
(``protocol.call_schema``) describes its body from the same table.
"""

from __future__ import annotations

import functools
from typing import Callable

from ..options import Options


def on_options(options: Options, function: Callable[[dict], dict]) -> Callable[[dict], dict]:
    """The call ``{"options": {...}} → function(options validated by the table)``."""

    @functools.wraps(function)
    def call(args: dict) -> dict:
        return function(options.validate(args.get("options")))

    call.takes_options = True
    return call


def option_calls(options: Options, initial: Callable[[dict], dict], **more: Callable[[dict], dict]) -> dict:
    """``CALLS`` for a figure: ``initial`` as it is, ``reset`` (initial again), and each of ``more`` on the options."""
    calls = {"initial": initial}
    calls.update({name: on_options(options, function) for name, function in more.items()})
    calls["reset"] = on_options(options, initial)
    return calls
