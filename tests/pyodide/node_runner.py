"""Run a batch of Python snippets inside Pyodide under Node, from Python (tests and bench).

One call starts one Node process (Pyodide's start-up costs a few seconds), so
callers gather all their snippets into a single batch. The snippet protocol is
the one of ``tests/pyodide/harness.py``: each snippet assigns ``result``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.engine_bundle import engine_zip_bytes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RUNNER = HERE / "runner.mjs"
VENDORED_PYODIDE = ROOT / "static" / "vendor" / "pyodide"
REQUIRED_FILES = ("pyodide.mjs", "pyodide.asm.wasm", "pyodide-lock.json", "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl")


class PyodideRunError(RuntimeError):
    """Node or Pyodide failed before the snippets could report."""


def runtime_problem() -> str | None:
    """Why Pyodide cannot run here (no Node, nothing vendored), or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed (Node.js 20+ is needed to run Pyodide outside a browser)"
    missing = [name for name in REQUIRED_FILES if not (VENDORED_PYODIDE / name).is_file()]
    if missing:
        return f"static/vendor/pyodide/ lacks {', '.join(missing)}: run `make vendor`"
    return None


def run_batch_in_pyodide(snippets: dict[str, str], timeout_s: float = 600) -> dict:
    """Run ``{name: source}`` in one Pyodide; returns the runner's batch document.

    The document is ``{"results": {name: {"ok": value} | {"error": text}},
    "remote_fetches": [...], "startup_ms": float}``. The engine is the zip the
    site serves (:func:`app.engine_bundle.engine_zip_bytes`), so what is tested
    is exactly what a reader's browser receives.
    """
    problem = runtime_problem()
    if problem:
        raise PyodideRunError(problem)
    with tempfile.TemporaryDirectory(prefix="nnbook-pyodide-") as scratch:
        zip_path = Path(scratch) / "engine.zip"
        zip_path.write_bytes(engine_zip_bytes())
        completed = subprocess.run(
            ["node", str(RUNNER), "--engine-zip", str(zip_path), "--batch"],
            input=json.dumps(snippets),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            cwd=ROOT,
        )
    if completed.returncode != 0:
        raise PyodideRunError(f"runner.mjs exited with {completed.returncode}:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout)
