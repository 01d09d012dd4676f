"""The numbers chapters 2-5 quote, and the claims their text makes about them.

The chapters say things like "the second hidden neuron is switched off" or
"(1, 1) sits right on the boundary" next to engine-computed numbers. These
tests recompute the same quantities independently (plain Python / NumPy
arithmetic from the definitions) and check both the numbers and the claims,
so a change in the engine or in the chosen weights cannot silently make the
prose wrong.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.widgets import protocol
from engine.book_numbers import book_numbers, ch02, ch03, ch04, ch05

CONTENT = Path(__file__).resolve().parents[3] / "content"
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")
AND_INPUTS = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


# --- every key the chapters use exists, and every key defined here is used --------


@pytest.mark.parametrize("chapter", ["01-history", "02-perceptron", "03-architecture", "04-activations", "05-forward-propagation"])
def test_chapter_keys_are_defined(chapter):
    used = set(PLACEHOLDER.findall((CONTENT / f"{chapter}.md").read_text(encoding="utf-8")))
    assert used <= set(book_numbers()), f"undefined: {sorted(used - set(book_numbers()))}"


@pytest.mark.parametrize("module, chapter", [(ch02, "02-perceptron"), (ch03, "03-architecture"), (ch04, "04-activations"), (ch05, "05-forward-propagation")])
def test_no_dead_keys(module, chapter):
    used = set(PLACEHOLDER.findall((CONTENT / f"{chapter}.md").read_text(encoding="utf-8")))
    assert set(module.NUMBERS) <= used, f"defined but never quoted: {sorted(set(module.NUMBERS) - used)}"


# --- chapter 2: the perceptron on AND ---------------------------------------------------


def _and_run_by_hand():
    """The learning rule written out from its definition, step(0) = 1."""
    w, b, eta = list(ch02.START_W), ch02.START_B, ch02.ETA
    rows = []
    for epoch in range(1, 21):
        mistakes = 0
        for x, y in zip(AND_INPUTS, [0.0, 0.0, 0.0, 1.0]):
            z = w[0] * x[0] + w[1] * x[1] + b
            y_hat = 1.0 if z >= 0 else 0.0
            w = [w[0] + eta * (y - y_hat) * x[0], w[1] + eta * (y - y_hat) * x[1]]
            b = b + eta * (y - y_hat)
            mistakes += y != y_hat
            rows.append((z, y_hat, tuple(w), b))
        if mistakes == 0:
            return rows, epoch, (tuple(w), b)
    raise AssertionError("no convergence")


def test_and_worked_example_matches_the_rule_by_hand():
    run = ch02.and_training_run()
    rows, epochs, (w, b) = _and_run_by_hand()
    assert run["epochs"] == epochs
    assert [(r["z"], r["y_hat"], tuple(r["w"]), r["b"]) for r in run["rows"]] == rows
    assert tuple(run["w"]) == w and run["b"] == b
    assert run["updates"] == sum(r["changed"] for r in run["rows"]) > 0
    table = ch02.and_table()
    assert table.count("\n") == 1 + len(rows)  # header, rule, one line per visit
    assert table.count("**") == 2 * run["updates"]  # updates are in bold


def test_and_result_claims_in_the_text():
    run = ch02.and_training_run()
    w, b = run["w"], run["b"]
    z = [w[0] * x1 + w[1] * x2 + b for x1, x2 in AND_INPUTS]
    # "every example was already correct"
    assert [1.0 if v >= 0 else 0.0 for v in z] == [0.0, 0.0, 0.0, 1.0]
    # "the point (1, 1) sits right on the boundary" / "still has a small weighted sum"
    assert z[3] == 0.0
    # the logistic-regression table: all classified correctly by sigma >= 1/2, none confident
    p = [sigmoid(v) for v in z]
    assert [pi >= 0.5 for pi in p] == [False, False, False, True]
    assert max(abs(pi - 0.5) for pi in p) < 0.4
    assert "0.500" in ch02.and_probabilities()


def test_perceptron_figure_replays_the_worked_example():
    """The text says pressing Step in the figure replays the table row by row."""
    numbers = book_numbers()
    options = {"dataset": "and", "w1": float(numbers["ch02_and_start_w1"]), "w2": float(numbers["ch02_and_start_w2"]),
               "b": float(numbers["ch02_and_start_b"]), "eta": float(numbers["ch02_and_eta"])}
    result = protocol.dispatch("perceptron", "initial", options)
    for row in ch02.and_training_run()["rows"]:
        result = protocol.dispatch("perceptron", "step", {"state": result["state"]})
        assert result["update"]["w_after"] == row["w"] and result["update"]["b_after"] == row["b"]
    assert result["converged"]


def test_exercise_and_quiz_numbers():
    # Exercise 1: w = (2, -1), b = -0.5 copies x1
    z, y_hat = ch02.exercise_outputs()
    assert z == [2 * x1 - x2 - 0.5 for x1, x2 in AND_INPUTS]
    assert y_hat == [x1 for x1, _ in AND_INPUTS]  # the text: "the unit simply copies x1"
    assert book_numbers()["ch02_ex1_z"] == ", ".join(f"{v:g}" for v in z)
    assert float(ch02.quiz_z()) == pytest.approx(1 + 1 - 1.5)
    assert float(book_numbers()["ch02_sigmoid_at_2"]) == pytest.approx(sigmoid(2), abs=5e-5)
    assert float(book_numbers()["ch02_sigmoid_at_0"]) == 0.5


# --- chapter 3: shapes and counts ------------------------------------------------------


def test_worked_example_has_101_parameters():
    numbers = book_numbers()
    assert numbers["ch03_total_params"] == "101"  # stated by the book's brief, counted by hand: 40 + 54 + 7
    assert (numbers["ch03_l1_params"], numbers["ch03_l2_params"], numbers["ch03_l3_params"]) == ("40", "54", "7")
    assert int(numbers["ch03_total_weights"]) + int(numbers["ch03_total_biases"]) == 101
    table = ch03.example_table()
    for shape in ("(8, 4)", "(8, 1)", "(6, 8)", "(6, 1)", "(1, 6)", "(1, 1)", "**101**"):
        assert shape in table


def test_counts_quoted_for_other_networks():
    def count(sizes):
        return sum(n * p + n for p, n in zip(sizes, sizes[1:]))

    numbers = book_numbers()
    assert numbers["ch03_wider_total"] == str(count([4, 16, 12, 1]))
    assert numbers["ch03_mnist_total"] == f"{count([784, 128, 64, 10]):,}"
    assert numbers["ch03_ex1_total"] == str(count([3, 5, 2]))
    assert int(numbers["ch03_ex5_total"]) == 101 + int(numbers["ch03_ex5_new_layer_params"]) == count([4, 8, 6, 6, 1])
    assert numbers["ch05_mnist_multiply_adds"] == f"{784 * 128 + 128 * 64 + 64 * 10:,}"


def test_xor_network_computes_xor_through_a_separable_hidden_layer():
    rows = [line.split("|")[1:5] for line in ch03.xor_hidden_table().splitlines()[2:]]
    hidden = {cells[0].strip(): cells[1].strip() for cells in rows}
    for x, h, out, label in rows:
        assert out.strip() == label.strip()
    # "(0,1) and (1,0) both land on the same point"
    assert hidden["(0, 1)"] == hidden["(1, 0)"]
    assert len({hidden["(0, 0)"], hidden["(1, 1)"], hidden["(0, 1)"]}) == 3


# --- chapter 4: activations -------------------------------------------------------------


def test_activation_numbers():
    numbers = book_numbers()
    assert float(numbers["ch04_sigmoid_derivative_max"]) == 0.25
    assert float(numbers["ch04_tanh_derivative_max"]) == 1.0
    assert float(numbers["ch04_sigmoid_derivative_max_pow_5"]) == pytest.approx(0.25**5, rel=1e-3)
    s5 = sigmoid(5.0)
    assert float(numbers["ch04_sigmoid_at_saturated"]) == pytest.approx(s5, abs=5e-5)
    assert float(numbers["ch04_sigmoid_derivative_at_saturated"]) == pytest.approx(s5 * (1 - s5), abs=5e-5)
    assert float(numbers["ch04_exp_limit"]) == pytest.approx(math.log(sys.float_info.max), abs=0.005)


def test_softmax_examples():
    numbers = book_numbers()
    e = [math.exp(v) for v in ch04.SOFTMAX_LOGITS]
    expected = [v / sum(e) for v in e]
    got = [float(v) for v in numbers["ch04_softmax_probs"].strip("()").split(",")]
    assert got == pytest.approx(expected, abs=5e-4)
    # the stable form: huge logits give the softmax of the shifted ones, (-2, -1, 0)
    e = [math.exp(v) for v in (-2.0, -1.0, 0.0)]
    huge = [float(v) for v in numbers["ch04_huge_probs"].strip("()").split(",")]
    assert huge == pytest.approx([v / sum(e) for v in e], abs=5e-4)
    assert float(numbers["ch04_uniform_softmax"]) == pytest.approx(1 / 3, abs=5e-5)


def test_saturation_thresholds_in_the_widget_exercise():
    numbers = book_numbers()
    z = float(numbers["ch04_sigmoid_tenth_z"])
    assert sigmoid(z) * (1 - sigmoid(z)) == pytest.approx(0.025, abs=0.002)
    z = float(numbers["ch04_tanh_tenth_z"])
    assert 1 - math.tanh(z) ** 2 == pytest.approx(0.1, abs=0.01)


# --- chapter 5: the forward pass ------------------------------------------------------------


def _forward_by_hand(params, x, activations):
    a = np.array(x, dtype=float)
    out = []
    for p, g in zip(params, activations):
        z = np.array(p["W"]) @ a + np.array(p["b"])
        a = np.maximum(z, 0) if g == "relu" else 1 / (1 + np.exp(-z))
        out.append((z, a))
    return out


def _matrix_values(latex: str) -> np.ndarray:
    body = latex.removeprefix("\\begin{pmatrix}").removesuffix("\\end{pmatrix}")
    return np.array([[float(v) for v in row.split("&")] for row in body.split("\\\\")])


def test_worked_forward_pass_matches_a_hand_computation():
    numbers = book_numbers()
    layers = _forward_by_hand(ch05.PARAMS, ch05.X_SINGLE, ch05.ACTIVATIONS)
    for l, (z, a) in enumerate(layers, start=1):
        assert _matrix_values(numbers[f"ch05_z{l}"]) == pytest.approx(z, abs=5e-5)
        if l < 3:
            assert _matrix_values(numbers[f"ch05_a{l}"]) == pytest.approx(a, abs=5e-5)
    assert float(numbers["ch05_yhat"]) == pytest.approx(layers[-1][1][0, 0], abs=5e-5)
    # claims of the text: ReLU switches off the second hidden neuron only; layer 2 passes both
    z1, z2 = layers[0][0].ravel(), layers[1][0].ravel()
    assert z1[1] < 0 and z1[0] > 0 and z1[2] > 0
    assert (z2 > 0).all()
    # "barely more than a coin flip"
    assert 0.5 < layers[-1][1][0, 0] < 0.6


def test_batch_gives_the_same_first_column():
    numbers = book_numbers()
    batch = _matrix_values(numbers["ch05_batch_Yhat"])
    assert batch.shape == (1, 3)
    assert batch[0, 0] == pytest.approx(float(numbers["ch05_yhat"]), abs=1e-12)
    for i in range(3):
        column = [[ch05.X_BATCH[0][i]], [ch05.X_BATCH[1][i]]]
        assert batch[0, i] == pytest.approx(_forward_by_hand(ch05.PARAMS, column, ch05.ACTIVATIONS)[-1][1][0, 0], abs=5e-5)


def test_exercise_forward_pass_and_cache_size():
    numbers = book_numbers()
    (z1, a1), (z2, a2) = _forward_by_hand(ch05.EXERCISE_PARAMS, ch05.EXERCISE_X, ["relu", "sigmoid"])
    assert z1[0, 0] < 0 < z1[1, 0]  # "the first hidden neuron is switched off"
    assert _matrix_values(numbers["ch05_ex_a1"]) == pytest.approx(a1)
    assert float(numbers["ch05_ex_yhat"]) == pytest.approx(a2[0, 0], abs=5e-5)
    cached = (784 + 2 * (128 + 64 + 10)) * 256
    assert numbers["ch05_cache_numbers"] == f"{cached:,}"
    assert float(numbers["ch05_cache_megabytes"]) == pytest.approx(cached * 8 / 1e6, abs=0.05)
