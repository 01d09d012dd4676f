"""The convolution explorer against convolution and max-pooling written out here as plain loops."""

from __future__ import annotations

import numpy as np
import pytest

from engine.widgets import convolution_explorer as demo
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch


def reference_conv(image, kernel, stride, padding):
    padded = np.pad(image, padding)
    k = kernel.shape[0]
    out = (padded.shape[0] - k) // stride + 1
    return np.array([[np.sum(padded[i * stride:i * stride + k, j * stride:j * stride + k] * kernel)
                      for j in range(out)] for i in range(out)])


@pytest.mark.parametrize("kernel", ["vertical_edge", "horizontal_edge", "blur", "sharpen"])
@pytest.mark.parametrize("stride,padding", [(1, 0), (2, 1), (3, 2), (1, 2)])
def test_feature_map_is_the_sum_of_products_at_every_window(kernel, stride, padding):
    r = dispatch("convolution-explorer", "initial", {"kernel": kernel, "stride": stride, "padding": padding, "image": "cross"})
    expected = reference_conv(np.array(r["image"]), np.array(demo.KERNELS[kernel][1], dtype=float), stride, padding)
    np.testing.assert_allclose(r["feature_map"], expected, atol=1e-4)
    assert r["formula"]["out"] == len(expected) == (8 + 2 * padding - 3) // stride + 1
    assert f"= {len(expected)}" in r["formula"]["text"]


def test_the_window_shows_its_patch_products_and_their_sum_which_is_the_map_entry():
    r = dispatch("convolution-explorer", "initial", {"stride": 2, "padding": 1, "window": 5, "image": "seven"})
    w = r["window"]
    out = r["formula"]["out"]
    assert (w["row"], w["col"]) == divmod(5, out)
    patch = np.array(r["padded"])[w["top"]:w["top"] + 3, w["left"]:w["left"] + 3]
    np.testing.assert_allclose(w["patch"], patch)
    np.testing.assert_allclose(w["products"], patch * np.array(r["kernel"]), atol=1e-4)
    assert w["sum"] == pytest.approx(np.sum(w["products"]), abs=1e-3)
    assert w["sum"] == pytest.approx(r["feature_map"][w["row"]][w["col"]], abs=1e-4)


def test_a_window_past_the_last_position_uses_the_last_and_says_which():
    r = dispatch("convolution-explorer", "initial", {"window": 99})
    assert r["window"]["index"] == 35 and (r["window"]["row"], r["window"]["col"]) == (5, 5)
    assert "row 6, column 6" in r["description"]


def test_max_pooling_keeps_the_largest_value_of_each_window():
    for pool in (1, 2, 3):
        r = dispatch("convolution-explorer", "initial", {"pool": pool, "kernel": "sharpen", "image": "diagonal"})
        fmap = np.array(r["feature_map"])
        n = fmap.shape[0] // pool
        expected = [[fmap[i * pool:(i + 1) * pool, j * pool:(j + 1) * pool].max() for j in range(n)] for i in range(n)]
        np.testing.assert_allclose(r["pooled"], expected)


def test_a_pooling_window_larger_than_the_map_is_explained_not_drawn():
    r = dispatch("convolution-explorer", "initial", {"stride": 3, "pool": 3})
    assert r["pooled"] is None
    assert "does not fit in the 2 × 2 feature map" in r["pool_note"]


def test_the_typed_in_kernel_is_used_only_when_chosen():
    weights = [0, 0, 0, 0, 2, 0, 0, 0, 0]
    typed = dispatch("convolution-explorer", "initial", {"kernel": "custom", "weights": weights, "padding": 1})
    np.testing.assert_allclose(typed["feature_map"], 2 * np.array(typed["image"]))
    preset = dispatch("convolution-explorer", "initial", {"kernel": "blur", "weights": weights})
    np.testing.assert_allclose(preset["kernel"], np.full((3, 3), 1 / 9), atol=1e-4)


def test_refusals_name_the_field():
    with pytest.raises(WidgetInputError) as e:
        dispatch("convolution-explorer", "initial", {"stride": 4})
    assert e.value.field == "stride"
    with pytest.raises(WidgetInputError) as e:
        dispatch("convolution-explorer", "initial", {"kernel": "custom", "weights": [1] * 8})
    assert e.value.field == "weights"
