"""A playground run trains through the fused step where it applies, with the general path's numbers.

The two paths round some sums in another order (engine/flat_mlp.py folds the bias into the product), so
they agree to ~1e-16 per step. A run whose training is unstable -- momentum 0.9 at learning rate 0.03 on
six tanh layers, whose loss jumps back up every few epochs -- multiplies such differences by about ten per
epoch; there no two implementations that round differently agree for long (CPython's BLAS and the
browser's numpy do not either). The configurations below train stably, and agree to 1e-12."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from engine.flat_mlp import FlatMLP
from engine.optimizers import OPTIMIZER_NAMES
from engine.widgets.errors import WidgetInputError
from engine.widgets.playground.frame import grid_maps
from engine.widgets.playground.glue import ParamAccess
from engine.widgets.playground.model_json import export_model, import_model
from engine.widgets.playground.run import Run
from engine.widgets.playground.table import OPTIONS

LARGEST = {"layers": [8] * 6}


def _general(options: dict) -> Run:
    """The same run with the fused step switched off: every batch through Network and the optimiser's dicts."""
    run = Run(options)
    run.flat = None
    run.access = ParamAccess(run.net)
    return run


def _assert_same(fused: Run, general: Run, rows_f, rows_g):
    assert fused.flat is not None and general.flat is None
    assert fused.status == general.status and fused.message == general.message
    assert fused.epoch == general.epoch
    np.testing.assert_allclose(np.array(rows_f), np.array(rows_g), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fused.grad_norms, general.grad_norms, rtol=1e-12, atol=1e-12)
    for name, p in general.net.params.items():
        np.testing.assert_allclose(fused.net.params[name], p, rtol=1e-12, atol=1e-12, err_msg=name)
    for slot, arrays in general.optimizer.state.items():
        for name, s in arrays.items():
            np.testing.assert_allclose(fused.optimizer.state[slot][name], s, rtol=1e-12, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("changes", [
    {},
    {"optimizer": "momentum", "lr": 0.01, "schedule": "step"},
    {"optimizer": "nesterov", "activation": "relu", "lr": 0.003},
    {"optimizer": "rmsprop", "lr": 0.003, "schedule": "exponential"},
    {"optimizer": "adam", "lr": 0.003, "schedule": "warmup_cosine"},
    {"regularization": "l2", "reg_rate": 0.01, "activation": "sigmoid"},
    {"regularization": "l1", "reg_rate": 0.003, "optimizer": "adam", "lr": 0.003},
    {"dataset": "spiral", "classes": 4, "f_sinx1": True},   # softmax and cross-entropy
    {"dataset": "multigauss"},                               # regression: mse
    {"batch": 7, "layers": [3, 1], "activation": "linear"},  # a short last batch
    {"early_stop": True, "patience": 5, "noise": 50, "lr": 0.1, "dataset": "spiral"},  # stops at epoch 6
])
def test_fused_run_equals_the_general_run(changes):
    options = OPTIONS.validate({**LARGEST, **changes})
    fused, general = Run(options), _general(options)
    rows_f, rows_g = fused.train(14), general.train(14)
    assert rows_f and len(rows_f) == len(rows_g)
    assert fused.status == ("early_stopped" if options["early_stop"] else "ok")
    _assert_same(fused, general, rows_f, rows_g)


def test_divergence_is_found_as_on_the_general_path():
    options = OPTIONS.validate({**LARGEST, "dataset": "plane", "activation": "relu", "lr": 10})
    fused, general = Run(options), _general(options)
    rows_f, rows_g = fused.train(20), general.train(20)
    assert fused.status == "diverged" and "lower the learning rate" in fused.message
    _assert_same(fused, general, rows_f or [[0, 0, 0]], rows_g or [[0, 0, 0]])
    assert all(np.isfinite(p).all() for p in fused.net.params.values()), "the weights of before the divergence"


def test_batch_norm_and_dropout_train_on_the_general_path():
    for changes in ({"batch_norm": True}, {"dropout": 0.1}):
        run = Run(OPTIONS.validate({**LARGEST, **changes}))
        assert run.flat is None
        assert run.train(2) and run.status == "ok"


def test_an_imported_run_continues_the_fused_way_with_the_same_numbers():
    options = OPTIONS.validate({**LARGEST, "optimizer": "adam", "lr": 0.01})
    run = Run(options)
    run.train(5)
    copy = import_model(export_model(run))
    assert copy.flat is not None
    np.testing.assert_array_equal(copy.flat.flat, run.flat.flat)
    rows, rows_copy = run.train(5), copy.train(5)
    assert rows == rows_copy
    np.testing.assert_array_equal(copy.flat.flat, run.flat.flat)


@pytest.mark.parametrize("optimizer", OPTIMIZER_NAMES)
def test_every_optimiser_agrees_across_calls_and_an_import_and_binds_its_state_once(optimizer, monkeypatch):
    """Trained as the page asks (a few epochs per call), exported and imported half way: the fused run's
    numbers stay the general path's, and each FlatMLP binds the optimiser's state once, when it is built."""
    binds = []
    bind = FlatMLP.bind
    monkeypatch.setattr(FlatMLP, "bind", lambda self: (binds.append(id(self)), bind(self))[1])
    options = OPTIONS.validate({**LARGEST, "optimizer": optimizer, "lr": 0.003 if optimizer != "sgd" else 0.03})
    fused, general = Run(options), _general(options)
    rows_f, rows_g = [], []
    for _ in range(3):
        rows_f += fused.train(3)
        rows_g += general.train(3)
    fused = import_model(export_model(fused))  # the moments and the step count travel with the model
    for _ in range(2):
        rows_f += fused.train(3)
        rows_g += general.train(3)
    assert len(rows_f) == 15 and rows_f[-1][1] < rows_f[0][1], "it learned"
    _assert_same(fused, general, rows_f, rows_g)
    assert fused.optimizer.t == general.optimizer.t > 0
    for slot, views in fused.flat.state_views.items():
        assert fused.optimizer.state[slot] is views, "the state is still the flat buffers' views"
    assert len(binds) == 3 and len(set(binds)) == 3, "once per FlatMLP: the two fused runs and _general's"
    maps_f, maps_g = grid_maps(fused), grid_maps(general)  # the frame's pictures from either forward pass
    pictures = [(maps_f["output"], maps_g["output"])] + list(zip(sum(maps_f["neurons"], []), sum(maps_g["neurons"], [])))
    assert len(pictures) == 1 + 2 + 6 * 8
    for f, g in pictures:  # one byte per cell; values agree to 1e-12, so a byte at most one step apart
        diff = np.frombuffer(base64.b64decode(f), np.uint8).astype(int) - np.frombuffer(base64.b64decode(g), np.uint8)
        assert np.abs(diff).max() <= 1


def test_an_import_whose_moments_do_not_fit_the_network_is_refused():
    run = Run(OPTIONS.validate({**LARGEST, "optimizer": "adam", "lr": 0.01}))
    run.train(2)
    model = export_model(run)
    model["optimizer"]["state"]["m"]["W[1]"] = [[0.0]]
    with pytest.raises(WidgetInputError, match="shape"):
        import_model(model)
    del model["optimizer"]["state"]["v"]["W[2]"]
    with pytest.raises(WidgetInputError, match="does not match"):
        import_model(model)

