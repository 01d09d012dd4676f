"""```{widget} NAME → a figure with the engine's first frame embedded."""

from __future__ import annotations

import json
import re

import pytest

from app.content.errors import DirectiveError
from app.content.markdown_setup import make_markdown
from engine.widgets.protocol import dispatch


from engine.widgets import registry


def render(text: str, chapter: int | None = 2) -> str:
    return make_markdown().render(text, {"path": "content/02-perceptron.md", "chapter": chapter})


def attribute_json(html: str, name: str, index: int = 0):
    return json.loads(re.findall(rf'{name}="([^"]*)"', html)[index].replace("&quot;", '"').replace("&amp;", "&"))


def test_widget_figure_has_hooks_and_the_server_computed_first_frame():
    html = render("```{widget} perceptron\ndataset: or\nw1: 1.5\n```\n")
    assert '<figure class="widget" id="fig-2-1" data-widget="perceptron"' in html
    assert 'data-status="static"' in html
    config = re.search(r'data-config="([^"]*)"', html)[1].replace("&quot;", '"')
    assert json.loads(config) == {"dataset": "or", "w1": 1.5}
    state = json.loads(re.search(r'<script type="application/json" class="widget-state">(.*?)</script>', html, re.S)[1])
    assert state == dispatch("perceptron", "initial", {"dataset": "or", "w1": 1.5})
    assert state["state"]["w"][0] == 1.5
    assert '<p class="widget-alt">Perceptron on the OR data' in html
    assert 'aria-label="Perceptron on the OR data' in html


def test_the_page_gets_the_option_table_from_the_figure_module():
    html = render("```{widget} perceptron\n```\n")
    assert attribute_json(html, "data-options") == registry.module("perceptron").OPTIONS.to_json()
    assert attribute_json(html, "data-config") == {}
    assert '<div class="widget-controls"></div>' in html


def test_figures_are_numbered_per_chapter_in_page_order_with_a_visible_caption():
    html = render("```{widget} perceptron\n```\n\nText.\n\n```{widget} logic-gates\ncaption: Gates, learned.\n```\n")
    first, second = html.split("</figure>")[:2]
    assert 'id="fig-2-1"' in first and 'data-number="2.1"' in first
    caption = re.search(r'<figcaption class="widget-caption">(.*?)</figcaption>', first, re.S)[1]
    assert re.sub("<[^>]+>", "", caption) == "Figure 2.1 — " + registry.module("perceptron").CAPTION
    assert 'id="fig-2-2"' in second and "Figure 2.2</span> — Gates, learned." in second
    assert "caption" not in attribute_json(second, "data-config")
    assert 'id="fig-3"' in render("\n```{widget} architecture\n```\n" * 3, chapter=None)


def test_a_caption_must_be_text():
    with pytest.raises(DirectiveError, match="caption must be a line of text"):
        render("```{widget} perceptron\ncaption: [1, 2]\n```\n")


def test_unknown_widget_stops_the_build_with_file_and_line():
    with pytest.raises(DirectiveError) as info:
        render("Text.\n\n```{widget} teleporter\n```\n")
    assert info.value.location == "content/02-perceptron.md:3"
    assert "unknown widget 'teleporter'" in info.value.reason


def test_bad_widget_option_names_the_option():
    with pytest.raises(DirectiveError) as info:
        render("```{widget} perceptron\ndataset: xor\n```\n")
    assert "option dataset" in info.value.reason and "and, or, separable" in info.value.reason


@pytest.mark.parametrize("block, reason", [
    ("```{widget} perceptron\nw1: 5.5\n```\n", "option w1: must be between -5 and 5, got 5.5"),
    ("```{widget} perceptron\nspeed: 2\n```\n", "option speed: is not an option of this figure"),
    ("```{widget} architecture\nsizes: [4, 20, 1]\n```\n", "option sizes[1]: must be between 1 and 16, got 20"),
])
def test_options_are_checked_by_the_figures_table_at_build_with_file_and_line(block, reason):
    with pytest.raises(DirectiveError) as info:
        render("Intro.\n\n" + block)
    assert info.value.location == "content/02-perceptron.md:3" and reason in info.value.reason


def test_missing_widget_name():
    with pytest.raises(DirectiveError, match="needs a name"):
        render("```{widget}\n```\n")


def test_a_lock_fixes_the_starting_value_and_goes_to_the_page_beside_the_config():
    html = render("```{widget} perceptron\nw1: 1.5\nhide: [eta]\nlock: {dataset: or, eta: 0.05}\n```\n")
    assert attribute_json(html, "data-lock") == {"dataset": "or", "eta": 0.05}
    assert attribute_json(html, "data-hide") == ["eta"]
    assert attribute_json(html, "data-config") == {"dataset": "or", "eta": 0.05, "w1": 1.5}
    state = json.loads(re.search(r'class="widget-state">(.*?)</script>', html, re.S)[1])
    assert state == dispatch("perceptron", "initial", {"dataset": "or", "eta": 0.05, "w1": 1.5})
    assert "data-lock" not in render("```{widget} perceptron\n```\n")


@pytest.mark.parametrize("block, reason", [
    ("lock: {dataset: xor}", "option lock.dataset: must be one of and, or, separable, got 'xor'"),
    ("lock: {eta: 2}", "option lock.eta: must be between 0.01 and 1, got 2"),
    ("hide: [speed]", "option hide: 'speed' is not a control or part of this figure"),
])
def test_a_bad_hide_or_lock_stops_the_build_at_the_directives_line(block, reason):
    with pytest.raises(DirectiveError) as info:
        render(f"Text.\n\n```{{widget}} perceptron\n{block}\n```\n")
    assert info.value.location == "content/02-perceptron.md:3" and reason in info.value.reason


def test_a_first_frame_is_computed_once_per_figure_and_options_and_stays_a_fresh_page(monkeypatch, tmp_path):
    """The book is rendered more than once per process (`nnbook check`, courses, the tests): a figure's
    first frame, a seeded training, is computed once per (figure, options); each page keeps its own number."""
    from app.content.widget_directive import _first_frame

    monkeypatch.setenv("NNBOOK_CACHE_DIR", str(tmp_path))  # nothing on disk yet (test_engine_results.py)
    _first_frame.cache_clear()  # whatever this process rendered before
    module = registry.module("perceptron")
    real, computed = module.CALLS["initial"], []
    monkeypatch.setitem(module.CALLS, "initial", lambda options: computed.append(options) or real(options))
    first = render("```{widget} perceptron\nw1: 1.2345\nb: -0.375\n```\n", chapter=4)
    again = render("```{widget} perceptron\nb: -0.375\nw1: 1.2345\n```\n", chapter=5)  # the same options
    assert len(computed) == 1
    assert 'id="fig-4-1"' in first and 'id="fig-5-1"' in again
    assert attribute_json(first, "data-config") == attribute_json(again, "data-config")
    render("```{widget} perceptron\nw1: 1.2346\nb: -0.375\n```\n")  # other options: computed anew
    assert len(computed) == 2
    state = json.loads(re.search(r'<script type="application/json" class="widget-state">(.*?)</script>', again, re.S)[1])
    assert state == dispatch("perceptron", "initial", {"w1": 1.2345, "b": -0.375})
    with pytest.raises(DirectiveError, match="w1"):  # a refusal is never remembered as a frame
        render("```{widget} perceptron\nw1: 99\n```\n")
