"""Defined terms: the Markdown role ``{term}`text``` marks the place where the book defines a term.

Write it once, where the term is defined: ``a {term}`perceptron` is …``, or
``{term}`activation functions <activation function>``` when the words on the
page differ from the glossary's entry. It renders as the HTML element for a
defining instance, ``<dfn class="term" id="term-SLUG" data-term="ENTRY">``,
so the sentence reads unchanged, the place gets an anchor, and the glossary
(app/content/glossary.py) finds it in the rendered page.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from .errors import DirectiveError

ROLE = re.compile(r"\{term\}`([^`\n]+)`")
LABELLED = re.compile(r"^(?P<text>.*?)\s*<(?P<entry>[^<>]+)>$")
TERM_ID_PREFIX = "term-"


def term_anchor(entry: str) -> str:
    """``activation function`` → ``term-activation-function``."""
    from .markdown_setup import slugify  # late: markdown_setup imports this module

    return TERM_ID_PREFIX + slugify(entry)


def _term_role(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{":
        return False
    match = ROLE.match(state.src, state.pos)
    if not match:
        return False
    body = match.group(1).strip()
    labelled = LABELLED.match(body)
    text, entry = (labelled["text"], labelled["entry"].strip()) if labelled else (body, body)
    if not text or not entry:
        path = state.env.get("path", "?")
        raise DirectiveError(path, f"empty {{term}} role: {match.group(0)!r}")
    if not silent:
        token = state.push("term", "dfn", 0)
        token.content = text
        token.meta = {"entry": entry}
    state.pos = match.end()
    return True


def _render_term(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    entry = token.meta["entry"]
    return (
        f'<dfn class="term" id="{term_anchor(entry)}" data-term="{escape(entry)}">{escape(token.content)}</dfn>'
    )


def term_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("backticks", "term_role", _term_role)
    md.add_render_rule("term", _render_term)
