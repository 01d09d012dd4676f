"""`make bench`: every benchmark of the book, one after the other, printing figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHES = [
    ("Engine, native CPython (and PyTorch when installed)", "bench/bench_engine.py"),
    ("Engine inside Pyodide (Node)", "bench/bench_pyodide.py"),
    ("Pages and figures in headless Chromium", "bench/bench_browser.py"),
]


def main() -> int:
    failures = 0
    for title, script in BENCHES:
        print(f"\n=== {title} ===", flush=True)
        failures += subprocess.call([sys.executable, str(ROOT / script)], cwd=ROOT) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
