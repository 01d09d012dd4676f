"""The one settings object: paths and server options, overridable from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    content_dir: Path = field(default_factory=lambda: Path(os.environ.get("NNBOOK_CONTENT", ROOT / "content")))
    static_dir: Path = ROOT / "static"
    templates_dir: Path = ROOT / "templates"
    # Build caches (the server-typeset math); safe to delete.
    cache_dir: Path = field(default_factory=lambda: Path(os.environ.get("NNBOOK_CACHE_DIR", ROOT / ".cache")))
    host: str = field(default_factory=lambda: os.environ.get("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("PORT", "8000")))
    # Server-side widget calls: a cap on simultaneous calls keeps one reader from starving others.
    api_concurrency: int = 2
    api_body_limit: int = 256_000
