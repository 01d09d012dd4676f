"""`nnbook build [BOOK_DIR] OUT`: an instructor's own book folder, exported by the command line."""

from __future__ import annotations

import dataclasses
import json

import pytest

from app.cli import main
from app.export import ExportError, build
from app.settings import Settings

CHAPTER = """---
title: Perceptrons for my class
summary: One neuron, one figure.
---

A perceptron, live: see also the [notation](/notation) and the [same page](/chapters/perceptrons#try-it).

## Try it

```{widget} perceptron
dataset: or
```
"""


def test_a_course_folder_builds_under_its_sub_path(tmp_path, capsys):
    course = tmp_path / "my-course"
    course.mkdir()
    (course / "book.toml").write_text('title = "My course"\nchapters = ["01-perceptrons"]\npages = []\n')
    (course / "01-perceptrons.md").write_text(CHAPTER)
    out = tmp_path / "public"
    assert main(["build", str(course), str(out), "--base-url", "/my-course/"]) == 0
    assert "publish the folder's contents at /my-course/" in capsys.readouterr().err

    chapter = (out / "chapters" / "perceptrons" / "index.html").read_text()
    assert "Perceptrons for my class" in chapter and "<title>1. Perceptrons for my class — My course</title>" in chapter
    assert 'data-widget="perceptron"' in chapter and "&quot;dataset&quot;:&quot;or&quot;" in chapter
    assert 'href="/my-course/chapters/perceptrons/#try-it"' in chapter
    assert "My course" in (out / "index.html").read_text()
    # No job figure in this book: nothing stored, and the copy still says so in its index.
    assert json.loads((out / "runtime" / "jobs" / "index.json").read_text()) == {"results": []}
    # A second build replaces the first (the folder is marked as an export).
    assert main(["build", str(course), str(out), "--base-url", "/my-course/"]) == 0


def test_bad_arguments_are_refused_with_a_sentence(tmp_path, capsys):
    assert main(["build", "a", "b", "c"]) == 2
    assert "give OUT, or BOOK_DIR OUT" in capsys.readouterr().err
    assert main(["build", str(tmp_path / "out"), "--base-url", "https://example.org/"]) == 2
    assert "--base-url must be a path" in capsys.readouterr().err
    assert main(["build", str(tmp_path), str(tmp_path / "out")]) == 2
    assert "holds no book.toml" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()



def test_a_copy_without_its_vendored_runtime_is_refused(tmp_path, monkeypatch):
    static = tmp_path / "static"
    static.mkdir()  # the book's own files would be here; static/vendor (made by `make vendor`) is not
    settings = dataclasses.replace(Settings(), static_dir=static)

    def not_rendered(*args, **kwargs):
        raise AssertionError("the book was rendered before the export was refused")

    monkeypatch.setattr("app.main.create_app", not_rendered)  # refused at once, not after seconds of work
    with pytest.raises(ExportError, match=r"pyodide\.asm\.wasm.*run `make vendor` first"):
        build(None, tmp_path / "out", "/", settings=settings, log=lambda line: None)
    assert not (tmp_path / "out").exists()


def test_build_with_pdf_prints_the_same_book_folder_after_the_export(tmp_path, monkeypatch, capsys):
    """`--pdf` hands the book folder to the printer (so a course prints as itself), once the export is written."""
    course = tmp_path / "my-course"
    course.mkdir()
    (course / "book.toml").write_text('title = "My course"\nchapters = ["01-perceptrons"]\npages = []\n')
    (course / "01-perceptrons.md").write_text(CHAPTER)
    out, pdf = tmp_path / "public", tmp_path / "public" / "book.pdf"
    seen = {}

    def record(path, base_url=None, context=None, book_dir=None):
        seen.update(path=str(path), book_dir=str(book_dir), exported=(out / "index.html").is_file())
        raise __import__("app.print_pdf", fromlist=["PdfError"]).PdfError("no Chromium here")

    monkeypatch.setattr("app.print_pdf.print_book_pdf", record)
    assert main(["build", str(course), str(out), "--pdf", str(pdf)]) == 2
    assert seen == {"path": str(pdf), "book_dir": str(course), "exported": True}
    assert "nnbook pdf: no Chromium here" in capsys.readouterr().err
