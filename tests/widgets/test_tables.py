"""Every figure's table against the figure itself: what the table allows, the figure computes."""

from __future__ import annotations

import json

import pytest

from engine.widgets import protocol, registry
from engine.widgets.errors import WidgetInputError


def _extremes(option) -> list:
    if option.kind == "choice":
        return [value for value, _label in option.choices]
    if option.kind == "boolean":
        return [False, True]
    if option.kind in ("number", "integer"):
        return [option.min, option.max]
    shortest, longest = option.length
    return [[option.min] * shortest, [option.max] * longest]


CASES = [(name, option.name, value) for name in registry.widget_names()
         for option in registry.module(name).OPTIONS for value in _extremes(option)]


@pytest.mark.parametrize("name, option, value", CASES, ids=[f"{n}-{o}-{json.dumps(v)[:12]}" for n, o, v in CASES])
def test_every_extreme_the_table_allows_gives_a_finite_first_frame(name, option, value):
    try:
        result = protocol.dispatch(name, "initial", {option: value})
    except WidgetInputError as exc:
        # Only a rule between two options may refuse an allowed value, and it names the other option.
        assert exc.field != option and exc.field in registry.module(name).OPTIONS, exc
        return
    assert isinstance(result.get("description"), str) and result["description"]


@pytest.mark.parametrize("name", registry.widget_names())
def test_just_outside_the_range_is_refused_naming_the_option(name):
    for option in registry.module(name).OPTIONS:
        if option.kind not in ("number", "integer"):
            continue
        for outside in (option.min - 1, option.max + 1):
            with pytest.raises(WidgetInputError) as info:
                protocol.dispatch(name, "initial", {option.name: outside})
            assert info.value.field == option.name and info.value.status == 422


@pytest.mark.parametrize("name", registry.widget_names())
def test_the_defaults_are_the_first_frame_of_an_empty_directive(name):
    table = registry.module(name).OPTIONS
    assert protocol.dispatch(name, "initial", {}) == protocol.dispatch(name, "initial", table.defaults())
