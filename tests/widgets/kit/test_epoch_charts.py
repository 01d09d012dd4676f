"""Per-epoch chart layouts and the thinned loss history."""

from __future__ import annotations

from engine.widgets.kit.epoch_charts import bar_chart, line_chart, record_thinned


def test_bars_stand_on_zero_in_their_epoch_slot():
    chart = bar_chart([3, 0, 4], min_top=4)
    assert chart["box"] == [0.0, 10.0, 0.0, 4.0]
    for k, (bar, height) in enumerate(zip(chart["bars"], [3, 0, 4])):
        xs = {x for x, _ in bar}
        assert min(xs) > k and max(xs) < k + 1
        assert sorted({y for _, y in bar}) == sorted({0.0, float(height)})
    assert {t["label"] for t in chart["x_ticks"]} <= {str(k) for k in range(1, 11)}
    assert all(float(t["label"]).is_integer() for t in chart["y_ticks"])


def test_a_line_chart_box_holds_every_point():
    chart = line_chart([[0, 0.7], [50, 0.2], [120, 0.05]])
    x0, x1, y0, y1 = chart["box"]
    assert x0 == 0 and x1 == 120 and y0 == 0 and y1 > 0.7
    assert all(y0 <= t["value"] <= y1 for t in chart["y_ticks"])


def test_the_thinned_history_stays_bounded_and_evenly_spaced():
    losses, stride = [[0, 1.0]], 1
    epoch = 0
    for _ in range(40):
        values = [1.0 / (epoch + k + 2) for k in range(25)]
        losses, stride = record_thinned(losses, stride, values, epoch + 1, max_points=50)
        epoch += 25
    assert len(losses) <= 50 and stride == 32
    assert [e for e, _ in losses] == list(range(0, epoch + 1, stride))
    assert all(v == 1.0 / (e + 1) for e, v in losses)
