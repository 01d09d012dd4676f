"""Reading the rendered pages back: math, sections, links and text, for the content checks.

The pipeline (app/content/markdown_setup.py) leaves math as escaped TeX in
``<span class="math inline">…</span>`` and ``<div class="math block">…</div>``
for the server to typeset (Temml, app/content/server_math.py), and gives every h2/h3 an ``id``. A quiz
keeps its explanation as HTML inside a ``data-explanation`` attribute, so math
there is collected too.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MATH = re.compile(r'<(span|div) class="math (inline|block)">(.*?)</\1>', re.S)
EXPLANATION_ATTRIBUTE = re.compile(r'data-explanation="([^"]*)"')
H2 = re.compile(r'<h2 id="([^"]*)"[^>]*>(.*?)</h2>', re.S)
TAG = re.compile(r"<[^>]+>")
PERMALINK = re.compile(r'<a class="header-anchor"[^>]*>#</a>')
SECTION_NUMBER = re.compile(r'<span class="section-number">[^<]*</span>')  # "7.3", added by the build


@dataclass(frozen=True)
class MathExpression:
    display: bool  # True for $$…$$ blocks
    tex: str  # the TeX source as the author wrote it (unescaped)


def math_expressions(rendered: str) -> list[MathExpression]:
    """All math of a page, in order, including math inside quiz explanations."""
    found = [MathExpression(kind == "block", html.unescape(body).strip()) for _, kind, body in MATH.findall(rendered)]
    for attribute in EXPLANATION_ATTRIBUTE.findall(rendered):
        inner = html.unescape(attribute)
        found += [MathExpression(kind == "block", html.unescape(body).strip()) for _, kind, body in MATH.findall(inner)]
    return found


def plain(fragment: str) -> str:
    """Text of an HTML fragment with tags and heading permalinks removed, whitespace collapsed."""
    text = TAG.sub(" ", PERMALINK.sub("", fragment))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def h2_sections(rendered: str) -> list[tuple[str, str, str]]:
    """``(id, title, body_html)`` for every h2 section, in order; the body runs to the next h2."""
    heads = list(H2.finditer(rendered))
    sections = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(rendered)
        sections.append((head.group(1), plain(SECTION_NUMBER.sub("", head.group(2))), rendered[head.end() : end]))
    return sections


def before_first_h2(rendered: str) -> str:
    head = H2.search(rendered)
    return rendered[: head.start()] if head else rendered


DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"'}


def normalise_prose(text: str) -> str:
    """Compare prose, not typography: unify dashes, quotes and spacing; drop math dollars.

    Spaces that tag removal leaves before punctuation ("word </a>.") are closed
    up, and ``$`` is removed because the rendered text keeps math as bare TeX.
    """
    text = unicodedata.normalize("NFKC", text).translate(DASHES).translate(QUOTES)
    text = text.replace("$", "")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([.,;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return text.strip().lower()
