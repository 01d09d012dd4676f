"""Load the book once: book.toml → Markdown files → rendered pages.

One straight pipeline (load → substitute engine numbers → render → index),
run at start-up and by the static export; requests only read its result.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .answer_key import answer_key_html
from .book_numbers_substitution import substitute_numbers
from .errors import BuildError
from .markdown_setup import make_markdown

FILE_NAME = re.compile(r"^(?P<number>\d\d)-(?P<slug>[a-z0-9][a-z0-9-]*)\.md$")
TAGS = re.compile(r"<[^>]+>")
SCRIPTS = re.compile(r"<script\b.*?</script>", re.S)
PERMALINKS = re.compile(r'<a class="header-anchor"[^>]*>#</a>')


@dataclass
class TocEntry:
    level: int
    id: str
    title: str


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
                meta = yaml.safe_load(token.content) or {}
            except yaml.YAMLError as exc:
                raise BuildError(f"{path}:1", f"malformed front matter: {exc}") from None
            if not isinstance(meta, dict):
                raise BuildError(f"{path}:1", "front matter must be a YAML mapping")
            return meta
    raise BuildError(f"{path}:1", "missing front matter (--- title: … summary: … ---)")


def render_page(path: Path, root: Path, md=None, number: int | None = None, slug: str | None = None) -> Page:
    md = md or make_markdown()
    rel = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
    source = path.read_text(encoding="utf-8")
    text, line_map = substitute_numbers(source, rel)
    env = {"path": rel, "line_map": line_map, "chapter": number}  # chapter: figures are numbered "N.k"
    tokens = md.parse(text, env)
    meta = _front_matter(tokens, rel)
    for key in ("title", "summary"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise BuildError(f"{rel}:1", f"front matter needs a non-empty {key!r}")
    toc, widgets = [], []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            title = plain_text(md.renderer.render(tokens[i + 1].children or [], md.options, env))
            toc.append(TocEntry(int(token.tag[1]), token.attrGet("id") or "", title))
        if token.type == "fence" and token.info.strip().startswith("{widget}"):
            widgets.append(token.info.strip()[len("{widget}"):].strip())
    body = md.renderer.render(tokens, md.options, env)
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
        answer_key=answer_key_html(env),
    )


def load_book(content_dir: Path) -> Book:
    content_dir = Path(content_dir)
    config_path = content_dir / "book.toml"
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BuildError(str(config_path), f"cannot read the book's configuration: {exc}") from None
    md = make_markdown()
    chapters = []
    for entry in config.get("chapters", []):
        path = content_dir / f"{entry}.md"
        match = FILE_NAME.match(path.name)
        if not match:
            raise BuildError(str(config_path), f"chapter {entry!r} must be named NN-slug (e.g. 02-perceptron)")
        if not path.is_file():
            raise BuildError(str(config_path), f"chapter {entry!r} is listed but {path} does not exist")
        chapters.append(render_page(path, content_dir, md, number=int(match["number"]), slug=match["slug"]))
    slugs = [c.slug for c in chapters]
    if len(set(slugs)) != len(slugs):
        raise BuildError(str(config_path), "two chapters share a slug")
    pages = {}
    for name in config.get("pages", []):
        path = content_dir / f"{name}.md"
        if not path.is_file():
            raise BuildError(str(config_path), f"page {name!r} is listed but {path} does not exist")
        pages[name] = render_page(path, content_dir, md, slug=name)
    return Book(
        title=config.get("title", "Untitled"),
        subtitle=config.get("subtitle", ""),
        tagline=config.get("tagline", ""),
        chapters=chapters,
        pages=pages,
    )
