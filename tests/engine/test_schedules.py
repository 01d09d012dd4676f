"""Learning-rate schedules: the shapes the book describes (golden tests compare with torch)."""

from __future__ import annotations

import json
import math

import pytest

from engine.schedules import SCHEDULE_NAMES, get_schedule, schedule_from_dict


def test_step_decay_multiplies_by_gamma_every_step_size_epochs():
    s = get_schedule("step", 0.1, step_size=30, gamma=0.1)  # the book's example
    assert s.lr_at(0) == s.lr_at(29) == 0.1
    assert s.lr_at(30) == pytest.approx(0.01) and s.lr_at(60) == pytest.approx(0.001)


def test_exponential_and_constant():
    assert get_schedule("exponential", 1.0, gamma=0.5).curve(4) == [1.0, 0.5, 0.25, 0.125]
    assert get_schedule("constant", 0.3).curve(3) == [0.3, 0.3, 0.3]


def test_cosine_restarts_fall_and_jump_back():
    s = get_schedule("cosine_restarts", 1.0, T_0=4, T_mult=2, eta_min=0.0)
    curve = s.curve(13)
    # periods of 4 then 8 epochs: restarts at epochs 0, 4, 12
    assert [e for e, lr in enumerate(curve) if lr == 1.0] == [0, 4, 12]
    assert curve[2] == pytest.approx(0.5)  # half way down the first period
    assert curve[8] == pytest.approx(0.5)  # half way down the second
    assert all(a > b for a, b in zip(curve[4:11], curve[5:12]))


def test_warmup_rises_linearly_then_decays_to_eta_min_and_stays():
    s = get_schedule("warmup_cosine", 1.0, warmup_epochs=4, decay_epochs=10, start_factor=0.2, eta_min=0.01)
    curve = s.curve(20)
    assert curve[:5] == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])
    assert curve[9] == pytest.approx(0.01 + 0.99 * 0.5)
    assert curve[14:] == pytest.approx([0.01] * 6)
    assert max(curve) == 1.0 and math.isclose(min(curve), 0.01)


def test_round_trip_and_validation():
    assert SCHEDULE_NAMES == ["constant", "step", "exponential", "cosine_restarts", "warmup_cosine"]
    for name in SCHEDULE_NAMES:
        s = get_schedule(name, 0.05)
        t = schedule_from_dict(json.loads(json.dumps(s.to_dict())))
        assert t.curve(30) == s.curve(30)
    with pytest.raises(ValueError, match="unknown schedule"):
        get_schedule("polynomial", 0.1)
    with pytest.raises(ValueError):
        get_schedule("step", 0.1, step_size=0)
    with pytest.raises(ValueError, match="step"):
        get_schedule("step", 0.1, T_0=3)
