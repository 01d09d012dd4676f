"""The forward-pass widget: each step's numbers, the growing cache, batch shapes and broadcasting."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from engine.widgets.protocol import dispatch
from engine.book_numbers import ch05
from engine.widgets.errors import WidgetInputError


def _by_hand(params, x):
    """z and a of every layer for input columns x, from the definitions: ReLU hidden layers, sigmoid output."""
    a, out = np.array(x, dtype=float), []
    for l, p in enumerate(params, start=1):
        z = np.array(p["W"]) @ a + np.array(p["b"])
        a = 1.0 / (1.0 + np.exp(-z)) if l == len(params) else np.maximum(z, 0.0)
        out.append((z, a))
    return out


def test_the_worked_example_uses_the_chapters_network_and_input():
    frame = dispatch("forward-pass", "initial", {"network": "example"})
    assert frame["sizes"] == ch05.SIZES
    assert frame["params"] == [{"W": p["W"], "b": p["b"]} for p in ch05.PARAMS]
    assert frame["state"]["x"] == np.ravel(ch05.X_SINGLE).tolist()
    assert frame["steps"] == 6 and frame["state"]["step"] == 0
    assert frame["view"]["kind"] == "input"


@pytest.mark.parametrize("network", ["example", "seeded"])
@pytest.mark.parametrize("x", [[1.0, 2.0], [-2.5, 0.3], [0.0, 0.0]])
def test_every_step_shows_the_numbers_of_the_definition(network, x):
    params = dispatch("forward-pass", "initial", {"network": network})["params"]
    expected = _by_hand(params, np.array(x).reshape(2, 1))
    for step in range(1, 7):
        frame = dispatch("forward-pass", "forward", {"network": network, "x": x, "step": step})
        view, l = frame["view"], (step + 1) // 2
        assert view["layer"] == l
        z, a = expected[l - 1]
        if step % 2:
            assert view["kind"] == "linear"
            assert view["W"] == params[l - 1]["W"] and view["b"] == params[l - 1]["b"]
            a_prev = np.array(x).reshape(2, 1) if l == 1 else expected[l - 2][1]
            assert np.array(view["a_prev"]) == pytest.approx(a_prev, abs=1e-12)
            assert np.array(view["Wa"]) == pytest.approx(np.array(params[l - 1]["W"]) @ a_prev, abs=1e-12)
            assert np.array(view["z"]) == pytest.approx(z, abs=1e-12)
        else:
            assert view["kind"] == "activation"
            assert view["activation"] == ("sigmoid" if l == 3 else "relu")
            assert np.array(view["a"]) == pytest.approx(a, abs=1e-12)
    assert frame["prediction"][0][0] == pytest.approx(expected[-1][1][0, 0], abs=1e-12)
    assert 0.0 < frame["prediction"][0][0] < 1.0


def test_the_cache_grows_by_one_entry_per_step():
    for step in range(7):
        frame = dispatch("forward-pass", "forward", {"step": step})
        names = [entry["name"] for entry in frame["cache"]]
        assert names == ["a[0]", "z[1]", "a[1]", "z[2]", "a[2]", "z[3]", "a[3]"][: step + 1]
    full = dispatch("forward-pass", "forward", {"step": 6, "x": [0.5, -1.0]})
    expected = _by_hand(full["params"], np.array([[0.5], [-1.0]]))
    for entry in full["cache"][1:]:
        z, a = expected[entry["layer"] - 1]
        assert np.array(entry["values"]) == pytest.approx(z if entry["kind"] == "z" else a, abs=1e-12)


def test_the_diagram_knows_z_before_a():
    known = dispatch("forward-pass", "forward", {"step": 3})["known"]
    assert [k["kind"] for k in known] == ["a", "a", "z", None]
    assert known[3]["values"] is None


@pytest.mark.parametrize("m", [1, 3, 8])
def test_batch_mode_stacks_samples_as_columns_and_broadcasts_b(m):
    x = [0.4, -1.2]
    frame = dispatch("forward-pass", "forward", {"x": x, "step": 3, "batch": True, "m": m})
    X = np.array(frame["X"])
    assert X.shape == (2, m) and X[:, 0].tolist() == x
    view = frame["view"]
    n, n_prev = frame["sizes"][2], frame["sizes"][1]
    assert view["shapes"] == {"W": [n, n_prev], "a_prev": [n_prev, m], "b": [n, 1], "z": [n, m]}
    b = np.array(view["b"])
    assert np.array(view["b_broadcast"]) == pytest.approx(np.repeat(b, m, axis=1))
    # Column j of the batch is exactly the single-sample pass of sample j.
    for j in range(m):
        single = dispatch("forward-pass", "forward", {"x": X[:, j].tolist(), "step": 3})["view"]["z"]
        assert np.array(view["z"])[:, j] == pytest.approx(np.array(single)[:, 0], abs=1e-12)


def test_batch_inputs_keep_their_columns_as_m_grows():
    small = np.array(dispatch("forward-pass", "forward", {"batch": True, "m": 3})["X"])
    large = np.array(dispatch("forward-pass", "forward", {"batch": True, "m": 8})["X"])
    assert large[:, :3].tolist() == small.tolist()
    assert small[:, 1:].tolist() == np.array(ch05.X_BATCH)[:, 1:3].tolist()


def test_seeded_weights_are_reproducible_and_rounded_to_hundredths():
    a = dispatch("forward-pass", "forward", {"network": "seeded", "seed": 11})["params"]
    b = dispatch("forward-pass", "forward", {"network": "seeded", "seed": 11})["params"]
    c = dispatch("forward-pass", "forward", {"network": "seeded", "seed": 12})["params"]
    assert a == b and a != c
    assert [len(p["W"]) for p in a] == [3, 3, 1]
    for p in a:
        w = np.array(p["W"])
        assert np.allclose(w * 100, np.round(w * 100))


@pytest.mark.parametrize(("args", "field"), [
    ({"step": 7}, "step"),
    ({"step": -1}, "step"),
    ({"x": [1.0, 2.0, 3.0]}, "x"),
    ({"x": [4.0, 0.0]}, "x[0]"),
    ({"m": 0}, "m"),
    ({"m": 9}, "m"),
    ({"batch": "yes"}, "batch"),
    ({"network": "bigger"}, "network"),
    ({"seed": -1}, "seed"),
])
def test_invalid_inputs_name_their_field(args, field):
    with pytest.raises(WidgetInputError) as error:
        dispatch("forward-pass", "forward", args)
    assert error.value.field == field


def test_initial_refuses_unknown_options_and_the_frame_is_plain_json():
    with pytest.raises(WidgetInputError) as error:
        dispatch("forward-pass", "initial", {"layers": 3})
    assert error.value.field == "layers"
    frame = dispatch("forward-pass", "forward", {"step": 6, "batch": True, "m": 8, "x": [3.0, -3.0]})
    assert json.loads(json.dumps(frame)) == frame
    assert "prediction ŷ" in frame["description"]


def test_concurrent_calls_share_the_network_without_mixing_their_passes():
    """The server runs calls on several threads and the demo reuses one network per (kind, seed)."""
    from concurrent.futures import ThreadPoolExecutor

    params = dispatch("forward-pass", "initial", {})["params"]
    inputs = [[round(-3 + 0.1 * (i % 60), 1), round(2.9 - 0.1 * (i % 59), 1)] for i in range(600)]

    def run(x):
        return x, dispatch("forward-pass", "forward", {"x": x, "step": 6, "batch": True, "m": 8})

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so a missing lock shows
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            frames = list(pool.map(run, inputs))
    finally:
        sys.setswitchinterval(interval)
    for x, frame in frames:
        expected = _by_hand(params, np.array(frame["X"]))
        assert np.array(frame["X"])[:, 0].tolist() == x
        assert np.array(frame["prediction"]) == pytest.approx(expected[-1][1], abs=1e-12)
        assert np.array(frame["cache"][3]["values"]) == pytest.approx(expected[1][0], abs=1e-12)
