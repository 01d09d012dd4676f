"""Playwright's CSS selectors without the shadow-DOM walk: every plain CSS part of a selector the tests
send is sent as ``css:light=…``, which Playwright answers with the page's own querySelectorAll.

Why: Playwright's default ``css`` engine pierces shadow roots. For every query it lists every element of
the document (``querySelectorAll("*")``) and looks at each one's ``shadowRoot``, whatever the selector.
A chapter is 10,000-20,000 elements (its typeset formulas), and a locator action, a ``wait_for_selector``
poll or an attribute read is one query or more. In a V8 profile of the figure contract's tab (2026-12-04),
that walk (the injected script's ``query``) took 6.8 s of the tab's 31 s of busy main thread; sent light,
it was gone. Over the whole suite it is a small share (in paired full runs on fresh clones the difference
was within the host's noise, 504 against 506 busy CPU-seconds), but it is work that checks nothing.
The book has no shadow DOM (its figures are canvas, SVG and plain elements), so
a light query finds exactly what the piercing one finds; test_light_selectors.py checks that the book's
scripts, templates and chapters make none, so this stays true.

The rewrite mirrors Playwright's own parse of a selector (parseSelectorString in its injected script):
parts are split on ``>>`` outside quotes; a part ``name=body`` whose name is an engine name is left as
it is (``text=``, ``nth=``, ``internal:…``, ``xpath=``), except ``css=``, which becomes ``css:light=``; a
quoted part is text and one starting with ``//`` or ``..`` is XPath; anything else is CSS.
"""

from __future__ import annotations

import functools
import re

from playwright._impl.connection import Connection

_ENGINE_NAME = re.compile(r"^[a-zA-Z_0-9\-+:*]+$")
_TEXT_PREFIX = re.compile(r"^\s*text\s*=(.*)$", re.DOTALL)


def _parts(selector: str) -> list[str]:
    """``selector`` split on ``>>`` outside quotes, as Playwright splits it (parts untrimmed)."""
    if ">>" not in selector:
        return [selector]
    parts, start, index, quote = [], 0, 0, None
    while index < len(selector):
        c = selector[index]
        if c == "\\" and index + 1 < len(selector):
            index += 2
        elif c == quote:
            quote = None
            index += 1
        elif quote is None and c in "\"'`" and not _text_quote_ignored(selector[start:index]):
            quote = c
            index += 1
        elif quote is None and selector.startswith(">>", index):
            parts.append(selector[start:index])
            index += 2
            start = index
        else:
            index += 1
    parts.append(selector[start:])
    return parts


def _text_quote_ignored(prefix: str) -> bool:
    match = _TEXT_PREFIX.match(prefix)
    return bool(match and match.group(1))


def _light_part(part: str) -> str:
    text = part.strip()  # Playwright trims each part too
    equals = text.find("=")
    if equals != -1 and _ENGINE_NAME.match(text[:equals].strip()):
        name = text[:equals].strip()
        return "css:light=" + text[equals + 1:] if name == "css" else text
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
        return text  # text
    if re.match(r"^\(*//", text) or text.startswith(".."):
        return text  # XPath
    return "css:light=" + text if text else text


def light(selector: str) -> str:
    """``selector`` with each plain CSS part made a light (non-piercing) CSS part."""
    return " >> ".join(_light_part(part) for part in _parts(selector))


def install() -> bool:
    """Rewrite the ``selector`` of every call the tests' Playwright client sends (one place: every
    Page, Frame, Locator and ElementHandle call that takes a selector sends it as this parameter).
    False if this Playwright has no such place (a private function, renamed in some release): the
    tests then send Playwright's own CSS, and test_light_selectors.py says so."""
    send = getattr(Connection, "send_message_to_server", None)
    if send is None:
        return False
    if getattr(send, "light", False):
        return True

    @functools.wraps(send)
    def send_light(self, object, method, params, *rest, **options):
        if isinstance(params, dict) and isinstance(params.get("selector"), str):
            params = {**params, "selector": light(params["selector"])}
        return send(self, object, method, params, *rest, **options)

    send_light.light = True
    Connection.send_message_to_server = send_light
    return True
