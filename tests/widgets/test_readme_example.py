"""The README's "Adding a figure" example is real code: it runs through the same protocol as the book's figures."""

from __future__ import annotations

import math
import re
import types
from pathlib import Path

import pytest

from engine.widgets import protocol, registry
from engine.widgets.errors import WidgetInputError

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _example_module() -> types.ModuleType:
    section = README[README.index("## Adding a figure"):]
    source = re.search(r"```python\n(.*?)```", section, re.S)[1]
    source = "\n".join(line[3:] if line.startswith("   ") else line for line in source.splitlines())
    module = types.ModuleType("engine.widgets.neuron")
    module.__package__ = "engine.widgets"
    exec(compile(source, "README.md (engine/widgets/neuron.py)", "exec"), module.__dict__)
    return module


@pytest.fixture
def neuron(monkeypatch):
    module = _example_module()
    monkeypatch.setitem(registry.WIDGETS, "neuron", "engine.widgets.neuron")
    real = registry.module
    monkeypatch.setattr(protocol, "module", lambda name: module if name == "neuron" else real(name))
    return module


def test_the_example_figure_computes_sigmoid_of_w_x_plus_b(neuron):
    result = protocol.dispatch("neuron", "initial", {"w": 2.0, "x": 1.0, "b": -0.5})
    assert result["z"] == pytest.approx(1.5) and result["a"] == pytest.approx(1 / (1 + math.exp(-1.5)), abs=1e-15)
    assert protocol.dispatch("neuron", "initial", {})["a"] == pytest.approx(1 / (1 + math.exp(-0.5)), abs=1e-15)


def test_the_example_figure_is_refused_like_any_other(neuron):
    envelope = protocol.handle("neuron", "initial", {"w": 9})
    assert envelope == {"ok": False, "error": {"field": "w", "reason": "must be between -5 and 5, got 9", "status": 422}}
    with pytest.raises(WidgetInputError):
        protocol.dispatch("neuron", "initial", {"bias": 1})


def test_the_registry_line_the_readme_shows_has_the_registrys_form():
    line = re.search(r'`"neuron": "(engine\.widgets\.neuron)",`', README)
    assert line and all(module == f"engine.widgets.{name.replace('-', '_')}" for name, module in registry.WIDGETS.items())
