"""The architecture widget: parameter counts, the drawn layout, neuron captions and refused sizes."""

from __future__ import annotations

import json

import pytest

from engine.widgets.protocol import dispatch
from engine.widgets.errors import WidgetInputError
from engine.widgets.kit.network_layout import network_layout
from engine.network import Network


def _count_by_hand(sizes):
    """n_l * n_{l-1} weights plus n_l biases per layer, summed: the formula of chapter 3, written out."""
    return sum(n * n_prev + n for n_prev, n in zip(sizes[:-1], sizes[1:]))


def test_the_chapter_network_has_101_parameters():
    frame = dispatch("architecture", "initial", {})
    assert frame["state"]["sizes"] == [4, 8, 6, 1]
    # 8*4 + 8 = 40, 6*8 + 6 = 54, 1*6 + 1 = 7
    assert [row["params"] for row in frame["shapes"]] == [40, 54, 7]
    assert frame["total"] == 101
    assert frame["weights"] + frame["biases"] == 101
    assert "101 parameters in total" in frame["description"]


@pytest.mark.parametrize("sizes", [[4, 8, 6, 6, 1], [1, 1], [16, 16, 16, 16, 16, 16, 16], [3, 5, 2], [2, 1, 9, 3]])
def test_counts_and_shapes_agree_with_a_built_network(sizes):
    frame = dispatch("architecture", "evaluate", {"sizes": sizes})
    # An independent route to the same number: build the network and count its arrays.
    assert frame["total"] == Network(sizes, "relu").param_count() == _count_by_hand(sizes)
    for l, row in enumerate(frame["shapes"], start=1):
        assert row["W"] == [sizes[l], sizes[l - 1]]
        assert row["b"] == [sizes[l], 1]
    assert frame["weights"] == sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    assert frame["biases"] == sum(sizes[1:])


def test_adding_a_hidden_layer_of_six_adds_42_parameters():
    before = dispatch("architecture", "evaluate", {"sizes": [4, 8, 6, 1]})["total"]
    after = dispatch("architecture", "evaluate", {"sizes": [4, 8, 6, 6, 1]})["total"]
    assert after - before == 6 * 6 + 6


def test_every_neuron_is_placed_inside_the_box_without_overlap():
    sizes = [4, 16, 3, 1]
    frame = dispatch("architecture", "evaluate", {"sizes": sizes})
    layout = frame["layout"]
    x0, x1, y0, y1 = layout["box"]
    r = layout["radius"]
    assert [len(column) for column in layout["positions"]] == sizes
    for column in layout["positions"]:
        xs = {p[0] for p in column}
        assert len(xs) == 1, "a layer is one column"
        ys = [p[1] for p in column]
        assert all(y0 + r <= y <= y1 - r for y in ys)
        assert all(a - b >= 2 * r for a, b in zip(ys, ys[1:])), "neurons are drawn top down and do not overlap"
    columns = [column[0][0] for column in layout["positions"]]
    assert columns == sorted(columns) and x0 + r <= columns[0] and columns[-1] <= x1 - r
    assert columns[1] - columns[0] >= 2 * r


def test_layers_are_centred_on_the_middle_of_the_box():
    layout = network_layout([2, 5, 1])
    middle = layout["box"][3] / 2
    for column in layout["positions"]:
        ys = [p[1] for p in column]
        assert sum(ys) / len(ys) == pytest.approx(middle)


def test_a_neuron_says_which_weights_it_receives():
    frame = dispatch("architecture", "initial", {})
    assert frame["neurons"][2][2].startswith("neuron 3 of layer 2 receives 8 weights w[2]_{3,1..8}")
    assert "and a bias b[2]_3" in frame["neurons"][2][2]
    assert "output layer" in frame["neurons"][3][0] and "6 weights" in frame["neurons"][3][0]
    assert "no weights" in frame["neurons"][0][1]
    one_input = dispatch("architecture", "evaluate", {"sizes": [1, 2]})
    assert "receives 1 weight w[1]_{2,1}" in one_input["neurons"][1][1]
    assert [len(c) for c in frame["neurons"]] == [4, 8, 6, 1]


@pytest.mark.parametrize(("sizes", "field", "reason"), [
    ([4], "sizes", "2 to 7 layers"),
    ([1, 2, 3, 4, 5, 6, 7, 8], "sizes", "2 to 7 layers"),
    ([4, 17, 1], "sizes[1]", "between 1 and 16"),
    ([4, 8, 0], "sizes[2]", "between 1 and 16"),
    ([2.5, 3], "sizes[0]", "integer"),
    ([4, "8", 1], "sizes[1]", "integer"),
    ([4, True, 1], "sizes[1]", "integer"),
    ("4,8,1", "sizes", "list"),
])
def test_out_of_range_sizes_are_refused_naming_the_field(sizes, field, reason):
    with pytest.raises(WidgetInputError) as error:
        dispatch("architecture", "evaluate", {"sizes": sizes})
    assert error.value.field == field
    assert reason in error.value.reason


def test_evaluate_needs_sizes_and_initial_knows_its_options():
    with pytest.raises(WidgetInputError) as error:
        dispatch("architecture", "evaluate", {})
    assert error.value.field == "sizes"
    with pytest.raises(WidgetInputError) as error:
        dispatch("architecture", "initial", {"layers": [2, 2]})
    assert error.value.field == "layers"


def test_the_frame_is_plain_json():
    frame = dispatch("architecture", "evaluate", {"sizes": [16] * 7})
    assert json.loads(json.dumps(frame)) == frame
