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
    # Pages load static/build/book.js, all their JavaScript in one file (app/js_bundle.py); 0: the modules one by one.
    js_bundle: bool = field(default_factory=lambda: os.environ.get("NNBOOK_JS_BUNDLE", "1") != "0")
    host: str = field(default_factory=lambda: os.environ.get("HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("PORT", "8000")))
    # Server-side widget calls: a cap on simultaneous calls keeps one reader from starving others.
    # Light calls (slider moves) and heavy ones (long training runs) have separate lanes; see app/api_gate.py.
    api_concurrency: int = 2
    api_queue: int = 64
    api_heavy_concurrency: int = 1
    api_heavy_queue: int = 8
    api_heavy_cost: int = 1_000_000  # work units above which a call is heavy (app/api_gate.py: 50 ms declared)
    # Any request body: refused above this size, and dropped (408) if it has not arrived in time.
    api_body_limit: int = 256_000
    body_deadline_s: float = field(default_factory=lambda: float(os.environ.get("NNBOOK_BODY_DEADLINE_S", "10")))
    # Connections (see app.cli.server_limits): headers deadline, idle keep-alive, and how many at once.
    header_timeout_s: float = field(default_factory=lambda: float(os.environ.get("NNBOOK_HEADER_TIMEOUT_S", "10")))
    keep_alive_s: int = 5
    max_connections: int = field(default_factory=lambda: int(os.environ.get("NNBOOK_MAX_CONNECTIONS", "500")))
