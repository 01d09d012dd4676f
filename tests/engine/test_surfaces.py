"""The loss surfaces of the optimizer race: gradients by finite differences, minima where stated."""

from __future__ import annotations

import numpy as np
import pytest

from engine.surfaces import SURFACES, get_surface, sample

POINTS = [(-1.3, 0.7), (0.4, -1.1), (1.9, 2.2), (-0.2, 0.05)]


@pytest.mark.parametrize("name", list(SURFACES))
@pytest.mark.parametrize("point", POINTS)
def test_the_gradient_is_the_central_difference_of_the_value(name, point):
    s = get_surface(name)
    eps = 1e-6
    x, y = point
    numeric = [(s((x + eps, y)) - s((x - eps, y))) / (2 * eps), (s((x, y + eps)) - s((x, y - eps))) / (2 * eps)]
    assert s.grad(point) == pytest.approx(numeric, rel=1e-6, abs=1e-5)


@pytest.mark.parametrize("name", list(SURFACES))
def test_the_stated_minimum_is_a_stationary_point_and_nothing_on_a_fine_grid_is_lower(name):
    s = get_surface(name)
    assert s(s.argmin) == pytest.approx(s.minimum, abs=1e-12)
    assert np.abs(s.grad(s.argmin)) == pytest.approx([0, 0], abs=1e-9)
    _, _, J = sample(s, 401)
    assert J.min() >= s.minimum - 1e-12


def test_the_ravine_is_the_chapter_s_bowl_fifty_times_steeper_across():
    s = get_surface("ravine")
    assert s((-4.0, 1.0)) == pytest.approx(0.5 * (16 + 50))
    assert s.start == (-4.0, 1.0)


def test_the_saddle_is_flat_at_the_origin_and_curves_down_across():
    s = get_surface("saddle")
    assert s.grad((0.0, 0.0)) == pytest.approx([0, 0])
    assert s((0.0, 0.1)) < s((0.0, 0.0)) < s((0.1, 0.0))


def test_an_unknown_surface_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown surface 'bowl'"):
        get_surface("bowl")


def test_the_linear_regression_gradient_is_the_central_difference_on_all_points_and_on_a_batch():
    from engine.surfaces import LinearRegressionLoss

    rng = np.random.default_rng(3)
    x = rng.standard_normal(20)
    loss = LinearRegressionLoss(x, 3 * x - 2 + 0.1 * rng.standard_normal(20))
    eps = 1e-6
    for w, b in [(0.3, -1.0), (2.5, 4.0)]:
        numeric = [(loss.value(w + eps, b) - loss.value(w - eps, b)) / (2 * eps),
                   (loss.value(w, b + eps) - loss.value(w, b - eps)) / (2 * eps)]
        assert loss.gradient(w, b) == pytest.approx(numeric, rel=1e-6)
        batch = [1, 4, 7]
        part = LinearRegressionLoss(x[batch], loss.y[batch])
        assert loss.gradient(w, b, batch) == pytest.approx(part.gradient(w, b))
    # the one-point formula from the sums equals the pass over the data
    assert loss.value(0.7, -0.2) == pytest.approx(float(loss.value(np.array([0.7]), np.array([-0.2]))[0]), rel=1e-12)
    assert loss.gradient(*loss.argmin) == pytest.approx([0, 0], abs=1e-12)
