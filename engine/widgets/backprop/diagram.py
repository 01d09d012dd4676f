"""Where the backpropagation figure draws its 2-n-1 network and the numbers around it.

Coordinates are in a data box ``(0, 12, 0, H)`` with y pointing up: H = 6.8
for two hidden units (about 16 : 9), 10 for three (6 : 5); the page sizes
its canvas to the box, so one unit is as long in x as in y. Three columns of
circles: inputs at x = 0.9, the hidden layer at x = 5.6, the output at x = 10.6.

Where the numbers go, chosen so that they don't collide on a 600-pixel canvas:

- a hidden or output node stacks its numbers just below itself (an input,
  above itself);
- a first-layer edge labels itself 30 % of the way from its input: the
  edges that fan out of one input are then nearly a third of the node
  spacing apart, and every such label stands in one column between the
  inputs and the crossing in the middle;
- a second-layer edge labels itself 55 % of the way to the output, clear of
  the hidden nodes' numbers;
- the target y and the loss stand well above the output node.
"""

from __future__ import annotations

WIDTH = 12.0
HEIGHT = {2: 6.8, 3: 10.0}
COLUMNS = (0.9, 5.6, 10.6)
# Vertical distance between neighbouring nodes: (inputs, hidden units) for 2 and 3 hidden units.
SPACING = {2: (3.0, 3.0), 3: (3.4, 3.2)}
RADIUS = 0.36
FIRST_LAYER_T = 0.30
OUTPUT_LAYER_T = 0.55


def _column(n: int, centre: float, step: float) -> list[float]:
    """y of n nodes ``step`` apart around ``centre``, first node on top."""
    return [centre + ((n - 1) / 2 - j) * step for j in range(n)]


def _along(p: list[float], q: list[float], t: float) -> list[float]:
    return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]


def diagram(hidden: int) -> dict:
    """Layout of the 2-``hidden``-1 network (hidden is 2 or 3).

    Returns {"box": [0, 12, 0, H], "radius", "nodes": [{"id", "x", "y", "text_at": [x, y],
    "align"}], "edges": [{"id", "from", "to", "label_at": [x, y]}], "anchors": {"target": [x, y]}}
    with node ids "in-k", "h-j", "out" and edge ids "w1-j-k" (W[1] row j, column k:
    input k -> hidden j) and "w2-0-j" (hidden j -> output).
    """
    if hidden not in HEIGHT:
        raise ValueError(f"the figure draws 2 or 3 hidden units, got {hidden}")
    height = HEIGHT[hidden]
    centre = height / 2 + 0.3  # a little above the middle: numbers hang below the lowest node
    nodes = []
    input_step, hidden_step = SPACING[hidden]
    for k, y in enumerate(_column(2, centre, input_step)):
        nodes.append({"id": f"in-{k}", "x": COLUMNS[0], "y": y, "text_at": [COLUMNS[0], y + RADIUS + 0.35], "align": "center"})
    for j, y in enumerate(_column(hidden, centre, hidden_step)):
        nodes.append({"id": f"h-{j}", "x": COLUMNS[1], "y": y, "text_at": [COLUMNS[1], y - RADIUS - 0.1], "align": "center"})
    out_y = centre
    nodes.append({"id": "out", "x": COLUMNS[2], "y": out_y, "text_at": [COLUMNS[2], out_y - RADIUS - 0.1], "align": "center"})
    where = {n["id"]: [n["x"], n["y"]] for n in nodes}

    edges = []
    for j in range(hidden):
        for k in range(2):
            source, target = where[f"in-{k}"], where[f"h-{j}"]
            edges.append({"id": f"w1-{j}-{k}", "from": f"in-{k}", "to": f"h-{j}", "label_at": _along(source, target, FIRST_LAYER_T)})
    for j in range(hidden):
        source, target = where[f"h-{j}"], where["out"]
        edges.append({"id": f"w2-0-{j}", "from": f"h-{j}", "to": "out", "label_at": _along(source, target, OUTPUT_LAYER_T)})
    anchors = {"target": [COLUMNS[2], out_y + 2.0]}
    return {"box": [0.0, WIDTH, 0.0, height], "radius": RADIUS, "nodes": nodes, "edges": edges, "anchors": anchors}
