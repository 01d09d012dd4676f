"""Rewrite the app's root-relative URLs for where the export is published.

The app writes every URL from the site's root (``/static/…``, ``/chapters/x``).
A published copy lives under a base path (``/nn-course/``) and is served by a
plain file server, where a page is a folder (``/chapters/x/`` holds its
index.html). One function, :func:`public_url`, maps a root path to its public
URL; the others apply it to each kind of file the export writes. The chapters'
own Markdown links are rewritten the same way, so authors keep writing
``/chapters/x#section``.
"""

from __future__ import annotations

import hashlib
import html
import json
import re

from ..interpreter_snapshot import URL_PREFIX

# A root-relative URL in an HTML attribute (href, src, the runtime's data-*-url…), not "//host".
_ATTRIBUTE = re.compile(r'(\s(?:href|src|action|poster|content|data-[\w-]+)=")(/(?!/)[^"]*)(")')
_HTML_TAG = re.compile(r"<html\b")
_SNAPSHOT_ATTRIBUTE = re.compile(r'\sdata-snapshot-url="[^"]*"')
SNAPSHOT_PREFIX = URL_PREFIX  # the interpreter snapshot is left out of the export (paths.SKIPPED_DIRS)
_CSS_URL = re.compile(r"""url\((["']?)(/(?!/)[^)"']*)\1\)""")
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S)
_PRECACHE = re.compile(r"^const PRECACHE = (\[.*?\]);$", re.M | re.S)
_VERSION = re.compile(r'^const VERSION = "([^"]*)";$', re.M)


def normalise_base(base_url: str) -> str:
    """``nn-course`` or ``/nn-course`` → ``/nn-course/``; refuses a full URL or odd characters."""
    base = "/" + base_url.strip().strip("/")
    if base != "/":
        base += "/"
    if not re.fullmatch(r"/([A-Za-z0-9._~-]+/)*", base) or {".", ".."} & set(base.split("/")):
        raise ValueError(f"--base-url must be a path such as /nn-course/ (letters, digits, - . _ ~), got {base_url!r}")
    return base


# Files only the server should send: a plain file server would not compress them. The stored (not
# deflated) repacks are small only as the server's brotli copies; a static copy uses the pinned originals.
SERVER_ONLY = {
    "/static/vendor/pyodide/python_stdlib-stored.zip": "/static/vendor/pyodide/python_stdlib.zip",
    "/static/vendor/pyodide/stored/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl": "/static/vendor/pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl",
}


def public_url(url: str, base: str, pages: set[str]) -> str:
    """``/chapters/x?q#y`` → ``BASE/chapters/x/?q#y`` for a page, ``BASE/static/…`` for a file."""
    path, sep, rest = re.match(r"^([^?#]*)(.?)(.*)$", url).groups()
    path = SERVER_ONLY.get(path, path)
    if path.rstrip("/") in pages or path in pages:
        path = path.rstrip("/") + "/" if path != "/" else "/"
    return base + path.lstrip("/") + sep + rest


def rebase_html(text: str, base: str, pages: set[str]) -> str:
    """Every root-relative URL (attributes, inline <style>) under the base, and <html> marked as a static copy."""
    def attribute(match: re.Match) -> str:
        url = html.unescape(match[2])
        return match[1] + html.escape(public_url(url, base, pages), quote=True) + match[3]

    text = _ATTRIBUTE.sub(attribute, _SNAPSHOT_ATTRIBUTE.sub("", text))
    # The page's inline stylesheet (app/inline_assets.py) names the math font from the root too.
    text = _STYLE.sub(lambda m: m[1] + rebase_css(m[2], base, pages) + m[3], text)
    # static/js/site.js reads these: the book's base path, and that no server stands behind it.
    return _HTML_TAG.sub(f'<html data-site="static" data-base-url="{html.escape(base, quote=True)}"', text, count=1)


def rebase_css(text: str, base: str, pages: set[str]) -> str:
    return _CSS_URL.sub(lambda m: f"url({m[1]}{public_url(m[2], base, pages)}{m[1]})", text)


def rebase_manifest(text: str, base: str, pages: set[str]) -> str:
    manifest = json.loads(text)
    for key in ("start_url", "scope"):
        if isinstance(manifest.get(key), str) and manifest[key].startswith("/"):
            manifest[key] = public_url(manifest[key], base, pages)
    for icon in manifest.get("icons", []):
        if icon.get("src", "").startswith("/"):
            icon["src"] = public_url(icon["src"], base, pages)
    return json.dumps(manifest, indent=1)


def rebase_service_worker(text: str, base: str, pages: set[str], extra_urls: list[str]) -> str:
    """The server's /sw.js with its PRECACHE list moved under the base (plus the export's own files),
    and a VERSION that changes with them, so a new export replaces an old cache."""
    found = _PRECACHE.search(text)
    if not found:
        raise ValueError("/sw.js has no PRECACHE list to rewrite")
    urls = [public_url(u, base, pages) for u in [*json.loads(found[1]), *extra_urls] if not u.startswith(SNAPSHOT_PREFIX)]
    text = text[:found.start()] + f"const PRECACHE = {json.dumps(urls, indent=0)};" + text[found.end():]
    version = _VERSION.search(text)
    if version:
        digest = hashlib.sha256((version[1] + base + json.dumps(urls)).encode()).hexdigest()[:16]
        text = text[:version.start()] + f"const VERSION = {json.dumps(digest)};" + text[version.end():]
    return text
