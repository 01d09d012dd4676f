"""The optimizer race (chapter 8): five optimizers from one start on a chosen 2-D surface.

Plain gradient descent, momentum, Nesterov, RMSProp and Adam (the engine's
:mod:`engine.optimizers`, stepping on a dict ``{"theta": θ}``) start from the
surface's start point (:mod:`engine.surfaces`) and take the same number of
steps. The figure draws their paths over the contours, J − J* against the step
on a log scale, and, on request, the surface in 3-D with the paths on it.

The shading, the contours and the 3-D heights are h = log₁₀(1 + J − J*): the
surfaces rise by thousands at their edges, and a linear scale would hide the
valley floor where the optimizers spend their time.

An optimizer whose step leaves the finite numbers, or climbs far above the
start, is stopped there and reported: "diverged, lower the learning rate".
"""

from __future__ import annotations

import math

import numpy as np

from engine.optimizers import get_optimizer
from engine.surfaces import SURFACES, get_surface, sample
from engine.training import DIVERGED_MESSAGE

from .errors import WidgetInputError
from .kit.loss_map import height as loss_height
from .kit.loss_map import loss_map
from .kit.option_calls import option_calls
from .kit.series_chart import series_chart
from .options import Option, Options

CAPTION = ("Five optimizers race from one start on a loss surface: their paths over the contours, "
           "the loss against the step, and the surface in 3-D.")
OPTIONS = Options(
    Option("surface", "choice", "ravine", label="surface",
           choices=[(s.name, s.label) for s in SURFACES.values()]),
    Option("lr", "number", 0.025, min=0.0005, max=0.5, step=0.0005, label="η (gradient descent, momentum, Nesterov)"),
    Option("lr_adaptive", "number", 0.1, min=0.001, max=1.0, step=0.001, label="η (RMSProp, Adam)"),
    Option("momentum", "number", 0.9, min=0.0, max=0.99, step=0.01, label="momentum μ"),
    Option("beta1", "number", 0.9, min=0.0, max=0.99, step=0.01, label="Adam β₁"),
    Option("beta2", "number", 0.999, min=0.9, max=0.9999, step=0.0001, label="Adam β₂"),
    Option("steps", "integer", 100, min=10, max=300, step=10, label="steps"),
)
RMSPROP_RHO = 0.99
# (name, label, which learning rate, hyperparameters from the options)
RACERS = (
    ("sgd", "gradient descent", "lr", lambda o: {}),
    ("momentum", "momentum", "lr", lambda o: {"momentum": o["momentum"]}),
    ("nesterov", "Nesterov", "lr", lambda o: {"momentum": o["momentum"]}),
    ("rmsprop", "RMSProp", "lr_adaptive", lambda o: {"rho": RMSPROP_RHO}),
    ("adam", "Adam", "lr_adaptive", lambda o: {"beta1": o["beta1"], "beta2": o["beta2"]}),
)
GRID = 60  # the contour map
MESH = 40  # the 3-D surface
CONTOUR_LEVELS = 12
GAP_FLOOR = 1e-8  # J − J* below this is drawn at the floor of the log chart
# A run that climbs this many times its starting height above J* (or leaves ±ESCAPE) has diverged.
DIVERGENCE_FACTOR = 1e3
ESCAPE = 1e6


def height(surface, J):
    """h = log₁₀(1 + J − J*), the shading and 3-D height."""
    return loss_height(J, surface.minimum)


def descend(surface, name: str, lr: float, steps: int, **hyper) -> dict:
    """``steps`` steps of optimizer ``name`` from the surface's start; stops at divergence.

    Returns ``{"path": [[θ₁, θ₂], ...] (start first), "losses": [J, ...], "status"}``.
    """
    opt = get_optimizer(name, lr, **hyper)
    theta = np.array(surface.start, dtype=np.float64)
    params, grads = {"theta": theta}, {"theta": np.zeros(2)}
    start_gap = surface(theta) - surface.minimum
    path, losses, status = [theta.tolist()], [surface(theta)], "ok"
    limit = surface.minimum + DIVERGENCE_FACTOR * max(start_gap, 1.0)
    g = grads["theta"]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            x, y = theta.tolist()
            g[0], g[1] = surface.gradient(x, y)
            opt.step(params, grads)
            x, y = theta.tolist()
            J = float(surface.value(x, y))
            # Plain floats: a NaN fails every comparison, so "not (... < ...)" catches it too.
            if not (J < limit and abs(x) < ESCAPE and abs(y) < ESCAPE):
                status = "diverged"
                break
            path.append([x, y])
            losses.append(J)
    return {"path": path, "losses": losses, "status": status}


def _surface_frame(surface) -> dict:
    """What changes only with the surface: the contour map and the 3-D mesh."""
    xs, ys, J = sample(surface, MESH)
    h = height(surface, J)
    shade = loss_map(surface.value, surface.minimum, surface.box, GRID, CONTOUR_LEVELS)
    top = shade["top"]
    return {"name": surface.name, "label": surface.label, "formula": surface.formula, "box": list(surface.box),
            "start": list(surface.start), "argmin": list(surface.argmin), "minimum": surface.minimum,
            "map": shade, "top": top,
            "mesh": {"x": xs.tolist(), "y": ys.tolist(), "h": np.round(h, 5).tolist()}}


def race(options: dict) -> dict:
    """The five runs for validated ``options``, their loss chart, message and description."""
    surface = get_surface(options["surface"])
    runs = []
    for name, label, rate, hyper in RACERS:
        run = descend(surface, name, options[rate], options["steps"], **hyper(options))
        gaps = [J - surface.minimum for J in run["losses"]]
        runs.append({"name": name, "label": label, "lr": options[rate], "status": run["status"],
                     "path": run["path"], "heights": height(surface, run["losses"]).round(5).tolist(),
                     "steps": len(run["path"]) - 1, "loss": run["losses"][-1], "gap": gaps[-1],
                     "gaps": gaps})
    chart = series_chart([{"name": r["name"], "label": r["label"], "points": list(enumerate(r.pop("gaps")))}
                          for r in runs], log=True, y_floor=GAP_FLOOR)
    diverged = [r for r in runs if r["status"] == "diverged"]
    finished = sorted((r for r in runs if r["status"] == "ok"), key=lambda r: r["gap"])
    if diverged:
        names = ", ".join(f"{r['label']} (η = {r['lr']:g}, after {r['steps']} steps)" for r in diverged)
        message, kind = f"{names}: {DIVERGED_MESSAGE}.", "bad"
    else:
        message, kind = f"Closest to the minimum after {options['steps']} steps: {finished[0]['label']}.", "info"
    parts = [f"{r['label']} " + ("diverged" if r["status"] == "diverged" else f"J − J* = {r['gap']:.3g}") for r in runs]
    description = (f"Five optimizers on the {surface.label}, {surface.formula}, from ({surface.start[0]:g}, "
                   f"{surface.start[1]:g}), {options['steps']} steps: " + "; ".join(parts) + ".")
    return {"runs": runs, "chart": chart, "message": message, "message_kind": kind, "description": description}


def initial(options: dict) -> dict:
    """First frame: the surface (contours, 3-D mesh) and the race for the (validated) options."""
    return {"surface": _surface_frame(get_surface(options["surface"])), "options": options, **race(options)}


def rerun(args: dict) -> dict:
    """The race again for changed learning rates, momentum, β or steps (the surface stays)."""
    options = OPTIONS.validate(args.get("options"))
    if args.get("surface") not in (None, options["surface"]):
        raise WidgetInputError("surface", "rerun keeps the surface; ask for initial to change it")
    return {"options": options, **race(options)}


CALLS = {**option_calls(OPTIONS, initial), "rerun": rerun}
