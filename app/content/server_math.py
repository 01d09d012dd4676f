"""Typeset the book's math on the server, once, at start-up.

The Markdown pipeline leaves each formula as escaped TeX in
``<span class="math inline">`` / ``<div class="math block">``. Here every
formula of the book goes to ONE Node process running the vendored KaTeX
(``static/vendor/katex/katex.min.js``, else ``node_modules/katex``), with the
options the browser would use, and comes back as KaTeX's HTML + MathML. Pages
then arrive typeset: no typesetting on the reader's main thread, no layout
shift, and math reads with JavaScript turned off.

Results are cached on disk, keyed by the sha256 of (KaTeX's own bytes, display
mode, TeX), so a restart typesets only what changed and usually starts no Node
at all. A formula KaTeX rejects, or a machine without Node or KaTeX, leaves the
TeX in place: the browser's static/js/math.js then loads KaTeX, typesets what
is left and marks any error on the page (tests/content/test_math_katex.py
makes sure there are none in the book).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .math_speech import spoken

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
RENDERER = Path(__file__).with_name("katex_render.cjs")
KATEX_CANDIDATES = (
    ROOT / "static" / "vendor" / "katex" / "katex.min.js",
    ROOT / "node_modules" / "katex" / "dist" / "katex.min.js",
)
MATH = re.compile(r'<(span|div) class="math (inline|block)">(.*?)</\1>', re.S)


def find_katex() -> Path | None:
    return next((path for path in KATEX_CANDIDATES if path.is_file()), None)


def _key(katex_sha: str, tex: str, display: bool) -> str:
    return hashlib.sha256(f"{katex_sha}\0{int(display)}\0{tex}".encode()).hexdigest()


class MathTypesetter:
    """Turns TeX marked up by the pipeline into KaTeX HTML, through a disk cache and one Node run."""

    def __init__(self, cache_dir: Path, katex_js: Path | None = None, node: str | None = None):
        self.katex_js = katex_js or find_katex()
        self.node = node or shutil.which("node")
        self.katex_sha = hashlib.sha256(self.katex_js.read_bytes()).hexdigest() if self.katex_js else ""
        self.cache_path = Path(cache_dir) / f"katex-{self.katex_sha[:16]}.json"
        self.node_runs = 0  # how many Node processes this typesetter started (tests check the cache)

    def _load_cache(self) -> dict[str, str]:
        try:
            return json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save_cache(self, cache: dict[str, str]) -> None:
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self.cache_path.parent, delete=False, encoding="utf-8") as tmp:
                json.dump(cache, tmp, separators=(",", ":"))
            os.replace(tmp.name, self.cache_path)  # atomic: a concurrent start-up never reads half a file
        except OSError as exc:
            log.warning("math cache not written (%s); the next start typesets again", exc)

    def _render(self, items: list[tuple[str, bool]]) -> list[dict]:
        self.node_runs += 1
        done = subprocess.run([self.node, str(RENDERER), str(self.katex_js)],
                              input=json.dumps([{"tex": tex, "display": display} for tex, display in items]),
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"KaTeX under Node failed: {done.stderr.strip()[:500]}")
        return json.loads(done.stdout)

    def typeset(self, pages_html: list[str]) -> list[str]:
        """The same pages with every formula typeset (those that could not be: left as TeX)."""
        if not self.katex_js or not self.node:
            log.warning("no Node or no KaTeX: math will be typeset in the browser")
            return pages_html
        cache = self._load_cache()
        wanted: dict[str, tuple[str, bool]] = {}
        for page in pages_html:
            for _, kind, body in MATH.findall(page):
                tex, display = html.unescape(body).strip(), kind == "block"
                wanted.setdefault(_key(self.katex_sha, tex, display), (tex, display))
        missing = [key for key in wanted if key not in cache]
        if missing:
            try:
                results = self._render([wanted[key] for key in missing])
            except (OSError, RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
                log.warning("server-side math failed (%s); math will be typeset in the browser", exc)
                return pages_html
            for key, result in zip(missing, results):
                if "html" in result:
                    cache[key] = result["html"]
                else:
                    log.warning("KaTeX cannot typeset %r: %s", wanted[key][0], result["error"])
            self._save_cache(cache)

        def replace(match: re.Match) -> str:
            tag, kind, body = match.groups()
            rendered = cache.get(_key(self.katex_sha, html.unescape(body).strip(), kind == "block"))
            if rendered is None:
                return match.group(0)
            return f'<{tag} class="math {kind} typeset">{speakable(rendered, html.unescape(body).strip())}</{tag}>'

        return [MATH.sub(replace, page) for page in pages_html]


def speakable(rendered: str, tex: str) -> str:
    """KaTeX's HTML with a name a screen reader says: role="math" and the words math_speech makes.

    KaTeX's MathML stays inside (for readers whose screen reader navigates MathML); its visual
    HTML is aria-hidden already. The name is what Chromium gives a label, link, header or
    question that holds only this formula; without it they were named "".
    """
    label = html.escape(spoken(tex), quote=True)
    return rendered.replace('<span class="katex">', f'<span class="katex" role="math" aria-label="{label}">', 1)


def typeset_book(book, cache_dir: Path) -> MathTypesetter:
    """Typeset every page of ``book`` in place (its ``html``; ``text`` keeps the TeX for search)."""
    pages = [*book.chapters, *book.pages.values()]
    typesetter = MathTypesetter(cache_dir)
    typeset = typesetter.typeset([page.html for page in pages] + [page.answer_key for page in pages])
    for page, html_, key in zip(pages, typeset[:len(pages)], typeset[len(pages):]):
        page.html, page.answer_key = html_, key
    return typesetter
