"""What every page's <head> carries inline instead of asking the server for: its stylesheet and the theme script.

A stylesheet in a <link> blocks the first paint until it has arrived, and a
classic <script src> in <head> stops the parser until it has arrived and run.
A chapter had five of the one and one of the other, each a round trip that a
busy server answers late (measured on a cold chapter: the text waited for the
last of them). Inline, the first paint needs nothing but the HTML itself.

- The screen stylesheet: Temml's (how MathML is laid out, and its font, STIX
  Two Math), then the book's own files (STYLESHEETS, in cascade order), joined
  into one ``<style>``. The math font is named from the site's root, since the
  style no longer sits beside it in static/vendor/temml/, and its subset of
  common characters is declared after it (app/math_font.py). The print
  stylesheet stays a <link media="print">: it does not block the screen's paint.
- Small classic scripts (INLINE_SCRIPTS): the theme (static/js/theme.js),
  so it still sets ``<html data-theme>`` before the first paint (no flash of
  the wrong theme) without stopping the parser for a download; the class that
  lets off-screen blocks skip their layout until the page is laid out
  (static/js/lazy-layout.js), which must hold for the first paint; and the
  worker's start (static/js/runtime-boot.js), so Pyodide starts loading the
  moment the HTML arrives on a return visit, and right after the first frame
  on a first one. As an async <script src> it ran only when the busy parser
  let it, half a second later once nothing blocked the parser.
  A fourth, on pages with figures (static/js/figures-early.js), imports the
  figures' mount the moment its modules are here instead of when Chromium
  gets round to the async script.
  The Content-Security-Policy allows exactly these scripts by their sha256
  (app/middleware/security_headers.py) and still no other inline script.

The files stay the source (edited, linted and cached by the service worker
like any other); they are read once per process.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from .math_font import font_face_css

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
STYLESHEETS = ("vendor/temml/Temml-STIX2.css", "css/book.css", "css/widgets.css", "css/quiz.css", "css/search.css")
INLINE_SCRIPTS = ("js/theme.js", "js/lazy-layout.js", "js/runtime-boot.js", "js/figures-early.js")
MATH_FONT = ("url('./STIXTwoMath.woff2')", "url('/static/vendor/temml/STIXTwoMath.woff2')")


@lru_cache(maxsize=None)
def page_css(static_dir: Path = STATIC_DIR) -> str:
    """The screen stylesheet of every page, one text (a file not made yet, e.g. Temml's before `make vendor`, is left out)."""
    parts = []
    for name in STYLESHEETS:
        file = Path(static_dir) / name
        if not file.is_file():
            continue
        text = file.read_text(encoding="utf-8").strip()
        if name.startswith("vendor/temml/"):
            if MATH_FONT[0] not in text:
                raise ValueError(f"static/{name} no longer names its font as {MATH_FONT[0]}: update MATH_FONT")
            text = text.replace(*MATH_FONT)
            # Declared after the whole font, so checked first: its common characters (app/math_font.py).
            text += "\n" + font_face_css()
        parts.append(f"/* {name} */\n{text}")
    css = "\n".join(parts)
    if "</style" in css.lower():  # would end the <style> element early
        raise ValueError("a stylesheet holds '</style', which cannot be inlined")
    return css


@lru_cache(maxsize=None)
def css_version(static_dir: Path = STATIC_DIR) -> str:
    """A short hash of page_css: instant navigation reloads a page whose stylesheet differs (static/js/navigation.js)."""
    return hashlib.sha256(page_css(static_dir).encode()).hexdigest()[:12]


@lru_cache(maxsize=None)
def inline_script(name: str, static_dir: Path = STATIC_DIR) -> str:
    """The text of one of INLINE_SCRIPTS, exactly as the page carries it (the CSP hashes this text)."""
    if name not in INLINE_SCRIPTS:
        raise ValueError(f"{name} is not one of the scripts pages inline (the CSP would refuse it)")
    text = (Path(static_dir) / name).read_text(encoding="utf-8").strip()
    if "</script" in text.lower():
        raise ValueError(f"static/{name} holds '</script', which cannot be inlined")
    return text


def script_hashes(static_dir: Path = STATIC_DIR) -> str:
    """The CSP sources for INLINE_SCRIPTS, space-separated."""
    return " ".join(script_hash(inline_script(name, static_dir)) for name in INLINE_SCRIPTS)


def script_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script: 'sha256-<base64 digest>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
