"""The numbers Chapters 6–10 quote, and the claims their prose makes about them.

Each chapter module computes its values with the engine; these tests check
them against independent closed forms where one exists, and otherwise check
the qualitative statement the chapter's text makes next to the number
("cross-entropy's gradient is about 200 times larger", "the error shrinks
about fourfold"), so an engine change that falsifies the prose fails here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.book_numbers import book_numbers, ch06, ch07, ch08, ch09, ch10
from engine.layers import BatchNorm


def test_every_key_is_prefixed_with_its_chapter():
    for module, prefix in ((ch06, "ch06_"), (ch07, "ch07_"), (ch08, "ch08_"), (ch09, "ch09_"), (ch10, "ch10_")):
        assert module.NUMBERS and all(key.startswith(prefix) for key in module.NUMBERS)


def test_all_values_are_non_empty_strings():
    numbers = book_numbers()
    for module in (ch06, ch07, ch08, ch09, ch10):
        for key in module.NUMBERS:
            assert isinstance(numbers[key], str) and numbers[key].strip(), key


# --- Chapter 6 -----------------------------------------------------------------------


def test_mse_example_is_the_mean_of_the_squared_errors():
    assert ch06.NUMBERS["ch06_mse_example"]() == "0.17"  # (0.25 + 0.25 + 0.01) / 3


def test_gradient_ratio_is_one_over_twice_the_sigmoid_slope():
    for z in ch06.GRADIENT_TABLE_LOGITS:
        y_hat, d_mse, d_bce = ch06.gradients_wrt_logit(z)
        assert y_hat == pytest.approx(1 / (1 + math.exp(-z)))
        assert d_bce == pytest.approx(y_hat - 1)
        assert d_bce / d_mse == pytest.approx(1 / (2 * y_hat * (1 - y_hat)))
    # the text: "about 203 times larger" at z = -6
    assert 150 < float(ch06.NUMBERS["ch06_ratio_at_minus6"]()) < 250


def test_cross_entropy_example_matches_minus_log_softmax():
    z = np.array([2.0, 1.0, 0.1])
    p = np.exp(z) / np.exp(z).sum()
    assert ch06.cce_for_class(0) == pytest.approx(-math.log(p[0]))
    assert ch06.cce_for_class(2) == pytest.approx(-math.log(p[2]))
    ratio = ch06.cce_for_class(2) / ch06.cce_for_class(0)
    assert int(ch06.NUMBERS["ch06_cce_ratio"]()) < ratio  # "more than N times larger"


def test_bce_table_climbs_without_bound_while_squared_error_stays_below_one():
    losses = [ch06.bce_for_positive(p) for p in ch06.BCE_TABLE_PREDICTIONS]
    assert losses == sorted(losses) and losses[-1] > 6
    assert losses[-1] == pytest.approx(-math.log(ch06.BCE_TABLE_PREDICTIONS[-1]))


# --- Chapter 7 -----------------------------------------------------------------------


def test_worked_example_agrees_with_a_hand_computation():
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    W1, b1 = np.array([[0.5, -0.4], [0.3, 0.8]]), np.array([[0.1], [-0.2]])
    W2, b2 = np.array([[0.7, -0.6]]), np.array([[0.05]])
    x, y = ch07.EXAMPLE_X, 1.0
    a1 = sig(W1 @ x + b1)
    a2 = sig(W2 @ a1 + b2)
    d2 = a2 - y
    d1 = (W2.T @ d2) * a1 * (1 - a1)
    trace, loss = ch07.example_trace()
    assert loss == pytest.approx(-math.log(a2[0, 0]))
    np.testing.assert_allclose(trace[1]["delta"], d2)
    np.testing.assert_allclose(trace[0]["delta"], d1)
    np.testing.assert_allclose(trace[1]["dW"], d2 @ a1.T)
    np.testing.assert_allclose(trace[0]["dW"], d1 @ x.T)
    # the signs the text discusses
    assert d2[0, 0] < 0 and np.all(trace[1]["dW"] < 0)
    assert d1[0, 0] < 0 < d1[1, 0]


def test_one_update_lowers_the_loss_and_gradients_pass_the_check():
    assert ch07.loss_after_one_step() < ch07.example_trace()[1]
    assert ch07.example_gradient_check() < 1e-7  # "below about 1e-7 is a pass"
    assert ch07.example_network().param_count() == 9


def test_quarter_to_the_tenth():
    assert ch07.NUMBERS["ch07_quarter_pow_10"]() == "$9.537 \\times 10^{-7}$"  # 1 / 4**10 = 9.5367e-7


def test_sigmoid_gradients_vanish_and_relu_gradients_do_not():
    sigmoid = ch07.mean_abs_delta_per_layer("sigmoid", "xavier_normal")
    relu = ch07.mean_abs_delta_per_layer("relu", "he_normal")
    assert all(earlier < later for earlier, later in zip(sigmoid, sigmoid[1:]))  # shrinks towards the input
    assert sigmoid[-1] / sigmoid[0] > 1e4
    assert 0.25 < relu[-1] / relu[0] < 4


# --- Chapter 8 -----------------------------------------------------------------------


def test_updates_per_epoch():
    assert ch08.updates_per_epoch(50_000, 128) == 391
    assert ch08.updates_per_epoch(100, 1) == 100


def test_full_batch_progresses_least_per_epoch():
    table = ch08.batch_size_table()
    losses = [float(row.split("|")[3]) for row in table.splitlines()[2:5]]
    assert losses[0] > max(losses[1:])


def test_optimizer_comparison_supports_the_text():
    costs = {name: ch08.bowl_costs(name, lr, kw) for _, name, lr, kw in ch08.OPTIMIZER_RUNS}
    start = ch08.bowl_cost(ch08.BOWL_START)
    assert all(c[100] < start for c in costs.values())
    assert costs["momentum"][10] > costs["sgd"][10]  # overshoots at first
    assert costs["momentum"][100] < costs["sgd"][100] / 5  # then ends well ahead
    assert costs["rmsprop"][100] < costs["sgd"][100] and costs["adam"][100] < costs["sgd"][100]


def test_adam_bias_correction_figures():
    assert ch08.adam_uncorrected_first_step() == pytest.approx(0.1 / math.sqrt(0.001))
    assert ch08.adam_first_step(gradient=3.0, lr=0.01) == pytest.approx(0.01, rel=1e-6)
    assert ch08.adam_first_step(gradient=-1e-3, lr=0.01) == pytest.approx(0.01, rel=1e-4)


def test_schedules_follow_their_formulas():
    table = ch08.schedule_table().splitlines()[2:]
    rows = {int(r.split("|")[1]): [float(c) for c in r.split("|")[2:5]] for r in table}
    for t, (step, cosine, warm) in rows.items():
        assert step == pytest.approx(0.1 * 0.1 ** (t // 30), abs=5e-5)
        assert cosine == pytest.approx(0.05 * (1 + math.cos(math.pi * (t % 25) / 25)), abs=5e-5)
        if t < 5:
            assert warm == pytest.approx(0.1 * (0.1 + 0.9 * t / 5), abs=5e-5)


def test_batch_norm_example_is_standardised():
    out = BatchNorm(1).forward(ch08.BN_BATCH.copy(), training=True)[0]
    expected = (ch08.BN_BATCH[0] - 3.0) / math.sqrt(3.5 + 1e-5)
    np.testing.assert_allclose(out, expected)


def test_initialization_depth_experiment_supports_the_text():
    small = ch08.activation_stds("tanh", "normal")
    tanh_xavier = ch08.activation_stds("tanh", "xavier_normal")
    relu_xavier = ch08.activation_stds("relu", "xavier_normal")
    relu_he = ch08.activation_stds("relu", "he_normal")
    assert small[-1] < 1e-6  # "too small a scale makes the signal die out"
    assert 0.1 < tanh_xavier[-1] < tanh_xavier[0]  # alive, slowly shrinking
    per_layer = (relu_xavier[-1] / relu_xavier[0]) ** (1 / 9)
    assert per_layer == pytest.approx(1 / math.sqrt(2), abs=0.08)  # "a factor of about sqrt 2 every layer"
    assert 0.7 < relu_he[-1] / relu_he[0] < 1.4  # "holds it steady"


# --- Chapter 9 -----------------------------------------------------------------------


def test_mlp_counts():
    assert ch09.param_count([784, 512, 512, 10]) == 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10
    assert ch09.forward_flops([20, 64, 64, 1]) == 2 * (20 * 64 + 64 * 64 + 64)


# --- Chapter 10 ----------------------------------------------------------------------


def test_convolution_sizes_and_parameter_sharing():
    assert ch10.conv_output_size(5) == 32 - 5 + 1
    assert ch10.conv_output_size(5, padding=2) == 32
    assert ch10.conv_output_size(3, padding=1, stride=2) == (32 + 2 - 3) // 2 + 1
    assert ch10.conv_param_count() == 64 * 3 * 3 * 3 + 64
    assert ch10.dense_equivalent_params() == 3072 * 65536 + 65536


def test_edge_detector_fires_only_at_the_boundary():
    response = ch10.edge_response()
    assert response.shape == (3, 3)
    assert np.all(response[:, :2] != 0) and np.all(response[:, 2] == 0)


def test_rnn_parameter_count():
    assert ch10.rnn_param_count(10, 32) == 32 * (10 + 32 + 1)


def test_attention_example():
    weights, out = ch10.attention_example()
    X = ch10.ATTENTION_X
    scores = X @ X.T / math.sqrt(2)
    expected = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(weights, expected)
    np.testing.assert_allclose(out, expected @ X)
    assert weights[0, 0] == pytest.approx(weights[0, 2]) and weights[0, 1] < weights[0, 0]


def test_dropout_averages_match_their_expectations():
    assert ch08.dropout_training_mean("inverted") == pytest.approx(1.0, abs=0.01)
    assert ch08.dropout_training_mean("classic") == pytest.approx(1 - ch08.DROPOUT_P, abs=0.01)


def test_staircase_network_error_shrinks_about_fourfold_per_fourfold_width():
    errors = [ch09.staircase_network_error(n) for n in ch09.UAT_WIDTHS]
    ratios = [a / b for a, b in zip(errors, errors[1:])]
    assert all(3 < r < 6 for r in ratios), ratios
