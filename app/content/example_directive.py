"""````{example}: a piece of Markdown shown as written beside what it renders to.

The authoring guide (content/authoring.md) is made of these, so the source a
reader copies and the result they see come from the same lines and cannot
drift apart. The body is written with a longer fence than the directives it
shows (four backticks around three). The source column shows the lines as the
author wrote them, ``{{ key }}`` placeholders included; the result column is
rendered by the book's own parser, in the page's numbering (figures count on),
and a problem inside it is reported at the line it sits on.
"""

from __future__ import annotations

from html import escape


def _source_lines(token, env) -> str:
    """The body as written in the file (before ``{{ key }}`` substitution), when the file is known."""
    source, line_map = env.get("source"), env.get("line_map")
    if not source or not line_map or not token.map:
        return token.content
    first = line_map[token.map[0]]  # 1-based line of the opening fence
    last = line_map[min(token.map[1], len(line_map)) - 1]  # the closing fence (or the file's end)
    body = source[first:last - 1] if last - 1 > first else []
    return "\n".join(body) + "\n" if body else token.content


def render_example(md, token, env: dict) -> str:
    line_map = env.get("line_map")
    if line_map and token.map:
        # Lines of the body → lines of the file, so an error inside the example names its own line.
        inner = line_map[token.map[0] + 1:]
        env["line_map"] = inner
    try:
        result = md.render(token.content, env)
    finally:
        if line_map is not None:
            env["line_map"] = line_map
    return (
        '<div class="authoring-example">\n'
        '<div class="example-source"><p class="example-label">Markdown</p>'
        f'<pre><code class="language-markdown">{escape(_source_lines(token, env))}</code></pre></div>\n'
        f'<div class="example-result"><p class="example-label">Result</p>\n{result}</div>\n'
        "</div>\n"
    )
