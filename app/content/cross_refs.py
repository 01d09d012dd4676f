"""Cross-references: every link a page makes to the site must lead to a page and anchor that exist.

``page_links`` records each Markdown link's target with the file and line it
was written on (while the page renders); ``broken_links`` checks them against
the whole loaded book (``nnbook check``). Off-site links are not followed.
"""

from __future__ import annotations

from urllib.parse import urldefrag

from .course import book_chapter_slugs
from .errors import BuildError

# Paths the application serves besides the book's pages.
SITE_ROUTES = {"/", "/playground", "/api/docs", "/sw.js", "/manifest.webmanifest"}
SITE_PREFIXES = ("/static/", "/api/", "/runtime/")


def page_links(tokens, env: dict) -> list[tuple[str, str]]:
    """(href, "file.md:line") of every link in the parsed page, with the line the link sits on."""
    line_map = env.get("line_map") or []
    path = env.get("path", "<string>")
    found = []
    for token in tokens:
        if token.type != "inline" or not token.children or not token.map:
            continue
        index = token.map[0]
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                index += 1
            elif child.type == "link_open":
                line = line_map[index] if index < len(line_map) else index + 1
                found.append((str(child.attrGet("href") or ""), f"{path}:{line}"))
    return found


def _target(book, page, path: str):
    """The page a site path names, "route" for another route of the site, or None."""
    if not path:
        return page
    if path.startswith("/chapters/"):
        return book.chapter(path.removeprefix("/chapters/").rstrip("/"))
    if path.rstrip("/") in {"/" + slug for slug in book.pages}:
        return book.pages[path.strip("/")]
    if path in SITE_ROUTES or path.startswith(SITE_PREFIXES):
        return "route"
    return None


def broken_links(book) -> list[BuildError]:
    """One BuildError (file:line) per link to a page or anchor the book does not have."""
    problems = []
    for page in [*book.chapters, *book.pages.values()]:
        for href, location in page.links:
            if not href.startswith(("/", "#")) or href.startswith("//"):
                continue  # off-site (https://…, mailto:) or relative to the page's folder
            path, fragment = urldefrag(href)
            target = _target(book, page, path)
            if target is None:
                slug = path.removeprefix("/chapters/").rstrip("/")
                if path.startswith("/chapters/") and slug in book_chapter_slugs():
                    reason = f"links to the book's chapter {slug!r}, which this course leaves out (list it in book.toml)"
                else:
                    reason = f"the book has no page {path}"
                problems.append(BuildError(location, f"broken link {href!r}: {reason}"))
            elif target != "route" and fragment and fragment not in target.anchors:
                where = "this page" if target is page else target.url
                problems.append(BuildError(location, f"broken link {href!r}: no anchor #{fragment} on {where}"))
    return problems
