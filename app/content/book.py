"""Load the book once: book.toml → Markdown files → rendered pages.

One straight pipeline (load → substitute engine numbers → render → index,
then the glossary from the terms the pages define),
run at start-up and by the static export; requests only read its result.

The folder may be the book's own ``content/`` or an instructor's course
folder (``nnbook new DIR``): a name in its ``book.toml`` is found in the
folder first, then among the book's chapters by slug (app/content/course.py).
Chapters are numbered by their place in the list.

``load_book(folder)`` stops at the first problem (start-up); with a
``problems`` list it records every problem with file and line and goes on
(``nnbook check``).
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it.token import Token

from .answer_key import answer_key_html
from .book_numbers_substitution import substitute_numbers
from .course import resolve_chapter, resolve_page
from .cross_refs import page_links
from .errors import BuildError
from .glossary import build_glossary
from .markdown_setup import make_markdown
from .yaml_text import load_yaml

FILE_NAME = re.compile(r"^(?P<number>\d\d)-(?P<slug>[a-z0-9][a-z0-9-]*)\.md$")
TAGS = re.compile(r"<[^>]+>")
SCRIPTS = re.compile(r"<script\b.*?</script>", re.S)
PERMALINKS = re.compile(r'<a class="header-anchor"[^>]*>#</a>')


@dataclass
class TocEntry:
    level: int
    id: str
    title: str
    number: str = ""  # "7.3" / "7.3.2" in a chapter; "" on an unnumbered page


# A cross-reference is a link whose whole text is "§": [§](#the-update) or
# [§](/chapters/training#xavier-glorot-initialization) → "§7.3", the number the
# heading and the table of contents show.
SECTION_REFERENCE = re.compile(r'<a href="(?P<href>[^"]*)">§</a>')


@dataclass
class Page:
    slug: str
    title: str
    summary: str
    html: str
    text: str  # plain text of the rendered page, math left as TeX source
    toc: list[TocEntry]
    anchors: set[str]
    source_path: Path
    number: int | None = None
    widgets: list[str] = field(default_factory=list)
    quizzes: list[str] = field(default_factory=list)  # quiz ids, in order: the home page scores them
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, "file.md:line") for nnbook check
    answer_key: str = ""  # HTML: the quizzes' answers, after the text, shown in print only (answer_key.py)

    @property
    def url(self) -> str:
        return f"/chapters/{self.slug}" if self.number is not None else f"/{self.slug}"


@dataclass
class Book:
    title: str
    subtitle: str
    tagline: str
    chapters: list[Page]
    pages: dict[str, Page]

    def chapter(self, slug: str) -> Page | None:
        return next((c for c in self.chapters if c.slug == slug), None)

    def neighbours(self, page: Page) -> tuple[Page | None, Page | None]:
        i = self.chapters.index(page)
        return (self.chapters[i - 1] if i else None, self.chapters[i + 1] if i + 1 < len(self.chapters) else None)


def plain_text(rendered: str) -> str:
    text = SCRIPTS.sub(" ", PERMALINKS.sub("", rendered))
    text = TAGS.sub(" ", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _front_matter(tokens, path: str) -> dict:
    for token in tokens:
        if token.type == "front_matter":
            try:
                meta = load_yaml(token.content) or {}
            except yaml.YAMLError as exc:
                raise BuildError(f"{path}:1", f"malformed front matter: {exc}") from None
            if not isinstance(meta, dict):
                raise BuildError(f"{path}:1", "front matter must be a YAML mapping")
            return meta
    raise BuildError(f"{path}:1", "missing front matter (--- title: … summary: … ---)")


def _next_section_number(chapter: int, tag: str, counters: list[int]) -> str:
    """Sections are numbered once, here: headings, the table of contents and "§" links all use it."""
    if tag == "h2":
        counters[0] += 1
        counters[1] = 0
        return f"{chapter}.{counters[0]}"
    counters[1] += 1
    return f"{chapter}.{counters[0]}.{counters[1]}"


def _prefix_heading(inline, section_number: str) -> None:
    # Added after the anchors plugin gave the heading its id, so ids stay as the text made them.
    marker = Token("html_inline", "", 0)
    marker.content = f'<span class="section-number">{section_number}</span> '
    inline.children = [marker, *(inline.children or [])]


def _resolve_section_references(pages: list[Page]) -> None:
    """Replace every "§" link with the number of the section it points to; an unknown target stops the build."""
    numbers = {(page.url, entry.id): entry.number for page in pages for entry in page.toc if entry.number}
    urls = {page.url for page in pages}

    for page in pages:
        def number_of(match, page=page):
            href = html.unescape(match["href"])
            path, _, anchor = href.partition("#")
            target = path or page.url
            if target not in urls:
                # A chapter this course leaves out: no number to show; `nnbook check` lists the link.
                return f'<a class="section-ref" href="{match["href"]}">a chapter not in this course</a>'
            number = numbers.get((target, anchor))
            if not number:
                raise BuildError(str(page.source_path), f"cross-reference [§]({href}) points to no numbered section")
            return f'<a class="section-ref" href="{match["href"]}">§{number}</a>'

        resolved = SECTION_REFERENCE.sub(number_of, page.html)
        if resolved != page.html:
            page.html = resolved
            page.text = plain_text(resolved)


def _display_path(path: Path, root: Path) -> str:
    """How messages name a file: relative to the folder above the book's (``content/02-x.md``)."""
    for base in (root.parent, path.parent.parent):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def render_page(path: Path, root: Path, md=None, number: int | None = None, slug: str | None = None,
                problems: list | None = None) -> Page:
    """One page; with ``problems`` a broken directive is recorded there and the page still renders."""
    md = md or make_markdown()
    rel = _display_path(path, root)
    source = path.read_text(encoding="utf-8")
    text, line_map = substitute_numbers(source, rel, problems)
    # chapter: figures are numbered "N.k"; source: the lines as written ({example} shows them).
    env = {"path": rel, "line_map": line_map, "chapter": number, "source": source.split("\n")}
    if problems is not None:
        env["problems"] = problems
    tokens = md.parse(text, env)
    meta = _front_matter(tokens, rel)
    for key in ("title", "summary"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise BuildError(f"{rel}:1", f"front matter needs a non-empty {key!r}")
    toc = []
    counters = [0, 0]  # (section, subsection) within this chapter
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            inline = tokens[i + 1]
            title = plain_text(md.renderer.render(inline.children or [], md.options, env))
            section_number = ""
            if number is not None:
                section_number = _next_section_number(number, token.tag, counters)
                _prefix_heading(inline, section_number)
            toc.append(TocEntry(int(token.tag[1]), token.attrGet("id") or "", title, section_number))
    body = md.renderer.render(tokens, md.options, env)
    # From the HTML, not the tokens: a figure inside an {example} (the authoring guide) counts too.
    widgets = re.findall(r'<figure class="widget"[^>]*? data-widget="([^"]+)"', body)
    anchors = set(re.findall(r'(?<![\w-])id="([^"]+)"', body))
    return Page(
        slug=slug or path.stem,
        title=meta["title"].strip(),
        summary=meta["summary"].strip(),
        html=body,
        text=plain_text(body),
        toc=toc,
        anchors=anchors,
        source_path=path,
        number=number,
        widgets=widgets,
        quizzes=re.findall(r'<form class="quiz" data-quiz-id="([^"]+)"', body),
        links=page_links(tokens, env),
        answer_key=answer_key_html(env),
    )


def _raise(exc: Exception):
    raise exc


def _read_config(config_path: Path) -> dict:
    try:
        return tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BuildError(str(config_path), f"cannot read the book's configuration: {exc}") from None


def load_book(content_dir: Path, problems: list | None = None) -> Book:
    """The book (or course) in ``content_dir``; see the module's note on ``problems``."""
    content_dir = Path(content_dir)
    config_path = content_dir / "book.toml"

    def attempt(build):
        try:
            return build()
        except BuildError as exc:
            if problems is None:
                raise
            problems.append(exc)
            return None

    config = _read_config(config_path)
    md = make_markdown()
    chapters = []
    for entry in config.get("chapters", []):
        found = attempt(lambda: resolve_chapter(content_dir, entry, config_path))
        if found is None:
            continue
        path, slug = found
        number = len(chapters) + 1
        page = attempt(lambda: render_page(path, content_dir, md, number=number, slug=slug, problems=problems))
        if page is not None:
            chapters.append(page)
    slugs = [c.slug for c in chapters]
    if len(set(slugs)) != len(slugs):
        twice = sorted({s for s in slugs if slugs.count(s) > 1})
        attempt(lambda: _raise(BuildError(str(config_path), f"two chapters share the slug {twice[0]!r}")))
    pages = {}
    for name in config.get("pages", []):
        path = attempt(lambda: resolve_page(content_dir, name, config_path))
        if path is None:
            continue
        page = attempt(lambda: render_page(path, content_dir, md, slug=name, problems=problems))
        if page is not None:
            pages[name] = page
    glossary = attempt(lambda: build_glossary(chapters, pages, Page))  # from the {term} roles of every page
    if glossary is not None:
        if glossary.slug in pages:
            attempt(lambda: _raise(BuildError(
                str(config_path), f"page {glossary.slug!r} is generated from the defined terms; rename yours")))
        else:
            pages[glossary.slug] = glossary
    attempt(lambda: _resolve_section_references([*chapters, *pages.values()]))
    return Book(
        title=config.get("title", "Untitled"),
        subtitle=config.get("subtitle", ""),
        tagline=config.get("tagline", ""),
        chapters=chapters,
        pages=pages,
    )
