"""`make bench`: every benchmark of the book, one after the other, printing figures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHES = [
    ("Engine, native CPython (and PyTorch when installed)", "bench/bench_engine.py"),
    ("Engine inside Pyodide (Node)", "bench/bench_pyodide.py"),
    ("Pages and figures in headless Chromium", "bench/bench_browser.py"),
    ("The playground in headless Chromium (issue 9)", "bench/bench_playground.py"),
    ("The widget API under a flood of heavy calls", "bench/bench_flood.py"),
    ("Server jobs: throughput, page latency with the pool full, cached results", "bench/bench_jobs.py"),
    ("Search index and the PDF of the whole book", "bench/bench_print_search.py"),
]


def main() -> int:
    failures = 0
    for title, script in BENCHES:
        print(f"\n=== {title} ===", flush=True)
        failures += subprocess.call([sys.executable, str(ROOT / script)], cwd=ROOT) != 0
    # PyTorch is never a dependency of the book; point TORCH_PYTHON at an interpreter that has it
    # (e.g. a venv with `pip install torch==2.13.0`) to print the engine-vs-PyTorch ratio.
    torch_python = os.environ.get("TORCH_PYTHON")
    if torch_python:
        print("\n=== Engine vs PyTorch CPU (TORCH_PYTHON) ===", flush=True)
        failures += subprocess.call([torch_python, str(ROOT / "bench/bench_engine.py")], cwd=ROOT) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
