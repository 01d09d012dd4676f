"""What rendering the book asks of the engine, kept on disk: the figures' first frames and the book numbers.

Both are pure functions of the engine's sources and their arguments (the trainings are seeded), and
they were two thirds of a render: loading the book took 2.1 s of CPU, of which the 34 first frames 0.9 s
and the numbers quoted in the text 0.5 s. Every process that renders the book paid them again: the
server and each of its workers at start-up, `nnbook check`, `build` and a course's render, and the test
suite's two dozen server and pytest processes. Now the first process computes a result and the others
read it, from ``<cache_dir>/engine-results/<identity>/`` (the cache directory Settings() names:
NNBOOK_CACHE_DIR, else ``.cache/``; safe to delete like the rest of it).

A result is found under the sha256 of what it is, its arguments and :func:`engine_identity`: every
source file of the engine (``book_numbers/`` included, which the browser's engine.zip leaves out),
numpy's version, the machine and the CPU features numpy dispatches on. An edited engine or another numpy
never reads an old result, without anyone flushing anything; the first result an engine stores removes
those of every other (each edit of the engine would otherwise leave some 0.5 MB behind). A cache that
cannot be read or written is passed by: the value is computed, as before. Within a process, callers keep
their own lru caches.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy

from engine.book_numbers import book_numbers as compute_book_numbers

from ..engine_bundle import engine_source_dir, engine_source_files
from ..jobs.cache import ResultCache
from ..settings import Settings

SUBDIRECTORY = "engine-results"


def _numpy_cpu_features() -> list[str]:
    """The SIMD extensions numpy's loops use on this CPU: they can change a sum's last bit."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__
    except ImportError:  # a numpy that keeps them elsewhere: its version alone then
        return []
    return sorted(name for name, enabled in __cpu_features__.items() if enabled)


@lru_cache(maxsize=4)
def engine_identity(package_dir: Path | None = None) -> str:
    """Hex sha256 of every ``.py`` file of the engine (by path and content), numpy's version and CPU features."""
    package_dir = package_dir or engine_source_dir()
    digest = hashlib.sha256()
    for path in engine_source_files(package_dir, include_build_only=True):
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    runtime = {"numpy": numpy.__version__, "machine": platform.machine(), "cpu": _numpy_cpu_features()}
    digest.update(json.dumps(runtime, sort_keys=True).encode())
    return digest.hexdigest()


def _directory(identity: str) -> Path:
    return Settings().cache_dir / SUBDIRECTORY / identity[:16]


def _forget_other_engines(directory: Path) -> None:
    """Remove the results of every other engine identity (another process of an older checkout that
    still reads one computes it again; a result is only ever read whole, see ResultCache)."""
    for other in directory.parent.iterdir():
        if other.name == directory.name:
            continue
        if other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
        else:
            other.unlink(missing_ok=True)


def remembered(kind: str, arguments: Any, compute: Callable[[], Any]) -> Any:
    """``compute()`` (a JSON value), computed once per engine identity and read from disk after that.

    An error raised by ``compute`` is not stored: the next call computes (and raises) again."""
    engine = engine_identity()
    identity = {"kind": kind, "arguments": arguments, "engine": engine}
    key = hashlib.sha256(json.dumps(identity, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    directory = _directory(engine)
    store = ResultCache(directory)
    try:
        text = store.get_text(key)
        if text is not None:
            return json.loads(text)["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # unreadable or damaged: computed again below, and the file replaced
    value = compute()
    try:
        first = not directory.is_dir()
        store.put_text(key, json.dumps({"kind": kind, "arguments": arguments, "value": value}))
        if first:
            _forget_other_engines(directory)
    except OSError:
        pass  # a read-only checkout or a full disk still renders the book
    return value


@lru_cache(maxsize=1)
def book_numbers() -> dict[str, str]:
    """engine.book_numbers.book_numbers(), the numbers the chapters quote, remembered on disk."""
    return remembered("book-numbers", None, compute_book_numbers)
