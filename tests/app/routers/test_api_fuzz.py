"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis): no input may cause a 5xx.

The schema lists every widget's calls, each with the request body its option
table (or its declared inputs) accepts, so the generated requests reach the
engine's real functions with values near and beyond every declared bound. The Hypothesis seed
is fixed, so a failure reproduces.

Marked `slow`: `make test` runs it, `make test-fast` does not. The default depth keeps `make test`
within its budget: schemathesis's coverage phase with its invalid values only (every field just
outside its bounds, of a wrong type, missing, ...: about 4,000 requests, each refused by validation),
10 random schema examples per operation, 120 hostile calls. NNBOOK_FUZZ=deep, to run when the API or
an option table changes, adds the coverage phase's valid boundary values (about 1,900 requests that
run the engine at every declared minimum and maximum of every call: three quarters of the CPU time)
and searches deeper (40 per operation, 400 hostile calls):
`NNBOOK_FUZZ=deep .venv/bin/python -m pytest tests/app/routers/test_api_fuzz.py`.
Every extreme an option table allows is also run through each figure's first frame by
tests/widgets/test_tables.py, in every run.
"""

from __future__ import annotations

import functools
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from app.main import create_app

pytestmark = pytest.mark.slow

DEEP = os.environ.get("NNBOOK_FUZZ", "").lower() == "deep"
SCHEMA_EXAMPLES = 40 if DEEP else 10
HOSTILE_EXAMPLES = 400 if DEEP else 120


@functools.cache
def app():
    return create_app()


@pytest.fixture(scope="module")
def api_schema():
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app())
    if not DEEP:  # the coverage phase's valid boundary values only in the deep run (see the docstring)
        schema.config.phases.coverage.generation.modes = [GenerationMode.NEGATIVE]
    return schema


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # schemathesis 4.32.5's lazy schema reads (and, to label its report, sets) Node._nodeid, which pytest 9.2
    # no longer has; each operation's subtest is still labelled with its method and path.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


# Read from the app when the test runs, not at collection: schemathesis makes the coverage phase's cases as
# it builds each operation's test, and building the app and those cases took every pytest process some 4 s
# before its first test (collecting the whole suite: 6.1-7.5 s with this file, 2.3-2.8 s without). Each
# operation is a subtest of the one test, reported by its method and path.
@schemathesis.pytest.from_fixture("api_schema").parametrize()
@settings(max_examples=SCHEMA_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_input_causes_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])


# Schemathesis mostly draws bodies that follow each call's schema. This second fuzzer starts from a valid
# body of each call (the option table's defaults, or the widget's real first state) and replaces one argument,
# one option, or one field of the state by a hostile value: the way the review found its 500s (huge integers,
# wrong types, options that are not an object).

import json  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from engine.widgets import protocol  # noqa: E402



@functools.cache
def client():
    return TestClient(app())


@functools.cache
def first_state(widget):
    return protocol.dispatch(widget, "initial", {}).get("state", {})


EXTRA_NAMES = ["options", "state", "steps", "z", "w1", "eta", "seed", "dataset", "x", "logits", "sizes", "depth",
               "label", "m", "step"]
CALLS = [(widget, call) for widget in protocol.widget_names() for call in protocol.calls(widget)]


def valid_body(widget: str, call: str) -> dict:
    """A body the call accepts: the defaults of its documented request body, else the first state."""
    properties = protocol.call_schema(widget, call).get("properties")
    if properties is None:
        return {"state": json.loads(json.dumps(first_state(widget)))}
    return {name: json.loads(json.dumps(schema.get("default", {name: s.get("default") for name, s in
                                                                schema.get("properties", {}).items()})))
            for name, schema in properties.items()}


# Calls whose default body lacks what only an earlier call or the reader supplies (a server job's trained
# weights, the index of the weight to edit): the default body is refused, and the refusal names that field.
NEEDS_EARLIER_RESULT = {("digits-cnn", "classify"): "model", ("digits-cnn", "features"): "model",
                        ("playground", "edit_weight"): "layer", ("playground", "import"): "model",
                        ("playground", "load_csv"): "csv", ("playground", "predict"): "points",
                        ("playground", "set_points"): "points", ("timeline", "view"): "events"}


def test_every_valid_body_is_answered():
    # The fuzzer below is only as good as its starting bodies: each must be one the call accepts.
    for widget, call in CALLS:
        response = client().post(f"/api/widgets/{widget}/{call}", json=valid_body(widget, call))
        if (widget, call) in NEEDS_EARLIER_RESULT:
            error = response.json()["error"]
            assert response.status_code == 422 and error["field"] == NEEDS_EARLIER_RESULT[widget, call], error
            continue
        assert response.status_code == 200 and response.json()["ok"] is True, (widget, call, response.text[:300])


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**400), max_value=10**400),
                      st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5),
                      st.sampled_from([10**400, -(10**400), 2**63, "and", "", 0, -1]))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=4), inner, max_size=3)),
                          max_leaves=8)


@st.composite
def hostile_calls(draw):
    widget, call = draw(st.sampled_from(CALLS))
    body = valid_body(widget, call)
    # Where the hostile value goes: a top-level argument, a field one level down (an option inside
    # "options", a field of "state"), or an argument the call does not take.
    nested = [(name, key) for name, value in body.items() if isinstance(value, dict) for key in value]
    where = draw(st.sampled_from(["argument", "nested", "extra"] if nested else ["argument", "extra"]))
    if where == "argument" and body:
        body[draw(st.sampled_from(sorted(body)))] = draw(json_value)
    elif where == "nested":
        name, key = draw(st.sampled_from(nested))
        body[name][key] = draw(json_value)
    else:
        body[draw(st.sampled_from(EXTRA_NAMES))] = draw(json_value)
    return widget, call, body


@settings(max_examples=HOSTILE_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_calls())
def test_one_hostile_field_in_a_real_call_never_causes_a_server_error(widget_call_body):
    widget, call, body = widget_call_body
    raw = json.dumps(body).encode()
    response = client().post(f"/api/widgets/{widget}/{call}", content=raw, headers={"content-type": "application/json"})
    assert response.status_code < 500, (widget, call, raw[:300], response.text[:300])
    reply = response.json()
    if response.status_code == 200:
        assert reply["ok"] is True and "result" in reply
    else:
        error = reply["error"]
        assert reply["ok"] is False and error["status"] == response.status_code, reply
        # The field is named (an unknown option named "" is named "", and the reason says it is unknown).
        assert isinstance(error["field"], str) and error["reason"], "a refusal must name the field and say why"
        assert len(error["reason"]) < 1000, "a huge value must not be echoed whole"
