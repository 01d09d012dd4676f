"""Learning-rate schedules (chapter 8): η(t) of each schedule, and one small network trained under each.

The five schedules of :mod:`engine.schedules` (constant, step decay,
exponential decay, cosine with warm restarts, linear warm-up then cosine)
share the base rate η₀ and the run length. The same network (2 inputs, 8 tanh
units, a sigmoid output, the same initial weights) is trained on the same
two-moons points with mini-batch SGD (:func:`engine.training.train`, the same
batches in the same order) under each; the figure draws η(t) on the left and
the training loss per epoch on the right.
"""

from __future__ import annotations

from engine.datasets import moons
from engine.network import Network
from engine.optimizers import get_optimizer
from engine.schedules import get_schedule
from engine.training import DIVERGED_MESSAGE, train

from .kit.option_calls import option_calls
from .kit.series_chart import series_chart
from .options import Option, Options

CAPTION = "Five learning-rate schedules: η against the epoch, and the training loss of one small network under each."
OPTIONS = Options(
    Option("lr", "number", 2.0, min=0.01, max=5.0, step=0.01, label="base rate η₀"),
    Option("epochs", "integer", 40, min=10, max=80, step=5, label="epochs"),
    Option("kappa", "number", 0.3, min=0.05, max=0.9, step=0.05, label="step decay factor κ"),
    Option("step_size", "integer", 10, min=2, max=40, label="step decay every N epochs"),
    Option("period", "integer", 10, min=2, max=40, label="cosine restart period T₀"),
    Option("warmup", "integer", 5, min=1, max=20, label="warm-up epochs"),
)
POINTS, NOISE, BATCH, SIZES = 64, 0.15, 16, [2, 8, 1]
# (name, label): the order of the legend and of the runs.
SCHEDULES = (("constant", "constant"), ("step", "step decay"), ("exponential", "exponential"),
             ("cosine_restarts", "cosine, warm restarts"), ("warmup_cosine", "warm-up, then cosine"))


def schedules(o: dict) -> dict:
    """Each schedule built from the options; exponential decay reaches κ^(epochs/N) of η₀ at the end like step decay."""
    return {
        "constant": get_schedule("constant", o["lr"]),
        "step": get_schedule("step", o["lr"], step_size=o["step_size"], gamma=o["kappa"]),
        "exponential": get_schedule("exponential", o["lr"], gamma=o["kappa"] ** (1.0 / o["step_size"])),
        "cosine_restarts": get_schedule("cosine_restarts", o["lr"], T_0=o["period"]),
        "warmup_cosine": get_schedule("warmup_cosine", o["lr"], warmup_epochs=o["warmup"],
                                      decay_epochs=max(1, o["epochs"] - o["warmup"])),
    }


def run(schedule, epochs: int) -> dict:
    """The network trained under ``schedule``: the training loss before and after each epoch."""
    X, Y = moons(n=POINTS, noise=NOISE, seed=0)
    net = Network(SIZES, "tanh", output_activation="sigmoid", seed=1)
    net.forward(X)
    start = net.loss_value("bce", Y)
    result = train(net, X, Y, "bce", get_optimizer("sgd", schedule.lr), epochs, batch_size=BATCH, seed=0,
                   schedule=schedule)
    return {"losses": [start, *result.history["loss"]], "status": result.status}


def rates(options: dict) -> dict:
    """η(t) of each schedule: cheap, answered at once while a slider moves."""
    built = schedules(options)
    description = (f"Learning rate against the epoch for five schedules from η₀ = {options['lr']:g} over "
                   f"{options['epochs']} epochs; the training under them is being recomputed.")
    return {"options": options, "description": description,
            "rates": series_chart([{"name": n, "label": lab, "points": list(enumerate(built[n].curve(options["epochs"])))}
                                   for n, lab in SCHEDULES])}


def training(options: dict) -> dict:
    """The network trained under each schedule: the loss chart, a row per schedule, message and description."""
    o = options
    built = schedules(o)
    losses, runs = [], []
    for name, label in SCHEDULES:
        trained = run(built[name], o["epochs"])
        losses.append({"name": name, "label": label, "points": list(enumerate(trained["losses"]))})
        runs.append({"name": name, "label": label, "status": trained["status"], "final_lr": built[name].lr_at(o["epochs"] - 1),
                     "epochs": len(trained["losses"]) - 1, "loss": trained["losses"][-1]})
    diverged = [r["label"] for r in runs if r["status"] == "diverged"]
    finished = sorted((r for r in runs if r["status"] != "diverged"), key=lambda r: r["loss"])
    if diverged:
        message, kind = f"{', '.join(diverged)}: {DIVERGED_MESSAGE}.", "bad"
    else:
        message, kind = f"Lowest training loss after {o['epochs']} epochs: {finished[0]['label']}.", "info"
    description = (f"Learning rate against the epoch for five schedules from η₀ = {o['lr']:g} over {o['epochs']} "
                   "epochs, and the training loss of the same network under each: "
                   + "; ".join(f"{r['label']} " + ("diverged" if r["status"] == "diverged" else
                                                  f"ends at η = {r['final_lr']:.3g} with loss {r['loss']:.3f}")
                               for r in runs) + ".")
    return {"options": o, "trained": o, "losses": series_chart(losses), "runs": runs,
            "message": message, "message_kind": kind, "description": description}


def initial(options: dict) -> dict:
    """First frame: the schedules and the training under each."""
    return {**rates(options), **training(options)}


CALLS = option_calls(OPTIONS, initial, rates=rates, train=training)
