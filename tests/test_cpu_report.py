"""tests/cpu_report.py: each test is charged with the CPU it made the machine spend, children included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Two pytest processes started per test (about 1.5 CPU-s each): in `make test`, not the inner loop.
pytestmark = pytest.mark.slow

# A test that burns CPU in a child process (as a browser test does in Chromium), one that burns less in
# pytest's own process, and one that costs nothing.
SAMPLE = '''
import subprocess, sys, time

def burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass

def test_in_a_child_process():
    subprocess.run([sys.executable, "-c", "import time\\nend = time.process_time() + 0.6\\nwhile time.process_time() < end: pass"], check=True)

def test_in_this_process():
    burn(0.2)

def test_that_costs_nothing():
    pass
'''


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    # Not this suite's xdist worker's variables: the child is a pytest run of its own.
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.cpu_report",
                           "--rootdir", str(folder), "-c", os.devnull, *args, str(folder / "test_sample.py")],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def test_each_test_is_charged_with_the_cpu_it_and_its_children_spent(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    report = tmp_path / "out" / "cpu.json"
    result = run_pytest(tmp_path, f"--cpu-report={report}")
    assert result.returncode == 0, result.stdout + result.stderr
    costs = {node.split("::")[1]: cpu for node, (cpu, _wall) in json.loads(report.read_text()).items()}
    # Machine-wide: a process running beside (this suite's other worker) can only add to a figure, at most one
    # core for the test's wall time; the child burns three times what this process does, so it stays first.
    assert costs["test_in_a_child_process"] >= 0.55
    assert costs["test_in_this_process"] >= 0.15
    assert costs["test_that_costs_nothing"] < 0.2
    lines = result.stdout.splitlines()
    table = lines[lines.index("costliest tests:   CPU s   wall s") + 1:]
    assert "test_in_a_child_process" in table[0], result.stdout
    files = lines[lines.index("costliest files:   CPU s   tests") + 1:]
    cpu, count, file = files[0].split()
    assert (file, count) == ("test_sample.py", "3") and float(cpu) >= 0.7, result.stdout


def test_it_refuses_to_run_beside_another_worker(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    result = run_pytest(tmp_path, f"--cpu-report={tmp_path / 'cpu.json'}", "-n", "2")
    assert result.returncode != 0
    assert "run it without -n" in result.stderr
    assert not (tmp_path / "cpu.json").exists()
