"""The logic-gates widget (chapter 2): a perceptron learns AND, OR, NAND, NOT -- and fails on XOR.

Two modes share one figure and one call set:

- ``hidden: false`` (default): a single perceptron and its learning rule,
  with the truth table, the errors per epoch, and a proof of the loop it
  falls into on XOR (:mod:`.perceptron_mode`);
- ``hidden: true``: a 2-2-1 network trained by gradient descent, which
  solves XOR (:mod:`.network_mode`).

State travels whole between the page and the engine, so every call is a
pure function and the browser worker and the server API agree.
"""

from __future__ import annotations

from . import network_mode as network
from . import perceptron_mode as perceptron
from ..errors import WidgetInputError
from ..kit import validate
from ..options import Option, Options

CAPTION = "Logic gates: a perceptron learns AND, OR, NAND and NOT, and cycles for ever on XOR — until a hidden layer is added."
OPTIONS = Options(
    Option("gate", "choice", "and", label="gate",
           choices=[("and", "AND"), ("or", "OR"), ("nand", "NAND"), ("not", "NOT"), ("xor", "XOR")]),
    Option("hidden", "boolean", False, label="add a hidden layer (2-2-1 network)"),
    Option("activation", "choice", "tanh", label="hidden units", choices=[("tanh", "tanh"), ("sigmoid", "sigmoid")]),
    Option("w1", "number", 0.5, min=-5, max=5, step=0.05, label="w₁"),
    Option("w2", "number", -0.5, min=-5, max=5, step=0.05, label="w₂"),
    Option("b", "number", 0.1, min=-5, max=5, step=0.05, label="b"),
    Option("eta", "number", 0.5, min=0.01, max=3, step=0.01, label="learning rate η"),
    Option("seed", "integer", 0, min=0, max=2**31 - 1, control="hidden", label="seed of the network's weights"),
)


def initial(options: dict) -> dict:
    """First frame for the (validated) options: ``gate``; ``hidden`` switches from the perceptron
    (start ``w1``, ``w2``, ``b``) to the 2-2-1 network (``activation`` of its hidden units, weights
    from ``seed``); ``eta`` is the learning rate of either."""
    o = options
    if o["hidden"]:
        if o["gate"] == "not":
            raise WidgetInputError("hidden", "NOT has a single input and a single perceptron already computes it; "
                                             "the hidden layer is for the two-input gates")
        return network.result(network.new_state(o["gate"], o["activation"], o["seed"], o["eta"]))
    w = [o["w1"]] if o["gate"] == "not" else [o["w1"], o["w2"]]
    return perceptron.result(perceptron.new_state(o["gate"], w, o["b"], o["eta"]), None)


def _state(args: dict) -> dict:
    state = args.get("state")
    if not isinstance(state, dict):
        raise WidgetInputError("state", "must be the widget state returned by a previous call")
    mode = validate.choice(state, "mode", None, ("perceptron", "network"))
    clean = perceptron.read_state(state) if mode == "perceptron" else network.read_state(state)
    clean["eta"] = OPTIONS["eta"].check(state.get("eta"))
    if mode == "network":
        clean["activation"] = OPTIONS["activation"].check(state.get("activation", "tanh"))
        clean["seed"] = OPTIONS["seed"].check(state.get("seed", 0))
    return clean


def evaluate(args: dict) -> dict:
    """Redraw the perceptron for weights set by hand (``state`` with new ``w``/``b``/``eta``).

    Moving a weight by hand starts a new run from there: the epoch count and
    the error history begin again. Only the learning rate may change in
    network mode (the network's nine weights have no sliders).
    """
    state = _state(args)
    if state["mode"] == "network":
        return network.result(state)
    fresh = perceptron.new_state(state["gate"], state["w"], state["b"], state["eta"])
    return perceptron.result(fresh, None)


def step(args: dict) -> dict:
    """Perceptron: apply the rule to ``steps`` samples (1 to 400). Network: ``steps`` gradient steps (epochs)."""
    state = _state(args)
    if state["mode"] == "perceptron":
        steps = validate.integer(args, "steps", 1, 1, 4 * perceptron.MAX_EPOCHS)
        return perceptron.result(*perceptron.step(state, steps))
    steps = validate.integer(args, "steps", 1, 1, network.MAX_EPOCHS_PER_CALL)
    return network.result(*network.step(state, steps))


def reset(args: dict) -> dict:
    """Back to the first frame of ``options`` (the directive's options, possibly changed by the reader)."""
    return initial(OPTIONS.validate(args.get("options")))


CALLS = {"initial": initial, "evaluate": evaluate, "step": step, "reset": reset}
