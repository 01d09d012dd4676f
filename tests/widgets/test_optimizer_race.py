"""The optimizer race: each path is the engine's optimizer stepping on the surface's gradient."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.optimizers import get_optimizer
from engine.surfaces import get_surface
from engine.training import DIVERGED_MESSAGE
from engine.widgets import optimizer_race as race
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch


def call(name, args):
    result = dispatch("optimizer-race", name, args)
    json.dumps(result, allow_nan=False)
    return result


def by_name(result):
    return {r["name"]: r for r in result["runs"]}


def test_every_path_is_the_optimizer_stepping_from_the_start_on_the_exact_gradient():
    options = {"surface": "rosenbrock", "lr": 0.001, "lr_adaptive": 0.02, "momentum": 0.8, "beta1": 0.85,
               "beta2": 0.99, "steps": 30}
    runs = by_name(call("initial", options))
    s = get_surface("rosenbrock")
    hyper = {"sgd": {}, "momentum": {"momentum": 0.8}, "nesterov": {"momentum": 0.8}, "rmsprop": {"rho": race.RMSPROP_RHO},
             "adam": {"beta1": 0.85, "beta2": 0.99}}
    for name, kw in hyper.items():
        lr = 0.001 if name in ("sgd", "momentum", "nesterov") else 0.02
        opt = get_optimizer(name, lr, **kw)
        theta = np.array([-1.2, 1.0])
        expected = [theta.tolist()]
        for _ in range(30):
            opt.step({"t": theta}, {"t": s.grad(theta)})
            expected.append(theta.tolist())
        assert np.allclose(runs[name]["path"], expected, rtol=1e-12, atol=0), name
        assert runs[name]["gap"] == pytest.approx(s(theta) - 0.0)
        assert runs[name]["heights"][-1] == pytest.approx(math.log10(1 + s(theta)), abs=1e-5)


def test_plain_gradient_descent_on_the_ravine_follows_the_closed_form():
    """On J = ½(θ₁² + 50θ₂²) each coordinate shrinks by (1 − ηc) per step."""
    result = call("initial", {"surface": "ravine", "lr": 0.02, "steps": 40})
    theta = by_name(result)["sgd"]["path"][-1]
    assert theta == pytest.approx([-4 * (1 - 0.02) ** 40, 1 * (1 - 0.02 * 50) ** 40], abs=1e-12)


def test_the_loss_chart_is_log10_of_the_distance_to_the_minimum():
    result = call("initial", {"surface": "saddle", "steps": 20})
    line = result["chart"]["lines"][0]
    assert line["name"] == "sgd" and len(line["points"]) == 21
    s = get_surface("saddle")
    for step, (x, y) in enumerate(by_name(result)["sgd"]["path"]):
        assert line["points"][step] == pytest.approx([step, math.log10(max(s((x, y)) + 0.25, race.GAP_FLOOR))], abs=1e-9)
    assert result["chart"]["log"] and all(t["label"].startswith(("10", "1")) for t in result["chart"]["y_ticks"])


def test_a_learning_rate_too_large_for_the_steep_direction_diverges_and_says_so():
    # Gradient descent on the ravine is stable only for η < 2/50.
    result = call("initial", {"surface": "ravine", "lr": 0.05})
    runs = by_name(result)
    assert runs["sgd"]["status"] == "diverged" and runs["sgd"]["steps"] < 100
    assert all(math.isfinite(v) for p in runs["sgd"]["path"] for v in p)
    assert result["message_kind"] == "bad" and result["message"].endswith(DIVERGED_MESSAGE + ".")
    assert "gradient descent (η = 0.05" in result["message"] and "gradient descent diverged" in result["description"]
    assert runs["adam"]["status"] == "ok"
    stable = by_name(call("initial", {"surface": "ravine", "lr": 0.039}))["sgd"]
    assert stable["status"] == "ok" and stable["steps"] == 100


def test_adaptive_methods_equalise_the_two_directions_of_the_ravine():
    runs = by_name(call("initial", {}))
    assert runs["rmsprop"]["gap"] < runs["sgd"]["gap"] and runs["adam"]["gap"] < runs["sgd"]["gap"]
    assert runs["momentum"]["gap"] < runs["sgd"]["gap"]


def test_rerun_keeps_the_surface_and_changes_only_the_runs():
    first = call("initial", {})
    again = call("rerun", {"options": {"lr": 0.01}})
    assert "surface" not in again and again["options"]["lr"] == 0.01
    assert by_name(again)["sgd"]["path"] != by_name(first)["sgd"]["path"]
    assert by_name(again)["adam"]["path"] == by_name(first)["adam"]["path"]


def test_the_contours_are_level_lines_of_the_shaded_height():
    surface = call("initial", {"surface": "wells"})["surface"]
    s = get_surface("wells")
    top = surface["top"]
    for contour in surface["map"]["contours"][:3]:
        for a, _b in contour["segments"][:10]:
            assert math.log10(1 + s(a) - s.minimum) / top == pytest.approx(contour["level"], abs=0.03)
    assert len(surface["mesh"]["h"]) == race.MESH and len(surface["mesh"]["h"][0]) == race.MESH


@pytest.mark.parametrize("args, field", [
    ({"surface": "bowl"}, "surface"),
    ({"lr": 0}, "lr"),
    ({"lr_adaptive": 2}, "lr_adaptive"),
    ({"momentum": 1.0}, "momentum"),
    ({"beta2": 1.0}, "beta2"),
    ({"steps": 5000}, "steps"),
])
def test_out_of_range_options_are_refused_naming_the_field(args, field):
    with pytest.raises(WidgetInputError) as caught:
        call("initial", args)
    assert caught.value.field == field


def test_rerun_refuses_to_change_the_surface_silently():
    with pytest.raises(WidgetInputError) as caught:
        call("rerun", {"options": {"surface": "saddle"}, "surface": "ravine"})
    assert caught.value.field == "surface"
