"""Every formula of the book typesets with the Temml the site ships.

All ``$…$`` and ``$$…$$`` of every rendered page (and the math inside quiz
explanations) are sent to ONE Node process running the server's own renderer
(app/content/temml_render.cjs) on the vendored ``static/vendor/temml/temml.min.js``
(or ``node_modules/temml`` after ``npm install``) with ``throwOnError: true``.
Any expression Temml cannot parse fails the test, named by file and expression.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.content.server_math import MathTypesetter
from tests.content.content_html import math_expressions, plain

REPO_ROOT = Path(__file__).resolve().parents[2]


def typeset(expressions: list[dict]) -> dict:
    """How many expressions were sent, and each one Temml rejects: {"rendered", "failures": [{where, tex, error}]}."""
    typesetter = MathTypesetter(REPO_ROOT / ".cache")  # its render() reads and writes no cache
    assert typesetter.node, "Node.js is required to typeset the book's math with Temml"
    assert typesetter.temml_js, "Temml is not vendored: run `make vendor` (or `npm install`) first"
    results = typesetter.render([(e["tex"], e["display"]) for e in expressions])
    failures = [{**e, "error": r["error"]} for e, r in zip(expressions, results) if "error" in r]
    return {"rendered": len(results), "failures": failures}


def book_expressions(pages) -> list[dict]:
    items = []
    for page in pages:
        where = str(page.source_path.relative_to(REPO_ROOT)) if page.source_path.is_relative_to(REPO_ROOT) else str(page.source_path)
        items += [{"where": where, "tex": m.tex, "display": m.display} for m in math_expressions(page.html)]
    return items


def test_the_runner_reports_a_formula_temml_rejects():
    """Guard against a runner that silently accepts everything."""
    result = typeset(
        [
            {"where": "good", "tex": r"\delta^{[L]} = a^{[L]} - y", "display": False},
            {"where": "bad", "tex": r"\frac{1}{", "display": True},
            {"where": "unknown", "tex": r"\notacommand x", "display": False},
        ]
    )
    assert result["rendered"] == 3
    assert sorted(f["where"] for f in result["failures"]) == ["bad", "unknown"]


def test_every_formula_of_the_book_typesets(all_pages):
    expressions = book_expressions(all_pages)
    assert len(expressions) > 500, "suspiciously little math: is the math markup still span/div.math?"
    result = typeset(expressions)
    assert result["rendered"] == len(expressions)
    report = "\n".join(f"  {f['where']}: {f['tex']!r}\n    {f['error']}" for f in result["failures"])
    assert not result["failures"], f"{len(result['failures'])} formula(s) Temml cannot typeset:\n{report}"


CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
# The authoring guide's {example} blocks show Markdown as written: their $ are meant to be seen.
EXAMPLE_SOURCE = re.compile(r'<div class="example-source">.*?</div>', re.S)


def test_no_math_delimiter_is_left_unrendered(all_pages):
    """A ``$`` left in the prose means the parser did not recognise a formula (a broken
    block, an unbalanced delimiter, math pushed into a code block by lost indentation);
    the reader would see raw TeX. Code is exempt: ``$`` may be literal there."""
    stray = []
    for page in all_pages:
        html = EXAMPLE_SOURCE.sub(" ", page.html)
        prose = plain(CODE.sub(" ", html))
        code = " ".join(m.group(0) for m in CODE.finditer(html))
        for match in re.finditer(r".{0,50}\$.{0,50}", prose):
            stray.append(f"  {page.source_path.name}: …{match.group(0)}…")
        for match in re.finditer(r"\$[^$<>]{1,80}\$", code):
            stray.append(f"  {page.source_path.name} (inside a code block): {match.group(0)}")
    assert not stray, "unrendered math (raw $ in the page):\n" + "\n".join(stray)
