"""`nnbook serve --workers 2`: two processes on one port, one job cache; any of them answers for any job."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # two real server processes and a real job

ROOT = Path(__file__).resolve().parents[3]


def _request(url, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    # a new connection every time, so the kernel spreads the requests over both processes
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def test_two_server_processes_share_jobs_through_the_cache(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NNBOOK_JOB_CACHE": str(tmp_path / "cache")}
    server = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--workers", "2", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=1).read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        status, body = _request(base + "/api/jobs", "POST", {"demo": "digits-cnn", "params": {"epochs": 2}})
        assert status == 202
        job = body["result"]
        answers = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, body = _request(base + job["urls"]["self"])
            answers.append(status)
            if body["result"]["status"] == "done":
                break
            time.sleep(0.05)
        assert body["result"]["status"] == "done" and body["result"]["result"]["test_accuracy"] > 0.8
        assert set(answers) == {200}  # never "no such job", whichever process took the request
    finally:
        server.terminate()
        server.wait(timeout=20)
