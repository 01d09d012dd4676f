"""What runs inside a job's worker process.

The process caps its own address space (``RLIMIT_AS``) and CPU time
(``RLIMIT_CPU``, a backstop: the server kills it at the wall-clock limit first),
runs the demo, and sends messages up a pipe: ``("progress", event)`` as it
goes, then ``("done", result_json)`` or ``("failed", {"reason", "limit"?})``.
The result is serialised here with ``allow_nan=False``, which is also the
check that nothing non-finite reaches a reader.

This module is the forkserver's preload: importing it sets the BLAS thread
count before numpy loads, so a worker uses one core and a small, predictable
amount of address space (multi-threaded OpenBLAS reserves large buffers).
"""

from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import importlib  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402

import numpy  # noqa: E402,F401  (loaded once in the forkserver, inherited by every worker)

from engine.widgets.errors import WidgetInputError  # noqa: E402

MB = 1024 * 1024


def memory_message(limit_mb: int) -> str:
    return f"stopped: the job went over its memory limit of {limit_mb} MB"


def time_message(limit_s: float) -> str:
    return f"stopped: the job went over its time limit of {limit_s:g} s"


def _set_limits(memory_mb: int, cpu_s: float) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))
    cpu = max(1, int(cpu_s) + 1)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def child_main(module: str, demo: str, params: dict, conn, memory_mb: int, cpu_s: float) -> None:
    """Entry point of a worker process (multiprocessing target)."""
    try:
        _set_limits(memory_mb, cpu_s)
        _options, run = importlib.import_module(module).JOBS[demo]
        result = run(params, lambda event: conn.send(("progress", event)))
        conn.send(("done", json.dumps(result, allow_nan=False, separators=(",", ":"))))
    except MemoryError:
        _send_failure(conn, {"reason": memory_message(memory_mb), "limit": "memory"})
    except WidgetInputError as exc:
        _send_failure(conn, {"reason": f"{exc.field}: {exc.reason}", "field": exc.field})
    except ValueError as exc:
        # allow_nan=False refuses non-finite numbers with a ValueError too; say what it means
        _send_failure(conn, {"reason": f"the demo failed: {exc}"})
    except Exception as exc:  # a fault in a demo must reach the reader as words, not a dead stream
        _send_failure(conn, {"reason": f"the demo failed: {type(exc).__name__}: {exc}"})
    finally:
        conn.close()


def _send_failure(conn, payload: dict) -> None:
    try:
        conn.send(("failed", payload))
    except (OSError, MemoryError):
        pass  # the server sees the pipe close and reports the exit instead
