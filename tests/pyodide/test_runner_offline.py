"""runner.mjs never reaches the network: without the local numpy wheel it refuses Pyodide's CDN fallback.

This is what makes `remote_fetches == []` in test_pyodide.py mean something:
here the guard is shown to fire. One Node process (Pyodide starts in seconds).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.pyodide

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

_spec = importlib.util.spec_from_file_location("pyodide_node_runner", HERE / "node_runner.py")
node_runner = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(node_runner)


def test_missing_wheel_is_not_fetched_from_the_cdn(tmp_path):
    assert node_runner.runtime_problem() is None, node_runner.runtime_problem()
    # A checkout whose vendored Pyodide lacks only the numpy wheel.
    (tmp_path / "tests" / "pyodide").mkdir(parents=True)
    for name in ("runner.mjs", "harness.py"):
        shutil.copy(HERE / name, tmp_path / "tests" / "pyodide" / name)
    vendored = tmp_path / "static" / "vendor" / "pyodide"
    vendored.mkdir(parents=True)
    for path in node_runner.VENDORED_PYODIDE.iterdir():
        if not path.name.endswith(".whl"):
            (vendored / path.name).symlink_to(path)
    (tmp_path / "engine.zip").write_bytes(node_runner.engine_zip_bytes())

    completed = subprocess.run(
        ["node", str(tmp_path / "tests" / "pyodide" / "runner.mjs"), "--engine-zip", str(tmp_path / "engine.zip")],
        input="result = 1\n", capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "remote fetch refused: https://cdn.jsdelivr.net/pyodide/v0.27.7/full/numpy-2.0.2" in completed.stderr
    assert "run `make vendor`" in completed.stderr
