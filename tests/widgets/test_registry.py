"""The registry: every figure is three same-named pieces, and an explicit line in one table."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from engine.widgets import registry
from engine.widgets.options import Options

ROOT = Path(__file__).resolve().parents[2]
NAMES = registry.widget_names()


CHAPTER_8 = {"optimizer-race", "lr-schedules", "initialisation", "batch-size", "batch-norm", "regularization"}


def test_the_figures_of_the_book_are_registered():
    assert set(NAMES) >= {"perceptron", "logic-gates", "step-vs-sigmoid", "architecture", "activations",
                          "forward-pass", "loss-explorer", "backprop", "vanishing-gradients",
                          "convolution-explorer", "rnn-unrolled", "attention", "timeline", "fragility", "universal-approximation", "capacity",
                          "playground", "training-sweep", "digits-cnn"}
    assert set(NAMES) >= CHAPTER_8


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_is_an_engine_module_a_drawing_and_a_test_file_with_one_name(name):
    snake = name.replace("-", "_")
    assert registry.WIDGETS[name] == f"engine.widgets.{snake}"
    module_file = Path(inspect.getfile(registry.module(name))).resolve()
    assert module_file in (ROOT / f"engine/widgets/{snake}.py", ROOT / f"engine/widgets/{snake}/__init__.py")
    assert (ROOT / f"static/js/widgets/{name}.js").is_file(), f"static/js/widgets/{name}.js is missing"
    assert (ROOT / f"tests/widgets/test_{snake}.py").is_file(), f"tests/widgets/test_{snake}.py is missing"


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_declares_its_table_caption_and_an_initial_call(name):
    module = registry.module(name)
    assert isinstance(module.OPTIONS, Options) and len(module.OPTIONS) >= 1
    assert isinstance(module.CAPTION, str) and module.CAPTION.endswith(".") and len(module.CAPTION) < 160
    assert "initial" in module.CALLS and all(callable(f) for f in module.CALLS.values())
    # A call that takes the options back ("reset") accepts exactly what the table accepts.
    if "reset" in module.CALLS:
        assert module.CALLS["reset"]({"options": {}})["description"] == module.CALLS["initial"](module.OPTIONS.defaults())["description"]


def test_no_figure_module_is_left_out_of_the_registry():
    """The registry is explicit; a figure module nobody registered would be dead code the book never shows."""
    found = {p.stem if p.name != "__init__.py" else p.parent.name
             for p in (ROOT / "engine/widgets").glob("*.py") if p.stem not in {"__init__", "options", "errors", "registry", "protocol"}}
    found |= {p.parent.name for p in (ROOT / "engine/widgets").glob("*/__init__.py") if p.parent.name != "kit"}
    assert found == {n.replace("-", "_") for n in NAMES}


def test_unknown_option_checks_live_only_in_the_table():
    """No figure writes its own "is not an option" check: Options.validate is the one place."""
    hits = [str(p.relative_to(ROOT)) for p in (ROOT / "engine").rglob("*.py")
            if re.search(r"not an? (option|input)", p.read_text(encoding="utf-8"))]
    assert hits == ["engine/widgets/options.py"]
    assert len(re.findall(r"is not an option", (ROOT / "engine/widgets/options.py").read_text(encoding="utf-8"))) == 1
