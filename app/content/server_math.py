"""Typeset the book's math on the server, once, at start-up.

The Markdown pipeline leaves each formula as escaped TeX in
``<span class="math inline">`` / ``<div class="math block">``. Here every
formula of the book goes to ONE Node process running the vendored Temml
(``static/vendor/temml/temml.min.js``, else ``node_modules/temml``), with the
options the browser would use, and comes back as MathML (an inline formula in
one ``<mrow>`` per stretch between its top-level relations and operators,
``wrap: "tex"``, so a line may break there as TeX would break it). Pages then arrive
typeset: no typesetting on the reader's main thread, no layout shift, and math
reads with JavaScript turned off.

Why MathML alone: every current browser lays MathML out itself (Chromium since
109), with the STIX Two Math font the page's stylesheet names. KaTeX wrote each
formula twice, as positioned ``<span>`` boxes to look at and as MathML for
screen readers; a chapter's formulas were 9,631 elements where MathML alone is
3,893, and the page's layout and style work fell by about 40 % (measured on the
perceptron chapter, stop 41's note).

Results are cached on disk, keyed by the sha256 of (Temml's own bytes and this
renderer's, display mode, TeX), so a restart typesets only what changed and usually starts no Node
at all. A formula Temml rejects, or a machine without Node or Temml, leaves the
TeX in place: the browser's static/js/math.js then loads Temml, typesets what
is left and marks any error on the page (tests/content/test_math_typesets.py
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
RENDERER = Path(__file__).with_name("temml_render.cjs")
TEMML_CANDIDATES = (
    ROOT / "static" / "vendor" / "temml" / "temml.min.js",
    ROOT / "node_modules" / "temml" / "dist" / "temml.min.js",
)
MATH = re.compile(r'<(span|div) class="math (inline|block)">(.*?)</\1>', re.S)


def find_temml() -> Path | None:
    return next((path for path in TEMML_CANDIDATES if path.is_file()), None)


def _key(temml_sha: str, tex: str, display: bool) -> str:
    return hashlib.sha256(f"{temml_sha}\0{int(display)}\0{tex}".encode()).hexdigest()


class MathTypesetter:
    """Turns TeX marked up by the pipeline into MathML, through a disk cache and one Node run."""

    def __init__(self, cache_dir: Path, temml_js: Path | None = None, node: str | None = None):
        self.temml_js = temml_js or find_temml()
        self.node = node or shutil.which("node")
        # The key covers the renderer too: a changed option there must not reuse old results.
        self.temml_sha = hashlib.sha256(self.temml_js.read_bytes() + RENDERER.read_bytes()).hexdigest() if self.temml_js else ""
        self.cache_path = Path(cache_dir) / f"temml-{self.temml_sha[:16]}.json"
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

    def render(self, items: list[tuple[str, bool]]) -> list[dict]:
        """(TeX, display) pairs typeset by one Node run, no cache: ``{"html"}`` or ``{"error"}`` for each, in order."""
        self.node_runs += 1
        done = subprocess.run([self.node, str(RENDERER), str(self.temml_js)],
                              input=json.dumps([{"tex": tex, "display": display} for tex, display in items]),
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"Temml under Node failed: {done.stderr.strip()[:500]}")
        return json.loads(done.stdout)

    def typeset(self, pages_html: list[str]) -> list[str]:
        """The same pages with every formula typeset (those that could not be: left as TeX)."""
        if not self.temml_js or not self.node:
            log.warning("no Node or no Temml: math will be typeset in the browser")
            return pages_html
        cache = self._load_cache()
        wanted: dict[str, tuple[str, bool]] = {}
        for page in pages_html:
            for _, kind, body in MATH.findall(page):
                tex, display = html.unescape(body).strip(), kind == "block"
                wanted.setdefault(_key(self.temml_sha, tex, display), (tex, display))
        missing = [key for key in wanted if key not in cache]
        if missing:
            try:
                results = self.render([wanted[key] for key in missing])
            except (OSError, RuntimeError, ValueError, subprocess.TimeoutExpired) as exc:
                log.warning("server-side math failed (%s); math will be typeset in the browser", exc)
                return pages_html
            for key, result in zip(missing, results):
                if "html" in result:
                    cache[key] = result["html"]
                else:
                    log.warning("Temml cannot typeset %r: %s", wanted[key][0], result["error"])
            self._save_cache(cache)

        def replace(match: re.Match) -> str:
            tag, kind, body = match.groups()
            rendered = cache.get(_key(self.temml_sha, html.unescape(body).strip(), kind == "block"))
            if rendered is None:
                return match.group(0)
            return f'<{tag} class="math {kind} typeset">{speakable(rendered, html.unescape(body).strip())}</{tag}>'

        return [MATH.sub(replace, page) for page in pages_html]


def speakable(rendered: str, tex: str) -> str:
    """The MathML with a name a screen reader says: the words math_speech makes, as its aria-label.

    ``<math>`` is role math already; the name is what Chromium gives a label, link, header or
    question that holds only this formula (without one they were named "").
    """
    label = html.escape(spoken(tex), quote=True)
    return rendered.replace("<math", f'<math aria-label="{label}"', 1)


def typeset_book(book, cache_dir: Path) -> MathTypesetter:
    """Typeset every page of ``book`` in place (its ``html``; ``text`` keeps the TeX for search)."""
    pages = [*book.chapters, *book.pages.values()]
    typesetter = MathTypesetter(cache_dir)
    typeset = typesetter.typeset([page.html for page in pages] + [page.answer_key for page in pages])
    for page, html_, key in zip(pages, typeset[:len(pages)], typeset[len(pages):]):
        page.html, page.answer_key = html_, key
    return typesetter
