"""Where the neurons of a fully connected network sit in a drawing.

Used by the figures that draw a network as columns of circles (architecture,
forward pass). Coordinates are in a data box ``(0, width, 0, height)`` whose
y axis points up, like every Plot of the book, so the page only maps them to
pixels. Layer l is a column at ``x_l``; its ``n_l`` neurons are spread
evenly around the vertical middle with one spacing shared by all columns, so
neuron j of every layer is drawn at the same height step and wide layers
don't squash narrow ones.
"""

from __future__ import annotations

# 4 : 3, the aspect ratio of the canvases that draw networks.
BOX_WIDTH = 12.0
BOX_HEIGHT = 9.0
MARGIN = 0.8  # room for a circle and its label at the box's edges


def network_layout(sizes: list[int], width: float = BOX_WIDTH, height: float = BOX_HEIGHT) -> dict:
    """Centres and radius of every neuron of a network with layer sizes ``sizes``.

    Returns ``{"box": [0, width, 0, height], "positions": P, "radius": r}``
    where ``P[l][j] = [x, y]`` is neuron j (0-based, drawn from the top down)
    of layer l (0 = input) and ``r`` is one radius for all circles, in data
    units. With L = len(sizes) - 1 and N = max(sizes):

        x_l = MARGIN + l (width - 2 MARGIN) / L
        s   = min(2.2, (height - 2 MARGIN) / (N - 1))      (vertical spacing)
        y_j = height / 2 + ((n_l - 1) / 2 - j) s
        r   = min(0.38 s, 0.3 (x_1 - x_0), 0.8)
    """
    if len(sizes) < 2 or any(n < 1 for n in sizes):
        raise ValueError(f"need at least two positive layer sizes, got {sizes}")
    depth = len(sizes) - 1
    dx = (width - 2 * MARGIN) / depth
    widest = max(sizes)
    spacing = 2.2 if widest == 1 else min(2.2, (height - 2 * MARGIN) / (widest - 1))
    positions = [
        [[MARGIN + l * dx, height / 2 + ((n - 1) / 2 - j) * spacing] for j in range(n)]
        for l, n in enumerate(sizes)
    ]
    radius = min(0.38 * spacing, 0.3 * dx, 0.8)
    return {"box": [0.0, width, 0.0, height], "positions": positions, "radius": radius}
