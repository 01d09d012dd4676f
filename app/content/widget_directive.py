"""```{widget} NAME: a figure whose first frame the engine computes on the server."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from engine import demos
from engine.demos.errors import DemoInputError

from .errors import DirectiveError

WIDGET_JS_DIR = Path(__file__).resolve().parents[2] / "static" / "js" / "widgets"


def render_widget(name: str, options: dict, location: str) -> str:
    if not name:
        raise DirectiveError(location, "a widget directive needs a name: ```{widget} perceptron")
    if name not in demos.WIDGETS:
        raise DirectiveError(location, f"unknown widget {name!r}; known: {', '.join(demos.widget_names())}")
    if not (WIDGET_JS_DIR / f"{name}.js").is_file():
        raise DirectiveError(location, f"widget {name!r} has no script static/js/widgets/{name}.js")
    try:
        state = demos.dispatch(name, "initial", options)
    except DemoInputError as exc:
        raise DirectiveError(location, f"widget {name!r} option {exc.field}: {exc.reason}") from None
    config = escape(json.dumps(options, sort_keys=True), quote=True)
    # JSON inside <script> must not be able to close the tag.
    state_json = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")
    alt = escape(state.get("description", f"Interactive figure: {name}"))
    return (
        f'<figure class="widget" data-widget="{escape(name)}" data-config="{config}" data-status="static">\n'
        f'<script type="application/json" class="widget-state">{state_json}</script>\n'
        f'<div class="widget-body" role="group" aria-label="{alt}"></div>\n'
        f'<p class="widget-status" aria-live="polite">Figure drawn from the server; the live engine is loading…</p>\n'
        f'<figcaption class="widget-alt">{alt}</figcaption>\n'
        "</figure>\n"
    )
