"""Job results on disk, keyed by demo, parameters (the seed is one of them) and engine version.

A result is the JSON text the worker produced, stored as ``<key>.json``. Writes
go to a temporary file that is renamed into place, so a reader -- in this
process or another instance sharing the directory -- sees a whole file or
none. The engine version is the sha256 of the engine's sources (the same
digest the browser's engine.zip carries), so changing any engine file retires
every old result without a manual flush.

The book's render keeps what it asks of the engine (first frames, book numbers) in a store of
this kind too, under its own directory and key (app/content/engine_results.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..engine_bundle import engine_zip_sha256


def cache_key(demo: str, params: dict, engine_version: str | None = None) -> str:
    """A stable hex key: the same validated parameters give the same key, in any key order."""
    identity = {"demo": demo, "params": params, "engine": engine_version or engine_zip_sha256()}
    text = json.dumps(identity, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


class ResultCache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError("not a cache key")  # keys come from URLs: never let one name another file
        return self.directory / f"{key}.json"

    def get_text(self, key: str) -> str | None:
        try:
            return self._path(key).read_text(encoding="utf-8")
        except (FileNotFoundError, ValueError):
            return None

    def put_text(self, key: str, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=self.directory, prefix=f".{key[:12]}-", suffix=".part")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(partial, self._path(key))
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
