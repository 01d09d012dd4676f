"""The convolution explorer (chapter 10): a kernel slides over a small image, then max-pooling.

An 8 x 8 grey image (values 0..1) is zero-padded by ``padding`` and convolved
with one 3 x 3 kernel at ``stride`` by :class:`engine.layers.Conv2D` (its
weights set to the kernel, its bias to 0). The reader picks the window
position; the figure shows the nine products of that window and their sum,
which is the feature map's entry there, and the output size

    OH = floor((H + 2P - K) / S) + 1

with its numbers. The feature map is then max-pooled by
:class:`engine.layers.MaxPool2D` with a ``pool`` x ``pool`` window (stride =
window); a window that does not fit is reported, not drawn.
"""

from __future__ import annotations

import numpy as np

from engine.layers import Conv2D, MaxPool2D

from .errors import WidgetInputError
from .options import Option, Options

SIZE = 8
K = 3


def _image(name: str) -> np.ndarray:
    """The built-in images, drawn on an 8 x 8 grid (1 = white)."""
    img = np.zeros((SIZE, SIZE))
    if name == "square":
        img[2:6, 2:6] = 1.0
    elif name == "cross":
        img[3:5, :] = 1.0
        img[:, 3:5] = 1.0
    elif name == "diagonal":
        img[np.arange(SIZE), np.arange(SIZE)] = 1.0
        img[np.arange(1, SIZE), np.arange(SIZE - 1)] = 0.5
    elif name == "seven":
        img[1, 1:7] = 1.0
        for row in range(2, 7):
            img[row, 8 - row] = 1.0  # the stroke down to the left
    return img


IMAGES = {"square": "a square", "cross": "a cross", "diagonal": "a diagonal line", "seven": "a hand-drawn 7"}
KERNELS = {
    "vertical_edge": ("vertical edges", [[1, 0, -1], [1, 0, -1], [1, 0, -1]]),
    "horizontal_edge": ("horizontal edges", [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]),
    "blur": ("blur (box filter)", [[1 / 9] * 3] * 3),
    "sharpen": ("sharpen", [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    "custom": ("typed in", None),
}
CAPTION = "A 3 × 3 kernel slides over an 8 × 8 image: each output is the sum of nine products; then max-pooling keeps each window's largest value."
OPTIONS = Options(
    Option("kernel", "choice", "vertical_edge", label="kernel", choices=[(k, v[0]) for k, v in KERNELS.items()]),
    Option("stride", "integer", 1, min=1, max=3, label="stride S"),
    Option("padding", "integer", 0, min=0, max=2, label="padding P"),
    # The largest map (padding 2, stride 1) has 10 x 10 = 100 positions; a smaller one uses its last.
    Option("window", "integer", 0, min=0, max=99, label="window position"),
    Option("pool", "integer", 2, min=1, max=4, label="max-pool size"),
    Option("image", "choice", "square", label="image", choices=list(IMAGES.items())),
    Option("weights", "numbers", [0, -1, 0, -1, 5, -1, 0, -1, 0], min=-9, max=9, step=0.5, length=(9, 9),
           control="hidden", label="typed-in kernel"),
)


def _round(a, digits=4):
    return np.round(np.asarray(a, dtype=float), digits).tolist()


def initial(options: dict) -> dict:
    o = options
    S, P, pool = o["stride"], o["padding"], o["pool"]
    kernel = np.array(KERNELS[o["kernel"]][1] if o["kernel"] != "custom" else np.reshape(o["weights"], (K, K)), dtype=float)
    image = _image(o["image"])
    conv = Conv2D(1, 1, K, stride=S, padding=P, seed=0)
    conv.params["W"] = kernel.reshape(1, 1, K, K)
    conv.params["b"] = np.zeros(1)
    fmap = conv.forward(image[None, None])[0, 0]
    OH, OW = fmap.shape
    window = min(o["window"], OH * OW - 1)
    p, q = divmod(window, OW)
    padded = np.pad(image, P)
    patch = padded[p * S:p * S + K, q * S:q * S + K]
    products = patch * kernel
    formula = {"H": SIZE, "K": K, "P": P, "S": S, "out": OH,
               "text": f"⌊({SIZE} + 2·{P} − {K}) / {S}⌋ + 1 = ⌊{SIZE + 2 * P - K}/{S}⌋ + 1 = {OH}"}
    if pool > OH:
        pooled, note = None, f"A {pool} × {pool} pooling window does not fit in the {OH} × {OW} feature map: nothing to pool."
    else:
        pooled_map = MaxPool2D(pool).forward(fmap[None, None])[0, 0]
        pooled = _round(pooled_map)
        note = (f"Max-pooling {pool} × {pool} (stride {pool}) keeps the largest value of each window: "
                f"{OH} × {OW} → {pooled_map.shape[0]} × {pooled_map.shape[1]}.")
    value = float(fmap[p, q])
    description = (f"{KERNELS[o['kernel']][0].capitalize()} kernel on {IMAGES[o['image']]}, stride {S}, padding {P}: "
                   f"the feature map is {OH} × {OW} (OH = {formula['text']}). The window at row {p + 1}, column {q + 1} "
                   f"gives {value:.3f}. {note}")
    return {
        "image": _round(image), "padded": _round(padded), "kernel": _round(kernel), "feature_map": _round(fmap),
        "window": {"index": window, "row": p, "col": q, "top": p * S, "left": q * S,
                   "patch": _round(patch), "products": _round(products), "sum": round(value, 4)},
        "formula": formula, "pool": pool, "pooled": pooled, "pool_note": note,
        "range": [float(fmap.min()), float(fmap.max())], "description": description,
    }


CALLS = {"initial": initial}
