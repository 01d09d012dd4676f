"""Limits and sizes of the job system, overridable from the environment.

Defaults suit a small machine: two worker processes, a short queue, and limits
that a digits training (about 2 s, under 300 MB) passes with a wide margin.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import ROOT


def _env(name: str, default, cast=int):
    return field(default_factory=lambda: cast(os.environ.get(name, default)))


@dataclass(frozen=True)
class JobSettings:
    # worker processes that run jobs at once (per server instance)
    workers: int = _env("NNBOOK_JOB_WORKERS", 2)
    # jobs waiting for a worker; one more is refused with 429 + Retry-After
    queue_limit: int = _env("NNBOOK_JOB_QUEUE", 8)
    # jobs one client may have queued or running at once
    per_client: int = _env("NNBOOK_JOB_PER_CLIENT", 3)
    # wall-clock seconds a job may run before its process is killed
    time_limit_s: float = _env("NNBOOK_JOB_TIME_LIMIT", 120.0, float)
    # address-space cap of a worker process (RLIMIT_AS), in MB
    memory_limit_mb: int = _env("NNBOOK_JOB_MEMORY_MB", 1024)
    # a queued or running job nobody has listened to for this long is cancelled
    abandon_after_s: float = _env("NNBOOK_JOB_ABANDON_AFTER", 15.0, float)
    # finished jobs kept in memory for their event log (results stay in the cache)
    keep_finished: int = 500
    # where results live; several instances may share it (writes are atomic renames)
    cache_dir: Path = field(default_factory=lambda: Path(os.environ.get("NNBOOK_JOB_CACHE", ROOT / ".cache" / "jobs")))
    # demo name -> module whose JOBS table holds it (tests add their own)
    demos: dict | None = None
