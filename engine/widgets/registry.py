"""Every figure of the book, by the name a chapter writes in ```{widget} NAME.

An explicit table, not discovery by file name: adding a figure is one line
here. The name is hyphenated; its module is ``engine.widgets.<name with _>``,
its drawing ``static/js/widgets/<name>.js`` and its tests
``tests/widgets/test_<name with _>.py`` (a test holds all three to that).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import WidgetInputError

WIDGETS: dict[str, str] = {
    "perceptron": "engine.widgets.perceptron",
    "logic-gates": "engine.widgets.logic_gates",
    "step-vs-sigmoid": "engine.widgets.step_vs_sigmoid",
    "architecture": "engine.widgets.architecture",
    "activations": "engine.widgets.activations",
    "forward-pass": "engine.widgets.forward_pass",
    "loss-explorer": "engine.widgets.loss_explorer",
    "backprop": "engine.widgets.backprop",
    "vanishing-gradients": "engine.widgets.vanishing_gradients",
    "convolution-explorer": "engine.widgets.convolution_explorer",
    "rnn-unrolled": "engine.widgets.rnn_unrolled",
    "attention": "engine.widgets.attention",
    "timeline": "engine.widgets.timeline",
    "fragility": "engine.widgets.fragility",
    "universal-approximation": "engine.widgets.universal_approximation",
    "capacity": "engine.widgets.capacity",
    "optimizer-race": "engine.widgets.optimizer_race",
    "lr-schedules": "engine.widgets.lr_schedules",
    "initialisation": "engine.widgets.initialisation",
    "batch-size": "engine.widgets.batch_size",
    "batch-norm": "engine.widgets.batch_norm",
    "regularization": "engine.widgets.regularization",
    "playground": "engine.widgets.playground",
    "training-sweep": "engine.widgets.training_sweep",
    "digits-cnn": "engine.widgets.digits_cnn",
}


def widget_names() -> list[str]:
    return sorted(WIDGETS)


def module(widget: str) -> ModuleType:
    """The figure's module (``OPTIONS``, ``CALLS``, ``CAPTION``); an unknown name is a 404 naming ``widget``."""
    if widget not in WIDGETS:
        raise WidgetInputError("widget", f"unknown widget {widget!r}; known: {', '.join(widget_names())}", 404)
    return importlib.import_module(WIDGETS[widget])


def calls(widget: str) -> list[str]:
    return sorted(module(widget).CALLS)
