"""Where the backpropagation figure draws its 2-n-1 network and the numbers around it.

Coordinates are in a data box ``(0, 12, 0, 7.5)`` with y pointing up (the
figure's canvas is 16 : 10, so one unit is the same size in x and y). Three
columns of circles: inputs at x = 1.4, the hidden layer at x = 6, the output
at x = 10. Each node has an anchor below it where its numbers are stacked
(inputs: to their left); each edge has an anchor for its weight, gradient and
new value.

Edge anchors sit at a fraction t of the way from source to target. Edges of
the first layer that leave the same input fan out, and those of different
inputs cross in the middle, so input k's labels go at t = 0.68 - 0.22 k: the
two inputs' labels then stand in different columns and cannot overlap at the
crossing.
"""

from __future__ import annotations

BOX = [0.0, 12.0, 0.0, 7.5]
COLUMNS = (1.4, 6.0, 10.0)
CENTRE_Y = 4.1
SPACING = {1: 0.0, 2: 3.0, 3: 2.45}  # vertical distance between neighbouring nodes of a column
RADIUS = 0.36
FIRST_LAYER_T = (0.68, 0.46)  # where input k's edge labels sit, from source (0) to target (1)
OUTPUT_LAYER_T = 0.52


def _column(n: int) -> list[float]:
    """y of n nodes spread around the centre, first node on top."""
    step = SPACING[n]
    return [CENTRE_Y + ((n - 1) / 2 - j) * step for j in range(n)]


def _along(p: list[float], q: list[float], t: float) -> list[float]:
    return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]


def diagram(hidden: int) -> dict:
    """Layout of the 2-``hidden``-1 network (hidden is 2 or 3).

    Returns {"box", "radius", "nodes": [{"id", "x", "y", "text_at": [x, y], "align"}],
    "edges": [{"id", "from", "to", "label_at": [x, y]}]} with node ids "in-k",
    "h-j", "out" and edge ids "w1-j-k" (W[1] row j, column k: input k -> hidden j)
    and "w2-0-j" (hidden j -> output).
    """
    if hidden not in SPACING or hidden < 2:
        raise ValueError(f"the figure draws 2 or 3 hidden units, got {hidden}")
    nodes = []
    for k, y in enumerate(_column(2)):
        nodes.append({"id": f"in-{k}", "x": COLUMNS[0], "y": y, "text_at": [COLUMNS[0] - RADIUS - 0.15, y + 0.2], "align": "right"})
    for j, y in enumerate(_column(hidden)):
        nodes.append({"id": f"h-{j}", "x": COLUMNS[1], "y": y, "text_at": [COLUMNS[1], y - RADIUS - 0.12], "align": "center"})
    out_y = _column(1)[0]
    nodes.append({"id": "out", "x": COLUMNS[2], "y": out_y, "text_at": [COLUMNS[2], out_y - RADIUS - 0.12], "align": "center"})
    where = {n["id"]: [n["x"], n["y"]] for n in nodes}

    edges = []
    for j in range(hidden):
        for k in range(2):
            source, target = where[f"in-{k}"], where[f"h-{j}"]
            edges.append({"id": f"w1-{j}-{k}", "from": f"in-{k}", "to": f"h-{j}",
                          "label_at": _along(source, target, FIRST_LAYER_T[k])})
    for j in range(hidden):
        source, target = where[f"h-{j}"], where["out"]
        edges.append({"id": f"w2-0-{j}", "from": f"h-{j}", "to": "out", "label_at": _along(source, target, OUTPUT_LAYER_T)})
    # The target y and the loss are written to the right of the output node, above its own numbers.
    extra = {"target": [COLUMNS[2], out_y + RADIUS + 1.25]}
    return {"box": list(BOX), "radius": RADIUS, "nodes": nodes, "edges": edges, "anchors": extra}
