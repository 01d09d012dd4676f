"""No option's range is written twice: the table is the only place, for the engine and the page.

Checked on the Python side (each figure's module or package): no range check and no constant
spells an option's (min, max) pair again, and no figure keeps its own list of option names. The page side builds its controls and URL table from ``data-options`` (the JS figure
mount); tests/content/test_figures.py checks that every figure in the book carries exactly its table.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from engine.widgets import registry

ROOT = Path(__file__).resolve().parents[2]


def _sources(name: str) -> list[Path]:
    path = Path(inspect.getfile(registry.module(name)))
    files = sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
    return files


def _literal(node) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _literal(node.operand)
        return None if inner is None else -inner
    return None


CHECKS = {"number", "integer", "number_list"}  # engine/widgets/kit/validate.py's range checks


def _calls_spelling(tree: ast.AST, lo: float, hi: float) -> list[int]:
    """Lines where ``lo``..``hi`` is written as a range: a range check of kit/validate.py given both as
    literals, or a pair constant such as ``LR_RANGE = (0.01, 20.0)``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and [_literal(e) for e in node.elts] == [lo, hi]:
            lines.append(node.lineno)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in CHECKS:
            literals = [_literal(a) for a in [*node.args, *(k.value for k in node.keywords)]]
            if lo in literals and hi in literals:
                lines.append(node.lineno)
    return sorted(lines)


@pytest.mark.parametrize("name", registry.widget_names())
def test_no_range_of_the_table_is_spelled_out_again_in_the_engine(name):
    ranged = [o for o in registry.module(name).OPTIONS if o.min is not None]
    for path in _sources(name):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for option in ranged:
            where = _calls_spelling(tree, float(option.min), float(option.max))
            assert not where, (f"{path.relative_to(ROOT)}:{where[0]} spells the range of option {option.name} "
                               f"({option.min:g}..{option.max:g}); use OPTIONS[{option.name!r}] instead")


@pytest.mark.parametrize("name", registry.widget_names())
def test_no_figure_keeps_its_own_list_of_option_names(name):
    names = set(registry.module(name).OPTIONS.names)
    for path in _sources(name):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2:
                strings = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                assert not (len(strings) == len(node.elts) and strings <= names and len(strings) == len(names)), (
                    f"{path.relative_to(ROOT)}:{node.lineno} lists the options of {name} again")


def test_the_check_would_catch_the_old_way():
    """The AST check above finds a range written as the engine wrote it before the table."""
    tree = ast.parse('eta = validate.number(args, "eta", 0.1, 0.01, 1.0)\nOption("eta", "number", 0.1, min=0.01, max=1)\n'
                     'LR_RANGE = (0.01, 1)\nclip(p, 0.01, 1.0)')
    assert _calls_spelling(tree, 0.01, 1.0) == [1, 3]


JS_RANGE = re.compile(r"\b(min|max|step)\s*:\s*-?[0-9.]+")


@pytest.mark.parametrize("name", registry.widget_names())
def test_the_figure_drawing_writes_no_range(name):
    # The page side: a figure's drawing module builds no control with a range of its own; the mount
    # builds every option's control from data-options (the table).
    source = (ROOT / "static" / "js" / "widgets" / f"{name}.js").read_text()
    assert not JS_RANGE.findall(source), f"static/js/widgets/{name}.js writes a range: {JS_RANGE.findall(source)}"


def test_the_js_range_check_would_notice_a_hand_written_slider():
    assert JS_RANGE.search('slider(controls, { label: "w1", min: -3, max: 3, step: 0.01 })')
