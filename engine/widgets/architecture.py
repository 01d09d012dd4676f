"""The architecture figure (chapter 3): layer sizes in, the drawn network and its parameter table out.

The reader edits the list of layer sizes ``[n0, n1, ..., nL]``; every call
returns the whole frame for those sizes: where each neuron is drawn, the
shapes of each ``W[l]`` (n_l x n_{l-1}) and ``b[l]`` (n_l x 1) from
:func:`engine.network.layer_shapes`, each layer's parameter count
n_l n_{l-1} + n_l, the total, and one sentence per neuron saying which
weights it receives (shown when the reader hovers or focuses it).
"""

from __future__ import annotations

from engine.network import layer_shapes

from .errors import WidgetInputError
from .kit.network_layout import network_layout
from .options import Option, Options

CAPTION = "A network's architecture: layer sizes in, every neuron, weight matrix and parameter count out."
OPTIONS = Options(
    # 2 to 7 layers counting the input layer; 1 to 16 neurons each: enough to see, few enough to draw
    # every connection.
    Option("sizes", "integers", [4, 8, 6, 1], min=1, max=16, length=(2, 7), items="layers", label="layer sizes"),
)
MIN_LAYERS, MAX_LAYERS = OPTIONS["sizes"].length
MIN_SIZE, MAX_SIZE = OPTIONS["sizes"].min, OPTIONS["sizes"].max


def _neuron_caption(sizes: list[int], l: int, j: int) -> str:
    """What neuron j (1-based) of layer l receives: row j of W[l] and entry j of b[l]."""
    n = sizes[l]
    if l == 0:
        return f"input {j} of {n}: it holds feature x_{j}, computes nothing and has no weights"
    n_prev = sizes[l - 1]
    weights = f"1 weight w[{l}]_{{{j},1}}" if n_prev == 1 else f"{n_prev} weights w[{l}]_{{{j},1..{n_prev}}}"
    where = f"neuron {j} of layer {l}" + (" (the output layer)" if l == len(sizes) - 1 else "")
    return f"{where} receives {weights} (row {j} of W[{l}]) and a bias b[{l}]_{j}"


def _frame(sizes: list[int]) -> dict:
    shapes = layer_shapes(sizes)
    total = sum(row["params"] for row in shapes)
    depth = len(sizes) - 1
    hidden = depth - 1
    description = (
        f"A fully connected network with layer sizes {', '.join(map(str, sizes))}: "
        f"{sizes[0]} inputs, {hidden} hidden layer{'' if hidden == 1 else 's'} and {sizes[-1]} output"
        f"{'' if sizes[-1] == 1 else 's'}, every neuron connected to every neuron of the next layer; "
        + "; ".join(f"W[{r['layer']}] is {r['W'][0]}×{r['W'][1]} and b[{r['layer']}] is {r['b'][0]}×1, "
                    f"{r['params']} parameters" for r in shapes)
        + f"; {total} parameters in total."
    )
    return {
        "state": {"sizes": sizes},
        "shapes": shapes,
        "total": total,
        "weights": sum(row["W"][0] * row["W"][1] for row in shapes),
        "biases": sum(row["b"][0] for row in shapes),
        "layout": network_layout(sizes),
        "neurons": [[_neuron_caption(sizes, l, j) for j in range(1, n + 1)] for l, n in enumerate(sizes)],
        "limits": {"min_layers": MIN_LAYERS, "max_layers": MAX_LAYERS, "min_size": MIN_SIZE, "max_size": MAX_SIZE},
        "description": description,
    }


def initial(options: dict) -> dict:
    """First frame for the (validated) option ``sizes``."""
    return _frame(options["sizes"])


def evaluate(args: dict) -> dict:
    """The frame for edited layer sizes ``sizes`` (required: an edit always sends them)."""
    if "sizes" not in args:
        raise WidgetInputError("sizes", "must be given: the list of layer sizes, input first")
    return _frame(OPTIONS.validate(args)["sizes"])


INPUTS = {"evaluate": {**OPTIONS.json_schema(), "required": ["sizes"]}}
CALLS = {"initial": initial, "evaluate": evaluate}
