"""The book's full-text search index, built once at start-up and queried in the browser.

Every page (the chapters and the extra pages such as the notation page) is cut
into sections at its ``h2``/``h3`` headings; each section and each figure's
caption is one search document. The index is a Lunr index built here in Python
by ``lunr`` (lunr.py), whose serialised form is the one Lunr.js 2.3 loads
(``lunr.Index.load``): the browser only queries it, it never indexes.

``/search-index.json`` serves ``{"version", "index", "docs"}``: ``docs`` maps
each document's ref to what a result shows (page, section title, URL with its
anchor, kind, and the section's text for the excerpt).

Math is indexed by its TeX source with the backslashes and braces dropped
(``\\sigma(z^{[l]})`` → ``sigma z l``), so a reader finds "sigma" on the
notation page; the quiz answer key and the figures' own markup are not indexed
(a figure is found by its caption).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from lunr import __VERSION__ as lunr_version
from lunr import lunr

FORMAT_VERSION = 1
KEEP_CACHED = 6  # cached indexes kept in cache_dir/search/
SECTION_TAGS = ("h2", "h3")
# Elements whose text is not part of the reading text: scripts, the figure's JSON state, permalinks,
# the print-only answer key. Math is read as its TeX: pages are indexed before it is typeset (MathML
# glyphs are not words).
SKIP_CLASSES = {"header-anchor", "answer-key", "widget-controls", "widget-status", "widget-alt"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
TEX_NOISE = re.compile(r"[\\{}^_$&~]")


SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "varepsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "Sigma": "Σ",
    "tau": "τ", "phi": "φ", "varphi": "φ", "omega": "ω", "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "∏",
    "cdot": "·", "times": "×", "odot": "⊙", "leftarrow": "←", "rightarrow": "→", "to": "→", "approx": "≈",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "infty": "∞", "in": "∈", "top": "ᵀ",
    "ldots": "…", "dots": "…", "cdots": "⋯", "sqrt": "√", "pm": "±", "log": "log", "exp": "exp", "max": "max",
    "min": "min", "tanh": "tanh",
}


def tex_display(tex: str) -> str:
    r"""TeX source as a result's excerpt shows it: ``\theta \leftarrow \theta - \eta g`` → ``θ ← θ - η g``."""
    text = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", tex)
    text = TEX_COMMAND.sub(lambda m: SYMBOLS.get(m.group(1), ""), text)
    text = re.sub(r"\\[,;:! ]|\\left|\\right", " ", text)
    return re.sub(r"\s+", " ", re.sub(r"[\\{}$&~]", "", text)).strip()


def tex_words(tex: str) -> str:
    """TeX source as words a reader might type: ``\\sigma(z^{[l]})`` → ``sigma(z [l])``."""
    text = TEX_COMMAND.sub(lambda m: f" {m.group(1)} ", tex)
    return re.sub(r"\s+", " ", TEX_NOISE.sub(" ", text)).strip()


@dataclass
class SearchDoc:
    kind: str  # "page" (the text before the first heading), "section" or "figure"
    anchor: str  # "" for the top of the page
    title: str
    title_words: str = ""  # the title as indexed, when math makes it differ from what is shown
    parts: list[str] = field(default_factory=list)  # what Lunr indexes (math as words: "sigma")
    shown: list[str] = field(default_factory=list)  # what a result's excerpt shows (math as symbols: "σ")

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts)).strip()

    @property
    def display(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.shown)).strip()


class _SectionSplitter(HTMLParser):
    """Walks a rendered page once, cutting it into sections and collecting figure captions."""

    def __init__(self, page_title: str):
        super().__init__(convert_charrefs=True)
        self.docs = [SearchDoc("page", "", page_title)]
        self.figures: list[SearchDoc] = []
        self.stack: list[tuple[str, str]] = []  # (tag, role) of open elements; role: skip, heading, caption, math
        self.heading: SearchDoc | None = None
        self.figure_id = ""
        self.caption: SearchDoc | None = None
        self.math_tex: list[str] | None = None  # TeX of the math element being read

    def _role(self, tag: str, attrs: dict) -> str:
        classes = set((attrs.get("class") or "").split())
        if tag in ("script", "style") or classes & SKIP_CLASSES:
            return "skip"
        if tag in SECTION_TAGS:
            return "heading"
        if tag == "figcaption" and self.figure_id:
            return "caption"
        if "math" in classes and tag in ("span", "div"):
            return "math"
        return ""

    def _skipping(self) -> bool:
        return any(role == "skip" for _, role in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._skipping():
            if tag not in VOID:
                self.stack.append((tag, "skip"))
            return
        role = self._role(tag, attrs)
        if tag == "figure":
            self.figure_id = attrs.get("id", "")
        if role == "heading":
            self.heading = SearchDoc("section", attrs.get("id", ""), "")
        elif role == "caption":
            self.caption = SearchDoc("figure", self.figure_id, "")
        elif role == "math":
            self.math_tex = []
        if tag not in VOID:
            self.stack.append((tag, role))

    def handle_endtag(self, tag):
        if not self.stack:
            return
        # Tolerate unclosed inner elements: pop to the matching tag.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                closed = self.stack[i:]
                del self.stack[i:]
                break
        else:
            return
        for closed_tag, role in reversed(closed):
            self._close(closed_tag, role)

    def _close(self, tag, role):
        if role == "heading" and self.heading is not None:
            self.heading.title = self.heading.display
            self.heading.title_words = self.heading.text if self.heading.text != self.heading.display else ""
            self.heading.parts, self.heading.shown = [], []
            self.docs.append(self.heading)
            self.heading = None
        elif role == "caption" and self.caption is not None:
            self.caption.title = self.caption.display
            self.caption.title_words = self.caption.text if self.caption.text != self.caption.display else ""
            self.caption.parts, self.caption.shown = [], []
            self.figures.append(self.caption)
            self.caption = None
        elif role == "math" and self.math_tex is not None:
            tex, self.math_tex = " ".join(self.math_tex), None
            self._text(f" {tex_words(tex)} ", f" {tex_display(tex)} ")
        elif tag == "figure":
            self.figure_id = ""

    def handle_data(self, data):
        if self._skipping():
            return
        if self.math_tex is not None:
            # Untypeset math: its text is the TeX. Typeset (MathML): glyphs, which are not words.
            if not self._typeset():
                self.math_tex.append(data)
            return
        self._text(data)

    def _typeset(self) -> bool:
        return any(role == "" and tag == "math" for tag, role in self.stack)

    def _text(self, data, shown=None):
        target = self.heading or self.caption or self.docs[-1]
        target.parts.append(data)
        target.shown.append(data if shown is None else shown)


def page_documents(page) -> list[SearchDoc]:
    """The page's sections (the part before the first heading included) and its figures' captions."""
    splitter = _SectionSplitter(page.title)
    splitter.feed(page.html)
    splitter.close()
    sections = [d for d in splitter.docs if d.kind != "page" or d.text]
    if sections and sections[0].kind == "page" and page.summary not in sections[0].text:
        sections[0].parts.insert(0, page.summary)
        sections[0].shown.insert(0, page.summary)
    return sections + splitter.figures


def search_documents(book) -> tuple[list[dict], dict[str, dict]]:
    """What Lunr indexes (ref, title, page, text) and, per ref, what a result shows."""
    documents, docs = [], {}
    for page in [*book.chapters, *book.pages.values()]:
        label = f"Chapter {page.number}. {page.title}" if page.number is not None else page.title
        for i, doc in enumerate(page_documents(page)):
            ref = f"{page.slug}:{i}"
            documents.append({"ref": ref, "title": f"{doc.title} {doc.title_words}".strip(), "text": doc.text, "page": page.title})
            docs[ref] = {"page": label, "title": doc.title, "kind": doc.kind,
                         "url": page.url + (f"#{doc.anchor}" if doc.anchor else ""), "text": doc.display}
    return documents, docs


def index_key(book) -> str:
    """A hash of everything the index depends on: the pages, this module and the indexer's version.

    Cheap (no parsing), so a restart with an unchanged book reads the cached index at once.
    """
    digest = hashlib.sha256(f"{FORMAT_VERSION} {lunr_version}".encode())
    digest.update(Path(__file__).read_bytes())
    for page in [*book.chapters, *book.pages.values()]:
        digest.update(f"\0{page.url}\0{page.number}\0{page.title}\0{page.summary}\0".encode())
        digest.update(page.html.encode())
    return digest.hexdigest()[:24]


def _modified(path: Path) -> float:
    """A cached index's age; one another server process has just pruned counts as oldest (no error)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def build_search_index(book, cache_dir: Path | None = None) -> bytes:
    """``{"version", "index", "docs"}`` as compact JSON bytes: the body of ``/search-index.json``.

    Reading the pages and Lunr.py's indexing take seconds for the whole book, so the result
    is kept in ``cache_dir/search/`` under :func:`index_key`: a restart with the same book
    reads it back instead. Built from the pages before their math is typeset (the TeX is
    right there, and the HTML smaller); the MathML the pages carry afterwards has no TeX in it.
    """
    key = index_key(book)
    cached = Path(cache_dir) / "search" / f"index-{key}.json" if cache_dir else None
    if cached and cached.is_file():
        return cached.read_bytes()
    documents, docs = search_documents(book)
    index = lunr(ref="ref", fields=[{"field_name": "title", "boost": 10}, {"field_name": "page", "boost": 2},
                                    "text"], documents=documents)
    body = json.dumps({"version": FORMAT_VERSION, "index": index.serialize(), "docs": docs},
                      separators=(",", ":"), ensure_ascii=False).encode()
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(body)
        temporary.replace(cached)  # atomic: another server process never reads half a file
        # Keep the few newest (a course folder and the book may take turns); drop older versions.
        for old in sorted(cached.parent.glob("index-*.json"), key=_modified)[:-KEEP_CACHED]:
            old.unlink(missing_ok=True)
    return body
