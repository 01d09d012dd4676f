"""Numbers quoted in Chapter 8 (training), computed by the engine.

Experiments are small and seeded so the book builds in a fraction of a
second and always quotes the same values: the batch-size comparison on the
two-moons data, the optimizers on an elongated quadratic bowl, the learning
rate schedules, one batch-norm forward pass, the initialization depth
experiment and the average output of dropout over many random masks. Keys are prefixed ``ch08_``.
"""

from __future__ import annotations

import math

import numpy as np

from engine.datasets import moons
from engine.layers import BatchNorm, Dropout
from engine.network import Network
from engine.optimizers import Adam, get_optimizer
from engine.schedules import CosineWarmRestarts, StepDecay, WarmupCosine
from engine.training import train

# --- mini-batches ---------------------------------------------------------------

EPOCH_EXAMPLES, EPOCH_BATCH = 50_000, 128
MOONS_POINTS, MOONS_NOISE, MOONS_EPOCHS, MOONS_LR = 100, 0.1, 20, 0.3
BATCH_SIZES = (None, 32, 1)  # None: the full batch


def readable(x: float) -> str:
    """Three significant digits; very small or large values as TeX powers of ten."""
    if x == 0 or 1e-2 <= abs(x) < 1e4:
        return f"{x:#.3g}"
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"${mantissa} \\times 10^{{{int(exponent)}}}$"


def updates_per_epoch(m: int, batch: int) -> int:
    """The trainer cuts a shuffled epoch into consecutive batches; the last may be short."""
    return math.ceil(m / batch)


def batch_size_table() -> str:
    X, Y = moons(n=MOONS_POINTS, noise=MOONS_NOISE, seed=0)
    rows = [
        f"| Batch size | Updates in {MOONS_EPOCHS} epochs | Training loss (BCE) | Training accuracy |",
        "| --- | --- | --- | --- |",
    ]
    for batch in BATCH_SIZES:
        net = Network([2, 8, 8, 1], "tanh", output_activation="sigmoid", seed=1)
        result = train(net, X, Y, "bce", get_optimizer("sgd", MOONS_LR), MOONS_EPOCHS, batch_size=batch, seed=0)
        label = f"{MOONS_POINTS} (full batch)" if batch is None else f"{batch}" + (" (SGD)" if batch == 1 else "")
        rows.append(
            f"| {label} | {result.steps:,} | {result.history['loss'][-1]:.3f} | {100 * result.history['accuracy'][-1]:.1f} % |"
        )
    return "\n".join(rows) + f"\n\n*All runs: plain SGD updates with $\\eta = {MOONS_LR}$, same initial weights.*"


# --- optimizers -----------------------------------------------------------------

BOWL_CURVATURES = np.array([1.0, 50.0])  # J = 1/2 sum_i c_i theta_i^2
BOWL_START = np.array([-4.0, 1.0])
OPTIMIZER_RUNS = (
    ("Gradient descent", "sgd", 0.035, {}),
    ("Momentum ($\\mu = 0.9$)", "momentum", 0.035, {"momentum": 0.9}),
    ("RMSProp ($\\rho = 0.99$)", "rmsprop", 0.1, {"rho": 0.99}),
    ("Adam (defaults)", "adam", 0.1, {}),
)
OPTIMIZER_CHECKPOINTS = (10, 50, 100)


def bowl_cost(theta: np.ndarray) -> float:
    return float(0.5 * np.sum(BOWL_CURVATURES * theta * theta))


def bowl_costs(name: str, lr: float, kw: dict) -> dict[int, float]:
    """J after each checkpoint step when ``name`` minimizes the bowl from BOWL_START."""
    theta = BOWL_START.copy()
    opt = get_optimizer(name, lr, **kw)
    costs = {}
    for step in range(1, max(OPTIMIZER_CHECKPOINTS) + 1):
        opt.step({"theta": theta}, {"theta": BOWL_CURVATURES * theta})  # gradient of the bowl: c_i theta_i
        if step in OPTIMIZER_CHECKPOINTS:
            costs[step] = bowl_cost(theta)
    return costs


def optimizer_table() -> str:
    head = " | ".join(f"$J$ after {n} steps" for n in OPTIMIZER_CHECKPOINTS)
    rows = [f"| Optimizer | $\\eta$ | {head} |", "| --- | --- |" + " --- |" * len(OPTIMIZER_CHECKPOINTS)]
    for label, name, lr, kw in OPTIMIZER_RUNS:
        costs = bowl_costs(name, lr, kw)
        cells = " | ".join(readable(costs[n]) for n in OPTIMIZER_CHECKPOINTS)
        rows.append(f"| {label} | {lr:g} | {cells} |")
    return "\n".join(rows) + f"\n\n*Starting cost: $J = {bowl_cost(BOWL_START):g}$.*"


def adam_uncorrected_first_step() -> float:
    """|first step| / eta without bias correction: (1 - beta1) / sqrt(1 - beta2)."""
    adam = Adam()
    return (1.0 - adam.beta1) / math.sqrt(1.0 - adam.beta2)


def adam_first_step(gradient: float = 3.0, lr: float = 0.01) -> float:
    theta = np.array([0.0])
    Adam(lr).step({"theta": theta}, {"theta": np.array([gradient])})
    return abs(float(theta[0]))


# --- schedules ------------------------------------------------------------------

SCHEDULE_EPOCHS = (0, 4, 5, 12, 24, 25, 29, 30, 50, 60, 75, 99)


def schedule_table() -> str:
    step = StepDecay(0.1, step_size=30, gamma=0.1)
    cosine = CosineWarmRestarts(0.1, T_0=25, T_mult=1, eta_min=0.0)
    warm = WarmupCosine(0.1, warmup_epochs=5, decay_epochs=95, start_factor=0.1, eta_min=0.0)
    rows = ["| Epoch | Step decay | Cosine, warm restarts | Warm-up + cosine |", "| --- | --- | --- | --- |"]
    for t in SCHEDULE_EPOCHS:
        rows.append(f"| {t} | {step.lr_at(t):.4f} | {cosine.lr_at(t):.4f} | {warm.lr_at(t):.4f} |")
    return "\n".join(rows)


# --- batch normalization ------------------------------------------------------------

BN_BATCH = np.array([[1.0, 2.0, 3.0, 6.0]])  # one neuron, four examples


def bn_output() -> str:
    out = BatchNorm(1).forward(BN_BATCH.copy(), training=True)[0]
    return "$(" + ",\\ ".join(f"{v:.3f}" for v in out) + ")$"


# --- initialization ---------------------------------------------------------------

INIT_WIDTH, INIT_LAYERS, INIT_SAMPLES = 256, 10, 200
INIT_RUNS = (
    ("tanh", "normal", "tanh, $\\mathcal{N}(0, 0.01^2)$"),
    ("tanh", "xavier_normal", "tanh, Xavier"),
    ("relu", "xavier_normal", "ReLU, Xavier"),
    ("relu", "he_normal", "ReLU, He"),
)
INIT_REPORTED_LAYERS = (1, 5, 10)


def activation_stds(activation: str, init: str) -> list[float]:
    """Standard deviation of a[l] for l = 1..10 on a batch of standard normal inputs."""
    X = np.random.default_rng(0).standard_normal((INIT_WIDTH, INIT_SAMPLES))
    net = Network([INIT_WIDTH] * (INIT_LAYERS + 1), activation, init=init, seed=0)
    net.forward(X)
    return [float(np.std(row["a"])) for row in net.trace()]


def init_depth_table() -> str:
    head = " | ".join(f"std of $a^{{[{l}]}}$" for l in INIT_REPORTED_LAYERS)
    rows = [f"| Activation, initialization | {head} |", "| --- |" + " --- |" * len(INIT_REPORTED_LAYERS)]
    for activation, init, label in INIT_RUNS:
        stds = activation_stds(activation, init)
        rows.append(f"| {label} | " + " | ".join(readable(stds[l - 1]) for l in INIT_REPORTED_LAYERS) + " |")
    return "\n".join(rows)


# --- dropout ----------------------------------------------------------------------

DROPOUT_P, DROPOUT_DRAWS = 0.5, 100_000


def dropout_training_mean(mode: str) -> float:
    layer = Dropout(DROPOUT_P, rng=np.random.default_rng(0), mode=mode)
    return float(np.mean(layer.forward(np.ones((1, DROPOUT_DRAWS)), training=True)))



NUMBERS = {
    "ch08_dropout_draws": lambda: f"{DROPOUT_DRAWS:,}",
    "ch08_dropout_mean_inverted": lambda: f"{dropout_training_mean('inverted'):.3f}",
    "ch08_dropout_mean_classic": lambda: f"{dropout_training_mean('classic'):.3f}",
    "ch08_updates_per_epoch": lambda: f"{updates_per_epoch(EPOCH_EXAMPLES, EPOCH_BATCH)}",
    "ch08_moons_points": lambda: f"{MOONS_POINTS}",
    "ch08_batch_size_table": batch_size_table,
    "ch08_optimizer_table": optimizer_table,
    "ch08_adam_uncorrected_first_step": lambda: f"{adam_uncorrected_first_step():.2f}",
    "ch08_adam_first_step": lambda: f"{adam_first_step():.4f}",
    "ch08_schedule_table": schedule_table,
    "ch08_bn_mean": lambda: f"{float(np.mean(BN_BATCH)):g}",
    "ch08_bn_var": lambda: f"{float(np.var(BN_BATCH)):g}",
    "ch08_bn_output": bn_output,
    "ch08_init_samples": lambda: f"{INIT_SAMPLES}",
    "ch08_init_depth_table": init_depth_table,
}
