"""The Play loop's call sizing (static/js/playground/call-sizer.js), run in Chromium on measured-looking
call times: a call fills about one frame with training, and load never sends calls far past a frame."""

from __future__ import annotations

import pytest

from tests.browser.helpers import open_page

pytestmark = pytest.mark.browser

# Feeds the sizer calls that take fixed + n * perEpoch ms (trainMs = n * perEpoch unless `report` is
# false), `calls` times, and returns the epochs it asked for each time.
SIMULATE = """async ([fixed, perEpoch, calls, report]) => {
    const { CallSizer, CALL_TARGET_MS, FRAME_MS } = await import('/static/js/playground/call-sizer.js');
    const sizer = new CallSizer();
    const asked = [];
    for (let i = 0; i < calls; i++) {
        const n = sizer.epochs, train = n * perEpoch;
        asked.push(sizer.update(n, fixed + train, report ? train : undefined));
    }
    return { asked, target: CALL_TARGET_MS, frame: FRAME_MS };
}"""


def simulate(page, fixed, per_epoch, calls=12, report=True):
    return page.evaluate(SIMULATE, [fixed, per_epoch, calls, report])


@pytest.fixture
def tab(warm_page, live_server):
    open_page(warm_page, live_server, "/")
    return warm_page


def test_a_call_fills_one_frame_mostly_with_training(tab):
    # The largest network in the worker: a frame costs ~6 ms, an epoch ~4 ms.
    r = simulate(tab, 6.0, 4.0)
    n, target, frame = r["asked"][-1], r["target"], r["frame"]
    assert frame <= 1000 / 30 and target < frame
    assert abs(6.0 + n * 4.0 - target) <= 2.0 and 6.0 + n * 4.0 <= frame  # the nearest to the aim, within a frame
    assert n >= 5 and n * 4.0 / (6.0 + n * 4.0) > 0.75                  # training has most of the call
    # Long epochs: 28 / 17 rounds up to 2, but 2 x 17 ms would pass the frame, so one epoch per call.
    r = simulate(tab, 0.0, 17.0)
    assert r["asked"][-1] == 1
    r = simulate(tab, 6.0, 9.0)  # 22 / 9 rounds down: 2 epochs, a 24 ms call
    assert r["asked"][-1] == 2


def test_calls_grow_at_most_twofold_and_stop_at_the_engine_cap(tab):
    asked = simulate(tab, 0.0, 0.05, calls=12)["asked"]
    assert asked[:4] == [2, 4, 8, 16]
    assert max(asked) == 200 and asked[-1] == 200  # MAX_EPOCHS_PER_CALL


def test_a_frame_costing_more_than_the_target_trains_one_epoch_per_call(tab):
    assert set(simulate(tab, 40.0, 4.0)["asked"]) == {1}


def test_a_call_far_past_the_frame_halves_the_next_at_once(tab):
    r = tab.evaluate("""async () => {
        const { CallSizer } = await import('/static/js/playground/call-sizer.js');
        const sizer = new CallSizer();
        for (let i = 0; i < 10; i++) sizer.update(sizer.epochs, 4 + sizer.epochs * 3, sizer.epochs * 3);
        const steady = sizer.epochs;
        const next = sizer.update(steady, 120, 110); // the machine got busy: 120 ms for the same call
        return [steady, next];
    }""")
    steady, after = r
    assert steady >= 6 and after <= steady // 2


def test_without_the_workers_training_time_the_whole_call_counts_as_training(tab):
    # An older reply (no train_ms): sized by the call time per epoch, the former rule, never larger.
    n = simulate(tab, 6.0, 4.0, report=False)["asked"][-1]
    r = simulate(tab, 6.0, 4.0)
    assert n <= r["asked"][-1] and 6.0 + n * 4.0 <= r["frame"]
