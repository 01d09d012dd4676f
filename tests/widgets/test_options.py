"""The option table: validation, what the page gets, and a JSON Schema that agrees with validation."""

from __future__ import annotations

import json
import math

import jsonschema
import pytest

from engine.widgets.errors import DemoInputError, WidgetInputError
from engine.widgets.options import Option, Options

TABLE = Options(
    Option("dataset", "choice", "and", choices=[("and", "AND"), ("or", "OR")], label="Data"),
    Option("w1", "number", 0.5, min=-5, max=5, step=0.1, label="w₁"),
    Option("depth", "integer", 3, min=1, max=30),
    Option("batch", "boolean", False),
    Option("x", "numbers", [1.0, 2.0], min=-3, max=3, length=(2, 2), control="hidden"),
    Option("sizes", "integers", [2, 3, 1], min=1, max=16, length=(2, 7)),
    Option("seed", "integer", 0, min=0, max=2**31 - 1, control="hidden"),
)


def refusal(args: dict) -> WidgetInputError:
    with pytest.raises(WidgetInputError) as info:
        TABLE.validate(args)
    return info.value


def test_defaults_fill_every_missing_option_and_values_come_back_cleaned():
    assert TABLE.validate({}) == {"dataset": "and", "w1": 0.5, "depth": 3, "batch": False, "x": [1.0, 2.0],
                                  "sizes": [2, 3, 1], "seed": 0}
    clean = TABLE.validate({"w1": 2, "depth": 4.0, "x": [0, -3], "sizes": [5.0, 1]})
    assert clean["w1"] == 2.0 and isinstance(clean["w1"], float)
    assert clean["depth"] == 4 and isinstance(clean["depth"], int)
    assert clean["x"] == [0.0, -3.0] and clean["sizes"] == [5, 1] and isinstance(clean["sizes"][0], int)


@pytest.mark.parametrize("args, field, reason", [
    ({"w3": 1}, "w3", "is not an option of this figure (its options: dataset, w1, depth, batch, x, sizes, seed)"),
    ({"zz": 1, "aa": 2}, "aa", "is not an option"),
    ({"w1": 5.5}, "w1", "must be between -5 and 5, got 5.5"),
    ({"w1": "1"}, "w1", "must be a number, got '1'"),
    ({"w1": True}, "w1", "must be a number, got True"),
    ({"w1": math.nan}, "w1", "must be a number, got nan"),
    ({"w1": math.inf}, "w1", "must be a number"),
    ({"depth": 31}, "depth", "must be between 1 and 30, got 31"),
    ({"depth": 2.5}, "depth", "must be an integer, got 2.5"),
    ({"depth": False}, "depth", "must be an integer"),
    ({"dataset": "xor"}, "dataset", "must be one of and, or, got 'xor'"),
    ({"batch": 1}, "batch", "must be true or false, got 1"),
    ({"x": [1.0]}, "x", "must be a list of 2 numbers"),
    ({"x": [1.0, 5]}, "x[1]", "must be a number between -3 and 3, got 5"),
    ({"sizes": [2, 20, 1]}, "sizes[1]", "must be between 1 and 16, got 20"),
    ({"sizes": [2]}, "sizes", "must be a list of 2 to 7 integers"),
    ({"sizes": "2,3"}, "sizes", "must be a list"),
])
def test_a_refusal_names_the_field_and_says_why(args, field, reason):
    error = refusal(args)
    assert error.field == field and reason in error.reason and error.status == 422


def test_the_old_error_name_is_the_same_class():
    assert DemoInputError is WidgetInputError and issubclass(WidgetInputError, ValueError)


def test_options_must_be_an_object():
    with pytest.raises(WidgetInputError) as info:
        TABLE.validate([1, 2])
    assert info.value.field == "options"


def test_a_choice_of_numbers_does_not_take_true_for_one():
    table = Options(Option("label", "choice", 1, choices=[(0, "y = 0"), (1, "y = 1")]))
    assert table.validate({"label": 0}) == {"label": 0}
    with pytest.raises(WidgetInputError):
        table.validate({"label": True})


def test_to_json_is_what_the_page_needs_to_build_each_control():
    page = json.loads(json.dumps(TABLE.to_json(), allow_nan=False))
    assert [o["name"] for o in page] == list(TABLE.names)
    w1 = page[1]
    assert w1 == {"name": "w1", "kind": "number", "default": 0.5, "label": "w₁", "control": "slider", "url": True,
                  "min": -5, "max": 5, "step": 0.1}
    assert page[0]["choices"] == [["and", "AND"], ["or", "OR"]] and page[0]["control"] == "select"
    assert page[2]["step"] == 1 and page[2]["control"] == "slider"
    assert page[3]["control"] == "checkbox" and "min" not in page[3]
    assert page[4]["control"] == "hidden" and page[4]["length"] == [2, 2]
    assert page[0]["label"] == "Data" and Options(Option("eta", "number", 1, min=0, max=2)).to_json()[0]["label"] == "eta"


@pytest.mark.parametrize("declare, complaint", [
    (lambda: Option("w", "number", 9, min=-5, max=5), "default is not allowed"),
    (lambda: Option("w", "number", 0, min=5, max=-5), "min < max"),
    (lambda: Option("w", "number", 0), "min < max"),
    (lambda: Option("w", "real", 0, min=0, max=1), "kind"),
    (lambda: Option("w", "choice", "a", choices=()), "pairs"),
    (lambda: Option("w", "boolean", True, min=0, max=1), "no min"),
    (lambda: Option("w", "integer", 1, min=0, max=3, step=0.5), "integer"),
    (lambda: Option("w", "number", 0, min=0, max=1, step=0), "step"),
    (lambda: Option("w", "number", 0, min=0, max=1, control="knob"), "control"),
    (lambda: Option("w", "numbers", [0], min=0, max=1), "length"),
    (lambda: Option("w-1", "boolean", True), "name"),
    (lambda: Options(Option("a", "boolean", True), Option("a", "boolean", False)), "declared twice"),
])
def test_a_broken_declaration_fails_at_import_with_the_option_named(declare, complaint):
    with pytest.raises(ValueError, match=complaint):
        declare()


# --- validate and json_schema agree -------------------------------------------------------------

SAMPLES = [
    {}, {"dataset": "or"}, {"dataset": "xor"}, {"dataset": 1}, {"dataset": None},
    {"w1": -5}, {"w1": 5}, {"w1": 5.000001}, {"w1": -5.01}, {"w1": 0}, {"w1": "0"}, {"w1": True}, {"w1": None},
    {"w1": 1e300}, {"w1": [1]},
    {"depth": 1}, {"depth": 30}, {"depth": 0}, {"depth": 31}, {"depth": 3.0}, {"depth": 3.5}, {"depth": True},
    {"batch": True}, {"batch": False}, {"batch": 0}, {"batch": "true"},
    {"x": [0, 0]}, {"x": [3, -3]}, {"x": [3.1, 0]}, {"x": [0]}, {"x": [0, 0, 0]}, {"x": [0, "1"]}, {"x": [0, False]},
    {"x": {}}, {"sizes": [1, 16]}, {"sizes": [1] * 7}, {"sizes": [1] * 8}, {"sizes": [0, 2]}, {"sizes": [2.0, 3]},
    {"sizes": [2.5, 3]}, {"seed": 2**31 - 1}, {"seed": 2**31}, {"seed": -1},
    {"other": 1}, {"w1": 1, "other": 1}, {"dataset": "and", "w1": 4.9, "depth": 29, "batch": True, "seed": 7},
]


def _accepted_by_validate(args) -> bool:
    try:
        TABLE.validate(args)
    except WidgetInputError:
        return False
    return True


@pytest.mark.parametrize("args", SAMPLES, ids=lambda a: json.dumps(a)[:40])
def test_the_schema_accepts_exactly_what_validate_accepts(args):
    schema_says = jsonschema.Draft202012Validator(TABLE.json_schema()).is_valid(args)
    assert schema_says == _accepted_by_validate(args)


def test_samples_cover_both_verdicts_for_every_option():
    """The agreement test above means something only if each option is both accepted and refused in it."""
    for option in TABLE:
        verdicts = {_accepted_by_validate(s) for s in SAMPLES if option.name in s}
        assert verdicts == {True, False}, option.name


def test_every_default_and_every_bound_is_valid_in_the_schema():
    schema = TABLE.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for option in TABLE:
        prop = schema["properties"][option.name]
        jsonschema.validate(prop["default"], prop)
        assert prop["title"] == option.label
        if option.kind in ("number", "integer"):
            for bound in (option.min, option.max):
                jsonschema.validate({option.name: bound}, schema)
                assert TABLE.validate({option.name: bound})[option.name] == bound


# -- how a directive presents a figure: hide and lock, checked by the same table -----------------

def test_hide_takes_option_names_and_declared_parts_only():
    assert TABLE.check_hide(["w1", "curve", "w1"], parts=("curve",)) == ["w1", "curve"]
    for hide, reason in ((["speed"], "'speed' is not a control or part of this figure (its controls: dataset, w1"),
                         ("w1", "must be a list of controls or parts"), ([3], "3 is not a control")):
        with pytest.raises(WidgetInputError) as info:
            TABLE.check_hide(hide, parts=("curve",))
        assert info.value.field == "hide" and reason in info.value.reason


def test_a_locked_value_is_cleaned_and_must_be_allowed_by_its_option():
    assert TABLE.check_lock({"dataset": "or", "depth": 4.0, "sizes": [2, 2]}) == {"dataset": "or", "depth": 4, "sizes": [2, 2]}
    for lock, field, reason in (({"w1": 5.5}, "lock.w1", "must be between -5 and 5, got 5.5"),
                                ({"dataset": "xor"}, "lock.dataset", "must be one of and, or, got 'xor'"),
                                ({"speed": 1}, "lock.speed", "is not an option of this figure"),
                                (["w1"], "lock", "must be a mapping of option: value")):
        with pytest.raises(WidgetInputError) as info:
            TABLE.check_lock(lock)
        assert info.value.field == field and info.value.reason.startswith(reason)
