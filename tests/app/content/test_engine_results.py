"""Engine results a render needs (first frames, book numbers), computed once and read from disk after."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from app.content import engine_results
from app.content.engine_results import engine_identity, remembered
from app.content.markdown_setup import make_markdown
from app.engine_bundle import engine_source_dir
from engine.book_numbers import book_numbers as engine_book_numbers
from engine.widgets import registry
from engine.widgets.protocol import dispatch


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """An empty cache directory for this test (Settings reads NNBOOK_CACHE_DIR at each use)."""
    monkeypatch.setenv("NNBOOK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / engine_results.SUBDIRECTORY / engine_identity()[:16]


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value
    return compute, calls


def test_a_result_is_computed_once_then_read_from_disk(cache_dir):
    compute, calls = counting({"loss": 0.1 + 0.2, "text": "ŷ = σ(z)"})
    first = remembered("demo", ["perceptron", 1], compute)
    again = remembered("demo", ["perceptron", 1], compute)  # as another process: nothing kept in memory here
    assert calls == [1] and again == first == {"loss": 0.1 + 0.2, "text": "ŷ = σ(z)"}  # floats round-trip exactly
    [stored] = list(cache_dir.glob("*.json"))
    assert json.loads(stored.read_text(encoding="utf-8"))["arguments"] == ["perceptron", 1]
    remembered("demo", ["perceptron", 2], compute)  # other arguments, another result
    remembered("other", ["perceptron", 1], compute)  # another kind of result with the same arguments
    assert len(calls) == 3 and len(list(cache_dir.glob("*.json"))) == 3


def test_another_engine_computes_anew(cache_dir, monkeypatch):
    compute, calls = counting([1, 2])
    remembered("demo", None, compute)
    monkeypatch.setattr(engine_results, "engine_identity", lambda: "0" * 64)
    remembered("demo", None, compute)
    assert len(calls) == 2


def test_the_first_result_of_a_new_engine_removes_the_older_engines_results(cache_dir, monkeypatch):
    compute, calls = counting("frame")
    remembered("demo", 1, compute)
    remembered("demo", 2, compute)
    monkeypatch.setattr(engine_results, "engine_identity", lambda: "1" * 64)  # the engine was edited
    remembered("demo", 1, compute)
    assert not cache_dir.exists()  # the old engine's two results are gone
    [kept] = [d for d in cache_dir.parent.iterdir()]
    assert kept.name == "1" * 16 and len(list(kept.glob("*.json"))) == 1
    remembered("demo", 2, compute)  # a second result of the new engine removes nothing
    assert len(list(kept.glob("*.json"))) == 2 and len(calls) == 4


def test_a_damaged_file_is_computed_again_and_replaced(cache_dir):
    compute, calls = counting("frame")
    remembered("demo", None, compute)
    [stored] = list(cache_dir.glob("*.json"))
    for damage in ("{not json", '{"no value": 1}', "[]"):
        stored.write_text(damage, encoding="utf-8")
        assert remembered("demo", None, compute) == "frame"
        assert json.loads(stored.read_text(encoding="utf-8"))["value"] == "frame"
    assert len(calls) == 4


def test_a_cache_that_cannot_be_written_still_gives_the_value(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("NNBOOK_CACHE_DIR", str(blocker))
    compute, calls = counting(42)
    assert remembered("demo", None, compute) == 42 and remembered("demo", None, compute) == 42
    assert len(calls) == 2  # nothing could be kept: computed each time, never an error


def test_an_error_is_never_stored(cache_dir):
    def compute():
        raise ValueError("no such option")
    for _ in range(2):
        with pytest.raises(ValueError, match="no such option"):
            remembered("demo", None, compute)
    assert not cache_dir.exists() or not list(cache_dir.glob("*.json"))


def test_the_engine_identity_follows_every_engine_source_and_numpy(tmp_path, monkeypatch):
    engine = tmp_path / "engine"
    shutil.copytree(engine_source_dir(), engine, ignore=shutil.ignore_patterns("__pycache__"))
    before = engine_identity(engine)
    assert engine_identity(engine) == before and len(before) == 64
    # A number quoted in the text is computed in book_numbers/, which the browser's engine.zip leaves out:
    # the identity must still see it change.
    chapter = sorted((engine / "book_numbers").glob("ch*.py"))[0]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    engine_identity.cache_clear()
    edited = engine_identity(engine)
    assert edited != before
    (engine / "widgets" / "new_figure.py").write_text("X = 1\n", encoding="utf-8")  # a new file counts too
    engine_identity.cache_clear()
    assert engine_identity(engine) not in (before, edited)
    monkeypatch.setattr(engine_results.numpy, "__version__", "0.0.1")
    engine_identity.cache_clear()
    assert engine_identity(engine) not in (before, edited)
    engine_identity.cache_clear()


def test_a_first_frame_read_from_disk_is_the_engines_and_is_not_computed_again(cache_dir, monkeypatch):
    from app.content.widget_directive import _first_frame

    text = "```{widget} perceptron\nw1: -0.625\nb: 0.25\n```\n"
    _first_frame.cache_clear()
    first = make_markdown().render(text, {"path": "content/02-perceptron.md", "chapter": 2})
    _first_frame.cache_clear()  # as a new process: only the disk remembers
    module = registry.module("perceptron")
    monkeypatch.setitem(module.CALLS, "initial", lambda options: pytest.fail("computed again"))
    again = make_markdown().render(text, {"path": "content/02-perceptron.md", "chapter": 2})
    _first_frame.cache_clear()
    assert again == first
    state = json.loads(re.search(r'<script type="application/json" class="widget-state">(.*?)</script>', again, re.S)[1])
    monkeypatch.undo()
    assert state == dispatch("perceptron", "initial", {"w1": -0.625, "b": 0.25})


def test_the_timeline_whose_frame_reads_chapter_one_is_never_kept(cache_dir, monkeypatch):
    """Its events are the table of content/01-history.md, which the engine's identity does not cover."""
    from app.content.widget_directive import _first_frame

    kept = []
    monkeypatch.setattr("app.content.widget_directive.remembered",
                        lambda kind, arguments, compute: kept.append(arguments[0]) or compute())
    _first_frame.cache_clear()
    make_markdown().render("```{widget} timeline\n```\n\n```{widget} perceptron\n```\n",
                           {"path": "content/01-history.md", "chapter": 1})
    _first_frame.cache_clear()
    assert kept == ["perceptron"]


def test_the_book_numbers_are_the_engines(cache_dir):
    engine_results.book_numbers.cache_clear()
    try:
        assert engine_results.book_numbers() == engine_book_numbers()
        [stored] = list(cache_dir.glob("*.json"))
        assert json.loads(stored.read_text(encoding="utf-8"))["value"] == engine_book_numbers()
    finally:
        engine_results.book_numbers.cache_clear()
