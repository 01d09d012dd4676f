"""Fragility (chapter 9): a gradient-sign perturbation that flips a trained classifier.

Data: s x s grey images (s = 4, 8 or 12). Class 1 has a faint vertical bar,
class 0 a faint horizontal bar, each pixel plus N(0, 0.5^2) noise, so no
single pixel tells the classes apart. A network [s^2, 16, 1] (tanh, sigmoid
output) is trained with Adam on 200 images (binary cross-entropy, full batch,
300 epochs; cached per size and seed) and classifies held-out images.

The attack is the fast gradient sign method (Goodfellow, Shlens & Szegedy
2015): with the gradient g = dL/dx of the loss at the true label,

    x' = x + epsilon * sign(g),

every pixel moves by exactly epsilon, in the direction that raises the loss.
The change in the output's logit is about epsilon * ||g_z||_1 (g_z the
gradient of the logit), which grows with the number of pixels: the same small
epsilon flips more decisions in larger images. The figure also scans epsilon
for the smallest one (on a 0.005 grid) that flips this image.
"""

from __future__ import annotations

import functools

import numpy as np

from engine.network import Network
from engine.optimizers import Adam
from engine.training import train

from .options import Option, Options

TRAIN, TEST = 200, 20
NOISE = 0.5
BAR = 0.6
SCAN_STEP = 0.005
CAPTION = "A trained classifier and an image it gets right; adding ε times the sign of the loss gradient to every pixel flips its decision."
OPTIONS = Options(
    Option("size", "choice", 8, label="image size", choices=[(4, "4 × 4 (16 pixels)"), (8, "8 × 8 (64 pixels)"), (12, "12 × 12 (144 pixels)")]),
    Option("epsilon", "number", 0.15, min=0.0, max=0.5, step=0.005, label="perturbation ε"),
    Option("example", "integer", 4, min=1, max=TEST, label="test image"),
    Option("seed", "integer", 0, min=0, max=10**6, control="hidden", label="seed of the data and the network"),
)


def _images(n: int, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    y = (np.arange(n) % 2).astype(float)
    X = NOISE * rng.standard_normal((n, size, size))
    middle = slice(size // 2 - max(1, size // 8), size // 2 + max(1, size // 8))
    for i in range(n):
        if y[i]:
            X[i, :, middle] += BAR
        else:
            X[i, middle, :] += BAR
    return X.reshape(n, -1).T, y[None, :]


@functools.lru_cache(maxsize=8)
def _trained(size: int, seed: int):
    rng = np.random.default_rng(seed)
    X, Y = _images(TRAIN, size, rng)
    X_test, Y_test = _images(TEST, size, rng)
    net = Network([size * size, 16, 1], "tanh", output_activation="sigmoid", seed=seed + 1)
    train(net, X, Y, "bce", Adam(lr=0.01), epochs=300, seed=seed)
    train_acc = float(np.mean((net.forward(X) > 0.5) == (Y > 0.5)))
    test_acc = float(np.mean((net.forward(X_test) > 0.5) == (Y_test > 0.5)))
    return net, X_test, Y_test, train_acc, test_acc


def _p(net, x) -> float:
    return float(net.forward(x[:, None])[0, 0])


def initial(options: dict) -> dict:
    size, eps, seed = options["size"], options["epsilon"], options["seed"]
    net, X_test, Y_test, train_acc, test_acc = _trained(size, seed)
    k = options["example"] - 1
    x, y = X_test[:, k], float(Y_test[0, k])
    p = _p(net, x)
    net.forward(x[:, None])
    net.backward_from_loss("bce", np.array([[y]]))
    g = net.input_grad[:, 0]
    direction = np.sign(g)
    x_adv = x + eps * direction
    p_adv = _p(net, x_adv)
    label = int(y)
    right = (p > 0.5) == bool(label)
    flipped = right and ((p_adv > 0.5) != bool(label))
    smallest = None
    for e in np.arange(SCAN_STEP, OPTIONS["epsilon"].max + SCAN_STEP / 2, SCAN_STEP):
        if (_p(net, x + e * direction) > 0.5) != (p > 0.5):
            smallest = round(float(e), 3)
            break
    names = {1: "vertical bar", 0: "horizontal bar"}
    said = lambda q: names[int(q > 0.5)]  # noqa: E731
    change = float(np.linalg.norm(x_adv - x) / np.linalg.norm(x))
    if not right:
        verdict, kind = "The network already gets this image wrong; choose another.", "warning"
    elif flipped:
        verdict, kind = f"Flipped: ε = {eps:g} per pixel turns '{said(p)}' into '{said(p_adv)}'.", "error"
    else:
        verdict, kind = f"Not flipped yet: the decision stays '{said(p_adv)}'.", "success"
    smallest_text = (f"The smallest ε that flips it is {smallest:g}." if smallest is not None
                     else f"No ε up to {OPTIONS['epsilon'].max:g} flips it.")
    description = (f"{size} × {size} image {k + 1}, a {names[label]}: the network says P(vertical) = {p:.3f}. "
                   f"Adding ε = {eps:g} times the gradient's sign to every pixel (a change of {100 * change:.1f}% of the image's size) "
                   f"gives P(vertical) = {p_adv:.3f}. {verdict} {smallest_text}")
    r = lambda a: np.round(a.reshape(size, size), 4).tolist()  # noqa: E731
    return {
        "size": size, "epsilon": eps, "example": k + 1, "label": label, "label_name": names[label],
        "image": r(x), "perturbation": r(eps * direction), "adversarial": r(x_adv),
        "p": p, "p_adv": p_adv, "correct": bool(right), "flipped": bool(flipped), "smallest": smallest,
        "relative_change": change, "train_accuracy": train_acc, "test_accuracy": test_acc,
        "verdict": verdict, "kind": kind, "description": description,
    }


CALLS = {"initial": initial}
