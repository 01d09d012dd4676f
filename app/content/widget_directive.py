"""```{widget} NAME: a numbered figure whose first frame the engine computes on the server.

The directive's YAML holds the figure's starting values (checked against the
figure's option table, so a bad one stops the build with file and line), an
optional ``caption:``, ``hide: [option or part, …]`` and ``lock: {option:
value}`` (see render_widget). Figures are numbered per chapter in page order:
the second figure of chapter 2 is "Figure 2.2", with the anchor ``#fig-2-2``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from pathlib import Path

from engine.widgets import registry
from engine.widgets.errors import WidgetInputError
from engine.widgets.protocol import dispatch

from .engine_results import remembered
from .errors import DirectiveError

WIDGET_JS_DIR = Path(__file__).resolve().parents[2] / "static" / "js" / "widgets"


def _attribute_json(value) -> str:
    return escape(json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")), quote=True)


def _figure_number(env: dict | None) -> tuple[str, str]:
    """("2.1", "fig-2-1") for the next figure of chapter 2; ("1", "fig-1") on a page that is no chapter."""
    env = env if env is not None else {}
    env["figures"] = env.get("figures", 0) + 1
    chapter = env.get("chapter")
    number = f"{chapter}.{env['figures']}" if chapter is not None else str(env["figures"])
    return number, "fig-" + number.replace(".", "-")


@lru_cache(maxsize=512)
def _first_frame(name: str, options_json: str) -> tuple[str, str]:
    """(state JSON, description) of a figure's first frame, once per (figure, options) in a process,
    and once per engine version on disk (engine_results.remembered) for the processes after it.

    The first frame is a pure function of them (seeded), and computing it trains a network: `nnbook
    check` renders the book twice (every problem collected, then the app as served), a course renders
    the book's figures again, and the test suite renders the book many times. Errors are not cached."""
    def compute() -> list[str]:
        state = dispatch(name, "initial", json.loads(options_json))
        # JSON inside <script> must not be able to close the tag.
        state_json = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")
        return [state_json, escape(state.get("description", f"Interactive figure: {name}"))]

    if getattr(registry.module(name), "BUILD_ONLY_INITIAL", False):
        # Its frame is read from the book's text (the timeline, from chapter 1), not from the engine
        # alone: the engine's identity would not see that text change. Reading it is quick.
        return tuple(compute())
    state_json, description = remembered("first-frame", [name, options_json], compute)
    return state_json, description


def render_widget(name: str, options: dict, location: str, env: dict | None = None) -> str:
    if not name:
        raise DirectiveError(location, "a widget directive needs a name: ```{widget} perceptron")
    if name not in registry.WIDGETS:
        raise DirectiveError(location, f"unknown widget {name!r}; known: {', '.join(registry.widget_names())}")
    if not (WIDGET_JS_DIR / f"{name}.js").is_file():
        raise DirectiveError(location, f"widget {name!r} has no script static/js/widgets/{name}.js")
    module = registry.module(name)
    options = dict(options)
    caption = options.pop("caption", module.CAPTION)
    if not isinstance(caption, str) or not caption.strip():
        raise DirectiveError(location, f"widget {name!r}: caption must be a line of text")
    # How the instructor presents the figure, checked by its option table: `hide: [...]` (controls,
    # or parts the module lists in PARTS, not shown) and `lock: {option: value}` (fixed: the control
    # is shown disabled and a link's parameters cannot change it).
    hide, lock = options.pop("hide", []), options.pop("lock", {})
    try:
        hide = module.OPTIONS.check_hide(hide, getattr(module, "PARTS", ()))
        lock = module.OPTIONS.check_lock(lock)
        both = sorted(set(lock) & set(options))
        if both:
            raise WidgetInputError(f"lock.{both[0]}", "is both a starting value and locked; keep it in lock only")
        options.update(lock)
        module.OPTIONS.validate(options)  # the figure's table: the same check the worker and /api make
        state_json, description = _first_frame(name, json.dumps(options, sort_keys=True))
    except WidgetInputError as exc:
        raise DirectiveError(location, f"widget {name!r} option {exc.field}: {exc.reason}") from None
    number, figure_id = _figure_number(env)
    return (
        f'<figure class="widget" id="{figure_id}" data-widget="{escape(name)}" data-number="{number}" '
        f'data-config="{_attribute_json(options)}" data-options="{_attribute_json(module.OPTIONS.to_json())}" '
        + (f'data-hide="{_attribute_json(hide)}" ' if hide else "")
        + (f'data-lock="{_attribute_json(lock)}" ' if lock else "")
        + 'data-status="static">\n'
        f'<script type="application/json" class="widget-state">{state_json}</script>\n'
        f'<div class="widget-body" role="group" aria-label="{description}"></div>\n'
        '<div class="widget-controls"></div>\n'
        '<p class="widget-status" aria-live="polite">Figure drawn from the server; the live engine is loading…</p>\n'
        f'<p class="widget-alt">{description}</p>\n'
        f'<figcaption class="widget-caption"><span class="widget-number">Figure {number}</span> — '
        f'{escape(caption.strip())}</figcaption>\n'
        "</figure>\n"
    )
