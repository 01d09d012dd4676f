"""The heavy demos' results a static copy shows: each job figure's run at the chapter's settings.

A figure that runs as a server job declares ``job(options) -> (demo, params)`` in
its engine module (engine/widgets/digits_cnn.py, training_sweep.py): the job its
button starts for the options the chapter gave it. The export finds every such
figure in the book, takes the result from the server's job cache (the same keys,
so a result a reader already waited for is reused), runs the demo here when the
cache lacks it, and writes ``runtime/jobs/<key>.json`` with an index the page's
job client reads (static/js/job-client.js). Other settings need the server; the
page says so.
"""

from __future__ import annotations

import html
import json
import re
import time

from engine import jobs as engine_jobs
from engine.widgets import registry

from ..jobs.cache import ResultCache, cache_key
from ..jobs.settings import JobSettings

INDEX_PATH = "/runtime/jobs/index.json"
_FIGURE = re.compile(r'<figure class="widget"[^>]*?\sdata-widget="([^"]+)"[^>]*?\sdata-config="([^"]*)"')


def job_requests(book) -> list[tuple[str, dict]]:
    """(demo, validated params) of every job figure in the book, each once, in page order."""
    requests: list[tuple[str, dict]] = []
    for page in [*book.chapters, *book.pages.values()]:
        for name, config in _FIGURE.findall(page.html):
            job = getattr(registry.module(name), "job", None)
            if job is None:
                continue
            demo, params = job(json.loads(html.unescape(config)))
            params = engine_jobs.validate(demo, params)
            if (demo, params) not in requests:
                requests.append((demo, params))
    return requests


def stored_results(book, cache: ResultCache | None = None, log=print) -> list[tuple[str, dict, str, str]]:
    """[(demo, params, key, result JSON text)]: from the job cache, or computed now and cached."""
    cache = cache or ResultCache(JobSettings().cache_dir)
    stored = []
    for demo, params in job_requests(book):
        key = cache_key(demo, params)
        text = cache.get_text(key)
        if text is None:
            started = time.monotonic()
            log(f"export: running {demo} {params} for its stored result (once; then cached)")
            _options, run = engine_jobs.demo(demo)
            # Serialised as the job worker does (app/jobs/worker.py): nothing non-finite reaches a reader.
            text = json.dumps(run(params, lambda event: None), allow_nan=False, separators=(",", ":"))
            cache.put_text(key, text)
            log(f"export: {demo} done in {time.monotonic() - started:.1f} s")
        stored.append((demo, params, key, text))
    return stored


def stored_files(stored) -> dict[str, bytes]:
    """URL → body: each result, and the index the job client matches parameters against."""
    files = {f"/runtime/jobs/{key}.json": text.encode() for _demo, _params, key, text in stored}
    index = {"results": [{"demo": demo, "params": params, "file": f"{key}.json"} for demo, params, key, _ in stored]}
    files[INDEX_PATH] = json.dumps(index, indent=1).encode()
    return files

