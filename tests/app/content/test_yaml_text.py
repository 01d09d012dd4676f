"""load_yaml: the values of yaml.safe_load through libyaml, and the Python loader's errors."""

from __future__ import annotations

import re

import pytest
import yaml

from app.content import yaml_text
from app.content.yaml_text import load_yaml
from app.settings import Settings


def _blocks():
    """Every front matter and directive option block of the book's own chapters."""
    for path in sorted(Settings().content_dir.glob("*.md")):
        text = path.read_text()
        front = re.match(r"^---\n(.*?)\n---\n", text, re.S)
        if front:
            yield front.group(1)
        yield from re.findall(r"^```\{(?:widget|quiz)\}[^\n]*\n(.*?)^```", text, re.S | re.M)


def _outcome(load, text):
    try:
        return load(text)
    except yaml.YAMLError as exc:
        return f"error: {exc}"


def test_the_books_yaml_reads_to_the_same_values():
    # The sources as written: the {{ number }} placeholders (substituted before the build reads them)
    # make some blocks errors here, and those must be the same errors.
    blocks = list(_blocks())
    assert len(blocks) > 50
    for block in blocks:
        assert _outcome(load_yaml, block) == _outcome(yaml.safe_load, block), block


@pytest.mark.parametrize("text", ["dataset: [and", "a: b: c", "x: 1\n y: 2", "key: 'open"])
def test_an_error_is_the_python_loaders_with_its_line_and_caret(text):
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as got:
        load_yaml(text)
    assert str(got.value) == str(expected.value) and "^" in str(got.value)
    assert got.value.problem_mark.line == expected.value.problem_mark.line


@pytest.mark.skipif(yaml_text.FAST_LOADER is None, reason="PyYAML built without libyaml: only the Python loader exists")
def test_the_fast_loader_is_used_when_it_reads_the_text(monkeypatch):
    calls = []
    monkeypatch.setattr(yaml_text.yaml, "safe_load", lambda text: calls.append(text))
    assert load_yaml("a: 1\nb: [2, 3]") == {"a": 1, "b": [2, 3]}
    assert calls == []
