"""A course of one's own: a folder with its own book.toml that borrows the book's chapters.

``nnbook new DIR`` writes such a folder. Its ``book.toml`` lists chapters by
name; a name is one of the folder's own Markdown files (``welcome`` →
``welcome.md`` or ``NN-welcome.md``) or, failing that, one of the book's
chapters by its slug (``perceptron`` → ``content/02-perceptron.md``). The
book's own ``content/`` is read, never written. The book itself is simply
the folder whose names all resolve inside it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BuildError

BOOK_CONTENT = Path(__file__).resolve().parents[2] / "content"
NUMBERED = re.compile(r"^(?P<number>\d\d)-(?P<slug>[a-z0-9][a-z0-9-]*)$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _slug_of(stem: str) -> str:
    match = NUMBERED.match(stem)
    return match["slug"] if match else stem


def _find(folder: Path, name: str) -> Path | None:
    """``folder/name.md``, or ``folder/NN-name.md`` when ``name`` is a bare slug."""
    exact = folder / f"{name}.md"
    if exact.is_file():
        return exact
    if NUMBERED.match(name):
        return None
    numbered = sorted(p for p in folder.glob(f"[0-9][0-9]-{name}.md") if p.is_file())
    return numbered[0] if numbered else None


def book_chapter_slugs() -> list[str]:
    """The book's own chapter slugs, in its order (what a course chooses from)."""
    import tomllib

    config = tomllib.loads((BOOK_CONTENT / "book.toml").read_text(encoding="utf-8"))
    return [_slug_of(entry) for entry in config.get("chapters", [])]


def resolve_chapter(folder: Path, entry, config_path: Path) -> tuple[Path, str]:
    """(file, slug) of a chapter named in book.toml: the folder's own file first, then the book's."""
    if not isinstance(entry, str) or not (NUMBERED.match(entry) or SLUG.match(entry)):
        raise BuildError(str(config_path), f"chapter {entry!r} must be a slug (perceptron) or NN-slug "
                                           f"(02-perceptron): lowercase letters, digits and '-'")
    for where in dict.fromkeys((Path(folder).resolve(), BOOK_CONTENT)):
        path = _find(where, entry)
        if path is not None:
            return path, _slug_of(path.stem)
    known = ", ".join(book_chapter_slugs())
    raise BuildError(str(config_path), f"chapter {entry!r} is listed but {Path(folder) / (entry + '.md')} does not "
                                       f"exist, and the book has no chapter of that slug (its chapters: {known})")


def resolve_page(folder: Path, name, config_path: Path) -> Path:
    """A reference page (served at /NAME): the folder's own, else the book's (notation, authoring)."""
    if not isinstance(name, str) or not SLUG.match(name):
        raise BuildError(str(config_path), f"page {name!r} must be a slug: lowercase letters, digits and '-'")
    for where in dict.fromkeys((Path(folder).resolve(), BOOK_CONTENT)):
        path = where / f"{name}.md"
        if path.is_file():
            return path
    raise BuildError(str(config_path), f"page {name!r} is listed but {Path(folder) / (name + '.md')} does not exist")


BOOK_TOML = '''# Your course: its title, the home page's text, and the reading order.
title = "{title}"
subtitle = "A course built on the Neural Networks book"
tagline = "Edit book.toml to change this text, the title and the chapters."

# Reading order. A name is one of this folder's Markdown files ("welcome" is welcome.md)
# or one of the book's chapters by its slug. Delete, reorder or add names freely;
# chapters are numbered by their place here. The book's chapters are:
#   {all_slugs}
chapters = [
{chapters}
]

# Reference pages served at /NAME: this folder's own NAME.md, or the book's (notation, authoring).
pages = ["notation", "authoring"]
'''

WELCOME = '''---
title: Welcome to the course
summary: How this course uses the book, and a first figure set up for it.
---

This chapter is yours: edit `welcome.md`, or add more files beside it and list
them in `book.toml`. The [authoring guide](/authoring) shows every directive
with its source beside its result. Run `nnbook check {folder}` after an edit:
it lists every problem with its file and line.

## A first figure, preset for this course

The perceptron starts on the OR data with a small learning rate; the reader
cannot change the data set, and the learning-rate slider is hidden.

```{{widget}} perceptron
eta: 0.05
hide: [eta]
lock: {{dataset: or}}
caption: The perceptron on OR, with the learning rate fixed for this lab.
```

!!! note "Before the lab"
    Read [the learning rule](/chapters/perceptron#the-learning-rule) and predict
    how many steps the perceptron needs on OR.

```{{quiz}}
id: welcome-q1
question: Can a single perceptron separate XOR?
choices: ["Yes", "No"]
answer: 1
explanation: XOR is not linearly separable; see [the XOR problem](/chapters/perceptron#the-xor-problem).
```
'''


def new_course(folder: Path, title: str | None = None) -> list[Path]:
    """Write a course folder (book.toml and welcome.md); refuses to overwrite. Returns the files written."""
    folder = Path(folder)
    if (folder / "book.toml").exists():
        raise FileExistsError(f"{folder / 'book.toml'} already exists; choose another folder")
    folder.mkdir(parents=True, exist_ok=True)
    slugs = book_chapter_slugs()
    title = title or folder.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "My course"
    chapters = ",\n".join(f'  "{name}"' for name in ["welcome", *slugs])
    files = {
        folder / "book.toml": BOOK_TOML.format(title=title.replace('"', "'"), chapters=chapters,
                                               all_slugs=", ".join(slugs)),
        folder / "welcome.md": WELCOME.format(folder=folder),
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)
