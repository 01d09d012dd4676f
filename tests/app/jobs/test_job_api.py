"""The job API end to end, with real worker processes: events, cancel, limits, admission, cache."""

from __future__ import annotations

import time

import pytest

from .conftest import read_events, submit, wait_for


@pytest.mark.slow  # a real job process runs to its end or its limit
def test_a_real_digits_job_streams_its_events_in_order_then_returns_its_result(job_app):
    client = job_app()
    response = submit(client, "digits-cnn", epochs=3)
    assert response.status_code == 202
    job = response.json()["result"]
    assert job["urls"]["events"] == f"/api/jobs/{job['id']}/events"

    events = read_events(client, job["id"])
    kinds = [kind for kind, _ in events]
    assert kinds[:2] == ["queued", "started"] and kinds[-1] == "done"
    assert set(kinds[2:-1]) == {"progress"}
    epochs = [data for kind, data in events if kind == "progress" and data["stage"] == "training"]
    assert [e["epoch"] for e in epochs] == [1, 2, 3] and all(e["epochs"] == 3 for e in epochs)
    assert epochs[-1]["loss"] < epochs[0]["loss"]

    done = client.get(f"/api/jobs/{job['id']}").json()["result"]
    assert done["status"] == "done" and not done["cached"]
    assert done["result"]["history"]["loss"] == [e["loss"] for e in epochs]
    assert done["result"]["test_accuracy"] > 0.8


def test_a_late_listener_gets_the_whole_log_and_last_event_id_resumes(job_app):
    client = job_app()
    job = submit(client, "sleepy", steps=3, delay=0.01).json()["result"]
    wait_for(client, job["id"])
    assert [k for k, _ in read_events(client, job["id"])] == ["queued", "started", "progress", "progress", "progress", "done"]
    with client.stream("GET", f"/api/jobs/{job['id']}/events", headers={"Last-Event-ID": "4"}) as response:
        ids = [line for line in response.iter_lines() if line.startswith("id: ")]
    assert ids == ["id: 5", "id: 6"]


def test_cancel_kills_the_worker_and_frees_its_slot_at_once(job_app):
    client = job_app(workers=1)
    manager = client.app.state.job_manager if hasattr(client.app.state, "job_manager") else None
    first = submit(client, "sleepy", steps=10000, delay=0.01).json()["result"]
    second = submit(client, "sleepy", steps=1, delay=0.01, tag=1).json()["result"]
    assert second["status"] == "queued" and second["position"] == 0
    wait_for(client, first["id"], ("running",))
    manager = client.app.state.job_manager
    process = manager.jobs[first["id"]].process

    cancelled = client.delete(f"/api/jobs/{first['id']}").json()["result"]
    assert cancelled["status"] == "cancelled"
    # the queued job got the slot in the same request, before any worker exited on its own
    assert client.get(f"/api/jobs/{second['id']}").json()["result"]["status"] in ("running", "done")
    assert process.wait(timeout=10) == -9  # SIGKILL, not a polite request the job could ignore
    assert read_events(client, first["id"])[-1] == ("cancelled", {"reason": "cancelled by the reader"})
    assert wait_for(client, second["id"])["status"] == "done"


@pytest.mark.slow  # a real job process runs to its end or its limit
def test_a_job_over_its_time_limit_is_stopped_with_a_message_saying_so(job_app):
    client = job_app(time_limit_s=1.0)
    job = submit(client, "sleepy", steps=1000, delay=0.05).json()["result"]
    started = time.monotonic()
    events = read_events(client, job["id"])
    assert events[-1][0] == "failed"
    assert events[-1][1]["reason"] == "stopped: the job went over its time limit of 1 s"
    assert events[-1][1]["limit"] == "time"
    assert time.monotonic() - started < 5
    assert any(kind == "progress" for kind, _ in events)  # it did run before it was stopped


@pytest.mark.slow  # a real job process runs to its end or its limit
def test_a_job_over_its_memory_limit_is_stopped_with_a_message_saying_so(job_app):
    client = job_app(memory_limit_mb=600)
    job = submit(client, "hog", chunks=64).json()["result"]  # 64 x 64 MB = 4 GB asked
    events = read_events(client, job["id"])
    assert events[-1] == ("failed", {"reason": "stopped: the job went over its memory limit of 600 MB", "limit": "memory"})
    steps = [data["step"] for kind, data in events if kind == "progress"]
    assert 1 <= len(steps) < 10  # it allocated some, then hit the cap: the cap is the limit, not the start-up


def test_a_crashing_demo_fails_with_its_reason(job_app):
    client = job_app()
    job = submit(client, "crash").json()["result"]
    kind, data = read_events(client, job["id"])[-1]
    assert kind == "failed" and data["reason"] == "the demo failed: RuntimeError: deliberate fault"


def test_a_full_queue_answers_429_with_retry_after(job_app):
    client = job_app(workers=1, queue_limit=2, per_client=10)
    ids = [submit(client, "sleepy", steps=10000, delay=0.01, tag=i).json()["result"]["id"] for i in range(3)]
    response = submit(client, "sleepy", steps=10000, delay=0.01, tag=99)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    error = response.json()["error"]
    assert error["field"] == "queue" and "busy" in error["reason"] and error["status"] == 429
    for job_id in ids:
        client.delete(f"/api/jobs/{job_id}")
    assert submit(client, "sleepy", steps=1, tag=99).status_code == 202  # room again once they are gone


def test_one_client_cannot_hold_more_than_its_share(job_app):
    client = job_app(workers=1, queue_limit=10, per_client=2)
    ids = [submit(client, "sleepy", steps=10000, delay=0.01, tag=i).json()["result"]["id"] for i in range(2)]
    response = submit(client, "sleepy", steps=10000, delay=0.01, tag=2)
    assert response.status_code == 429 and response.json()["error"]["field"] == "client"
    assert "Retry-After" in response.headers
    for job_id in ids:
        client.delete(f"/api/jobs/{job_id}")


def test_the_same_run_asked_twice_while_running_is_shared_not_repeated(job_app):
    client = job_app()
    a = submit(client, "sleepy", steps=10000, delay=0.01).json()["result"]
    b = submit(client, "sleepy", steps=10000, delay=0.01).json()["result"]
    assert a["id"] == b["id"] and client.app.state.job_manager.started_count == 1
    client.delete(f"/api/jobs/{a['id']}")


@pytest.mark.slow  # a real job process runs to its end or its limit
def test_a_cached_result_comes_back_without_computing_and_survives_a_restart(job_app, tmp_path):
    cache = tmp_path / "shared-cache"
    client = job_app(cache_dir=cache)
    first = submit(client, "digits-cnn", epochs=2, seed=7).json()["result"]
    computed = wait_for(client, first["id"])["result"]

    again = submit(client, "digits-cnn", epochs=2, seed=7)
    assert again.status_code == 200
    job = again.json()["result"]
    assert job["status"] == "done" and job["cached"]
    assert client.app.state.job_manager.started_count == 1  # no second worker process
    assert client.get(f"/api/jobs/{job['id']}").json()["result"]["result"] == computed
    assert read_events(client, job["id"]) == [("done", {"cached": True, "result_url": job["urls"]["result"]})]

    restarted = job_app(cache_dir=cache)  # a new app, as after a restart: nothing in memory
    response = submit(restarted, "digits-cnn", epochs=2, seed=7).json()["result"]
    assert response["cached"] and restarted.app.state.job_manager.started_count == 0
    assert restarted.get(response["urls"]["result"]).json()["result"] == computed
    # another seed is another run
    assert submit(restarted, "digits-cnn", epochs=2, seed=8).status_code == 202


@pytest.mark.parametrize("body, status, field", [
    ({"demo": "digits-cnn", "params": {"epochs": 0}}, 422, "params.epochs"),
    ({"demo": "digits-cnn", "params": {"epochs": "ten"}}, 422, "params.epochs"),
    ({"demo": "digits-cnn", "params": {"kernel": 4}}, 422, "params.kernel"),
    ({"demo": "digits-cnn", "params": {"learning_rate": 1e9}}, 422, "params.learning_rate"),
    ({"demo": "digits-cnn", "params": {"color": "red"}}, 422, "params.color"),
    ({"demo": "digits-cnn", "params": [1, 2]}, 422, "params"),
    ({"demo": "capacity", "params": {"train_size": 5}}, 422, "params.train_size"),
    ({"demo": "no-such-demo"}, 404, "demo"),
    ({"params": {}}, 422, "demo"),
    ({"demo": "digits-cnn", "priority": "high"}, 422, "priority"),
])
def test_bad_requests_get_a_4xx_naming_the_field(job_app, body, status, field):
    client = job_app()
    response = client.post("/api/jobs", json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["field"] == field and error["reason"] and error["status"] == status
    assert not hasattr(client.app.state, "job_manager") or client.app.state.job_manager.started_count == 0


def test_malformed_json_and_unknown_jobs(job_app):
    client = job_app()
    response = client.post("/api/jobs", content=b"{nope", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "body"
    for method, url in (("GET", "/api/jobs/nope"), ("GET", "/api/jobs/nope/events"), ("DELETE", "/api/jobs/nope")):
        assert client.request(method, url).status_code == 404
    assert client.get("/api/jobs/results/" + "0" * 64).status_code == 404
    assert client.get("/api/jobs/results/..%2Fsecrets").status_code == 404


@pytest.mark.slow  # a real job process runs to its end or its limit
def test_a_job_nobody_watches_is_cancelled_after_the_grace_period(job_app):
    client = job_app(abandon_after_s=1.0)
    started = time.monotonic()
    job = submit(client, "sleepy", steps=10000, delay=0.01).json()["result"]
    record = client.app.state.job_manager.jobs[job["id"]]
    # No event stream and no polling over HTTP (that would count as watching): the record, in process.
    while record.status in ("queued", "running") and time.monotonic() - started < 20:
        time.sleep(0.05)
    assert record.status == "cancelled" and record.reason.startswith("abandoned")
    assert time.monotonic() - started >= 1.0  # not before its grace period
    assert record.process.wait(timeout=10) == -9


@pytest.mark.slow  # a real job process runs to its end or its limit
def test_a_watched_job_is_not_abandoned(job_app):
    client = job_app(abandon_after_s=0.5)
    job = submit(client, "sleepy", steps=40, delay=0.05).json()["result"]
    assert read_events(client, job["id"])[-1][0] == "done"  # 2 s of listening, four grace periods


def test_openapi_shows_each_demos_params_from_its_option_table(job_app):
    client = job_app()
    schema = client.get("/api/openapi.json").json()
    body = schema["paths"]["/api/jobs"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    variants = {v["properties"]["demo"]["const"]: v["properties"]["params"] for v in body["oneOf"]}
    assert set(variants) == {"digits-cnn", "data-hunger", "capacity", "playground"}
    assert {"epochs", "every", "dataset", "model"} <= set(variants["playground"]["properties"])
    epochs = variants["digits-cnn"]["properties"]["epochs"]
    assert (epochs["type"], epochs["minimum"], epochs["maximum"], epochs["default"]) == ("integer", 1, 60, 15)
    tables = client.get("/api/jobs/demos").json()["result"]
    assert [o["name"] for o in tables["digits-cnn"]][:2] == ["epochs", "filters"]


def test_another_instance_sharing_the_cache_serves_events_status_and_cancel(job_app, tmp_path):
    shared = tmp_path / "shared"
    a, b = job_app(cache_dir=shared), job_app(cache_dir=shared)  # two servers, one volume
    job = submit(a, "sleepy", steps=3, delay=0.05).json()["result"]
    assert [k for k, _ in read_events(b, job["id"])] == ["queued", "started", "progress", "progress", "progress", "done"]
    status = b.get(f"/api/jobs/{job['id']}").json()["result"]
    assert status["status"] == "done" and status["result"] == {"steps": 3, "tag": 0}

    long = submit(a, "sleepy", steps=10000, delay=0.01, tag=5).json()["result"]
    wait_for(a, long["id"], ("running",))
    assert b.delete(f"/api/jobs/{long['id']}").json()["result"]["status"] == "cancelling"
    assert wait_for(a, long["id"], timeout=3)["status"] == "cancelled"
    assert read_events(b, long["id"])[-1][0] == "cancelled"
    assert b.get("/api/jobs/not-a-job").status_code == 404


def test_old_journals_are_pruned_at_start_but_results_stay(job_app, tmp_path):
    import os

    cache = tmp_path / "c"
    client = job_app(cache_dir=cache)
    job = submit(client, "sleepy", steps=1, delay=0.0).json()["result"]
    wait_for(client, job["id"])
    journal = cache / "journal" / f"{job['id']}.jsonl"
    assert journal.is_file()
    os.utime(journal, (0, 0))  # as if written long ago by an instance that has stopped
    again = job_app(cache_dir=cache)
    assert again.post("/api/jobs", json={"demo": "sleepy", "params": {"steps": 1, "delay": 0.0}}).json()["result"]["cached"]
    assert not journal.exists()


def test_a_job_whose_event_stream_closes_is_stopped_once_the_grace_period_passes(job_app):
    client = job_app(abandon_after_s=0.5)
    job = submit(client, "sleepy", steps=10000, delay=0.01).json()["result"]
    record = client.app.state.job_manager.jobs[job["id"]]
    with client.stream("GET", f"/api/jobs/{job['id']}/events") as response:
        for line in response.iter_lines():
            if line == "event: progress":
                break  # it runs, watched; then the reader leaves (page closed)
    assert record.status == "running"
    deadline = time.monotonic() + 20  # the server notices at its next write (a heartbeat at most), then waits 0.5 s
    while record.status == "running" and time.monotonic() < deadline:
        time.sleep(0.1)  # no polling over HTTP: that would count as watching
    assert record.status == "cancelled" and record.reason.startswith("abandoned")
    assert record.process.wait(timeout=10) == -9  # the work stopped and its worker slot is free
    assert not client.app.state.job_manager.running
