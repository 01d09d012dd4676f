"""`make` says plainly what is missing (Python >= 3.11, Node >= 20, npm) before building anything,
and `make run` installs what serving needs, not the test tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_prerequisites.py"


def _fake_tools(tmp_path, node_version: str | None, npm: bool) -> dict:
    """A PATH holding only fake node/npm (plus the real Python), so the check sees what we choose."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if node_version:
        (bin_dir / "node").write_text(f"#!/bin/sh\necho {node_version}\n")
        (bin_dir / "node").chmod(0o755)
    if npm:
        (bin_dir / "npm").write_text("#!/bin/sh\necho 10.8.2\n")
        (bin_dir / "npm").chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:/usr/bin/false-dir"}


def _run(env):
    return subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, env=env)


def test_all_present_passes_and_says_what_it_found(tmp_path):
    result = _run(_fake_tools(tmp_path, "v20.11.1", npm=True))
    assert result.returncode == 0, result.stderr
    assert "Node 20.11" in result.stdout


@pytest.mark.parametrize(("node", "npm", "said"), [
    ("v18.19.0", True, "Node.js 18.19 is too old: the book needs Node >= 20"),
    (None, True, "Node.js is not installed"),
    ("v22.1.0", False, "npm is not installed"),
])
def test_a_missing_or_old_tool_is_named(tmp_path, node, npm, said):
    result = _run(_fake_tools(tmp_path, node, npm))
    assert result.returncode == 1
    assert "Missing prerequisites" in result.stderr and said in result.stderr


def test_an_old_python_is_named():
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import check_prerequisites
    finally:
        sys.path.pop(0)
    found = check_prerequisites.problems(python_version=(3, 10))
    assert any("Python 3.10 is too old" in p and ">= 3.11" in p for p in found)


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_make_run_installs_serving_only_and_test_targets_add_the_test_tools():
    def planned(target):
        return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    run = planned("run")
    assert "check_prerequisites.py" in run.split("scripts/vendor.py")[0], "prerequisites are checked before vendoring"
    assert "pip install" in run and "-e ." in run and "[test]" not in run
    for target in ("test", "test-fast"):
        assert "'.[test]'" in planned(target)
