"""Fenced directives: ```` ```{name} argument ```` followed by YAML options.

Each directive name maps to a function ``(argument, options, location, md)
-> html``; an unknown name or malformed YAML stops the build with the file
and line where the block starts.
"""

from __future__ import annotations

import re

import yaml

from .errors import DirectiveError
from .yaml_text import load_yaml

DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[a-z][a-z0-9-]*)\}\s*(?P<arg>.*)$")


def _widget(argument, options, location, md, env):
    from .widget_directive import render_widget

    return render_widget(argument, options, location, env)


def _quiz(argument, options, location, md, env):
    from .answer_key import remember_quiz
    from .quiz import render_quiz

    if argument:
        raise DirectiveError(location, "a quiz takes no argument after {quiz}; put everything in its YAML")
    html = render_quiz(options, location, md)
    remember_quiz(env, options, md)  # for the answer key printed at the page's end
    return html


DIRECTIVES = {"widget": _widget, "quiz": _quiz, "example": None}  # example: Markdown, not YAML


def parse_options(body: str, location: str) -> dict:
    if not body.strip():
        return {}
    try:
        options = load_yaml(body)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1} of the block)" if mark else ""
        raise DirectiveError(location, f"malformed YAML options{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(options, dict):
        raise DirectiveError(location, "directive options must be a YAML mapping (key: value lines)")
    return options


def source_location(env: dict, token) -> str:
    """'file.md:LINE' of the block's first line in the file as the author wrote it."""
    index = (token.map or [0])[0]
    line_map = env.get("line_map") or []
    line = line_map[index] if index < len(line_map) else index + 1
    return f"{env.get('path', '<string>')}:{line}"


def render_fence(md, token, env) -> str | None:
    """HTML for a directive fence, or None for an ordinary code block."""
    info = token.info.strip()
    if not info.startswith("{"):
        return None
    location = source_location(env, token)
    match = DIRECTIVE_INFO.match(info)
    if not match:
        raise DirectiveError(location, f"malformed directive {info!r}; expected ```{{name}} argument")
    name = match["name"]
    if name not in DIRECTIVES:
        raise DirectiveError(location, f"unknown directive {{{name}}}; known: {', '.join(sorted(DIRECTIVES))}")
    if name == "example":
        from .example_directive import render_example

        return render_example(md, token, env)
    options = parse_options(token.content, location)
    return DIRECTIVES[name](match["arg"].strip(), options, location, md, env)
