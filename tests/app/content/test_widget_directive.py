"""```{widget} NAME → a figure with the engine's first frame embedded."""

from __future__ import annotations

import json
import re

import pytest

from app.content.errors import DirectiveError
from app.content.markdown_setup import make_markdown
from engine.demos import dispatch


def render(text: str) -> str:
    return make_markdown().render(text, {"path": "content/02-perceptron.md"})


def test_widget_figure_has_hooks_and_the_server_computed_first_frame():
    html = render("```{widget} perceptron\ndataset: or\nw1: 1.5\n```\n")
    assert '<figure class="widget" data-widget="perceptron"' in html
    assert 'data-status="static"' in html
    config = re.search(r'data-config="([^"]*)"', html)[1].replace("&quot;", '"')
    assert json.loads(config) == {"dataset": "or", "w1": 1.5}
    state = json.loads(re.search(r'<script type="application/json" class="widget-state">(.*?)</script>', html, re.S)[1])
    assert state == dispatch("perceptron", "initial", {"dataset": "or", "w1": 1.5})
    assert state["state"]["w"][0] == 1.5
    assert "<figcaption" in html and "Perceptron on the OR data" in html


def test_unknown_widget_stops_the_build_with_file_and_line():
    with pytest.raises(DirectiveError) as info:
        render("Text.\n\n```{widget} teleporter\n```\n")
    assert info.value.location == "content/02-perceptron.md:3"
    assert "unknown widget 'teleporter'" in info.value.reason


def test_bad_widget_option_names_the_option():
    with pytest.raises(DirectiveError) as info:
        render("```{widget} perceptron\ndataset: xor\n```\n")
    assert "option dataset" in info.value.reason and "and, or, separable" in info.value.reason


def test_missing_widget_name():
    with pytest.raises(DirectiveError, match="needs a name"):
        render("```{widget}\n```\n")
