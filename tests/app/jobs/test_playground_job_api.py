"""The playground's server training through the job API: events in order, then the figure's frame and model."""

from __future__ import annotations

import pytest

from engine.widgets.playground import CALLS
from engine.widgets.playground.table import OPTIONS as FIGURE_OPTIONS

from .conftest import read_events, submit, wait_for

SMALL = {"dataset": "circle", "points": 200, "layers": [3], "lr": 0.1, "seed": 3}


@pytest.mark.slow  # a real job process
def test_a_playground_job_streams_epochs_in_order_then_the_frame_the_train_call_gives(job_app):
    client = job_app()
    response = submit(client, "playground", **SMALL, epochs=12, every=4)
    assert response.status_code == 202, response.json()
    job = response.json()["result"]

    events = read_events(client, job["id"])
    kinds = [kind for kind, _ in events]
    assert kinds[:2] == ["queued", "started"] and kinds[-1] == "done" and set(kinds[2:-1]) == {"progress"}
    progress = [data for kind, data in events if kind == "progress"]
    assert [p["epoch"] for p in progress] == [4, 8, 12] and all(p["epochs"] == 12 for p in progress)
    assert [row[0] for p in progress for row in p["frame"]["curve"]] == list(range(1, 13))

    result = wait_for(client, job["id"])["result"]
    direct = CALLS["train"]({"options": FIGURE_OPTIONS.validate(SMALL), "epochs": 12, "stateless": True})
    for key in ("epoch", "train_loss", "test_loss", "weights", "output", "neurons", "curve"):
        assert result[key] == direct[key], key  # through JSON and a worker process, still the same numbers
    assert result["model"]["network"] == direct["model"]["network"]
    assert progress[-1]["loss"] == result["train_loss"]

    # the next job continues the run from its model
    again = submit(client, "playground", **SMALL, epochs=3, every=3, model=result["model"]).json()["result"]
    assert wait_for(client, again["id"])["result"]["epoch"] == 15


@pytest.mark.parametrize("params, field", [
    ({"epochs": 0}, "params.epochs"),
    ({"lr": 0.05}, "params.lr"),
    ({"model": {"format": "nope"}}, "params.model"),
    ({"batch_norm": True, "batch": 1}, "params.batch"),
])
def test_bad_playground_params_get_422_naming_the_field(job_app, params, field):
    response = submit(job_app(), "playground", **params)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
