"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis): no input may cause a 5xx.

The schema names every widget and call, so the generated requests reach the
engine's real functions with arbitrary JSON objects. Bounded to a modest
number of examples per operation to keep the suite fast; the Hypothesis seed
is fixed, so a failure reproduces.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from app.main import create_app

schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app())


@schema.parametrize()
@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_input_causes_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])


# The generic body schema above rarely names a real option. This second fuzzer starts from each widget's
# real first state and replaces one argument, or one field of the state, by a hostile value: the way the
# review found its 500s (huge integers, wrong types, options that are not an object).

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from engine import demos  # noqa: E402

client = TestClient(create_app())
FIRST_STATES = {name: demos.dispatch(name, "initial", {}).get("state", {}) for name in demos.widget_names()}
ARGUMENT_NAMES = ["options", "steps", "z", "w1", "w2", "b", "eta", "seed", "dataset", "x", "y", "logits", "sizes",
                  "hidden", "depth", "width", "activation", "label", "m", "step"]

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**400), max_value=10**400),
                      st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5),
                      st.sampled_from([10**400, -(10**400), 2**63, "and", "", 0, -1]))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=4), inner, max_size=3)),
                          max_leaves=8)


@st.composite
def hostile_calls(draw):
    widget = draw(st.sampled_from(demos.widget_names()))
    call = draw(st.sampled_from(demos.calls(widget)))
    state = dict(FIRST_STATES[widget])
    body = {"state": state}
    if state and draw(st.booleans()):
        state[draw(st.sampled_from(sorted(state)))] = draw(json_value)
    else:
        body[draw(st.sampled_from(ARGUMENT_NAMES))] = draw(json_value)
    return widget, call, body


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_calls())
def test_one_hostile_field_in_a_real_call_never_causes_a_server_error(widget_call_body):
    widget, call, body = widget_call_body
    raw = __import__("json").dumps(body).encode()
    response = client.post(f"/api/widgets/{widget}/{call}", content=raw, headers={"content-type": "application/json"})
    assert response.status_code < 500, (widget, call, raw[:300], response.text[:300])
    if response.status_code == 422:
        assert response.json()["detail"][0]["field"], "a 422 must name the field"
