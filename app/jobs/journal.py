"""Every job's event log on disk, so that any server instance sharing the cache can serve it.

Several instances (``nnbook serve --workers N``, or copies behind a load
balancer) share the cache directory. A job runs in the instance that accepted
it, but the reader's next request -- the event stream, a status poll, a cancel
-- may land on another. So the owner writes each job's events to
``journal/<id>.jsonl`` (a header line, then one line per event), and an
instance that does not know a job id reads it from there:

- events: it tails the file (:func:`app.jobs.sse.stream_journal`);
- cancel: it leaves ``<id>.cancel``; the owner looks for it a few times a
  second and kills the worker;
- watching: it touches ``<id>.seen``; the owner counts that as a listener when
  deciding whether a job was abandoned.

Lines are appended whole with one ``write`` on a file opened in append mode,
which POSIX makes atomic for a local file system; readers skip a trailing
partial line.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path


class Journal:
    def __init__(self, cache_dir: Path):
        self.directory = Path(cache_dir) / "journal"

    def _path(self, job_id: str, suffix: str) -> Path:
        if not job_id or not all(c.isalnum() or c in "-_" for c in job_id):
            raise ValueError("not a job id")  # ids come from URLs: never let one name another file
        return self.directory / f"{job_id}{suffix}"

    def _append(self, job_id: str, record: dict) -> None:
        line = json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n"
        with open(self._path(job_id, ".jsonl"), "a", encoding="utf-8") as f:
            f.write(line)

    def start(self, job_id: str, header: dict) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._append(job_id, {"header": header})

    def append(self, job_id: str, event: dict) -> None:
        self._append(job_id, event)

    def read(self, job_id: str) -> tuple[dict, list[dict]] | None:
        """``(header, events)`` of a job written by any instance, or None when there is no such job."""
        try:
            text = self._path(job_id, ".jsonl").read_text(encoding="utf-8")
        except (FileNotFoundError, ValueError):
            return None
        records = []
        for line in text.split("\n"):
            try:
                records.append(json.loads(line))
            except ValueError:
                break  # the last line is still being written
        if not records or "header" not in records[0]:
            return None
        return records[0]["header"], records[1:]

    def request_cancel(self, job_id: str) -> None:
        self._path(job_id, ".cancel").touch()

    def cancel_requested(self, job_id: str) -> bool:
        return self._path(job_id, ".cancel").exists()

    def touch_seen(self, job_id: str) -> None:
        self._path(job_id, ".seen").touch()

    def seen_ago(self, job_id: str) -> float | None:
        """Seconds since another instance last saw a reader of this job, or None."""
        try:
            return time.time() - self._path(job_id, ".seen").stat().st_mtime
        except FileNotFoundError:
            return None

    def prune(self, max_age_s: float) -> int:
        """Remove journal files untouched for ``max_age_s`` (left by instances that stopped); how many went."""
        removed, cutoff = 0, time.time() - max_age_s
        for path in self.directory.glob("*.*") if self.directory.is_dir() else ():
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                pass  # another instance pruned it first
        return removed

    def forget(self, job_id: str) -> None:
        for suffix in (".jsonl", ".cancel", ".seen"):
            try:
                os.unlink(self._path(job_id, suffix))
            except FileNotFoundError:
                pass
