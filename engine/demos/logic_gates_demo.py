"""The logic-gates widget (chapter 2): a perceptron learns AND, OR, NAND, NOT -- and fails on XOR.

Two modes share one figure and one call set:

- ``hidden: false`` (default): a single perceptron and its learning rule,
  with the truth table, the errors per epoch, and a proof of the loop it
  falls into on XOR (:mod:`engine.demos.logic_gates_perceptron`);
- ``hidden: true``: a 2-2-1 network trained by gradient descent, which
  solves XOR (:mod:`engine.demos.logic_gates_network`).

State travels whole between the page and the engine, so every call is a
pure function and the browser worker and the server API agree.
"""

from __future__ import annotations

from engine import datasets

from . import logic_gates_network as network
from . import logic_gates_perceptron as perceptron
from . import validate
from .errors import DemoInputError

OPTIONS = ("gate", "hidden", "activation", "w1", "w2", "b", "eta", "seed")
WEIGHT_RANGE = 5.0
DEFAULT_START = {"w1": 0.5, "w2": -0.5, "b": 0.1}
DEFAULT_ETA = 0.5


def initial(args: dict) -> dict:
    """First frame. Options: ``gate`` (and | or | nand | not | xor), ``hidden`` (bool),
    ``activation`` (tanh | sigmoid, hidden units), ``w1``, ``w2``, ``b`` (the perceptron's
    start), ``eta`` (learning rate of either mode), ``seed`` (the network's initial weights)."""
    unknown = sorted(set(args) - set(OPTIONS))
    if unknown:
        raise DemoInputError(unknown[0], f"is not an option of the logic-gates widget; options: {', '.join(OPTIONS)}")
    gate = validate.choice(args, "gate", "and", datasets.GATE_NAMES)
    hidden = validate.boolean(args, "hidden", False)
    activation = validate.choice(args, "activation", "tanh", network.ACTIVATIONS)
    seed = validate.integer(args, "seed", 0, 0, 2**31 - 1)
    start = {k: validate.number(args, k, v, -WEIGHT_RANGE, WEIGHT_RANGE) for k, v in DEFAULT_START.items()}
    if hidden:
        if gate == "not":
            raise DemoInputError("hidden", "NOT has a single input and a single perceptron already computes it; "
                                           "the hidden layer is for the two-input gates")
        eta = validate.number(args, "eta", DEFAULT_ETA, *network.LR_RANGE)
        return network.result(network.new_state(gate, activation, seed, eta))
    eta = validate.number(args, "eta", DEFAULT_ETA, *perceptron.ETA_RANGE)
    w = [start["w1"]] if gate == "not" else [start["w1"], start["w2"]]
    return perceptron.result(perceptron.new_state(gate, w, start["b"], eta), None)


def _state(args: dict) -> dict:
    state = args.get("state")
    if not isinstance(state, dict):
        raise DemoInputError("state", "must be the widget state returned by a previous call")
    mode = validate.choice(state, "mode", None, ("perceptron", "network"))
    return perceptron.read_state(state) if mode == "perceptron" else network.read_state(state)


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
    options = args.get("options", {})
    if not isinstance(options, dict):
        raise DemoInputError("options", "must be an object of widget options")
    return initial(options)


CALLS = {"initial": initial, "evaluate": evaluate, "step": step, "reset": reset}
