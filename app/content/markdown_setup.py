"""The one configured Markdown parser of the book.

CommonMark + tables + footnotes + front matter + ``$math$`` (left as TeX in
``<span class="math inline">`` / ``<div class="math block">``, typeset as
MathML by app/content/server_math.py) + admonitions (``!!! note``, ``!!! warning``, ``!!! key-idea``,
``??? solution`` → a collapsed ``<details>``) + defined terms (``{term}`…```) + heading anchors + fenced
directives (```` ```{widget} NAME ````, ```` ```{quiz} ````).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .directives import render_fence, source_location
from .errors import BuildError, DirectiveError
from .terms import term_plugin


def record(env: dict, error: BuildError) -> None:
    """Raise ``error`` (start-up stops at the first problem), or note it when ``nnbook check`` collects them all."""
    problems = env.get("problems") if env is not None else None
    if problems is None:
        raise error
    problems.append(error)

ADMONITION_KINDS = {"note", "warning", "key-idea", "tip", "solution"}


def slugify(title: str) -> str:
    """GitHub-style heading ids: lowercase, punctuation dropped, spaces to '-'."""
    text = unicodedata.normalize("NFKD", title).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return re.sub(r" ", "-", text.strip())


def _render_admonition(self, tokens, idx, options, env):
    """Asides for notes; a collapsed <details> for solutions. A stack in ``env``
    pairs each closing token with its opening kind (closing tokens carry no tag)."""
    token = tokens[idx]
    stack = env.setdefault("admonition_stack", [])
    if token.nesting == -1:
        return "</details>\n" if stack.pop() == "solution" else "</aside>\n"
    tag = token.meta.get("tag", "note")
    if tag not in ADMONITION_KINDS:
        record(env, DirectiveError(source_location(env, token), f"unknown admonition {tag!r}; use one of {', '.join(sorted(ADMONITION_KINDS))}"))
        tag = "note"  # nnbook check goes on to the next problem
    stack.append(tag)
    if tag == "solution":
        return '<details class="solution">\n'
    label = {"note": "Note", "warning": "Warning", "key-idea": "Key idea", "tip": "Tip"}[tag]
    return f'<aside class="admonition {tag}" role="note" aria-label="{label}">\n'


def _render_admonition_title(self, tokens, idx, options, env):
    in_solution = (env.get("admonition_stack") or [None])[-1] == "solution"
    if tokens[idx].nesting == 1:
        return "<summary>" if in_solution else '<p class="admonition-title">'
    return "</summary>\n" if in_solution else "</p>\n"


def _math_renderer(content: str, options: dict) -> str:
    return escape(content)


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
    md.use(front_matter_plugin)
    md.use(footnote_plugin)
    md.use(dollarmath_plugin, allow_labels=False, allow_digits=False, double_inline=True, renderer=_math_renderer)
    md.use(admon_plugin)
    md.use(term_plugin)  # {term}`perceptron`: a defined term, gathered into the glossary
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify, permalink=True, permalinkSymbol="#")
    md.add_render_rule("admonition_open", _render_admonition)
    md.add_render_rule("admonition_close", _render_admonition)
    md.add_render_rule("admonition_title_open", _render_admonition_title)
    md.add_render_rule("admonition_title_close", _render_admonition_title)
    default_fence = md.renderer.rules["fence"]

    def fence(self, tokens, idx, options, env):
        try:
            html = render_fence(md, tokens[idx], env)
        except BuildError as exc:
            record(env, exc)
            return ""
        return html if html is not None else default_fence(tokens, idx, options, env)

    md.add_render_rule("fence", fence)
    md.core.ruler.push("table_alignment_classes", _table_alignment_classes)
    return md


def _table_alignment_classes(state) -> None:
    """Column alignment as a class (``align-right``), not a ``style`` attribute: styling lives in
    the stylesheet (the only inline styles are the typeset math's own, from Temml)."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrs.get("style", "").startswith("text-align:"):
            align = token.attrs.pop("style").split(":", 1)[1].strip()
            token.attrSet("class", f"align-{align}")
