"""The loss-explorer widget (chapter 6): squared error against cross-entropy for one sigmoid output.

One example with true label y in {0, 1}; the prediction is y_hat = sigmoid(z)
for a pre-activation z the reader drags. For each loss the figure shows its
value and its gradient with respect to z, the signal backpropagation sends
into the network:

    MSE   L = (y_hat - y)^2                       dL/dz = 2 (y_hat - y) sigmoid'(z)
    BCE   L = -[y log y_hat + (1-y) log(1-y_hat)]  dL/dz = y_hat - y

(the chapter's convention: squared error without the factor 1/2, so the 2
stays in the gradient). The sigmoid's slope sigmoid'(z) = y_hat (1 - y_hat)
vanishes in both tails, so MSE's gradient fades exactly where the prediction
is confidently wrong, while cross-entropy's stays close to -1 or +1.

Curves for both labels are sampled once in ``initial`` (the page keeps them);
``evaluate`` returns only the current point, so a drag costs a few scalar
engine calls.
"""

from __future__ import annotations

import numpy as np

from engine import activations, losses

from .kit.geometry import nice_ticks
from .options import Option, Options

CAPTION = "Squared error against cross-entropy for one sigmoid output: the losses, and the gradients that reach z."
OPTIONS = Options(
    Option("label", "choice", 1, label="true label y", choices=[(1, "y = 1"), (0, "y = 0")]),
    # ±7: sigmoid(±7) = 0.9991 / 0.0009, far into the tails, and BCE stays below 7.01.
    Option("z", "number", 0.0, min=-7, max=7, step=0.01, label="pre-activation z"),
)
# Not an option (a drag on the plot, never in the URL): the prediction whose logit becomes z.
Y_HAT = Option("y_hat", "number", 0.5, min=0, max=1)
Z_LIMIT = OPTIONS["z"].max
SAMPLES = 241


def _point(label: int, z: float) -> dict:
    """Values at one pre-activation z: prediction, both losses and both dL/dz (engine functions)."""
    z_col = np.array([[z]])
    y_col = np.array([[float(label)]])
    y_hat = activations.sigmoid(z_col)
    slope = activations.sigmoid_derivative(z_col)
    mse_dz = float((losses.mse_gradient(y_hat, y_col) * slope)[0, 0])
    bce_dz = float(losses.binary_cross_entropy_with_logits_gradient(z_col, y_col)[0, 0])
    return {
        "z": float(z),
        "y_hat": float(y_hat[0, 0]),
        "sigmoid_slope": float(slope[0, 0]),
        "mse": losses.mse(y_hat, y_col),
        "bce": losses.binary_cross_entropy_with_logits(z_col, y_col),
        "mse_dz": mse_dz,
        "bce_dz": bce_dz,
        # |BCE'| / |MSE'| = 1 / (2 sigmoid'(z)) >= 2; both are nonzero because |z| <= 7.
        "gradient_ratio": abs(bce_dz) / abs(mse_dz),
    }


def _curves(label: int, z_grid: np.ndarray) -> dict:
    """Each quantity of :func:`_point` along the grid, as lists for drawing against y_hat."""
    points = [_point(label, float(z)) for z in z_grid]
    # Six decimals are far below a pixel and halve the JSON embedded in the page.
    return {key: [round(p[key], 6) for p in points] for key in ("mse", "bce", "mse_dz", "bce_dz")}


def _panels(curves: dict, label: int) -> dict:
    """Data box [x0, x1, y0, y1] and tick values of the two panels (x is y_hat in [0, 1])."""
    top = float(np.ceil(max(max(c["bce"]) for c in curves.values()) + 0.3))
    # With y = 1 both gradients are negative, with y = 0 positive; leave a margin on the zero side.
    gradient = [0.0, 1.0, -1.08, 0.12] if label == 1 else [0.0, 1.0, -0.12, 1.08]
    x_ticks = nice_ticks(0.0, 1.0)
    return {
        "loss": {"box": [0.0, 1.0, 0.0, top], "x_ticks": x_ticks, "y_ticks": nice_ticks(0.0, top, 4)},
        "gradient": {"box": gradient, "x_ticks": x_ticks, "y_ticks": nice_ticks(gradient[2], gradient[3], 4)},
    }


def _regime(label: int, point: dict) -> tuple[str, str]:
    """Where the prediction sits (right, unsure, confidently wrong) and what that does to the two gradients."""
    error = abs(point["y_hat"] - label)
    if error > 0.9:
        return "confidently-wrong", (
            f"Confidently wrong: cross-entropy still pushes with {point['bce_dz']:+.3f}, while MSE's gradient "
            f"has shrunk to {point['mse_dz']:+.4f}, {point['gradient_ratio']:.0f} times weaker, because the "
            f"sigmoid's slope here is only {point['sigmoid_slope']:.4f}."
        )
    if error < 0.1:
        return "right", "Nearly right: both gradients are small, as they should be; there is little left to learn."
    return "unsure", (
        f"Unsure: the sigmoid is still steep (slope {point['sigmoid_slope']:.3f}), so the two gradients "
        f"differ by a factor of {point['gradient_ratio']:.1f}."
    )


def _result(label: int, z: float) -> dict:
    point = _point(label, z)
    regime, message = _regime(label, point)
    description = (
        f"Loss explorer, true label y = {label}, pre-activation z = {z:.2f}, prediction y_hat = {point['y_hat']:.4f}. "
        f"Squared error {point['mse']:.4f}, cross-entropy {point['bce']:.4f}. Gradient with respect to z: "
        f"MSE {point['mse_dz']:.4f}, cross-entropy {point['bce_dz']:.4f}."
    )
    return {"state": {"label": label, "z": z}, "point": point, "regime": regime, "message": message,
            "description": description}


def _read(args: dict) -> tuple[int, float]:
    args = dict(args)
    y_hat = Y_HAT.check(args.pop("y_hat")) if "y_hat" in args else None
    o = OPTIONS.validate(args)
    if y_hat is None:
        return o["label"], o["z"]
    # A drag on the plot gives the prediction; the matching z is its logit, log(p / (1 - p)),
    # with p first held inside the plotted range so the logit stays finite.
    lo, hi = (float(v) for v in activations.sigmoid(np.array([-Z_LIMIT, Z_LIMIT])))
    p = min(max(y_hat, lo), hi)
    return o["label"], float(np.clip(np.log(p) - np.log1p(-p), -Z_LIMIT, Z_LIMIT))


def initial(options: dict) -> dict:
    """First frame for the (validated) options ``label`` (0 or 1) and ``z``, with all curves."""
    label, z = options["label"], options["z"]
    z_grid = np.linspace(-Z_LIMIT, Z_LIMIT, SAMPLES)
    curves = {str(y): _curves(y, z_grid) for y in (0, 1)}
    result = _result(label, z)
    result["curves"] = {"z": z_grid.tolist(), "y_hat": np.round(activations.sigmoid(z_grid), 6).tolist(), "by_label": curves}
    result["panels"] = {str(y): _panels(curves, y) for y in (0, 1)}
    result["z_limit"] = Z_LIMIT
    return result


def evaluate(args: dict) -> dict:
    """The current point for ``label`` and either ``z`` (slider) or ``y_hat`` (a drag on the plot)."""
    return _result(*_read(args))


_options = OPTIONS.json_schema()
INPUTS = {"evaluate": {**_options, "properties": {**_options["properties"], "y_hat": Y_HAT.json_schema()}}}
CALLS = {"initial": initial, "evaluate": evaluate}
