"""Figure "digits-cnn" (chapter 10): a small CNN trained on the server, inspected in the browser.

Training is a server job (``engine.jobs.digits_cnn``, through ``/api/jobs``);
its option table is this figure's option table (``OPTIONS`` below), so the
controls the page builds are exactly the parameters the job accepts. Once trained, the weights
come back with the result, and the calls below run wherever the figure's
engine runs -- in the reader's browser (Pyodide) or on the server -- giving
the same numbers:

- ``initial``: the first frame (a strip of data-set images, the architecture);
- ``features``: what the network sees in one image -- its feature maps after
  the convolution and ReLU, after pooling, and its class probabilities;
- ``classify``: the same for a digit drawn on the pad (a 32x32 coverage grid,
  turned into the data set's 8x8 form by :mod:`engine.jobs.digit_pad`).
"""

from __future__ import annotations

import numpy as np

from engine.jobs.digit_pad import PAD, pad_to_pixels
from engine.jobs.digits_cnn import OPTIONS
from engine.jobs.small_cnn import SmallCNN
from engine.widgets.errors import WidgetInputError

CAPTION = "A small convolutional network learns the 8 × 8 handwritten digits on the server; then it reads yours."
STRIP = 10  # data-set images shown before training: the first of each digit


def _model(args: dict) -> SmallCNN:
    model = args.get("model")
    if not isinstance(model, dict):
        raise WidgetInputError("model", "the trained weights are missing: train the network first")
    try:
        filters, kernel = model["filters"], model["kernel"]
        OPTIONS["filters"].check(filters, "model.filters")
        OPTIONS["kernel"].check(kernel, "model.kernel")
        net = SmallCNN.from_dict(model)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, WidgetInputError):
            raise
        raise WidgetInputError("model", f"not weights of this network: {exc}") from None
    if not all(np.isfinite(p).all() for p in net.params.values()):
        raise WidgetInputError("model", "the weights are not all finite numbers")
    return net


def _grid(value, field: str, shape: tuple[int, int]) -> np.ndarray:
    try:
        grid = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise WidgetInputError(field, f"must be a {shape[0]} x {shape[1]} grid of numbers") from None
    if grid.size != shape[0] * shape[1]:
        raise WidgetInputError(field, f"must hold {shape[0] * shape[1]} numbers, got {grid.size}")
    if not np.isfinite(grid).all() or grid.min() < 0 or grid.max() > 1:
        raise WidgetInputError(field, "every value must be between 0 and 1")
    return grid.reshape(shape)


def _look(net: SmallCNN, pixels: np.ndarray) -> dict:
    maps = net.feature_maps(pixels)
    p = net.probabilities(pixels.reshape(-1, 1))[:, 0]
    predicted = int(np.argmax(p))
    return {
        "pixels": pixels.tolist(),
        "relu": maps["relu"].tolist(),
        "pooled": maps["pooled"].tolist(),
        "probabilities": p.tolist(),
        "predicted": predicted,
        "description": f"The network reads this image as a {predicted} "
                       f"(probability {p[predicted]:.2f}); {len(maps['relu'])} feature maps shown.",
    }


def initial(args: dict) -> dict:
    options = OPTIONS.validate(args)
    from engine.jobs.digits_data import CITATION, DigitsMissing, load_digits

    try:
        images, labels = load_digits()
        first = [int(np.flatnonzero(labels == d)[0]) for d in range(STRIP)]
        strip = {"images": [images[i].tolist() for i in first], "labels": [int(labels[i]) for i in first]}
    except DigitsMissing:
        strip = None  # where the data file is not installed (the browser's engine): the figure skips the strip
    return {
        "options": options,
        "strip": strip,
        "pad_size": PAD,
        "citation": CITATION,
        "description": "Ten of the 1,797 handwritten digits (8 × 8 pixels). Train the network on the server "
                       f"({options['epochs']} epochs, {options['filters']} filters of {options['kernel']} × "
                       f"{options['kernel']}, learning rate {options['learning_rate']:g}, mini-batches of "
                       f"{options['batch_size']}, seed {options['seed']}) to see its filters, feature maps, "
                       "confusion matrix, and to classify your own digit.",
    }


def features(args: dict) -> dict:
    net = _model(args)
    return _look(net, _grid(args.get("image"), "image", (8, 8)))


def classify(args: dict) -> dict:
    net = _model(args)
    coverage = _grid(args.get("pad"), "pad", (PAD, PAD))
    try:
        pixels = pad_to_pixels(coverage)
    except ValueError as exc:
        raise WidgetInputError("pad", str(exc)) from None
    return _look(net, pixels)


def job(options: dict) -> tuple[str, dict]:
    """The server job the figure's button starts for these options (a static export stores its result)."""
    return "digits-cnn", OPTIONS.validate(options)


CALLS = {"initial": initial, "features": features, "classify": classify}
